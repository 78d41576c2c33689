//! Recovery survives its own crash: a fault or a power loss at any point of an open that
//! follows a crash (while it replays logs into tables, creates its new log, writes the new
//! manifest and `CURRENT`, deletes old files) leaves a database that the next open recovers
//! to the same consistent state.
//!
//! Each seed runs the random workload of `crash_harness` and loses power at a random point.
//! Then, one to four times: arm a fault (every write operation, creates, syncs, directory
//! syncs, renames, appends or deletes, with a small budget), open, and lose power again.
//! Every open that succeeds must show a state allowed by `crash_harness::check`, and all of
//! them, and the final clean open, the *same* state. The final database must work and hold
//! no leftover table.
//!
//! `CRASH_SEEDS=n` runs more seeds, `CRASH_SEED=s` one seed.

mod common;
mod crash_harness;

use std::collections::BTreeMap;

use cairn_lsm::fs::FaultKind;
use cairn_lsm::Db;
use crash_harness::{Config, Durability, DIR};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

fn recovery_fault(rng: &mut SmallRng) -> (FaultKind, u64) {
    match rng.gen_range(0..8) {
        0 | 1 => (FaultKind::AnyWrite, rng.gen_range(0..150)),
        2 => (FaultKind::Create, rng.gen_range(0..6)),
        3 => (FaultKind::Sync, rng.gen_range(0..8)),
        4 => (FaultKind::SyncDir, rng.gen_range(0..4)),
        5 => (FaultKind::Rename, 0),
        6 => (FaultKind::Append, rng.gen_range(0..120)),
        _ => (FaultKind::Remove, rng.gen_range(0..4)),
    }
}

fn run(seed: u64) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let (mem, faulty, mut opts) = crash_harness::faulty_disk();
    opts.write_buffer_size = crash_harness::random_write_buffer_size(&mut rng);
    let cfg = Config {
        flush_ratio: 0.02,
        ..Config::per_seed(seed, 400, 150)
    };

    // The first crash, somewhere in a random workload.
    let total = (cfg.threads * cfg.ops_per_thread) as u64;
    let crash_at = rng.gen_range(total / 4..total);
    let db = Db::open(DIR, opts.clone()).unwrap();
    let arm = crash_harness::arm_at(&faulty, crash_at, FaultKind::AnyWrite, 0);
    let history = crash_harness::run(&db, &faulty, &cfg, seed, &arm);
    faulty.fail_after(FaultKind::AnyWrite, 0);
    drop(db);
    crash_harness::crash(&mem, &faulty, &mut rng, Durability::PowerLoss);

    // Recoveries that fail or crash.
    let mut seen: Option<BTreeMap<Vec<u8>, Vec<u8>>> = None;
    let mut same_as_seen = |state: BTreeMap<Vec<u8>, Vec<u8>>, what: &str| match &seen {
        Some(s) => assert!(
            *s == state,
            "{what}: recovered a different state than before"
        ),
        None => seen = Some(state),
    };
    let rounds = rng.gen_range(1..=4);
    for round in 0..rounds {
        let (kind, budget) = recovery_fault(&mut rng);
        let _round = common::OnPanic(format!("round {round}: {kind:?} after {budget}"));
        faulty.fail_after(kind, budget);
        match Db::open(DIR, opts.clone()) {
            Ok(db) => {
                let state = crash_harness::check(&db, &history, Durability::PowerLoss);
                same_as_seen(state, "an open with a fault armed");
                drop(db);
            }
            Err(e) => assert!(faulty.tripped(), "open failed without a fault: {e}"),
        }
        crash_harness::verbose(|| {
            format!(
                "seed {seed} round {round}: {kind:?} after {budget}: tripped {}",
                faulty.tripped()
            )
        });
        crash_harness::crash(&mem, &faulty, &mut rng, Durability::PowerLoss);
    }

    let (db, _) = crash_harness::recover(
        &mem,
        &history,
        Durability::PowerLoss,
        "final open",
        |_, state| same_as_seen(state.clone(), "the final open"),
    );
    crash_harness::close_and_check_no_orphan_tables(&db, &mem);
}

#[test]
fn recovery_interrupted_by_faults_and_crashes_converges() {
    common::for_each_seed("CRASH_SEED", "CRASH_SEEDS", 40, run);
}
