//! Command-line configuration of `cairn-bench`: the flags, their defaults and validation.

use std::path::PathBuf;

use crate::engine::{EngineConfig, Kind, Result};
use crate::workload::decimal_digits;

pub(crate) const DEFAULT_BENCHMARKS: &str =
    "fillseq,fillrandom,overwrite,compact,readrandom,readseq,readreverse,seekrandom,fillsync,fillsync_threads";

pub(crate) const KNOWN_BENCHMARKS: &[&str] = &[
    "fillseq",
    "fillrandom",
    "overwrite",
    "compact",
    "readrandom",
    "readseq",
    "readreverse",
    "seekrandom",
    "fillsync",
    "fillsync_threads",
];

pub(crate) const USAGE: &str = "\
usage: cairn-bench [--flag=value ...]

  --engines=cairn,fjall     engines to run, interleaved per benchmark
  --benchmarks=LIST         comma-separated; default:
                            fillseq,fillrandom,overwrite,compact,readrandom,readseq,
                            readreverse,seekrandom,fillsync,fillsync_threads
  --num=1000000             keys per fill; ops per overwrite/readrandom
  --key_size=16             key bytes (decimal index, zero-padded)
  --value_size=100          value bytes
  --compression_ratio=0.5   fraction of each value that is random (the rest repeats)
  --batch=1                 puts per write batch in fillseq/fillrandom/overwrite
  --threads=1               threads for overwrite, readrandom and seekrandom (ops split)
  --seeks=N                 seeks in seekrandom (default: num)
  --seek_nexts=100          next() calls after each seek
  --fillsync_ops=1000       synced puts in fillsync
  --sync_threads=32         threads in fillsync_threads
  --sync_ops=200            synced puts per thread in fillsync_threads
  --cache_mb=64             block cache MiB for every engine
  --cairn_compression=X     default|none|lz4: cairn's table compression (default: the
                            engine's Options::default(); fjall always keeps its defaults)
  --db=/tmp/cairn-bench     parent directory; each engine uses <db>/<engine>
  --rounds=1                repeat the benchmark list; medians are reported at the end
  --settle=1                after writes, wait (untimed) for flushes/compactions to finish
  --stats=0                 print engine statistics to stderr after each benchmark
  --seed=301                seed of every random choice
";

/// Command-line configuration.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) engines: Vec<Kind>,
    pub(crate) benchmarks: Vec<String>,
    pub(crate) num: u64,
    pub(crate) key_size: usize,
    pub(crate) value_size: usize,
    pub(crate) compression_ratio: f64,
    pub(crate) batch: usize,
    pub(crate) threads: usize,
    pub(crate) seeks: Option<u64>,
    pub(crate) seek_nexts: usize,
    pub(crate) fillsync_ops: u64,
    pub(crate) sync_threads: usize,
    pub(crate) sync_ops: u64,
    pub(crate) cache_mb: u64,
    pub(crate) cairn_compression: Option<cairn_lsm::Compression>,
    pub(crate) db: PathBuf,
    pub(crate) rounds: usize,
    pub(crate) settle: bool,
    pub(crate) stats: bool,
    pub(crate) seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            engines: vec![Kind::Cairn, Kind::Fjall],
            benchmarks: DEFAULT_BENCHMARKS.split(',').map(str::to_string).collect(),
            num: 1_000_000,
            key_size: 16,
            value_size: 100,
            compression_ratio: 0.5,
            batch: 1,
            threads: 1,
            seeks: None,
            seek_nexts: 100,
            fillsync_ops: 1000,
            sync_threads: 32,
            sync_ops: 200,
            cache_mb: 64,
            cairn_compression: None,
            db: PathBuf::from("/tmp/cairn-bench"),
            rounds: 1,
            settle: true,
            stats: false,
            seed: 301,
        }
    }
}

fn parse_num<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T> {
    v.parse()
        .map_err(|_| format!("--{flag}: cannot parse {v:?}"))
}

fn parse_bool(flag: &str, v: &str) -> Result<bool> {
    match v {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err(format!("--{flag}: expected 0/1/true/false, got {v:?}")),
    }
}

impl Config {
    pub(crate) fn parse(args: impl IntoIterator<Item = String>) -> Result<Config> {
        let mut c = Config::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                print!("{USAGE}");
                std::process::exit(0);
            }
            let Some(body) = arg.strip_prefix("--") else {
                return Err(format!(
                    "unexpected argument {arg:?} (flags are --name=value)"
                ));
            };
            let (flag, value) = match body.split_once('=') {
                Some((f, v)) => (f.to_string(), v.to_string()),
                None => {
                    let v = args
                        .next()
                        .ok_or_else(|| format!("--{body} needs a value"))?;
                    (body.to_string(), v)
                }
            };
            let (f, v) = (flag.as_str(), value.as_str());
            match f {
                "engines" => {
                    c.engines = v
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(|s| {
                            Kind::parse(s).ok_or_else(|| format!("--engines: unknown engine {s:?}"))
                        })
                        .collect::<Result<_>>()?;
                }
                "benchmarks" => {
                    c.benchmarks = v
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect();
                    for b in &c.benchmarks {
                        if !KNOWN_BENCHMARKS.contains(&b.as_str()) {
                            return Err(format!("--benchmarks: unknown benchmark {b:?}"));
                        }
                    }
                }
                "num" => c.num = parse_num(f, v)?,
                "key_size" => c.key_size = parse_num(f, v)?,
                "value_size" => c.value_size = parse_num(f, v)?,
                "compression_ratio" => c.compression_ratio = parse_num(f, v)?,
                "batch" => c.batch = parse_num(f, v)?,
                "threads" => c.threads = parse_num(f, v)?,
                "seeks" => c.seeks = Some(parse_num(f, v)?),
                "seek_nexts" => c.seek_nexts = parse_num(f, v)?,
                "fillsync_ops" => c.fillsync_ops = parse_num(f, v)?,
                "sync_threads" => c.sync_threads = parse_num(f, v)?,
                "sync_ops" => c.sync_ops = parse_num(f, v)?,
                "cache_mb" => c.cache_mb = parse_num(f, v)?,
                "cairn_compression" => {
                    c.cairn_compression = match v {
                        "default" => None,
                        "none" => Some(cairn_lsm::Compression::None),
                        "lz4" => Some(cairn_lsm::Compression::Lz4),
                        _ => {
                            return Err(format!(
                                "--cairn_compression: expected default, none or lz4, got {v:?}"
                            ))
                        }
                    }
                }
                "db" => c.db = PathBuf::from(v),
                "rounds" => c.rounds = parse_num(f, v)?,
                "settle" => c.settle = parse_bool(f, v)?,
                "stats" => c.stats = parse_bool(f, v)?,
                "seed" => c.seed = parse_num(f, v)?,
                _ => return Err(format!("unknown flag --{f} (see --help)")),
            }
        }
        if c.engines.is_empty() {
            return Err("--engines is empty".into());
        }
        if c.num == 0 || c.batch == 0 || c.threads == 0 || c.rounds == 0 || c.sync_threads == 0 {
            return Err(
                "--num, --batch, --threads, --rounds and --sync_threads must be positive".into(),
            );
        }
        let max_index = c
            .num
            .max(c.sync_threads as u64 * c.sync_ops)
            .max(c.fillsync_ops);
        if c.key_size < decimal_digits(max_index - 1) {
            return Err(format!(
                "--key_size={} cannot hold key index {}",
                c.key_size,
                max_index - 1
            ));
        }
        if !(0.0..=1.0).contains(&c.compression_ratio) {
            return Err("--compression_ratio must be in [0, 1]".into());
        }
        Ok(c)
    }

    pub(crate) fn engine_config(&self) -> EngineConfig {
        EngineConfig {
            cache_bytes: self.cache_mb << 20,
            cairn_compression: self.cairn_compression,
        }
    }

    pub(crate) fn entry_bytes(&self) -> u64 {
        (self.key_size + self.value_size) as u64
    }

    pub(crate) fn seeks(&self) -> u64 {
        self.seeks.unwrap_or(self.num)
    }
}
