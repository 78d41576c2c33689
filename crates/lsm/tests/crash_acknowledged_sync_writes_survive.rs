//! A power loss at any point keeps every write acknowledged with `sync = true` (and every
//! write a later synced write covers), never shows a write that was not made, and keeps
//! batches atomic; the recovered database is fully usable.
//!
//! Each seed runs a random workload (puts, deletes, batches, synced or not, 1 or 4 threads)
//! on `FaultyFs(MemFs)` with small options, so memtables switch, flush and compact all the
//! time. At a random point the disk "dies": a fault is armed on every write operation, on
//! syncs only, on appends only, or on directory syncs only, either from the start with a
//! random budget or at a random operation with no budget (a plain crash). Then the database
//! is dropped, `MemFs::crash` keeps only what was synced (for half the seeds, plus a random
//! prefix of each log's unsynced bytes, as if the OS had written some back: torn records),
//! and the reopened database must hold a state allowed by `crash_harness::check` (see its
//! module doc).
//!
//! `CRASH_SEEDS=n` runs more seeds.

mod common;
mod crash_harness;

use std::sync::Arc;

use cairn_lsm::fs::{FaultKind, FaultyFs, MemFs};
use cairn_lsm::Db;
use crash_harness::{Config, Durability, DIR};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

fn run(seed: u64) {
    let _guard = common::OnPanic(format!(
        "seed {seed} (rerun one seed with CRASH_SEED={seed})"
    ));
    let mut rng = SmallRng::seed_from_u64(seed);
    let mem = MemFs::new();
    let faulty = FaultyFs::new(Arc::new(mem.clone()));
    let mut opts = common::small_options(Arc::new(faulty.clone()));
    opts.write_buffer_size = [4 << 10, 8 << 10, 16 << 10][rng.gen_range(0..3)];
    let cfg = Config {
        threads: if seed % 4 == 3 { 4 } else { 1 },
        ops_per_thread: if seed % 4 == 3 { 200 } else { 500 },
        sync_ratio: [0.05, 0.3, 0.8][rng.gen_range(0..3)],
        ..Config::default()
    };
    let total_ops = (cfg.threads * cfg.ops_per_thread) as u64;
    // (kind, budget of operations of that kind that still succeed, operation to arm at)
    let (kind, budget, arm_at) = match rng.gen_range(0..6) {
        0 | 1 => (FaultKind::AnyWrite, rng.gen_range(0..3000), 0),
        2 => (FaultKind::Sync, rng.gen_range(0..200), 0),
        3 => (FaultKind::Append, rng.gen_range(0..1500), 0),
        4 => (FaultKind::SyncDir, rng.gen_range(0..30), 0),
        _ => (FaultKind::AnyWrite, 0, rng.gen_range(0..total_ops)),
    };

    let db = Db::open(DIR, opts).unwrap();
    let arm = |n: u64| {
        if n == arm_at {
            faulty.fail_after(kind, budget);
        }
    };
    let history = crash_harness::run(&db, &faulty, &cfg, seed, &arm);
    // If the disk has not died yet, it dies now.
    if !faulty.tripped() {
        faulty.fail_after(FaultKind::AnyWrite, 0);
    }
    drop(db);
    let writeback = rng.gen_bool(0.5);
    crash_harness::power_loss(&mem, &mut rng, writeback);
    faulty.heal();

    let db = Db::open(DIR, common::small_options(Arc::new(mem.clone())))
        .unwrap_or_else(|e| panic!("reopen after the crash failed: {e} ({kind:?} after {budget})"));
    let recovered = crash_harness::check(&db, &history, Durability::PowerLoss);
    if std::env::var("CRASH_VERBOSE").is_ok() {
        eprintln!(
            "seed {seed}: {kind:?} after {budget} (at op {arm_at}), writeback {writeback}: {} acked, {} failed, {} keys \
             recovered, {} bytes of torn tail",
            history.acked(),
            history.failed(),
            recovered.len(),
            db.stats().wal_tail_dropped_bytes
        );
    }
    crash_harness::check_usable(&db, &recovered);
    drop(db);
    // And once more, cleanly.
    let db = Db::open(DIR, common::small_options(Arc::new(mem.clone()))).unwrap();
    let again = crash_harness::contents(&db);
    assert_eq!(
        again.len(),
        recovered.len() + 300,
        "a clean reopen changed the contents"
    );
}

#[test]
fn acknowledged_sync_writes_survive_a_crash() {
    if let Some(seed) = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return run(seed);
    }
    for seed in 0..common::seeds("CRASH_SEEDS", 40) {
        run(seed);
    }
}
