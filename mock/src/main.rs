//! `twilio-mock`: serves a stateful Twilio API for the given specs on 127.0.0.1.
//!
//! The first line on stdout is `twilio-mock listening on http://127.0.0.1:PORT`; the server
//! runs until it is killed, interrupted (ctrl-c) or sent SIGTERM. Exit codes: 0 after a
//! clean stop, 2 when it cannot start (the error on stderr).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use twilio_mock::{Callbacks, Credentials, Mock, Options};

/// A stateful local Twilio API for offline tests, served from OpenAPI specs.
#[derive(Parser, Debug)]
#[command(name = "twilio-mock", version)]
struct Args {
    /// A spec to serve (YAML or JSON); repeat for several APIs on one server, told apart by
    /// the request's Host header (`chat.twilio.com`, `sync.twilio.com`).
    #[arg(long = "spec", required = true, value_name = "PATH")]
    specs: Vec<PathBuf>,
    /// The port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Seed of the SIDs the mock makes (the same seed, the same SIDs).
    #[arg(long)]
    seed: Option<u64>,
    /// Every timestamp the mock writes, RFC 3339 (`2024-01-01T00:00:00Z`).
    #[arg(long, value_name = "RFC3339")]
    clock: Option<String>,
    /// The only account accepted (with --auth-token); without it any `AC` SID with a
    /// non-empty password is.
    #[arg(long, value_name = "AC...", requires = "auth_token")]
    account_sid: Option<String>,
    /// The auth token of --account-sid.
    #[arg(long, value_name = "TOKEN", requires = "account_sid")]
    auth_token: Option<String>,
    /// Record every exchange, for `GET /__mock/requests`.
    #[arg(long)]
    record: bool,
    /// The base URL written into `url`, `links` and paging links instead of the listening
    /// address.
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// When status callbacks (`StatusCallback` of a create) are sent: right after the
    /// create, when `POST /__mock/callbacks` asks, or never.
    #[arg(long, value_enum, default_value_t = CallbackMode::Immediate)]
    callbacks: CallbackMode,
}

/// `--callbacks`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum CallbackMode {
    Immediate,
    OnRequest,
    Off,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("twilio-mock: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let clock = args
        .clock
        .as_deref()
        .map(|c| {
            chrono::DateTime::parse_from_rfc3339(c)
                .map(|t| t.with_timezone(&chrono::Utc))
                .map_err(|e| format!("--clock `{c}` is not an RFC 3339 time: {e}"))
        })
        .transpose()?;
    let credentials = match (args.account_sid, args.auth_token) {
        (Some(account_sid), Some(auth_token)) => Some(Credentials {
            account_sid,
            auth_token,
        }),
        _ => None,
    };
    let options = Options {
        seed: args.seed,
        clock,
        credentials,
        record: args.record,
        public_url: args.public_url,
        callbacks: match args.callbacks {
            CallbackMode::Immediate => Callbacks::Immediate,
            CallbackMode::OnRequest => Callbacks::OnRequest,
            CallbackMode::Off => Callbacks::Off,
        },
    };
    let mock = Mock::from_spec_paths(&args.specs, options).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("no local address: {e}"))?;
        {
            let mut out = std::io::stdout().lock();
            writeln!(out, "twilio-mock listening on http://{addr}")
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write to stdout: {e}"))?;
        }
        mock.serve(listener, stop_signal())
            .await
            .map_err(|e| format!("the server failed: {e}"))
    })
}

/// Completes on ctrl-c or SIGTERM.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
