//! The `cairn` command.
//!
//! `cairn serve` runs the DynamoDB-compatible server (see `cairn serve --help`). The other
//! subcommands administer a storage engine directory directly: `cairn put`, `get`,
//! `delete`, `scan`, `stats`, `compact`. Every subcommand takes `--data-dir DIR` (default
//! `./cairn-data`, created on first use).

mod serve;

/// The server allocates and frees many small objects per request (JSON values, items,
/// keys); mimalloc's thread-local free lists make that markedly cheaper than glibc's
/// allocator, which spent a fifth of a GetItem-heavy profile in `malloc`/`free`. (The
/// alternative, jemalloc, is larger and slower to build.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use cairn_lsm::{Db, Options, ReadOptions, WriteOptions};

const USAGE: &str = "usage: cairn [--data-dir DIR] <command> [args]

commands:
  serve [options]      serve DynamoDB's API over HTTP (see cairn serve --help)
  put KEY VALUE        store VALUE under KEY (durable: synced before returning)
  get KEY              print the value of KEY
  delete KEY           delete KEY
  scan [FROM [TO]]     print the keys in [FROM, TO) with their values
  stats                print the engine's statistics (files per level, bytes written)
  compact              compact everything to the last level

options:
  --data-dir DIR       the database directory (default ./cairn-data)";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cairn: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(mut args: Vec<String>) -> Result<()> {
    if let Some(i) = command_index(&args) {
        if args[i] == "serve" {
            args.remove(i);
            return serve::run(args);
        }
    }
    let mut data_dir = PathBuf::from("cairn-data");
    let mut rest = Vec::new();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--data-dir" => data_dir = it.next().context("--data-dir needs a value")?.into(),
            "-h" | "--help" | "help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => rest.push(arg),
        }
    }
    let Some((command, args)) = rest.split_first() else {
        println!("{USAGE}");
        return Ok(());
    };
    let db = Db::open(&data_dir, Options::default())
        .with_context(|| format!("opening {}", data_dir.display()))?;
    let durable = WriteOptions { sync: true };
    match (command.as_str(), args) {
        ("put", [key, value]) => db.put(key.as_bytes(), value.as_bytes(), durable)?,
        ("get", [key]) => match db.get(key.as_bytes(), &ReadOptions::default())? {
            Some(v) => println!("{}", String::from_utf8_lossy(&v)),
            None => bail!("{key}: not found"),
        },
        ("delete", [key]) => db.delete(key.as_bytes(), durable)?,
        ("scan", bounds) if bounds.len() <= 2 => {
            let lo = bounds.first().map(String::as_bytes);
            let hi = bounds.get(1).map(String::as_bytes);
            for entry in db.scan(&ReadOptions::default(), lo, hi, false)? {
                let (k, v) = entry?;
                println!(
                    "{}\t{}",
                    String::from_utf8_lossy(&k),
                    String::from_utf8_lossy(&v)
                );
            }
        }
        ("stats", []) => println!("{}", db.stats()),
        ("compact", []) => {
            db.compact_range(None, None)?;
            println!("{}", db.stats());
        }
        _ => bail!("unknown command or wrong arguments\n\n{USAGE}"),
    }
    db.close()?;
    Ok(())
}

/// Where the subcommand is: the first argument that is neither an option nor the value of
/// `--data-dir`.
fn command_index(args: &[String]) -> Option<usize> {
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--data-dir" => i += 2,
            a if a.starts_with('-') => i += 1,
            _ => return Some(i),
        }
    }
    None
}
