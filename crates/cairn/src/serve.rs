//! `cairn serve`: the DynamoDB-compatible server.
//!
//! Opens the database (on disk, or in memory with `--in-memory`), serves DynamoDB's JSON
//! protocol until SIGINT or SIGTERM, lets the requests in flight finish, then closes the
//! database. A second signal during that wait exits at once.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use cairn_lsm::{Db, Options};
use cairn_server::config::HELP;
use cairn_server::{shutdown_signal, ParsedArgs, Server, ServerConfig, UnknownOperationHandler};

/// How long the runtime waits for handler calls still running once the server returned.
const RUNTIME_SHUTDOWN: Duration = Duration::from_secs(5);

/// Runs `cairn serve` with the arguments after `serve`.
pub fn run(args: Vec<String>) -> Result<()> {
    let config = match ServerConfig::from_args(args).map_err(|e| anyhow!("{e}\n\n{HELP}"))? {
        ParsedArgs::Help => {
            println!("{HELP}");
            return Ok(());
        }
        ParsedArgs::Run(config) => config,
    };
    let (db, storage) = match config.effective_data_dir() {
        Some(dir) => (
            Db::open(dir, Options::default())
                .with_context(|| format!("opening {}", dir.display()))?,
            dir.display().to_string(),
        ),
        None => (
            Db::open("/cairn", Options::in_memory()).context("opening the in-memory database")?,
            "in memory".to_owned(),
        ),
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    let served = runtime.block_on(async {
        let server = Server::bind(config.clone())
            .await
            .with_context(|| format!("listening on {}:{}", config.host, config.port))?;
        println!(
            "cairn: serving DynamoDB on http://{} (data: {storage})",
            server.local_addr()
        );
        let _ = std::io::stdout().flush();
        let shutdown = async {
            shutdown_signal().await;
            eprintln!("cairn: shutting down (signal again to exit at once)");
            tokio::spawn(async {
                shutdown_signal().await;
                std::process::exit(130);
            });
        };
        server
            .run(Arc::new(UnknownOperationHandler), shutdown)
            .await
            .context("serving")
    });
    runtime.shutdown_timeout(RUNTIME_SHUTDOWN);
    served?;
    db.close().context("closing the database")?;
    eprintln!("cairn: stopped");
    Ok(())
}
