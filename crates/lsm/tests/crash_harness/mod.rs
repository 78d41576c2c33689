//! Shared by the crash tests: a random workload that records what every write returned, and a
//! checker that decides whether a recovered database is a state the engine may come back in.
//!
//! The model. Every thread owns its keys (no other thread writes them), so the order of the
//! writes to a key is the thread's program order. The write-ahead log is written in order
//! and recovery replays a prefix of it, so for each thread the recovered keys must be
//! exactly the state after some prefix `ops[..c]` of the thread's operations (a *cut*):
//! - no write shows up without every earlier write of its thread (prefix);
//! - a batch is one operation, so it is all in or all out (batches write fresh keys, so a
//!   partial batch can never match a cut);
//! - values are unique per operation, so a value that was never written cannot match;
//! - the cut is at least past every write that must be durable:
//!   - after a power loss ([`Durability::PowerLoss`]): every write acknowledged with
//!     `sync = true`, and every write acknowledged *before* some other write started that
//!     was then acknowledged with `sync = true` (a sync makes the whole log prefix durable);
//!   - after a process crash ([`Durability::ProcessCrash`], the OS keeps what it was
//!     given): every acknowledged write.
//!
//! The workload also checks, while it runs: an error only ever comes from an injected fault;
//! once a write or a flush has failed, every write started afterwards fails too (the engine
//! is fail-stop: it never acknowledges a write on top of a log it could not write); and each
//! thread reads back its own last acknowledged value before any failure.

#![allow(dead_code)]

mod check;
mod crash;

pub use check::*;
pub use crash::*;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use cairn_lsm::fs::{FaultKind, FaultyFs, MemFs};
use cairn_lsm::{Db, Options, ReadOptions, WriteBatch, WriteOptions};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// Where every crash test keeps its database.
pub const DIR: &str = "/db";

/// One write call and what it returned.
#[derive(Debug, Clone)]
pub struct Op {
    /// The keys it set (`Some`) or deleted (`None`), in batch order.
    pub writes: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    pub sync: bool,
    pub ok: bool,
    /// The clock read just before the call.
    pub start: u64,
    /// The clock ticked when the call returned `Ok` (0 if it failed).
    pub ack: u64,
}

/// Every thread's operations, in program order.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub threads: Vec<Vec<Op>>,
}

impl History {
    /// Appends the operations of a later run (`later` started after every operation here
    /// ended); thread `t` of `later` continues thread `t` here.
    pub fn extend(&mut self, later: History) {
        let offset = self.max_clock() + 1;
        for (t, ops) in later.threads.into_iter().enumerate() {
            if self.threads.len() <= t {
                self.threads.push(Vec::new());
            }
            self.threads[t].extend(ops.into_iter().map(|mut o| {
                o.start += offset;
                if o.ok {
                    o.ack += offset;
                }
                o
            }));
        }
    }

    /// The largest clock value any operation saw.
    pub fn max_clock(&self) -> u64 {
        self.threads
            .iter()
            .flatten()
            .map(|o| o.start.max(o.ack))
            .max()
            .unwrap_or(0)
    }

    /// Records a single put made outside [`run`] by a thread of its own, after every
    /// operation so far.
    pub fn record_put(&mut self, thread: usize, key: &[u8], value: &[u8], sync: bool, ok: bool) {
        while self.threads.len() <= thread {
            self.threads.push(Vec::new());
        }
        let start = self.max_clock() + 1;
        let writes = vec![(key.to_vec(), Some(value.to_vec()))];
        let ack = if ok { start + 1 } else { 0 };
        self.threads[thread].push(Op {
            writes,
            sync,
            ok,
            start,
            ack,
        });
    }

    /// Operations that returned `Ok`.
    pub fn acked(&self) -> usize {
        self.threads.iter().flatten().filter(|o| o.ok).count()
    }

    /// Operations that returned an error.
    pub fn failed(&self) -> usize {
        self.threads.iter().flatten().filter(|o| !o.ok).count()
    }
}

/// The shape of a workload.
#[derive(Debug, Clone)]
pub struct Config {
    pub threads: usize,
    pub ops_per_thread: usize,
    pub keys_per_thread: u64,
    pub sync_ratio: f64,
    pub batch_ratio: f64,
    pub delete_ratio: f64,
    pub read_ratio: f64,
    pub flush_ratio: f64,
    pub compact_ratio: f64,
    pub max_value: usize,
    /// Mixed into batch keys and values, so that several runs on one database (phases)
    /// never write the same batch key or value twice.
    pub phase: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threads: 1,
            ops_per_thread: 400,
            keys_per_thread: 60,
            sync_ratio: 0.3,
            batch_ratio: 0.15,
            delete_ratio: 0.1,
            read_ratio: 0.1,
            flush_ratio: 0.01,
            compact_ratio: 0.005,
            max_value: 200,
            phase: 0,
        }
    }
}

impl Config {
    /// The default workload on one thread of `ops` operations, except for one seed in four:
    /// four threads of `ops_4` operations each.
    pub fn per_seed(seed: u64, ops: usize, ops_4: usize) -> Config {
        let four = seed % 4 == 3;
        Config {
            threads: if four { 4 } else { 1 },
            ops_per_thread: if four { ops_4 } else { ops },
            ..Config::default()
        }
    }
}

/// The disk of a crash test, a `FaultyFs` over a `MemFs` (which keeps what survives a crash),
/// and small options on it (memtables switch, flush and compact all the time).
pub fn faulty_disk() -> (MemFs, FaultyFs, Options) {
    let mem = MemFs::new();
    let faulty = FaultyFs::new(Arc::new(mem.clone()));
    let opts = super::common::small_options(Arc::new(faulty.clone()));
    (mem, faulty, opts)
}

/// A random memtable size: 4, 8 or 16 KiB.
pub fn random_write_buffer_size(rng: &mut SmallRng) -> usize {
    [4 << 10, 8 << 10, 16 << 10][rng.gen_range(0..3)]
}

/// A `before_op` for [`run`] that arms `kind` with `budget` on `faulty` before operation
/// `at`.
pub fn arm_at(
    faulty: &FaultyFs,
    at: u64,
    kind: FaultKind,
    budget: u64,
) -> impl Fn(u64) + Sync + '_ {
    move |n| {
        if n == at {
            faulty.fail_after(kind, budget);
        }
    }
}

/// Prints `report()` if `CRASH_VERBOSE` is set.
pub fn verbose(report: impl FnOnce() -> String) {
    if std::env::var("CRASH_VERBOSE").is_ok() {
        eprintln!("{}", report());
    }
}

fn owned_key(t: usize, k: u64) -> Vec<u8> {
    format!("t{t}k{k:03}").into_bytes()
}

fn value(t: usize, phase: usize, i: usize, rng: &mut SmallRng, max: usize) -> Vec<u8> {
    let mut v = format!("t{t}p{phase}o{i}:").into_bytes();
    let filler = rng.gen_range(0..=max);
    v.extend((0..filler).map(|_| rng.gen::<u8>()));
    v
}

/// Runs `cfg` against `db`. `before_op(n)` is called before the `n`-th operation (counted
/// over all threads), e.g. to arm a fault. Panics if the engine breaks a rule the workload
/// can see while it runs (see the module doc).
pub fn run(
    db: &Db,
    faulty: &FaultyFs,
    cfg: &Config,
    seed: u64,
    before_op: &(dyn Fn(u64) + Sync),
) -> History {
    run_after(db, faulty, cfg, seed, before_op, &History::default())
}

/// [`run`] on a database that already went through `prior` (so that reads know what each
/// thread wrote before).
pub fn run_after(
    db: &Db,
    faulty: &FaultyFs,
    cfg: &Config,
    seed: u64,
    before_op: &(dyn Fn(u64) + Sync),
    prior: &History,
) -> History {
    let clock = AtomicU64::new(1);
    let global_ops = AtomicU64::new(0);
    let write_failed = AtomicBool::new(false);
    let threads = std::thread::scope(|s| {
        let handles: Vec<_> = (0..cfg.threads)
            .map(|t| {
                let (clock, global_ops, write_failed) = (&clock, &global_ops, &write_failed);
                let prior = prior.threads.get(t).map_or(&[][..], |ops| ops.as_slice());
                s.spawn(move || {
                    thread_body(
                        prior,
                        db,
                        faulty,
                        cfg,
                        seed,
                        t,
                        before_op,
                        clock,
                        global_ops,
                        write_failed,
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    History { threads }
}

/// Adds a put of `k` (`v` is `Some`) or a delete (`None`) to `batch`, and records it in
/// `writes`.
fn add_write(
    batch: &mut WriteBatch,
    writes: &mut Vec<(Vec<u8>, Option<Vec<u8>>)>,
    k: Vec<u8>,
    v: Option<Vec<u8>>,
) {
    match &v {
        Some(v) => batch.put(&k, v),
        None => batch.delete(&k),
    }
    writes.push((k, v));
}

#[allow(clippy::too_many_arguments)]
fn thread_body(
    prior: &[Op],
    db: &Db,
    faulty: &FaultyFs,
    cfg: &Config,
    seed: u64,
    t: usize,
    before_op: &(dyn Fn(u64) + Sync),
    clock: &AtomicU64,
    global_ops: &AtomicU64,
    write_failed: &AtomicBool,
) -> Vec<Op> {
    let mut rng = SmallRng::seed_from_u64(
        seed.wrapping_mul(1_000_003)
            .wrapping_add(t as u64)
            .wrapping_add((cfg.phase as u64) << 32),
    );
    let mut ops = Vec::new();
    let mut model: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
    for (k, v) in prior.iter().flat_map(|o| &o.writes) {
        match v {
            Some(v) => model.insert(k.clone(), v.clone()),
            None => model.remove(k),
        };
    }
    // Reads are checked only while every write of the thread succeeded.
    let mut failures_seen = prior.iter().filter(|o| !o.ok).count();
    for i in 0..cfg.ops_per_thread {
        before_op(global_ops.fetch_add(1, Ordering::SeqCst));
        let mut roll: f64 = rng.gen();
        if roll < cfg.flush_ratio {
            if let Err(e) = db.flush() {
                assert!(
                    faulty.tripped(),
                    "thread {t} op {i}: flush failed without a fault: {e}"
                );
                write_failed.store(true, Ordering::SeqCst);
            }
            continue;
        }
        roll -= cfg.flush_ratio;
        if roll < cfg.compact_ratio {
            let a = owned_key(
                rng.gen_range(0..cfg.threads),
                rng.gen_range(0..cfg.keys_per_thread),
            );
            let b = owned_key(
                rng.gen_range(0..cfg.threads),
                rng.gen_range(0..cfg.keys_per_thread),
            );
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let full = rng.gen_bool(0.3);
            let r = if full {
                db.compact_range(None, None)
            } else {
                db.compact_range(Some(&lo), Some(&hi))
            };
            if let Err(e) = r {
                assert!(
                    faulty.tripped(),
                    "thread {t} op {i}: compaction failed without a fault: {e}"
                );
            }
            continue;
        }
        roll -= cfg.compact_ratio;
        if roll < cfg.read_ratio {
            if failures_seen == 0 {
                let k = owned_key(t, rng.gen_range(0..cfg.keys_per_thread));
                match db.get(&k, &ReadOptions::default()) {
                    Ok(got) => assert_eq!(
                        got.as_ref(),
                        model.get(&k),
                        "thread {t} op {i}: read of {} does not return the last write",
                        String::from_utf8_lossy(&k)
                    ),
                    Err(e) => panic!("thread {t} op {i}: read failed: {e}"),
                }
            }
            continue;
        }

        let sync = rng.gen_bool(cfg.sync_ratio);
        let mut writes = Vec::new();
        let mut batch = WriteBatch::new();
        if rng.gen_bool(cfg.batch_ratio) {
            for j in 0..rng.gen_range(2..=6) {
                let k = format!("t{t}b{}.{i:05}.{j}", cfg.phase).into_bytes();
                let v = value(t, cfg.phase, i, &mut rng, cfg.max_value / 4);
                add_write(&mut batch, &mut writes, k, Some(v));
            }
            if rng.gen_bool(0.3) {
                let k = owned_key(t, rng.gen_range(0..cfg.keys_per_thread));
                let v =
                    (!rng.gen_bool(0.5)).then(|| value(t, cfg.phase, i, &mut rng, cfg.max_value));
                add_write(&mut batch, &mut writes, k, v);
            }
        } else {
            let k = owned_key(t, rng.gen_range(0..cfg.keys_per_thread));
            let v = (!rng.gen_bool(cfg.delete_ratio))
                .then(|| value(t, cfg.phase, i, &mut rng, cfg.max_value));
            add_write(&mut batch, &mut writes, k, v);
        }
        let failed_before = write_failed.load(Ordering::SeqCst);
        let start = clock.load(Ordering::SeqCst);
        let result = db.write(batch, WriteOptions { sync });
        let ok = result.is_ok();
        let mut ack = 0;
        match result {
            Ok(()) => {
                assert!(
                    !failed_before,
                    "thread {t} op {i}: a write was acknowledged after an earlier write or flush \
                     had failed (the engine must be fail-stop)"
                );
                ack = clock.fetch_add(1, Ordering::SeqCst);
                for (k, v) in &writes {
                    match v {
                        Some(v) => model.insert(k.clone(), v.clone()),
                        None => model.remove(k),
                    };
                }
            }
            Err(e) => {
                assert!(
                    faulty.tripped(),
                    "thread {t} op {i}: write failed without a fault: {e}"
                );
                write_failed.store(true, Ordering::SeqCst);
                failures_seen += 1;
            }
        }
        ops.push(Op {
            writes,
            sync,
            ok,
            start,
            ack,
        });
        if failures_seen >= 3 {
            break;
        }
    }
    ops
}
