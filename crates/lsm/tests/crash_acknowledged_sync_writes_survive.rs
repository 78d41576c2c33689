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

use cairn_lsm::fs::FaultKind;
use cairn_lsm::Db;
use crash_harness::{Config, Durability, DIR};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

fn run(seed: u64) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let (mem, faulty, mut opts) = crash_harness::faulty_disk();
    opts.write_buffer_size = crash_harness::random_write_buffer_size(&mut rng);
    let cfg = Config {
        sync_ratio: [0.05, 0.3, 0.8][rng.gen_range(0..3)],
        ..Config::per_seed(seed, 500, 200)
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
    let _fault = common::OnPanic(format!("fault {kind:?} after {budget} (at op {arm_at})"));

    let db = Db::open(DIR, opts).unwrap();
    let arm = crash_harness::arm_at(&faulty, arm_at, kind, budget);
    let history = crash_harness::run(&db, &faulty, &cfg, seed, &arm);
    // If the disk has not died yet, it dies now.
    if !faulty.tripped() {
        faulty.fail_after(FaultKind::AnyWrite, 0);
    }
    drop(db);
    let writeback = crash_harness::crash(&mem, &faulty, &mut rng, Durability::PowerLoss);

    let (db, recovered) = crash_harness::recover(
        &mem,
        &history,
        Durability::PowerLoss,
        "reopen after the crash",
        |db, recovered| {
            crash_harness::verbose(|| {
                format!(
                    "seed {seed}: {kind:?} after {budget} (at op {arm_at}), writeback {writeback}: \
                     {} acked, {} failed, {} keys recovered, {} bytes of torn tail",
                    history.acked(),
                    history.failed(),
                    recovered.len(),
                    db.stats().wal_tail_dropped_bytes
                )
            })
        },
    );
    drop(db);
    // And once more, cleanly.
    let db = crash_harness::reopen(&mem).unwrap();
    let again = crash_harness::contents(&db);
    assert_eq!(
        again.len(),
        recovered.len() + 300,
        "a clean reopen changed the contents"
    );
}

#[test]
fn acknowledged_sync_writes_survive_a_crash() {
    common::for_each_seed("CRASH_SEED", "CRASH_SEEDS", 40, run);
}
