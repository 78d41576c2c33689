//! When flushes and compactions fall behind, writes are slowed down and stopped, never
//! failed, and nothing is lost.
//!
//! Tiny memtables (1 KiB, one frozen at most) and level-0 triggers of 2 / 3 / 4 files, on a
//! file system whose table syncs are slow (2 ms): eight threads write as fast as they can,
//! so writers must wait for flushes (stalls) and level 0 fills past the slowdown trigger.
//! Every write must succeed, the statistics must show the slowdowns and stalls, and every
//! key must read back afterwards, also after a reopen.

mod common;

use std::sync::Arc;
use std::time::Duration;

use cairn_lsm::fs::MemFs;
use cairn_lsm::{Db, Options, ReadOptions, WriteOptions};

const THREADS: u64 = 8;
const WRITES: u64 = 600;

fn value(t: u64, i: u64) -> Vec<u8> {
    format!("thread {t} write {i} {}", "v".repeat((i % 50) as usize)).into_bytes()
}

#[test]
fn stalled_writes_wait_and_succeed() {
    let mem = MemFs::new();
    let slow = common::SlowSyncFs {
        inner: mem.clone(),
        extension: "sst",
        delay: Duration::from_millis(2),
    };
    let opts = Options {
        write_buffer_size: 1 << 10,
        max_immutable_memtables: 1,
        l0_compaction_trigger: 2,
        l0_slowdown_trigger: 3,
        l0_stop_trigger: 4,
        ..common::small_options(Arc::new(slow))
    };
    let db = Db::open("/db", opts.clone()).unwrap();
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let db = &db;
            s.spawn(move || {
                for i in 0..WRITES {
                    let k = common::key(t * 10_000 + i);
                    db.put(&k, &value(t, i), WriteOptions { sync: i % 100 == 0 })
                        .unwrap_or_else(|e| panic!("thread {t} write {i} failed: {e}"));
                }
            });
        }
    });
    let stats = db.stats();
    eprintln!("{stats}");
    assert_eq!(stats.writes, THREADS * WRITES);
    assert!(stats.stalls > 0, "no write waited for a flush:\n{stats}");
    assert!(stats.slowdowns > 0, "no write was slowed down:\n{stats}");
    let check = |db: &Db| {
        for t in 0..THREADS {
            for i in 0..WRITES {
                let got = db
                    .get(&common::key(t * 10_000 + i), &ReadOptions::default())
                    .unwrap();
                assert_eq!(got, Some(value(t, i)), "thread {t} write {i}");
            }
        }
        assert_eq!(common::scan_all(db).unwrap().len() as u64, THREADS * WRITES);
    };
    check(&db);
    drop(db);
    let db = Db::open(
        "/db",
        Options {
            fs: Arc::new(mem),
            ..opts
        },
    )
    .unwrap();
    check(&db);
}
