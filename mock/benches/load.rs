//! Load on the mock (not a timed test): starts the `twilio-mock` binary on 127.0.0.1 for
//! `spec/`, sends REQUESTS requests (default 10,000) from CLIENTS concurrent clients
//! (default 8), each its own connection pool, each running create -> fetch -> update ->
//! list (PageSize=20) -> fetch in a loop; then prints requests/s, latency percentiles, errors
//! and the server's peak RSS (VmHWM of /proc/PID/status). Exits non-zero on any error.
//!
//! Run: `cargo bench -p twilio-mock --bench load` (or `bash benches/mock_load.sh`).
//! Bounded: every request has a 10 s timeout and the whole run stops after 120 s.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ACCOUNT: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `VmHWM` (peak resident set) of a process, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is taken.
    let total = env_number("REQUESTS", 10_000);
    let clients = env_number("CLIENTS", 8).max(1);
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/twilio_flex_v1.yaml");
    let mut server = Command::new(env!("CARGO_BIN_EXE_twilio-mock"))
        .args(["--spec", spec, "--seed", "1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("twilio-mock starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the first line");
    let base = line
        .trim_end()
        .strip_prefix("twilio-mock listening on ")
        .expect("the listening line")
        .to_owned();
    let pid = server.id();
    let rss_idle = peak_rss_kib(pid);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let started = Instant::now();
    let results = rt.block_on(async {
        let per_client = total / clients;
        let extra = total % clients;
        let mut tasks = Vec::new();
        for c in 0..clients {
            let base = base.clone();
            let n = per_client + usize::from(c < extra);
            tasks.push(tokio::spawn(async move { client_loop(&base, c, n).await }));
        }
        let mut all = Vec::new();
        for t in tasks {
            match tokio::time::timeout(Duration::from_secs(120), t).await {
                Ok(Ok(r)) => all.push(r),
                _ => all.push((vec![], 1)),
            }
        }
        all
    });
    let elapsed = started.elapsed();
    let rss_peak = peak_rss_kib(pid);
    let _ = server.kill();
    let _ = server.wait();

    let mut latencies: Vec<Duration> = results.iter().flat_map(|(l, _)| l.clone()).collect();
    let errors: usize = results.iter().map(|(_, e)| e).sum();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let sent = latencies.len() + errors;
    println!("requests: {sent} from {clients} clients, errors: {errors}");
    println!(
        "wall: {:.2} s, {:.0} requests/s",
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency ms: p50 {:.2}, p90 {:.2}, p99 {:.2}, max {:.2}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    println!(
        "server peak RSS: {} KiB after start, {} KiB at the end",
        rss_idle.map_or("?".into(), |v| v.to_string()),
        rss_peak.map_or("?".into(), |v| v.to_string())
    );
    if errors > 0 || sent != total {
        eprintln!("FAILED: {errors} errors, {sent} of {total} requests sent");
        std::process::exit(1);
    }
}

/// One client's requests: latencies of the successful ones, and the number of failures.
async fn client_loop(base: &str, client: usize, n: usize) -> (Vec<Duration>, usize) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client");
    let mut latencies = Vec::with_capacity(n);
    let mut errors = 0;
    let mut sid = String::new();
    for i in 0..n {
        let step = i % 5;
        let request = match step {
            0 => http
                .post(format!("{base}/v1/FlexFlows"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!(
                    "FriendlyName=Load+{client}+{i}&ChatServiceSid=ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
                     &ChannelType=web&IntegrationType=external&Integration.Url=https%3A%2F%2Fexample.com%2Fhook"
                )),
            1 | 4 => http.get(format!("{base}/v1/FlexFlows/{sid}")),
            2 => http
                .post(format!("{base}/v1/FlexFlows/{sid}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("Enabled=true&Integration.RetryCount=2"),
            _ => http.get(format!("{base}/v1/FlexFlows?PageSize=20")),
        };
        let start = Instant::now();
        let outcome = request.basic_auth(ACCOUNT, Some("token")).send().await;
        match outcome {
            Ok(r) if r.status().is_success() => match r.bytes().await {
                Ok(body) => {
                    latencies.push(start.elapsed());
                    if step == 0 {
                        match serde_json::from_slice::<serde_json::Value>(&body)
                            .ok()
                            .and_then(|v| v["sid"].as_str().map(str::to_owned))
                        {
                            Some(s) => sid = s,
                            None => errors += 1,
                        }
                    }
                }
                Err(_) => errors += 1,
            },
            _ => errors += 1,
        }
    }
    (latencies, errors)
}
