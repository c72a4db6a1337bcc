//! Contract tests: the generated client against a Prism mock of each spec.
//!
//! The harness (`contract/harness.rs`) runs Prism for one test and stops it when the test ends
//! or fails; the tests below check that it does. Prism must be installed
//! (`npm ci --prefix tests/contract`); without it the tests fail.

#[path = "contract/harness.rs"]
mod harness;

use std::net::{Ipv4Addr, TcpStream};
use std::path::Path;

use harness::Prism;
use workspace_tests::flexflow_spec;

// ---------------------------------------------------------------------------------------
// The harness stops Prism.

#[test]
fn prism_is_stopped_and_reaped_when_its_guard_drops() {
    let prism = Prism::start(&flexflow_spec());
    let (pid, port) = (prism.pid(), prism.port());
    assert!(process_exists(pid), "Prism runs as pid {pid}");
    assert!(accepts_connections(port), "Prism listens on {port}");
    drop(prism);
    assert!(
        !process_exists(pid),
        "pid {pid} is gone: killed and reaped, not left a zombie"
    );
    assert!(!accepts_connections(port), "nothing listens on {port}");
}

#[test]
fn prism_is_stopped_when_a_test_panics() {
    let (tx, rx) = std::sync::mpsc::channel();
    let outcome = std::thread::spawn(move || {
        let prism = Prism::start(&flexflow_spec());
        tx.send((prism.pid(), prism.port())).expect("send");
        panic!("deliberate panic: the guard stops Prism while this unwinds");
    })
    .join();
    assert!(outcome.is_err(), "the thread panicked");
    let (pid, port) = rx.recv().expect("Prism started before the panic");
    assert!(!process_exists(pid), "pid {pid} is gone after the panic");
    assert!(!accepts_connections(port), "nothing listens on {port}");
}

#[test]
fn prism_that_cannot_start_fails_with_its_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("broken.yaml");
    std::fs::write(&spec, "openapi: [\n").expect("write the broken spec");
    let Err(message) = Prism::try_start(&spec) else {
        panic!("Prism cannot serve a spec that is not YAML");
    };
    assert!(message.contains("Prism exited"), "{message}");
    assert!(
        message.contains("Error parsing") && message.contains("broken.yaml"),
        "Prism's own output is in the message: {message}"
    );
}

fn process_exists(pid: u32) -> bool {
    // A zombie keeps its /proc entry until it is reaped.
    Path::new(&format!("/proc/{pid}")).exists()
}

fn accepts_connections(port: u16) -> bool {
    TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok()
}
