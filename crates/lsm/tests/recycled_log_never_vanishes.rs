//! Regression test for a race found by `crash_recovery_is_idempotent`: the flush thread and
//! the compaction thread (or a manual compaction) each run a pass that deletes obsolete
//! files. One pass could decide to delete an old log (the pool of logs kept for reuse was
//! full) while the other, after a memtable switch had taken a log from the pool, put that
//! same log into the pool; the first pass then deleted the file, and the next switch failed
//! to reuse it (`NotFound`): a spurious background error, every later write refused.
//!
//! Fix (`db/background.rs`, `delete_obsolete_files`): obsolete logs are deleted while the
//! state lock is held, so deciding and deleting are one step for the other pass.
//!
//! Timing-dependent by nature: many threads write with tiny memtables and a pool of one log
//! while two more threads flush and compact without pause, so that both deletion passes and
//! memtable switches interleave thousands of times, on a file system whose deletes of logs
//! are slow (1 ms). No write or flush may fail.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cairn_lsm::fs::MemFs;
use cairn_lsm::{Db, Options, ReadOptions, WriteOptions};

#[test]
fn concurrent_deletion_passes_never_delete_a_log_kept_for_reuse() {
    let rounds = common::seeds("STRESS_ROUNDS", 3);
    for round in 0..rounds {
        let _guard = common::OnPanic(format!("round {round}"));
        // Slow deletes of logs widen the window between a pass's decision and its delete.
        let slow = common::SlowSyncFs {
            inner: MemFs::new(),
            extension: "log",
            delay: Duration::from_millis(1),
        };
        let opts = Options {
            write_buffer_size: 1 << 10,
            recycle_log_files: 1,
            l0_compaction_trigger: 2,
            max_immutable_memtables: 1,
            ..common::small_options(Arc::new(slow))
        };
        let db = Db::open("/db", opts).unwrap();
        let done = AtomicBool::new(false);
        std::thread::scope(|s| {
            let (db, done) = (&db, &done);
            s.spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    db.flush().expect("flush");
                }
            });
            s.spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    db.compact_range(None, None).expect("compaction");
                }
            });
            let writers: Vec<_> = (0..4u64)
                .map(|t| {
                    s.spawn(move || {
                        for i in 0..1000u64 {
                            let k = common::key(t * 100_000 + i % 300);
                            db.put(&k, &[t as u8; 40], WriteOptions::default())
                                .unwrap_or_else(|e| panic!("writer {t} put {i}: {e}"));
                        }
                    })
                })
                .collect();
            for w in writers {
                w.join().unwrap();
            }
            done.store(true, Ordering::Relaxed);
        });
        for t in 0..4u64 {
            let k = common::key(t * 100_000 + 7);
            assert_eq!(
                db.get(&k, &ReadOptions::default()).unwrap(),
                Some(vec![t as u8; 40])
            );
        }
    }
}
