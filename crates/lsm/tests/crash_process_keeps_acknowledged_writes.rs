//! When only the process dies (the operating system keeps every byte it was handed), every
//! acknowledged write survives, synced or not, even after an I/O error.
//!
//! Each seed runs the random workload of `crash_harness` on `FaultyFs(MemFs)`, arms a fault
//! (every write operation, syncs, appends, creates or directory syncs) with a random budget,
//! lets the engine run into it, drops the database, heals the file system *without*
//! `MemFs::crash` and reopens: the state must include every acknowledged write
//! (`Durability::ProcessCrash`). A failed `fdatasync` does not mean the bytes are not in the
//! file: the engine must not act as if an edit whose sync failed was never written.
//!
//! `CRASH_SEEDS=n` runs more seeds, `CRASH_SEED=s` one seed.

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
    let opts = common::small_options(Arc::new(faulty.clone()));
    let cfg = Config {
        threads: if seed % 4 == 3 { 4 } else { 1 },
        ops_per_thread: if seed % 4 == 3 { 150 } else { 400 },
        sync_ratio: [0.0, 0.3][rng.gen_range(0..2)],
        ..Config::default()
    };
    let (kind, budget) = match rng.gen_range(0..5) {
        0 => (FaultKind::AnyWrite, rng.gen_range(0..2500)),
        1 => (FaultKind::Sync, rng.gen_range(0..150)),
        2 => (FaultKind::Append, rng.gen_range(0..1500)),
        3 => (FaultKind::Create, rng.gen_range(0..30)),
        _ => (FaultKind::SyncDir, rng.gen_range(0..30)),
    };
    let _fault = common::OnPanic(format!("fault {kind:?} after {budget}"));
    let db = Db::open(DIR, opts).unwrap();
    faulty.fail_after(kind, budget);
    let history = crash_harness::run(&db, &faulty, &cfg, seed, &|_| {});
    drop(db);
    faulty.heal();

    let db = Db::open(DIR, common::small_options(Arc::new(mem.clone())))
        .unwrap_or_else(|e| panic!("reopen failed: {e} ({kind:?} after {budget})"));
    let recovered = crash_harness::check(&db, &history, Durability::ProcessCrash);
    if std::env::var("CRASH_VERBOSE").is_ok() {
        eprintln!(
            "seed {seed}: {kind:?} after {budget}, tripped {}: {} acked, {} failed, {} keys",
            faulty.tripped(),
            history.acked(),
            history.failed(),
            recovered.len()
        );
    }
    crash_harness::check_usable(&db, &recovered);
}

#[test]
fn acknowledged_writes_survive_a_process_crash_after_io_errors() {
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
