//! cairn through two Node clients, dynamo-client and dynamo-streams: runs
//! `tests/js/clients.test.js` (repository root) with `node --test` against an in-process
//! server and asserts that it passes. `npm ci` installs the pinned packages first when
//! the packages are not in `tests/js/node_modules`.
//!
//! `node` and `npm` must be on `PATH`: without them the test fails (it is not skipped),
//! so that a machine lacking them cannot pass CI silently.

mod sdk;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use sdk::SdkServer;

/// How long `npm ci` and the script may take.
const NODE_TIMEOUT: Duration = Duration::from_secs(300);

fn js_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/js")
}

/// Runs `command`, failing the test with a clear message if the program is missing.
async fn run(mut command: Command, what: &str) -> Output {
    let program = command.get_program().to_string_lossy().into_owned();
    let task = tokio::task::spawn_blocking(move || command.output());
    let output = tokio::time::timeout(NODE_TIMEOUT, task)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish in {NODE_TIMEOUT:?}"))
        .expect("runner thread");
    match output {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{program}` is not on PATH: the JavaScript clients test needs Node.js and npm \
             (e.g. `apt-get install -y nodejs npm`)"
        ),
        Err(e) => panic!("could not run `{program}` for {what}: {e}"),
    }
}

fn report(output: &Output) -> String {
    format!(
        "{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dynamo_client_and_dynamo_streams() {
    let dir = js_dir();
    assert!(
        dir.join("package-lock.json").is_file(),
        "{} has no package-lock.json",
        dir.display()
    );
    let installed = ["dynamo-client", "dynamo-streams"].iter().all(|p| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .is_file()
    });
    if !installed {
        let mut npm = Command::new("npm");
        npm.args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir);
        let output = run(npm, "npm ci").await;
        assert!(
            output.status.success(),
            "npm ci failed: {}",
            report(&output)
        );
    }

    let server = SdkServer::start().await;
    let mut node = Command::new("node");
    node.args(["--test", "clients.test.js"])
        .current_dir(&dir)
        .env("CAIRN_URL", server.endpoint());
    let output = run(node, "node --test clients.test.js").await;
    server.stop().await;
    assert!(
        output.status.success(),
        "the JavaScript clients test failed: {}",
        report(&output)
    );
    // Some subtests ran, and none failed.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("# pass "), "{}", report(&output));
    assert!(stdout.contains("# fail 0"), "{}", report(&output));
}
