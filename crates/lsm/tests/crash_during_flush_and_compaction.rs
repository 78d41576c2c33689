//! A fault inside a flush or a compaction (creating, appending to or syncing a table, syncing
//! the directory, writing the manifest, deleting obsolete files) never loses a synced write,
//! and a failed background job stops the engine from acknowledging writes instead of hanging
//! or going on as if nothing happened.
//!
//! Each seed writes in phases (the random workload of `crash_harness`, memtables of 4 to 16
//! KiB) and between phases flushes, compacts a range, compacts everything or lets the
//! background threads work. Right before one of these steps a fault is armed with a small
//! budget, so it fires inside that flush or compaction or in the background work that
//! follows. Then:
//! - every error must come from the fault;
//! - a failed delete (`Remove`) must not matter at all: the engine goes on;
//! - any other fault must stop writes: after it fired, a synced put and a flush cannot both
//!   succeed, and once either failed every later write fails;
//! - after a power loss (`MemFs::crash`) and a reopen, every synced write is there
//!   (`crash_harness::check`), the database works, and no table is left behind.
//!
//! `CRASH_SEEDS=n` runs more seeds, `CRASH_SEED=s` one seed.

mod common;
mod crash_harness;

use cairn_lsm::fs::FaultKind;
use cairn_lsm::{Db, WriteOptions};
use crash_harness::{Config, Durability, History, DIR};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

const PHASES: usize = 8;

#[derive(Debug, Clone, Copy)]
enum Step {
    Flush,
    CompactRange,
    CompactAll,
    Background,
}

fn run(seed: u64) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let (mem, faulty, mut opts) = crash_harness::faulty_disk();
    opts.write_buffer_size = crash_harness::random_write_buffer_size(&mut rng);
    opts.l0_compaction_trigger = rng.gen_range(2..5);
    let (kind, budget) = match rng.gen_range(0..7) {
        0 => (FaultKind::Create, rng.gen_range(0..4)),
        1 => (FaultKind::Sync, rng.gen_range(0..6)),
        2 => (FaultKind::SyncDir, rng.gen_range(0..4)),
        3 => (FaultKind::Append, rng.gen_range(0..80)),
        4 => (FaultKind::AnyWrite, rng.gen_range(0..120)),
        5 => (FaultKind::Remove, rng.gen_range(0..3)),
        _ => (FaultKind::Sync, rng.gen_range(6..30)),
    };
    let fault_phase = rng.gen_range(0..PHASES);
    let _fault = common::OnPanic(format!(
        "fault {kind:?} after {budget} in phase {fault_phase}"
    ));

    let db = Db::open(DIR, opts).unwrap();
    let mut history = History::default();
    let probe_thread = 1;
    let mut probes = 0;
    let mut probe = |db: &Db, history: &mut History| {
        probes += 1;
        let k = format!("probe{probes:03}").into_bytes();
        let ok = db.put(&k, b"probe", WriteOptions { sync: true }).is_ok();
        history.record_put(probe_thread, &k, b"probe", true, ok);
        ok
    };
    for phase in 0..PHASES {
        let cfg = Config {
            ops_per_thread: 120,
            flush_ratio: 0.0,
            compact_ratio: 0.0,
            sync_ratio: 0.5,
            phase,
            ..Config::default()
        };
        let ran = crash_harness::run_after(&db, &faulty, &cfg, seed, &|_| {}, &history);
        history.extend(ran);
        let step = [
            Step::Flush,
            Step::CompactRange,
            Step::CompactAll,
            Step::Background,
        ][rng.gen_range(0..4)];
        if phase == fault_phase {
            faulty.fail_after(kind, budget);
        }
        let result = match step {
            Step::Flush => db.flush(),
            Step::CompactRange => {
                let a = rng.gen_range(0..60);
                let b = rng.gen_range(a..60);
                let lo = format!("t0k{a:03}");
                let hi = format!("t0k{b:03}");
                db.compact_range(Some(lo.as_bytes()), Some(hi.as_bytes()))
            }
            Step::CompactAll => db.compact_range(None, None),
            Step::Background => Ok(()),
        };
        if let Err(e) = &result {
            assert!(faulty.tripped(), "{step:?} failed without a fault: {e}");
        }
        if !faulty.tripped() {
            continue;
        }
        if kind == FaultKind::Remove {
            // Deleting obsolete files is best effort: the engine must go on.
            assert!(
                result.is_ok(),
                "a failed delete failed {step:?}: {result:?}"
            );
            assert!(probe(&db, &mut history), "a failed delete stopped writes");
            continue;
        }
        // The fault keeps failing every operation of its kind: the next flush runs into it
        // if the step did not already stop the engine.
        let wrote = probe(&db, &mut history);
        let flushed = db.flush();
        assert!(
            !(wrote && flushed.is_ok()),
            "after a failed {step:?} the engine still writes and flushes"
        );
        for _ in 0..3 {
            assert!(
                !probe(&db, &mut history),
                "a write succeeded after a failed write or flush"
            );
        }
        break;
    }
    drop(db);
    crash_harness::crash(&mem, &faulty, &mut rng, Durability::PowerLoss);

    let (db, _) = crash_harness::recover(
        &mem,
        &history,
        Durability::PowerLoss,
        "reopen after the crash",
        |_, recovered| {
            crash_harness::verbose(|| {
                format!(
                    "seed {seed}: {kind:?} after {budget} in phase {fault_phase}: tripped {}, \
                     {} acked, {} failed, {} keys",
                    faulty.tripped(),
                    history.acked(),
                    history.failed(),
                    recovered.len()
                )
            })
        },
    );
    crash_harness::close_and_check_no_orphan_tables(&db, &mem);
}

#[test]
fn faults_in_flush_and_compaction_lose_no_synced_write() {
    common::for_each_seed("CRASH_SEED", "CRASH_SEEDS", 40, run);
}
