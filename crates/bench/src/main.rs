//! `cairn-bench`: LevelDB db_bench-style benchmarks of cairn-lsm, side by side with fjall.
//!
//! See `README.md` for the flags and what each benchmark does. Result lines go to stdout,
//! diagnostics (settling, engine statistics) to stderr.

mod config;
mod engine;
mod report;
mod workload;

use std::path::{Path, PathBuf};
use std::sync::Barrier;
use std::time::{Duration, Instant};

use config::{Config, USAGE};
use engine::{Engine, Kind, Result};
use report::{percentile, Outcome};
use workload::{format_key, splitmix64, Rng, ValueGen};

/// What an engine's directory holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contents {
    /// Nothing the benchmark knows of (not opened yet: whatever a previous run left).
    Unknown,
    /// Every key of `0..num`, from fillseq or fillrandom.
    Full,
    /// Something else (after fillsync or fillsync_threads).
    Partial,
}

/// One engine and its database directory.
struct Slot {
    kind: Kind,
    dir: PathBuf,
    engine: Option<Box<dyn Engine>>,
    contents: Contents,
}

impl Slot {
    fn engine(&self) -> &dyn Engine {
        self.engine.as_deref().expect("engine is open")
    }

    /// Closes the database, wipes its directory and opens a fresh one.
    fn reopen_fresh(&mut self, cfg: &Config) -> Result<()> {
        self.engine = None; // Drop closes it (and waits for its background threads).
        match std::fs::remove_dir_all(&self.dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("wiping {}: {e}", self.dir.display())),
        }
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("creating {}: {e}", self.dir.display()))?;
        self.engine = Some(self.kind.open(&self.dir, &cfg.engine_config())?);
        self.contents = Contents::Partial;
        Ok(())
    }

    /// Makes sure the database holds every key: a fresh fillrandom (not reported) if not.
    fn ensure_full(&mut self, cfg: &Config) -> Result<()> {
        if self.contents != Contents::Full {
            eprintln!(
                "  ({} has no full database: running fillrandom first, not reported)",
                self.kind.name()
            );
            self.reopen_fresh(cfg)?;
            fill(
                self.engine(),
                cfg,
                Order::Random,
                cfg.num,
                splitmix64(cfg.seed ^ 0xf111),
            )?;
            self.contents = Contents::Full;
            settle(self, cfg);
        }
        Ok(())
    }
}

/// Sum of the sizes of the regular files under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    dir_listing(dir).iter().map(|(_, len)| len).sum()
}

/// (path, size) of every regular file under `dir`, sorted.
fn dir_listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                stack.push(e.path());
            } else if meta.is_file() {
                out.push((e.path(), meta.len()));
            }
        }
    }
    out.sort();
    out
}

/// Waits (untimed) until the engine's background flushes and compactions have stopped: its
/// progress counters and its directory's files unchanged for a second and nothing reported
/// in flight. Engines run interleaved, so one engine's leftover compaction would otherwise
/// slow the next engine's benchmark.
fn settle(slot: &Slot, cfg: &Config) {
    if !cfg.settle {
        return;
    }
    let start = Instant::now();
    let engine = slot.engine();
    let snapshot = || (engine.progress(), dir_listing(&slot.dir));
    let mut last = snapshot();
    let mut stable_since = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let now = snapshot();
        let busy = now.0 .1;
        if busy || now != last {
            last = now;
            stable_since = Instant::now();
        } else if stable_since.elapsed() >= Duration::from_secs(1) {
            break;
        }
        if start.elapsed() > Duration::from_secs(600) {
            eprintln!("  ({} still busy after 600 s; going on)", slot.kind.name());
            break;
        }
    }
    let waited = start.elapsed().as_secs_f64() - 1.0;
    if waited > 0.5 {
        eprintln!(
            "  ({} background work settled in {waited:.1} s)",
            slot.kind.name()
        );
    }
}

#[derive(Debug, Clone, Copy)]
enum Order {
    Sequential,
    Random,
}

/// Writes `count` keys without sync: `0..count` in order, a permutation of `0..count`
/// (every key once, in random order), batched per `--batch`.
fn fill(engine: &dyn Engine, cfg: &Config, order: Order, count: u64, seed: u64) -> Result<()> {
    let indices: Option<Vec<u64>> = match order {
        Order::Sequential => None,
        Order::Random => Some(Rng::new(seed).permutation(count)),
    };
    let index = |i: u64| indices.as_ref().map_or(i, |v| v[i as usize]);
    write_keys(engine, cfg, count, seed, index)
}

/// Writes `count` non-synced puts whose key indices come from `index(i)`.
fn write_keys(
    engine: &dyn Engine,
    cfg: &Config,
    count: u64,
    seed: u64,
    mut index: impl FnMut(u64) -> u64,
) -> Result<()> {
    let mut values = ValueGen::new(seed ^ 0x7a1e, cfg.value_size, cfg.compression_ratio);
    let ks = cfg.key_size;
    if cfg.batch <= 1 {
        let mut key = vec![0u8; ks];
        for i in 0..count {
            format_key(index(i), &mut key);
            engine.put(&key, values.next_value(cfg.value_size), false)?;
        }
        return Ok(());
    }
    let mut keys = vec![0u8; ks * cfg.batch];
    let mut ranges = Vec::with_capacity(cfg.batch);
    let mut i = 0;
    while i < count {
        let n = (count - i).min(cfg.batch as u64) as usize;
        ranges.clear();
        for j in 0..n {
            format_key(index(i + j as u64), &mut keys[j * ks..(j + 1) * ks]);
            ranges.push(values.next_range(cfg.value_size));
        }
        let data = values.data();
        let entries: Vec<(&[u8], &[u8])> = (0..n)
            .map(|j| (&keys[j * ks..(j + 1) * ks], &data[ranges[j].clone()]))
            .collect();
        engine.write_batch(&entries, false)?;
        i += n as u64;
    }
    Ok(())
}

/// Runs `per_thread(t, ops)` on `threads` threads splitting `total` ops; returns the wall
/// time from a common start and each thread's result.
fn run_threads<T: Send>(
    threads: usize,
    total: u64,
    per_thread: impl Fn(usize, u64) -> Result<T> + Sync,
) -> Result<(f64, Vec<T>)> {
    if threads == 1 {
        let start = Instant::now();
        let r = per_thread(0, total)?;
        return Ok((start.elapsed().as_secs_f64(), vec![r]));
    }
    let barrier = Barrier::new(threads + 1);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let ops = total / threads as u64 + u64::from((t as u64) < total % threads as u64);
                let (barrier, per_thread) = (&barrier, &per_thread);
                s.spawn(move || {
                    barrier.wait();
                    per_thread(t, ops)
                })
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        let results: Vec<Result<T>> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("thread panicked".into())))
            .collect();
        let secs = start.elapsed().as_secs_f64();
        Ok((secs, results.into_iter().collect::<Result<Vec<T>>>()?))
    })
}

/// Runs one benchmark on one engine.
fn run_bench(slot: &mut Slot, bench: &str, cfg: &Config, round: usize) -> Result<Outcome> {
    let name_hash = bench
        .bytes()
        .fold(0u64, |h, b| splitmix64(h ^ u64::from(b)));
    let seed = splitmix64(cfg.seed ^ (round as u64).wrapping_mul(0x1000_0001) ^ name_hash);
    let mut o = Outcome {
        engine: slot.kind.name(),
        bench: bench.to_string(),
        ..Outcome::default()
    };
    let mut wrote = false;
    let mut show_disk = false;
    match bench {
        "fillseq" | "fillrandom" => {
            slot.reopen_fresh(cfg)?;
            let order = if bench == "fillseq" {
                Order::Sequential
            } else {
                Order::Random
            };
            let start = Instant::now();
            fill(slot.engine(), cfg, order, cfg.num, seed)?;
            o.secs = start.elapsed().as_secs_f64();
            o.ops = cfg.num;
            o.bytes = cfg.num * cfg.entry_bytes();
            slot.contents = Contents::Full;
            (wrote, show_disk) = (true, true);
        }
        "overwrite" => {
            slot.ensure_full(cfg)?;
            let engine = slot.engine();
            let (secs, _) = run_threads(cfg.threads, cfg.num, |t, ops| {
                let mut rng = Rng::new(seed ^ (t as u64 + 1));
                write_keys(engine, cfg, ops, seed ^ ((t as u64) << 8), |_| {
                    rng.below(cfg.num)
                })
            })?;
            o.secs = secs;
            o.ops = cfg.num;
            o.bytes = cfg.num * cfg.entry_bytes();
            (wrote, show_disk) = (true, true);
        }
        "compact" => {
            slot.ensure_full(cfg)?;
            let start = Instant::now();
            slot.engine().compact()?;
            o.secs = start.elapsed().as_secs_f64();
            o.ops = 1;
            o.note = Some("one full compaction".into());
            (wrote, show_disk) = (true, true);
        }
        "readrandom" => {
            slot.ensure_full(cfg)?;
            let engine = slot.engine();
            let (secs, found) = run_threads(cfg.threads, cfg.num, |t, ops| {
                let mut rng = Rng::new(seed ^ (t as u64 + 1));
                let mut key = vec![0u8; cfg.key_size];
                let mut found = 0u64;
                for _ in 0..ops {
                    format_key(rng.below(cfg.num), &mut key);
                    found += u64::from(engine.get(&key)?);
                }
                Ok(found)
            })?;
            o.secs = secs;
            o.ops = cfg.num;
            o.found = Some((found.iter().sum(), cfg.num));
        }
        "readseq" | "readreverse" => {
            slot.ensure_full(cfg)?;
            let start = Instant::now();
            let (n, bytes) = slot.engine().scan(bench == "readreverse")?;
            o.secs = start.elapsed().as_secs_f64();
            o.ops = n;
            o.bytes = bytes;
            o.note = Some(format!("({n} entries)"));
        }
        "seekrandom" => {
            slot.ensure_full(cfg)?;
            let engine = slot.engine();
            let seeks = cfg.seeks();
            let (secs, counts) = run_threads(cfg.threads, seeks, |t, ops| {
                let mut rng = Rng::new(seed ^ (t as u64 + 1));
                let mut key = vec![0u8; cfg.key_size];
                let mut entries = 0u64;
                for _ in 0..ops {
                    format_key(rng.below(cfg.num), &mut key);
                    entries += engine.seek_and_next(&key, cfg.seek_nexts)? as u64;
                }
                Ok(entries)
            })?;
            o.secs = secs;
            o.ops = seeks;
            let entries: u64 = counts.iter().sum();
            o.bytes = entries * cfg.entry_bytes();
            let scaled = if seeks == cfg.num {
                String::new()
            } else {
                format!(" (--seeks, num is {})", cfg.num)
            };
            o.note = Some(format!(
                "({seeks} seeks{scaled}, each followed by {} next(): {entries} entries read)",
                cfg.seek_nexts
            ));
        }
        "fillsync" => {
            slot.reopen_fresh(cfg)?;
            let engine = slot.engine();
            let mut rng = Rng::new(seed);
            let mut values = ValueGen::new(seed ^ 0x5, cfg.value_size, cfg.compression_ratio);
            let mut key = vec![0u8; cfg.key_size];
            let mut lat = Vec::with_capacity(cfg.fillsync_ops as usize);
            let start = Instant::now();
            for _ in 0..cfg.fillsync_ops {
                format_key(rng.below(cfg.num), &mut key);
                let t0 = Instant::now();
                engine.put(&key, values.next_value(cfg.value_size), true)?;
                lat.push(t0.elapsed().as_nanos() as u64);
            }
            o.secs = start.elapsed().as_secs_f64();
            o.ops = cfg.fillsync_ops;
            lat.sort_unstable();
            o.latency = Some((
                percentile(&lat, 50.0) as f64 / 1e3,
                percentile(&lat, 99.0) as f64 / 1e3,
            ));
            slot.contents = Contents::Partial;
            (wrote, show_disk) = (true, true);
        }
        "fillsync_threads" => {
            slot.reopen_fresh(cfg)?;
            let engine = slot.engine();
            let total = cfg.sync_threads as u64 * cfg.sync_ops;
            let (secs, lats) = run_threads(cfg.sync_threads, total, |t, ops| {
                let mut values =
                    ValueGen::new(seed ^ (t as u64 + 1), cfg.value_size, cfg.compression_ratio);
                let mut key = vec![0u8; cfg.key_size];
                let mut lat = Vec::with_capacity(ops as usize);
                for i in 0..ops {
                    // Thread t writes its own keys, interleaved with the other threads'.
                    format_key(i * cfg.sync_threads as u64 + t as u64, &mut key);
                    let t0 = Instant::now();
                    engine.put(&key, values.next_value(cfg.value_size), true)?;
                    lat.push(t0.elapsed().as_nanos() as u64);
                }
                Ok(lat)
            })?;
            o.secs = secs;
            o.ops = total;
            let mut lat: Vec<u64> = lats.into_iter().flatten().collect();
            lat.sort_unstable();
            o.latency = Some((
                percentile(&lat, 50.0) as f64 / 1e3,
                percentile(&lat, 99.0) as f64 / 1e3,
            ));
            o.note = Some(format!(
                "({} threads x {} synced puts)",
                cfg.sync_threads, cfg.sync_ops
            ));
            slot.contents = Contents::Partial;
            (wrote, show_disk) = (true, true);
        }
        other => return Err(format!("unknown benchmark {other}")),
    }
    if wrote {
        settle(slot, cfg);
    }
    if show_disk {
        o.disk = Some(dir_bytes(&slot.dir));
        o.tables = Some(slot.engine().table_bytes());
    }
    if cfg.stats {
        eprintln!(
            "  [{} after {bench}] {}",
            slot.kind.name(),
            slot.engine().diagnostics()
        );
    }
    Ok(o)
}

fn run(cfg: &Config) -> Result<()> {
    println!(
        "cairn-bench: keys {} bytes, values {} bytes ({:.0}% random), entries {}, raw size {:.1} MiB, \
         batch {}, threads {}, cache {} MiB, rounds {}, settle {}, db {}",
        cfg.key_size,
        cfg.value_size,
        cfg.compression_ratio * 100.0,
        cfg.num,
        (cfg.num * cfg.entry_bytes()) as f64 / 1_048_576.0,
        cfg.batch,
        cfg.threads,
        cfg.cache_mb,
        cfg.rounds,
        cfg.settle,
        cfg.db.display()
    );
    println!(
        "cpus {}, profile {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        if cfg!(debug_assertions) {
            "debug (numbers are meaningless)"
        } else {
            "release"
        }
    );
    for k in &cfg.engines {
        println!("{}", k.describe(&cfg.engine_config()));
    }
    let mut slots: Vec<Slot> = cfg
        .engines
        .iter()
        .map(|&kind| Slot {
            kind,
            dir: cfg.db.join(kind.name()),
            engine: None,
            contents: Contents::Unknown,
        })
        .collect();
    for s in &mut slots {
        // Start from nothing: a database left by an earlier run may have other settings.
        s.reopen_fresh(cfg)?;
    }
    let mut outcomes = Vec::new();
    for round in 1..=cfg.rounds {
        println!("## round {round}/{}", cfg.rounds);
        for bench in &cfg.benchmarks {
            for slot in &mut slots {
                let o = run_bench(slot, bench, cfg, round)?;
                println!("{}", o.line());
                outcomes.push(o);
            }
        }
    }
    let names: Vec<&'static str> = cfg.engines.iter().map(|k| k.name()).collect();
    print!(
        "{}",
        report::summary(&outcomes, &cfg.benchmarks, &names, cfg.rounds)
    );
    for s in &mut slots {
        s.engine = None;
    }
    Ok(())
}

fn main() {
    let cfg = match Config::parse(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cairn-bench: {e}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&cfg) {
        eprintln!("cairn-bench: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::KNOWN_BENCHMARKS;

    fn parse(args: &[&str]) -> Result<Config> {
        Config::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_db_bench_style_flags() {
        let c = parse(&[
            "--engines=fjall",
            "--num",
            "5000",
            "--benchmarks=fillseq,readrandom",
            "--settle=0",
        ])
        .unwrap();
        assert_eq!(c.engines, vec![Kind::Fjall]);
        assert_eq!(c.num, 5000);
        assert_eq!(c.benchmarks, vec!["fillseq", "readrandom"]);
        assert!(!c.settle);
        assert!(parse(&["--benchmarks=nope"]).is_err());
        assert!(parse(&["--key_size=3", "--num=10000"]).is_err());
        assert!(parse(&["--bogus=1"]).is_err());
    }

    #[test]
    fn every_benchmark_runs_on_both_engines() {
        let dir = std::env::temp_dir().join(format!("cairn-bench-test-{}", std::process::id()));
        let cfg = parse(&[
            "--num=2000",
            "--batch=7",
            "--threads=2",
            "--seeks=50",
            "--fillsync_ops=5",
            "--sync_threads=3",
            "--sync_ops=4",
            "--settle=0",
            &format!("--db={}", dir.display()),
        ])
        .unwrap();
        for kind in [Kind::Cairn, Kind::Fjall] {
            let mut slot = Slot {
                kind,
                dir: dir.join(kind.name()),
                engine: None,
                contents: Contents::Unknown,
            };
            for bench in KNOWN_BENCHMARKS {
                let o = run_bench(&mut slot, bench, &cfg, 1).unwrap();
                match *bench {
                    "readrandom" => assert_eq!(o.found, Some((2000, 2000)), "{}", o.line()),
                    "readseq" | "readreverse" => assert_eq!(o.ops, 2000, "{}", o.line()),
                    "seekrandom" => assert!(o.bytes > 0, "{}", o.line()),
                    "fillsync_threads" => assert_eq!(o.ops, 12),
                    _ => {}
                }
                if matches!(*bench, "fillseq" | "fillrandom" | "compact" | "fillsync") {
                    assert!(o.disk.unwrap() > 0, "{}", o.line());
                }
            }
            // After fillsync_threads only 12 keys exist: a read benchmark refills first.
            let o = run_bench(&mut slot, "readrandom", &cfg, 2).unwrap();
            assert_eq!(o.found, Some((2000, 2000)));
            slot.engine = None;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
