//! Regression test for a bug found by `corruption_wal_before_a_later_log`: a damaged byte in
//! the log-number field of a record header in an older write-ahead log made recovery drop
//! that record and every later one of the log *silently*, then replay the next log and
//! delete the damaged one: acknowledged, synced writes lost with no error, and a database
//! holding later writes without earlier ones.
//!
//! The reader cannot tell such a header from the stale tail of a recycled log (both carry a
//! foreign log number), so it reports a clean end of the log. Fix (`db/open.rs`): recovery
//! checks that replayed records continue each other's sequence numbers, across logs too, and
//! that no log without records comes before one with records; either break is
//! `Corruption` and the open fails, changing nothing.

mod common;

use std::path::Path;
use std::sync::Arc;

use cairn_lsm::filename::FileType;
use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::wal::{LogReader, HEADER_SIZE};
use cairn_lsm::{Db, Options, WriteOptions};

fn options(fs: MemFs) -> Options {
    Options {
        write_buffer_size: 64 << 20,
        ..common::small_options(Arc::new(fs))
    }
}

/// A database whose log holds 10 puts, followed by a later log holding one more; returns
/// the first log's path and the offsets of its record headers.
fn build(dir: &Path) -> (MemFs, std::path::PathBuf, Vec<usize>) {
    let fs = MemFs::new();
    let db = Db::open(dir, options(fs.clone())).unwrap();
    for i in 0..10 {
        db.put(
            &common::key(i),
            b"acknowledged",
            WriteOptions { sync: true },
        )
        .unwrap();
    }
    drop(db);
    let (number, log) = common::files_of_type(&fs, dir, FileType::Log)
        .pop()
        .unwrap();
    let mut reader = LogReader::new(fs.read_all(&log).unwrap(), number);
    let mut headers = vec![0];
    let mut next_seq = 0;
    while let Some(r) = reader.read_record().unwrap() {
        let b = cairn_lsm::WriteBatch::from_data(r).unwrap();
        next_seq = b.sequence() + u64::from(b.count());
        headers.push(reader.last_record_end() as usize);
    }
    headers.pop();
    let later = number + 100;
    common::write_log(
        &fs,
        dir,
        later,
        &[common::batch_record(next_seq, &[(b"later", b"v")])],
    );
    (fs, log, headers)
}

#[test]
fn a_damaged_log_number_in_an_older_log_fails_the_open() {
    let dir = Path::new("/db");
    for record in [0, 1, 5, 9] {
        for byte in 7..HEADER_SIZE {
            let _guard = common::OnPanic(format!("record {record}, header byte {byte}"));
            let (fs, log, headers) = build(dir);
            common::flip_byte(&fs, &log, headers[record] + byte, 0x01);
            match Db::open(dir, options(fs)) {
                Err(e) => assert!(e.is_corruption(), "{e}"),
                Ok(db) => panic!(
                    "opened with {} of 11 keys",
                    common::scan_all(&db).map_or(0, |all| all.len())
                ),
            }
        }
    }
}
