//! Damage to a write-ahead log that a later log follows with records is corruption of
//! acknowledged writes: the open fails with `Corruption` instead of dropping them (the later
//! log proves the damaged one was complete and synced when the engine switched away from it,
//! `docs/format/wal.md`).
//!
//! The database's log holds one record per put; a second log, numbered after it, holds the
//! records that continue its sequence numbers (as a memtable switch whose flush had not
//! finished leaves them). Each case flips one byte inside the first log's records and
//! reopens: the open must fail with `Corruption` and leave the files as they were, so that a
//! repaired log opens with everything.
//!
//! `CORRUPTION_ITERS=n` runs more positions.

mod common;

use std::path::Path;
use std::sync::Arc;

use cairn_lsm::filename::{log_file, FileType};
use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::wal::LogReader;
use cairn_lsm::{Db, Options, ReadOptions, WriteBatch, WriteOptions};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

fn options(fs: MemFs) -> Options {
    Options {
        write_buffer_size: 64 << 20,
        ..common::small_options(Arc::new(fs))
    }
}

#[test]
fn a_damaged_log_followed_by_records_fails_the_open() {
    let dir = Path::new("/db");
    let base = MemFs::new();
    let db = Db::open(dir, options(base.clone())).unwrap();
    let mut rng = SmallRng::seed_from_u64(9);
    for i in 0..80 {
        let len = if i % 20 == 19 {
            40_000
        } else {
            rng.gen_range(0..200)
        };
        let v: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        db.put(&common::key(i), &v, WriteOptions { sync: true })
            .unwrap();
    }
    db.close().unwrap();
    let (number, log) = common::files_of_type(&base, dir, FileType::Log)
        .pop()
        .unwrap();
    let data = base.read_all(&log).unwrap();
    // The sequence number after the log's last record.
    let mut reader = LogReader::new(data.clone(), number);
    let mut next_seq = 0;
    while let Some(record) = reader.read_record().unwrap() {
        let batch = WriteBatch::from_data(record).unwrap();
        next_seq = batch.sequence() + u64::from(batch.count());
    }
    let records_end = reader.last_record_end() as usize;
    // The later log.
    let later = common::files_of_type(&base, dir, FileType::Manifest)
        .pop()
        .unwrap()
        .0
        + 100;
    let records: Vec<Vec<u8>> = (0..5u64)
        .map(|j| common::batch_record(next_seq + j, &[(format!("later{j}").as_bytes(), b"v")]))
        .collect();
    common::write_log(&base, dir, later, &records);

    // Undamaged, everything is there.
    {
        let db = Db::open(dir, options(common::copy_dir(&base, dir))).unwrap();
        assert_eq!(common::scan_all(&db).unwrap().len(), 85);
    }

    let mut positions: Vec<usize> = (0..common::seeds("CORRUPTION_ITERS", 150))
        .map(|_| rng.gen_range(0..records_end))
        .collect();
    // Every byte of the first two headers.
    positions.extend(0..30);
    for pos in positions {
        let mask = rng.gen_range(1..=255u8);
        let _guard = common::OnPanic(format!("byte {pos} ^ {mask:#04x} of {}", log.display()));
        let fs = common::copy_dir(&base, dir);
        common::flip_byte(&fs, &log, pos, mask);
        match Db::open(dir, options(fs.clone())) {
            Err(e) => assert!(e.is_corruption(), "expected Corruption, got {e}"),
            Ok(db) => {
                let n = common::scan_all(&db).map(|all| all.len());
                panic!("the open succeeded, {n:?} keys of 85");
            }
        }
        // Nothing was changed: with the byte repaired, everything is there.
        common::flip_byte(&fs, &log, pos, mask);
        assert!(fs.exists(&log_file(dir, later)));
        let db = Db::open(dir, options(fs)).unwrap();
        assert_eq!(common::scan_all(&db).unwrap().len(), 85);
        assert!(db
            .get(b"later4", &ReadOptions::default())
            .unwrap()
            .is_some());
    }
}
