//! Regression test for a bug found by `crash_acknowledged_sync_writes_survive`: a database
//! could not be opened (`Corruption: truncated header: 1 of 11 bytes present`) when a
//! recycled write-ahead log that is not the newest ended with 1 to 7 stale bytes.
//!
//! A recycled log is an old log renamed and overwritten from offset 0; the old file's bytes
//! past the new records stay. When the new records end fewer than 11 bytes before the old
//! end, those stale bytes look like a header cut short, and the reader cannot see their log
//! number (it starts at byte 7 of a header), so it reports a torn record. Recovery treated
//! that as damage to acknowledged data because a later log held records, although no record
//! can hide in fewer bytes than a header. Fix (`db/open.rs`): fewer than `HEADER_SIZE` bytes
//! after the last complete record of a log end that log, whatever follows.
//!
//! The test builds exactly that state by hand: log X holds one record and the last `k` bytes
//! of a longer record of an older log; log X + 1 holds another record.

mod common;

use std::path::Path;
use std::sync::Arc;

use cairn_lsm::filename::log_file;
use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::{Db, ReadOptions, WriteOptions};

#[test]
fn stale_bytes_shorter_than_a_header_after_the_last_record_end_an_older_log() {
    let dir = Path::new("/db");
    for stale in 1..=12usize {
        let _guard = common::OnPanic(format!("{stale} stale bytes"));
        let mem = MemFs::new();
        let opts = common::small_options(Arc::new(mem.clone()));
        let db = Db::open(dir, opts.clone()).unwrap();
        db.put(b"base", b"vb", WriteOptions { sync: true }).unwrap();
        drop(db);
        let (_, next_file, _) = common::manifest_counters(&mem, dir);
        let seq = common::next_sequence(&mem, dir);

        // Log X: a recycled file. First the old log's longer record...
        let x = next_file + 10;
        let new_record = common::batch_record(seq, &[(b"x", b"value of x")]);
        let new_len = 11 + new_record.len();
        let old_payload = vec![0xab; new_len + stale - 11];
        common::write_log(&mem, dir, x - 5, &[old_payload]);
        mem.rename(&log_file(dir, x - 5), &log_file(dir, x))
            .unwrap();
        // ...then the new record over it, leaving `stale` old bytes.
        common::write_log(&mem, dir, x, &[new_record]);
        assert_eq!(
            mem.read_all(&log_file(dir, x)).unwrap().len(),
            new_len + stale
        );
        // Log X + 1, the newest, holds a record too.
        let y = common::batch_record(seq + 1, &[(b"y", b"value of y")]);
        common::write_log(&mem, dir, x + 1, &[y]);

        let db = Db::open(dir, opts).unwrap_or_else(|e| panic!("open failed: {e}"));
        let get = |k: &[u8]| db.get(k, &ReadOptions::default()).unwrap();
        assert_eq!(get(b"base").as_deref(), Some(&b"vb"[..]));
        assert_eq!(get(b"x").as_deref(), Some(&b"value of x"[..]));
        assert_eq!(get(b"y").as_deref(), Some(&b"value of y"[..]));
        assert_eq!(db.stats().wal_tail_dropped_bytes, 0);
    }
}

/// The fix does not hide real damage: a record cut short in an older log (more than a
/// header's worth of bytes after the last good record) still fails the open.
#[test]
fn a_cut_record_in_an_older_log_is_still_corruption() {
    let dir = Path::new("/db");
    let mem = MemFs::new();
    let opts = common::small_options(Arc::new(mem.clone()));
    drop(Db::open(dir, opts.clone()).unwrap());
    let (_, next_file, _) = common::manifest_counters(&mem, dir);
    let seq = common::next_sequence(&mem, dir);
    let x = next_file + 10;
    let r1 = common::batch_record(seq, &[(b"a", b"1")]);
    let r2 = common::batch_record(seq + 1, &[(b"b", &[7u8; 40][..])]);
    common::write_log(&mem, dir, x, &[r1.clone(), r2]);
    let full = mem.read_all(&log_file(dir, x)).unwrap();
    // Cut the second record in its payload: 11 + len(r1) + 11 + 5 bytes remain.
    common::write_file(&mem, &log_file(dir, x), &full[..11 + r1.len() + 16]);
    common::write_log(
        &mem,
        dir,
        x + 1,
        &[common::batch_record(seq + 2, &[(b"c", b"3")])],
    );
    match Db::open(dir, opts) {
        Err(e) => assert!(e.is_corruption(), "expected corruption, got {e}"),
        Ok(_) => panic!("a record cut short in an older log was silently dropped"),
    }
}
