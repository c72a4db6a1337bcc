//! Runs a Prism mock server (`@stoplight/prism-cli`, pinned in `tests/contract/package.json`)
//! for one spec, for the duration of one test.
//!
//! - Prism listens on 127.0.0.1 only, on a port the kernel has just handed out as free.
//! - [`Prism::start`] returns once Prism answers HTTP there. When Prism exits first, or does
//!   not answer within [`READY_TIMEOUT`], it panics with Prism's own output. It never skips.
//! - The returned guard owns the child process. Its `Drop` kills the process by its pid
//!   (SIGKILL) and waits for it, so it is reaped too: at the end of the test, on an early
//!   return, and while a failing assertion or any other panic unwinds. Prism runs as a
//!   single process (`--multiprocess=false`, whatever `NODE_ENV` says), so no forked worker
//!   outlives it. It stays in the test's process group, so Ctrl-C stops it as well.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism gets to answer after it is started (the first start on a cold machine can
/// take a while; it usually answers within 1 to 3 seconds).
pub const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// Ports tried when the chosen one is taken between choosing and Prism binding it.
const PORT_ATTEMPTS: usize = 3;

/// Where `npm ci --prefix tests/contract` installs Prism.
pub fn prism_bin() -> PathBuf {
    workspace_tests::repo_root().join("tests/contract/node_modules/.bin/prism")
}

/// A running Prism mock server; stopped when dropped.
pub struct Prism {
    child: Child,
    port: u16,
    spec: PathBuf,
    /// Prism's stdout and stderr.
    log: tempfile::NamedTempFile,
}

enum Failure {
    /// The port was taken before Prism could bind it: worth another port.
    PortTaken(String),
    Fatal(String),
}

impl Prism {
    /// Starts Prism for `spec` and waits until it answers; panics with Prism's output when it
    /// cannot start.
    pub fn start(spec: &Path) -> Prism {
        Prism::try_start(spec).unwrap_or_else(|message| panic!("{message}"))
    }

    /// Starts Prism for `spec` and waits until it answers; the error says why it did not,
    /// with Prism's output.
    pub fn try_start(spec: &Path) -> Result<Prism, String> {
        let bin = prism_bin();
        if !bin.exists() {
            return Err(format!(
                "Prism is not installed ({} is missing): run `npm ci --prefix tests/contract` \
                 (the README's test command does)",
                bin.display()
            ));
        }
        let mut last = String::new();
        for _ in 0..PORT_ATTEMPTS {
            match Prism::spawn(&bin, spec)?.wait_until_ready() {
                Ok(prism) => return Ok(prism),
                Err(Failure::PortTaken(message)) => last = message,
                Err(Failure::Fatal(message)) => return Err(message),
            }
        }
        Err(last)
    }

    fn spawn(bin: &Path, spec: &Path) -> Result<Prism, String> {
        let port = free_port()?;
        let log = tempfile::Builder::new()
            .prefix("prism-")
            .suffix(".log")
            .tempfile()
            .map_err(|e| format!("cannot create Prism's log file: {e}"))?;
        // Both streams share one open file (and so one offset): lines interleave, none is
        // overwritten. The log is read through its path, never through these handles.
        let stdout = log
            .as_file()
            .try_clone()
            .map_err(|e| format!("cannot share Prism's log file: {e}"))?;
        let stderr = log
            .as_file()
            .try_clone()
            .map_err(|e| format!("cannot share Prism's log file: {e}"))?;
        let child = Command::new(bin)
            .arg("mock")
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg("--multiprocess=false")
            // Debug level logs each request's headers and body: the failure messages show
            // exactly what the client sent.
            .args(["--verboseLevel", "debug"])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(Stdio::from(stdout))
            .stderr(Stdio::from(stderr))
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
        Ok(Prism {
            child,
            port,
            spec: spec.to_owned(),
            log,
        })
    }

    /// Polls until Prism answers an HTTP request. On failure `self` is dropped, which stops
    /// the process.
    fn wait_until_ready(mut self) -> Result<Prism, Failure> {
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(None) => {}
                Ok(Some(status)) => {
                    let output = self.output();
                    let message = format!(
                        "Prism exited ({status}) before it answered on 127.0.0.1:{} for {}; \
                         its output:\n{output}",
                        self.port,
                        self.spec.display()
                    );
                    return Err(if output.contains("EADDRINUSE") {
                        Failure::PortTaken(message)
                    } else {
                        Failure::Fatal(message)
                    });
                }
                Err(e) => {
                    return Err(Failure::Fatal(format!(
                        "cannot check on Prism (pid {}): {e}",
                        self.pid()
                    )))
                }
            }
            if self.answers() {
                return Ok(self);
            }
            if Instant::now() >= deadline {
                return Err(Failure::Fatal(format!(
                    "Prism (pid {}) did not answer on 127.0.0.1:{} within {READY_TIMEOUT:?} \
                     for {}; its output:\n{}",
                    self.pid(),
                    self.port,
                    self.spec.display(),
                    self.output()
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Whether Prism answers `GET /` (a 404 problem document of Prism's own, which also
    /// shows that the server on the port is Prism).
    fn answers(&self) -> bool {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
            return false;
        };
        let timeout = Some(Duration::from_secs(5));
        if stream.set_read_timeout(timeout).is_err() || stream.set_write_timeout(timeout).is_err() {
            return false;
        }
        let request = format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        );
        if stream.write_all(request.as_bytes()).is_err() {
            return false;
        }
        let mut response = Vec::new();
        // Read errors (a timeout) leave what arrived so far, judged below.
        let _ = stream.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response);
        response.starts_with("HTTP/1.1 ") && response.contains("stoplight.io/prism")
    }

    /// The base URL to point a client at.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port Prism listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The process id of Prism.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The spec Prism serves.
    pub fn spec(&self) -> &Path {
        &self.spec
    }

    /// Everything Prism has written to stdout and stderr so far.
    pub fn output(&self) -> String {
        match std::fs::read(self.log.path()) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => format!(
                "(cannot read Prism's log {}: {e})",
                self.log.path().display()
            ),
        }
    }

    /// The last `lines` lines of Prism's output, for failure messages.
    pub fn output_tail(&self, lines: usize) -> String {
        let output = self.output();
        let all: Vec<&str> = output.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // SIGKILL to the pid; an error means the process has already exited. `wait` then
        // reaps it either way, so no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on 127.0.0.1 that nothing listens on right now.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| format!("cannot bind 127.0.0.1:0 to find a free port: {e}"))?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|e| format!("cannot read the free port: {e}"))
}
