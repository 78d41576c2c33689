//! Concurrent synced writes share log syncs (group commit), and each is still durable when
//! its call returns.
//!
//! Sixteen threads each make 60 synced puts on a file system whose log syncs take 1 ms, so
//! writers queue behind the leader's sync and join the next group. The log must have been
//! synced fewer times than there were writes, in fewer groups than writes; then the disk
//! dies (every later write operation fails), the machine loses power (`MemFs::crash`), and
//! after a reopen every acknowledged write is there.

mod common;

use std::sync::Arc;
use std::time::Duration;

use cairn_lsm::fs::{FaultKind, FaultyFs, MemFs};
use cairn_lsm::{Db, ReadOptions, WriteOptions};

const THREADS: u64 = 16;
const WRITES: u64 = 60;

#[test]
fn synced_writes_from_many_threads_share_syncs() {
    let mem = MemFs::new();
    let slow = common::SlowSyncFs {
        inner: mem.clone(),
        extension: "log",
        delay: Duration::from_millis(1),
    };
    let faulty = FaultyFs::new(Arc::new(slow));
    let db = Db::open("/db", common::small_options(Arc::new(faulty.clone()))).unwrap();
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let db = &db;
            s.spawn(move || {
                for i in 0..WRITES {
                    let k = common::key(t * 1000 + i);
                    db.put(
                        &k,
                        format!("{t}/{i}").as_bytes(),
                        WriteOptions { sync: true },
                    )
                    .unwrap_or_else(|e| panic!("thread {t} write {i}: {e}"));
                }
            });
        }
    });
    let stats = db.stats();
    eprintln!("{stats}");
    let writes = THREADS * WRITES;
    assert_eq!(stats.writes, writes);
    assert!(
        stats.wal_syncs < writes,
        "{} syncs for {writes} synced writes",
        stats.wal_syncs
    );
    assert!(
        stats.write_groups < writes,
        "{} groups for {writes} writes",
        stats.write_groups
    );
    assert!(stats.wal_syncs <= stats.write_groups);

    // Power loss with nothing more written: each acknowledged write was synced.
    faulty.fail_after(FaultKind::AnyWrite, 0);
    drop(db);
    mem.crash();
    let db = Db::open("/db", common::small_options(Arc::new(mem))).unwrap();
    for t in 0..THREADS {
        for i in 0..WRITES {
            let got = db
                .get(&common::key(t * 1000 + i), &ReadOptions::default())
                .unwrap();
            assert_eq!(
                got,
                Some(format!("{t}/{i}").into_bytes()),
                "thread {t} write {i}"
            );
        }
    }
    assert_eq!(common::scan_all(&db).unwrap().len() as u64, writes);
}
