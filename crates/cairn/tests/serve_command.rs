//! `cairn serve` as a process: prints the bound address, serves the protocol, stops
//! cleanly on SIGTERM/SIGINT; `--help` documents the flags; the admin commands still work.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const CAIRN: &str = env!("CARGO_BIN_EXE_cairn");

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cairn-serve-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Starts `cairn serve ARGS` and returns it with the address it printed.
fn start(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(CAIRN)
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cairn");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .expect("read the first line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    (child, addr)
}

/// Sends `raw` and reads the answer until the server closes the connection.
fn exchange(addr: &str, raw: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).expect("read answer");
    out
}

fn signal(child: &Child, sig: &str) {
    let status = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
}

fn wait(mut child: Child) -> Output {
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("cairn serve did not stop");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn serves_in_memory_and_stops_on_sigterm() {
    let (child, addr) = start(&["-port", "0", "-inMemory", "-sharedDb"]);
    let health = exchange(
        &addr,
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(
        health.ends_with("healthy: dynamodb.us-east-1.amazonaws.com "),
        "{health}"
    );

    let body = "{}";
    let api = exchange(
        &addr,
        &format!(
            "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             X-Amz-Target: DynamoDB_20120810.ListTables\r\n\
             Content-Type: application/x-amz-json-1.0\r\n\
             Authorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=s\r\n\
             X-Amz-Date: 20150101T000000Z\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(api.starts_with("HTTP/1.1 200"), "{api}");
    assert!(api.ends_with(r#"{"TableNames":[]}"#), "{api}");

    signal(&child, "-TERM");
    let out = wait(child);
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("stopped"),
        "{out:?}"
    );
}

#[test]
fn serves_from_a_data_dir_and_stops_on_sigint() {
    let dir = temp_dir("data");
    let (child, addr) = start(&["--port", "0", "--data-dir", dir.to_str().unwrap()]);
    let health = exchange(
        &addr,
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    signal(&child, "-INT");
    let out = wait(child);
    assert!(out.status.success(), "{out:?}");
    assert!(dir.is_dir(), "the database directory was created");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_documents_the_flags() {
    for flag in ["--help", "-help", "-h"] {
        let out = Command::new(CAIRN).args(["serve", flag]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        for documented in [
            "--port",
            "-port",
            "--data-dir",
            "-dbPath",
            "-inMemory",
            "-sharedDb",
            "./cairn-data",
        ] {
            assert!(text.contains(documented), "{documented} in {text}");
        }
    }
    let out = Command::new(CAIRN).arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("serve"));
}

#[test]
fn bad_flags_fail() {
    let out = Command::new(CAIRN)
        .args(["serve", "--bogus"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option --bogus"));
    let out = Command::new(CAIRN)
        .args(["serve", "-inMemory", "-dbPath", "/tmp/x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn admin_commands_still_work() {
    let dir = temp_dir("admin");
    let d = dir.to_str().unwrap();
    let put = Command::new(CAIRN)
        .args(["--data-dir", d, "put", "k", "v"])
        .output()
        .unwrap();
    assert!(put.status.success(), "{put:?}");
    let get = Command::new(CAIRN)
        .args(["--data-dir", d, "get", "k"])
        .output()
        .unwrap();
    assert!(get.status.success(), "{get:?}");
    assert_eq!(String::from_utf8_lossy(&get.stdout).trim(), "v");
    let _ = std::fs::remove_dir_all(&dir);
}
