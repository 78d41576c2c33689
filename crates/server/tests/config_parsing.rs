//! `cairn serve`'s command line: cairn's flags and DynamoDB Local's.

use std::path::Path;

use cairn_server::config::{DEFAULT_DATA_DIR, HELP};
use cairn_server::{ConfigError, ParsedArgs, ServerConfig};

fn parse(args: &[&str]) -> Result<ServerConfig, ConfigError> {
    match ServerConfig::from_args(args.iter().copied())? {
        ParsedArgs::Run(config) => Ok(config),
        ParsedArgs::Help => panic!("unexpected help"),
    }
}

#[test]
fn defaults() {
    let c = parse(&[]).unwrap();
    assert_eq!(c.host, "127.0.0.1");
    assert_eq!(c.port, 8000);
    assert_eq!(c.data_dir, None);
    assert!(!c.in_memory);
    assert_eq!(c.region, "us-east-1");
    assert_eq!(c.account_id, "000000000000");
    assert_eq!(c, ServerConfig::default());
    assert_eq!(c.effective_data_dir(), Some(Path::new(DEFAULT_DATA_DIR)));
    assert_eq!(DEFAULT_DATA_DIR, "./cairn-data");
}

#[test]
fn cairn_flags() {
    let c = parse(&[
        "--host",
        "0.0.0.0",
        "--port",
        "9000",
        "--data-dir",
        "/tmp/db",
        "--region",
        "eu-west-1",
        "--account-id",
        "123456789012",
    ])
    .unwrap();
    assert_eq!(c.host, "0.0.0.0");
    assert_eq!(c.port, 9000);
    assert_eq!(c.data_dir.as_deref(), Some(Path::new("/tmp/db")));
    assert_eq!(c.effective_data_dir(), Some(Path::new("/tmp/db")));
    assert_eq!(c.region, "eu-west-1");
    assert_eq!(c.account_id, "123456789012");
}

#[test]
fn equals_form() {
    let c = parse(&["--port=0", "--host=::1", "--data-dir=d"]).unwrap();
    assert_eq!(c.port, 0);
    assert_eq!(c.host, "::1");
    assert_eq!(c.data_dir.as_deref(), Some(Path::new("d")));
}

#[test]
fn in_memory() {
    for flag in ["--in-memory", "-inMemory"] {
        let c = parse(&[flag]).unwrap();
        assert!(c.in_memory);
        assert_eq!(c.effective_data_dir(), None);
    }
}

#[test]
fn dynamodb_local_flags() {
    let c = parse(&["-port", "8001", "-dbPath", "/var/db", "-sharedDb"]).unwrap();
    assert_eq!(c.port, 8001);
    assert_eq!(c.data_dir.as_deref(), Some(Path::new("/var/db")));
    let c = parse(&["-sharedDb", "-inMemory", "-port", "0"]).unwrap();
    assert!(c.in_memory);
    assert_eq!(c.port, 0);
    let c = parse(&[
        "-cors",
        "*",
        "-delayTransientStatuses",
        "-optimizeDbBeforeStartup",
        "-disableTelemetry",
    ])
    .unwrap();
    assert_eq!(c, ServerConfig::default());
}

#[test]
fn help() {
    for flag in ["-h", "--help", "-help"] {
        assert_eq!(
            ServerConfig::from_args(["--port", "1", flag]),
            Ok(ParsedArgs::Help)
        );
    }
    for documented in [
        "--host",
        "--port",
        "-port",
        "--data-dir",
        "-dbPath",
        "--in-memory",
        "-inMemory",
        "-sharedDb",
        "./cairn-data",
        "-help",
    ] {
        assert!(HELP.contains(documented), "{documented} documented");
    }
}

#[test]
fn errors() {
    assert_eq!(
        parse(&["--port"]),
        Err(ConfigError::MissingValue("--port".into()))
    );
    assert_eq!(
        parse(&["-dbPath"]),
        Err(ConfigError::MissingValue("-dbPath".into()))
    );
    assert_eq!(
        parse(&["--port", "x"]),
        Err(ConfigError::InvalidPort("x".into()))
    );
    assert_eq!(
        parse(&["--port", "65536"]),
        Err(ConfigError::InvalidPort("65536".into()))
    );
    assert_eq!(
        parse(&["--port", "-1"]),
        Err(ConfigError::InvalidPort("-1".into()))
    );
    assert_eq!(
        parse(&["--bogus"]),
        Err(ConfigError::UnknownFlag("--bogus".into()))
    );
    assert_eq!(
        parse(&["-Port", "1"]),
        Err(ConfigError::UnknownFlag("-Port".into()))
    );
    assert_eq!(
        parse(&["stray"]),
        Err(ConfigError::UnexpectedArgument("stray".into()))
    );
    assert_eq!(
        parse(&["--host", ""]),
        Err(ConfigError::EmptyValue("--host".into()))
    );
    assert_eq!(
        parse(&["--account-id", "12"]),
        Err(ConfigError::InvalidAccountId("12".into()))
    );
    assert_eq!(
        parse(&["--in-memory=yes"]),
        Err(ConfigError::UnexpectedValue("--in-memory".into()))
    );
    assert_eq!(
        parse(&["-inMemory", "-dbPath", "/x"]),
        Err(ConfigError::DataDirAndInMemory)
    );
    assert_eq!(
        parse(&["--data-dir", "/x", "--in-memory"]),
        Err(ConfigError::DataDirAndInMemory)
    );
    // Every error has a message.
    assert!(!ConfigError::DataDirAndInMemory.to_string().is_empty());
}
