//! Regression test for a bug found by `crash_process_keeps_acknowledged_writes`: a flush
//! whose manifest edit was appended but whose `fdatasync` failed deleted its new table,
//! although the edit naming it (and moving the log number past the flushed log) was in the
//! manifest file. After a restart of the process (no power loss: the OS still had the
//! appended bytes), the manifest named a missing table and the logs it replaced were gone:
//! every read of those keys failed with `NotFound`.
//!
//! Fix (`db/background.rs`, `flush_memtable`): the table is deleted only if writing it
//! failed; once `log_and_apply` was attempted it stays (and stays in `pending_outputs`, so
//! no deletion pass of this process removes it). The next open keeps it if the manifest
//! names it and deletes it as an orphan otherwise.
//!
//! The test fails the n-th sync after some writes, for every n that lands inside a flush,
//! and reopens both without and with a power loss.

mod common;

use std::path::Path;
use std::sync::Arc;

use cairn_lsm::fs::{FaultKind, FaultyFs, MemFs};
use cairn_lsm::{Db, Options, ReadOptions, WriteOptions};

fn run(n: u64, power_loss: bool) {
    let _guard = common::OnPanic(format!("sync fault after {n}, power loss {power_loss}"));
    let dir = Path::new("/db");
    let mem = MemFs::new();
    let faulty = FaultyFs::new(Arc::new(mem.clone()));
    let opts = Options {
        write_buffer_size: 1 << 20,
        ..common::small_options(Arc::new(faulty.clone()))
    };
    let db = Db::open(dir, opts.clone()).unwrap();
    for i in 0..200 {
        db.put(
            &common::key(i),
            format!("value {i}").as_bytes(),
            WriteOptions { sync: i == 199 },
        )
        .unwrap();
    }
    faulty.fail_after(FaultKind::Sync, n);
    let flushed = db.flush();
    assert_eq!(flushed.is_err(), faulty.tripped());
    drop(db);
    faulty.heal();
    if power_loss {
        mem.crash();
    }
    let db = Db::open(dir, opts).unwrap();
    for i in 0..200 {
        let got = db
            .get(&common::key(i), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("key {i}: {e}"));
        assert_eq!(got, Some(format!("value {i}").into_bytes()), "key {i}");
    }
    assert_eq!(common::scan_all(&db).unwrap().len(), 200);
}

#[test]
fn a_flush_whose_manifest_sync_failed_keeps_its_table() {
    for n in 0..8 {
        run(n, false);
        run(n, true);
    }
}
