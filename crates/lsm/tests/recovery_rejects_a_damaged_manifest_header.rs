//! Regression test for two bugs found by `corruption_manifest`: one damaged byte in a
//! manifest record header made recovery stop replaying the manifest early and open the
//! database at an older version (old values came back; tables named only by the dropped
//! edits were deleted as orphans).
//!
//! - A damaged log-number byte: the log reader takes the header for the stale tail of a
//!   recycled log and reports a clean end. Fix (`version/set.rs`): a manifest is never
//!   recycled nor preallocated, so a clean end with non-zero bytes after it is corruption.
//! - A damaged length that now runs past the end of the file: the reader took the record for
//!   one cut short by a crash (a torn tail, which replay may drop), even in the middle of
//!   the manifest. Fix (`wal/reader.rs`): a record that runs past the data is torn only if
//!   no shorter payload matches its checksum; if one does, the length is damaged:
//!   corruption.
//!
//! A real torn tail (the last edit cut short) still opens.

mod common;

use std::path::Path;
use std::sync::Arc;

use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::version::VersionEdit;
use cairn_lsm::wal::{LogReader, LogWriter, HEADER_SIZE};
use cairn_lsm::{Db, Options, ReadOptions, WriteOptions};

fn options(fs: MemFs) -> Options {
    common::small_options(Arc::new(fs))
}

/// A database whose manifest holds several edits; returns its path, number and the offsets
/// of its record headers.
fn build(dir: &Path) -> (MemFs, std::path::PathBuf, u64, Vec<usize>) {
    let fs = MemFs::new();
    let db = Db::open(dir, options(fs.clone())).unwrap();
    for round in 0..6u64 {
        for i in 0..50 {
            db.put(
                &common::key(i),
                format!("round {round}").as_bytes(),
                WriteOptions::default(),
            )
            .unwrap();
        }
        db.flush().unwrap();
    }
    db.compact_range(None, None).unwrap();
    drop(db);
    let current = fs.read_all(&dir.join("CURRENT")).unwrap();
    let name = std::str::from_utf8(&current).unwrap().trim_end().to_owned();
    let (_, number) = cairn_lsm::filename::parse(&name).unwrap();
    let path = dir.join(name);
    let mut reader = LogReader::new(fs.read_all(&path).unwrap(), number);
    let mut headers = vec![0];
    while reader.read_record().unwrap().is_some() {
        headers.push(reader.last_record_end() as usize);
    }
    headers.pop();
    assert!(headers.len() >= 6, "{headers:?}");
    (fs, path, number, headers)
}

/// The second, a middle or the last record.
fn pick(headers: &[usize], which: usize) -> usize {
    [1, headers.len() / 2, headers.len() - 1][which]
}

fn assert_open_fails(dir: &Path, fs: MemFs, what: &str) {
    match Db::open(dir, options(fs)) {
        Err(e) => assert!(e.is_corruption(), "{what}: {e}"),
        Ok(db) => panic!(
            "{what}: opened; key 0 reads {:?}",
            db.get(&common::key(0), &ReadOptions::default())
                .map(|v| v.map(String::from_utf8))
        ),
    }
}

#[test]
fn a_damaged_log_number_in_a_manifest_header_fails_the_open() {
    let dir = Path::new("/db");
    for which in 0..3 {
        for byte in 7..HEADER_SIZE {
            let (fs, path, _, headers) = build(dir);
            let record = pick(&headers, which);
            common::flip_byte(&fs, &path, headers[record] + byte, 0x10);
            assert_open_fails(dir, fs, &format!("record {record} header byte {byte}"));
        }
    }
}

#[test]
fn a_damaged_length_running_past_the_manifest_fails_the_open() {
    let dir = Path::new("/db");
    for which in 0..3 {
        for mask in [0x40u8, 0x80] {
            let (fs, path, _, headers) = build(dir);
            let record = pick(&headers, which);
            // The high byte of the length: the record now runs past the end of the file.
            common::flip_byte(&fs, &path, headers[record] + 5, mask);
            assert_open_fails(dir, fs, &format!("record {record} length ^ {mask:#x}00"));
        }
    }
}

#[test]
fn a_torn_last_edit_is_still_dropped() {
    let dir = Path::new("/db");
    let (fs, path, number, _) = build(dir);
    let data = fs.read_all(&path).unwrap();
    // Append one more edit the way the engine does, then cut it short.
    let scratch = MemFs::new();
    let mut file = scratch.create(&path).unwrap();
    file.append(&data).unwrap();
    let mut w = LogWriter::new(file, number);
    let edit = VersionEdit {
        last_sequence: Some(1 << 40),
        ..VersionEdit::default()
    };
    w.add_record(&edit.encode()).unwrap();
    w.sync().unwrap();
    let longer = scratch.read_all(&path).unwrap();
    for cut in data.len() + 1..longer.len() {
        let copy = common::copy_dir(&fs, dir);
        common::write_file(&copy, &path, &longer[..cut]);
        let db = Db::open(dir, options(copy)).unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
        for i in 0..50 {
            assert_eq!(
                db.get(&common::key(i), &ReadOptions::default())
                    .unwrap()
                    .as_deref(),
                Some(&b"round 5"[..])
            );
        }
    }
}
