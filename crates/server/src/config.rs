//! The server's configuration and its command line.
//!
//! Both cairn's own flags (`--host`, `--port`, `--data-dir`, `--in-memory`, `--region`,
//! `--account-id`) and DynamoDB Local's (`-port`, `-dbPath`, `-inMemory`, `-sharedDb`,
//! `-help`, and the no-ops `-cors`, `-delayTransientStatuses`, `-optimizeDbBeforeStartup`,
//! `-disableTelemetry`) are accepted, so scripts written for DynamoDB Local run unchanged.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The directory the database lives in when none is given.
pub const DEFAULT_DATA_DIR: &str = "./cairn-data";
/// The address listened on by default.
pub const DEFAULT_HOST: &str = "127.0.0.1";
/// The port listened on by default (DynamoDB Local's).
pub const DEFAULT_PORT: u16 = 8000;
/// The region reported by default.
pub const DEFAULT_REGION: &str = "us-east-1";
/// The account id in ARNs by default (DynamoDB Local's fixed one).
pub const DEFAULT_ACCOUNT_ID: &str = "000000000000";

/// The help text for `cairn serve --help`.
pub const HELP: &str = "usage: cairn serve [options]

Serves DynamoDB's JSON protocol over HTTP/1.1 (POST with X-Amz-Target:
DynamoDB_20120810.<Operation>; GET answers a health check).

options:
  --host HOST          address to listen on (default 127.0.0.1)
  --port N, -port N    port to listen on (default 8000; 0 picks a free one)
  --data-dir DIR, -dbPath DIR
                       directory of the database (default ./cairn-data,
                       created on first use)
  --in-memory, -inMemory
                       keep everything in memory; nothing is written to disk
                       (cannot be combined with --data-dir)
  --no-sync            answer writes once they are in the operating system's
                       cache instead of on disk (survives a crash of cairn,
                       not of the machine)
  --table-status-delay-ms N
                       keep new tables CREATING, changed tables UPDATING and
                       deleted tables DELETING for N ms, as DynamoDB does
                       (default 0: changes take effect at once, as in
                       DynamoDB Local)
  --region REGION      region reported in ARNs and the health check
                       (default us-east-1)
  --account-id ID      12-digit account id in ARNs (default 000000000000)
  -sharedDb            accepted for DynamoDB Local compatibility: cairn always
                       keeps one database for every client
  -cors LIST, -delayTransientStatuses, -optimizeDbBeforeStartup,
  -disableTelemetry    accepted for DynamoDB Local compatibility, no effect
  -h, --help, -help    print this help

Ctrl-C (SIGINT) or SIGTERM stops the server gracefully: it stops accepting
connections, lets requests in flight finish, then closes the database.";

/// Everything the server needs to start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// Address to listen on.
    pub host: String,
    /// Port to listen on; 0 asks the OS for a free one (see `Server::local_addr`).
    pub port: u16,
    /// The database directory given on the command line; `None` means
    /// [`DEFAULT_DATA_DIR`] (unless [`in_memory`](Self::in_memory)).
    pub data_dir: Option<PathBuf>,
    /// Keep the database in memory only.
    pub in_memory: bool,
    /// The region reported in ARNs and in the health check.
    pub region: String,
    /// The account id reported in ARNs.
    pub account_id: String,
    /// How long a graceful shutdown waits for requests in flight before giving up on them.
    pub shutdown_timeout: Duration,
    /// Sync every item write to disk before answering (on disk only).
    pub sync: bool,
    /// How long tables and indexes stay `CREATING`, `UPDATING` or `DELETING`.
    pub table_status_delay: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: DEFAULT_HOST.to_owned(),
            port: DEFAULT_PORT,
            data_dir: None,
            in_memory: false,
            region: DEFAULT_REGION.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            shutdown_timeout: Duration::from_secs(30),
            sync: true,
            table_status_delay: Duration::ZERO,
        }
    }
}

/// What the command line asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsedArgs {
    /// Run the server with this configuration.
    Run(ServerConfig),
    /// Print [`HELP`] and exit.
    Help,
}

/// Why a command line was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// A flag that needs a value came last.
    MissingValue(String),
    /// A flag no one knows.
    UnknownFlag(String),
    /// An argument that is not a flag.
    UnexpectedArgument(String),
    /// `--port` with something that is not a port number.
    InvalidPort(String),
    /// `--account-id` with something that is not 12 digits.
    InvalidAccountId(String),
    /// A value given to a flag that takes none (`--in-memory=...`).
    UnexpectedValue(String),
    /// A flag given an empty value.
    EmptyValue(String),
    /// Both a data directory and in-memory operation.
    DataDirAndInMemory,
    /// `--table-status-delay-ms` with something that is not a number of milliseconds.
    InvalidDelay(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingValue(flag) => write!(f, "{flag} needs a value"),
            ConfigError::UnknownFlag(flag) => write!(f, "unknown option {flag}"),
            ConfigError::UnexpectedArgument(arg) => write!(f, "unexpected argument {arg}"),
            ConfigError::InvalidPort(v) => {
                write!(f, "invalid port {v:?}: expected a number from 0 to 65535")
            }
            ConfigError::InvalidAccountId(v) => {
                write!(f, "invalid account id {v:?}: expected 12 digits")
            }
            ConfigError::UnexpectedValue(flag) => write!(f, "{flag} takes no value"),
            ConfigError::EmptyValue(flag) => write!(f, "{flag} needs a non-empty value"),
            ConfigError::InvalidDelay(v) => {
                write!(f, "invalid delay {v:?}: expected a number of milliseconds")
            }
            ConfigError::DataDirAndInMemory => {
                f.write_str("a data directory and in-memory operation cannot be combined")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

impl ServerConfig {
    /// Parses the arguments after `cairn serve` (the program name and the subcommand not
    /// included). Flags may be given as `--flag VALUE` or `--flag=VALUE`; DynamoDB Local's
    /// single-dash flags take their value as the next argument.
    pub fn from_args<I, S>(args: I) -> Result<ParsedArgs, ConfigError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut config = ServerConfig::default();
        let mut args = args.into_iter().map(Into::into);
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
                _ => (arg.clone(), None),
            };
            let value = |args: &mut dyn Iterator<Item = String>| match inline.clone() {
                Some(v) => Ok(v),
                None => args
                    .next()
                    .ok_or_else(|| ConfigError::MissingValue(flag.clone())),
            };
            match flag.as_str() {
                "-h" | "--help" | "-help" => return Ok(ParsedArgs::Help),
                "--host" => config.host = non_empty(&flag, value(&mut args)?)?,
                "--port" | "-port" => {
                    let v = value(&mut args)?;
                    config.port = v.trim().parse().map_err(|_| ConfigError::InvalidPort(v))?;
                }
                "--data-dir" | "-dbPath" => {
                    config.data_dir = Some(non_empty(&flag, value(&mut args)?)?.into())
                }
                "--in-memory" if inline.is_some() => {
                    return Err(ConfigError::UnexpectedValue(flag))
                }
                "--in-memory" | "-inMemory" => config.in_memory = true,
                "--no-sync" if inline.is_some() => return Err(ConfigError::UnexpectedValue(flag)),
                "--no-sync" => config.sync = false,
                "--table-status-delay-ms" => {
                    let v = value(&mut args)?;
                    let ms: u64 = v
                        .trim()
                        .parse()
                        .map_err(|_| ConfigError::InvalidDelay(v.clone()))?;
                    config.table_status_delay = Duration::from_millis(ms);
                }
                "--region" => config.region = non_empty(&flag, value(&mut args)?)?,
                "--account-id" => {
                    let v = value(&mut args)?;
                    if v.len() != 12 || !v.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(ConfigError::InvalidAccountId(v));
                    }
                    config.account_id = v;
                }
                "-sharedDb"
                | "-delayTransientStatuses"
                | "-optimizeDbBeforeStartup"
                | "-disableTelemetry" => {}
                "-cors" => {
                    value(&mut args)?;
                }
                _ if flag.starts_with('-') && flag.len() > 1 => {
                    return Err(ConfigError::UnknownFlag(arg))
                }
                _ => return Err(ConfigError::UnexpectedArgument(arg)),
            }
        }
        if config.in_memory && config.data_dir.is_some() {
            return Err(ConfigError::DataDirAndInMemory);
        }
        Ok(ParsedArgs::Run(config))
    }

    /// The directory the database lives in: `None` when in memory, otherwise the given
    /// directory or [`DEFAULT_DATA_DIR`].
    pub fn effective_data_dir(&self) -> Option<&Path> {
        if self.in_memory {
            None
        } else {
            Some(
                self.data_dir
                    .as_deref()
                    .unwrap_or_else(|| Path::new(DEFAULT_DATA_DIR)),
            )
        }
    }

    /// The text `GET /` answers with, DynamoDB's health check (the trailing space is
    /// DynamoDB's).
    pub fn health_text(&self) -> String {
        format!("healthy: dynamodb.{}.amazonaws.com ", self.region)
    }
}

fn non_empty(flag: &str, v: String) -> Result<String, ConfigError> {
    if v.is_empty() {
        Err(ConfigError::EmptyValue(flag.to_owned()))
    } else {
        Ok(v)
    }
}
