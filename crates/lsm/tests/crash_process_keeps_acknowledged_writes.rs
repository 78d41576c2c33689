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

use cairn_lsm::fs::FaultKind;
use cairn_lsm::Db;
use crash_harness::{Config, Durability, DIR};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

fn run(seed: u64) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let (mem, faulty, opts) = crash_harness::faulty_disk();
    let cfg = Config {
        sync_ratio: [0.0, 0.3][rng.gen_range(0..2)],
        ..Config::per_seed(seed, 400, 150)
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
    crash_harness::crash(&mem, &faulty, &mut rng, Durability::ProcessCrash);

    crash_harness::recover(
        &mem,
        &history,
        Durability::ProcessCrash,
        "reopen",
        |_, recovered| {
            crash_harness::verbose(|| {
                format!(
                    "seed {seed}: {kind:?} after {budget}, tripped {}: {} acked, {} failed, {} keys",
                    faulty.tripped(),
                    history.acked(),
                    history.failed(),
                    recovered.len()
                )
            })
        },
    );
}

#[test]
fn acknowledged_writes_survive_a_process_crash_after_io_errors() {
    common::for_each_seed("CRASH_SEED", "CRASH_SEEDS", 40, run);
}
