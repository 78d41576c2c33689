//! Damage to the end of the newest write-ahead log (a torn write, or flipped bytes) costs at
//! most the damaged record and what follows it; recovery keeps every record before it, opens
//! successfully and counts what it dropped (`Stats::wal_tail_dropped_bytes`).
//!
//! The log holds one record per put, some of them larger than a 32 KiB block (so fragmented).
//! Each case copies the database, damages the log, reopens and checks every key:
//! - truncated at a random offset: exactly the records that end at or before it are there;
//!   the counter is non-zero exactly when non-zero bytes of a cut record were dropped;
//! - one byte of the last record flipped: every other record is there, that one is not; the
//!   counter is non-zero unless the flip hit the log-number bytes of the record's header,
//!   which look like the stale tail of a recycled log and end it cleanly (`docs/format/
//!   wal.md`);
//! - one byte of an earlier record flipped: the records before it are there, it and all after
//!   it are dropped (point-in-time recovery to the first bad record, `docs/format/wal.md`).
//!
//! `CORRUPTION_ITERS=n` runs more cases of each kind.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cairn_lsm::filename::FileType;
use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::wal::{LogReader, BLOCK_SIZE, HEADER_SIZE};
use cairn_lsm::{Db, Options, ReadOptions, WriteOptions};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

const WRITES: usize = 120;

struct Base {
    fs: MemFs,
    log: PathBuf,
    data: Vec<u8>,
    /// Per write, in order: key, value, and the offsets where its record starts (first
    /// header) and ends.
    writes: Vec<(Vec<u8>, Vec<u8>, usize, usize)>,
}

fn options(fs: MemFs) -> Options {
    Options {
        write_buffer_size: 64 << 20,
        ..common::small_options(Arc::new(fs))
    }
}

fn build(dir: &Path) -> Base {
    let fs = MemFs::new();
    let db = Db::open(dir, options(fs.clone())).unwrap();
    let mut rng = SmallRng::seed_from_u64(5);
    let mut kvs = Vec::new();
    for i in 0..WRITES {
        let len = if rng.gen_bool(0.06) || i == WRITES - 1 {
            rng.gen_range(30_000..80_000)
        } else {
            rng.gen_range(0..300)
        };
        let v: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        let k = common::key(i as u64);
        db.put(&k, &v, WriteOptions { sync: i % 7 == 0 }).unwrap();
        kvs.push((k, v));
    }
    db.close().unwrap();
    let logs = common::files_of_type(&fs, dir, FileType::Log);
    assert_eq!(logs.len(), 1, "one log expected: {logs:?}");
    let (number, log) = logs.into_iter().next().unwrap();
    let data = fs.read_all(&log).unwrap();
    let mut reader = LogReader::new(data.clone(), number);
    let mut writes = Vec::new();
    let mut start = 0usize;
    for (k, v) in kvs {
        let record = reader.read_record().unwrap().expect("a record per write");
        let batch = cairn_lsm::WriteBatch::from_data(record).unwrap();
        let (_, key, value) = batch.iter().next().unwrap().unwrap();
        assert_eq!((key, value), (&k[..], &v[..]));
        if BLOCK_SIZE - start % BLOCK_SIZE < HEADER_SIZE {
            start += BLOCK_SIZE - start % BLOCK_SIZE;
        }
        let end = reader.last_record_end() as usize;
        writes.push((k, v, start, end));
        start = end;
    }
    assert_eq!(reader.read_record().unwrap(), None);
    assert_eq!(start, data.len());
    Base {
        fs,
        log,
        data,
        writes,
    }
}

/// Reopens `fs` and checks that exactly the first `kept` writes are there; returns the
/// dropped-bytes counter.
fn reopen_and_check(dir: &Path, fs: MemFs, base: &Base, kept: usize) -> u64 {
    let db = Db::open(dir, options(fs.clone())).unwrap_or_else(|e| panic!("open failed: {e}"));
    for (i, (k, v, _, _)) in base.writes.iter().enumerate() {
        let got = db.get(k, &ReadOptions::default()).unwrap();
        if i < kept {
            assert!(
                got.as_ref() == Some(v),
                "write {i} (of {kept} kept) is missing or wrong"
            );
        } else {
            assert!(
                got.is_none(),
                "write {i} is there, but only {kept} should be"
            );
        }
    }
    assert_eq!(common::scan_all(&db).unwrap().len(), kept);
    let dropped = db.stats().wal_tail_dropped_bytes;
    // The database goes on: a new write survives a clean reopen.
    db.put(b"after", b"damage", WriteOptions { sync: true })
        .unwrap();
    drop(db);
    let db = Db::open(dir, options(fs)).unwrap();
    assert_eq!(
        db.get(b"after", &ReadOptions::default())
            .unwrap()
            .as_deref(),
        Some(&b"damage"[..])
    );
    assert_eq!(common::scan_all(&db).unwrap().len(), kept + 1);
    dropped
}

#[test]
fn a_truncated_log_keeps_every_record_before_the_cut() {
    let dir = Path::new("/db");
    let base = build(dir);
    let mut rng = SmallRng::seed_from_u64(1);
    let len = base.data.len();
    let mut cuts: Vec<usize> = (0..common::seeds("CORRUPTION_ITERS", 60))
        .map(|_| rng.gen_range(0..=len))
        .collect();
    // Edges: record ends and one byte either side, block boundaries, inside headers.
    for &(_, _, start, end) in base.writes.iter().step_by(9) {
        cuts.extend([start + 3, start + 9, end - 1, end, end + 1]);
    }
    cuts.extend([0, BLOCK_SIZE - 1, BLOCK_SIZE, BLOCK_SIZE + 1, len - 1, len]);
    for cut in cuts.into_iter().filter(|&c| c <= len) {
        let _guard = common::OnPanic(format!("log cut at {cut} of {len}"));
        let fs = common::copy_dir(&base.fs, dir);
        common::write_file(&fs, &base.log, &base.data[..cut]);
        let kept = base.writes.iter().take_while(|w| w.3 <= cut).count();
        let last_end = if kept == 0 {
            0
        } else {
            base.writes[kept - 1].3
        };
        let dropped = reopen_and_check(dir, fs, &base, kept);
        let cut_something = base.data[last_end..cut].iter().any(|&b| b != 0);
        assert_eq!(dropped > 0, cut_something, "dropped {dropped} bytes");
    }
}

#[test]
fn a_flipped_byte_in_the_last_record_loses_only_that_record() {
    let dir = Path::new("/db");
    let base = build(dir);
    let mut rng = SmallRng::seed_from_u64(2);
    let (_, _, start, end) = base.writes[WRITES - 1];
    let mut positions: Vec<usize> = (0..common::seeds("CORRUPTION_ITERS", 60))
        .map(|_| rng.gen_range(start..end))
        .collect();
    positions.extend(start..start + HEADER_SIZE);
    for pos in positions {
        let mask = rng.gen_range(1..=255u8);
        let _guard = common::OnPanic(format!(
            "byte {pos} ^ {mask:#04x}, last record {start}..{end}"
        ));
        let fs = common::copy_dir(&base.fs, dir);
        common::flip_byte(&fs, &base.log, pos, mask);
        let dropped = reopen_and_check(dir, fs, &base, WRITES - 1);
        let log_number_bytes = (7..HEADER_SIZE).contains(&(pos - start));
        assert!(
            dropped > 0 || log_number_bytes,
            "the dropped record was not counted"
        );
    }
}

#[test]
fn a_flipped_byte_in_an_earlier_record_drops_it_and_everything_after() {
    let dir = Path::new("/db");
    let base = build(dir);
    let mut rng = SmallRng::seed_from_u64(3);
    for _ in 0..common::seeds("CORRUPTION_ITERS", 60) {
        let victim = rng.gen_range(0..WRITES - 1);
        let (_, _, start, end) = base.writes[victim];
        let pos = rng.gen_range(start..end);
        let mask = rng.gen_range(1..=255u8);
        let _guard = common::OnPanic(format!("byte {pos} ^ {mask:#04x} of record {victim}"));
        let fs = common::copy_dir(&base.fs, dir);
        common::flip_byte(&fs, &base.log, pos, mask);
        let dropped = reopen_and_check(dir, fs, &base, victim);
        let log_number_bytes = (7..HEADER_SIZE).contains(&(pos - start));
        assert!(
            dropped > 0 || log_number_bytes,
            "the dropped records were not counted"
        );
    }
}
