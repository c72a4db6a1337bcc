//! The stateful local Twilio API (`twilio-mock`) as a child process: started on a free port
//! of 127.0.0.1, stopped when dropped; and plain HTTP calls to it for out-of-band changes.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The account the mock accepts in these tests.
pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
/// Its auth token: tests check it never shows in Terraform's output or logs.
pub const AUTH_TOKEN: &str = "mock-auth-token-7f3c9e1d";

/// A running mock.
pub struct MockServer {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl MockServer {
    /// Starts `binary --spec SPEC... --port 0 --seed 1` with the test account.
    pub fn start(binary: &Path, specs: &[&Path]) -> MockServer {
        let mut cmd = Command::new(binary);
        for s in specs {
            cmd.arg("--spec").arg(s);
        }
        cmd.args(["--port", "0", "--seed", "1"])
            .args(["--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd.spawn().expect("twilio-mock starts");
        let stdout = child.stdout.take().expect("stdout piped");
        // The first line names the address; read it on a thread so a silent mock cannot
        // hang the test.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let mut reader = std::io::BufReader::new(stdout);
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep draining so the mock never blocks on a full pipe.
            let mut sink = String::new();
            while reader.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
        });
        let line = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("twilio-mock did not say where it listens within 30 s");
            }
        };
        let url = line
            .trim()
            .strip_prefix("twilio-mock listening on ")
            .unwrap_or_else(|| panic!("unexpected first line of twilio-mock: {line:?}"))
            .to_owned();
        MockServer { child, url }
    }

    /// Sends `method url_path` with the test account's credentials; returns status and
    /// body.
    pub fn call(&self, method: &str, path: &str) -> (u16, String) {
        let url = format!("{}{path}", self.url);
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let resp = reqwest::Client::new()
                .request(method, &url)
                .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
                .timeout(Duration::from_secs(10))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{url}: {e}"));
            let status = resp.status().as_u16();
            (status, resp.text().await.unwrap_or_default())
        })
    }

    /// Injects a fault (`/__mock/faults` form fields, `status=500&after=true&...`).
    pub fn fault(&self, form: &str) {
        let url = format!("{}/__mock/faults", self.url);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let status = rt.block_on(async {
            reqwest::Client::new()
                .post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form.to_owned())
                .timeout(Duration::from_secs(10))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{url}: {e}"))
                .status()
                .as_u16()
        });
        assert_eq!(status, 201, "the fault `{form}` is accepted");
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
