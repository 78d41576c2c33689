//! `cairn serve`: the DynamoDB-compatible server.
//!
//! Opens the database (on disk, or in memory with `--in-memory`), serves DynamoDB's JSON
//! protocol until SIGINT or SIGTERM, lets the requests in flight finish, then closes the
//! database. A second signal during that wait exits at once.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use cairn_dynamo::storage::lsm::{Location, LsmStorage};
use cairn_dynamo::{Database, DatabaseOptions};
use cairn_server::config::HELP;
use cairn_server::{shutdown_signal, DynamoHandler, ParsedArgs, Server, ServerConfig};

/// How long the runtime waits for handler calls still running once the server returned.
const RUNTIME_SHUTDOWN: Duration = Duration::from_secs(5);

/// Opens the database `config` describes; returns it with a description of where it is.
pub fn open_database(config: &ServerConfig) -> Result<(Arc<Database>, String)> {
    let (storage, place) = match config.effective_data_dir() {
        Some(dir) => (
            LsmStorage::open(Location::Dir(dir), config.sync)
                .with_context(|| format!("opening {}", dir.display()))?,
            dir.display().to_string(),
        ),
        None => (
            LsmStorage::open(Location::Memory, false).context("opening the in-memory database")?,
            "in memory".to_owned(),
        ),
    };
    let options = DatabaseOptions {
        region: config.region.clone(),
        account: config.account_id.clone(),
        create_delay: config.table_status_delay,
        delete_delay: config.table_status_delay,
        update_delay: config.table_status_delay,
    };
    let db = Database::open(Arc::new(storage), options)
        .map_err(|e| anyhow!("opening the database: {e}"))?;
    Ok((Arc::new(db), place))
}

/// Runs `cairn serve` with the arguments after `serve`.
pub fn run(args: Vec<String>) -> Result<()> {
    let config = match ServerConfig::from_args(args).map_err(|e| anyhow!("{e}\n\n{HELP}"))? {
        ParsedArgs::Help => {
            println!("{HELP}");
            return Ok(());
        }
        ParsedArgs::Run(config) => config,
    };
    let (db, place) = open_database(&config)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    let handler = Arc::new(DynamoHandler::new(db.clone()));
    let served = runtime.block_on(async {
        let server = Server::bind(config.clone())
            .await
            .with_context(|| format!("listening on {}:{}", config.host, config.port))?;
        println!(
            "cairn: serving DynamoDB on http://{} (data: {place})",
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
        server.run(handler, shutdown).await.context("serving")
    });
    runtime.shutdown_timeout(RUNTIME_SHUTDOWN);
    served?;
    db.close()
        .map_err(|e| anyhow!("closing the database: {e}"))?;
    eprintln!("cairn: stopped");
    Ok(())
}
