//! A damaged manifest or `CURRENT` fails the open with an error; it never opens a database
//! with other contents, and a failed open changes nothing on disk.
//!
//! The database is built with several flushes and compactions (so the manifest holds many
//! edits), then closed. Each case copies it and:
//! - flips one byte of the manifest: the open fails with `Corruption`, or succeeds with
//!   exactly the right contents. Also a damaged header: its log number (which the log
//!   reader takes for the stale tail of a recycled log) or its length (which the reader
//!   could take for a record cut short by a crash, a torn tail that replay may drop).
//! - points `CURRENT` at a manifest that does not exist, or fills it with garbage: the open
//!   fails, and with `CURRENT` repaired the database opens with everything.
//!
//! `CORRUPTION_ITERS=n` runs more flips.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use cairn_lsm::filename::FileType;
use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::wal::{LogReader, BLOCK_SIZE, HEADER_SIZE};
use cairn_lsm::{Db, Options, ReadOptions, WriteOptions};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

type Model = BTreeMap<Vec<u8>, Vec<u8>>;

fn options(fs: MemFs) -> Options {
    common::small_options(Arc::new(fs))
}

fn build(dir: &Path) -> (MemFs, Model) {
    let fs = MemFs::new();
    let mut model = Model::new();
    let mut rng = SmallRng::seed_from_u64(11);
    for session in 0..3 {
        let db = Db::open(dir, options(fs.clone())).unwrap();
        for i in 0..1500u64 {
            let k = common::key(rng.gen_range(0..800));
            if i % 9 == 0 {
                db.delete(&k, WriteOptions::default()).unwrap();
                model.remove(&k);
            } else {
                let v = format!("s{session} i{i}").into_bytes();
                db.put(&k, &v, WriteOptions::default()).unwrap();
                model.insert(k, v);
            }
            if i % 500 == 499 {
                db.compact_range(Some(&common::key(rng.gen_range(0..400))), None)
                    .unwrap();
            }
        }
        db.flush().unwrap();
        db.close().unwrap();
    }
    (fs, model)
}

/// Reads everything; `Ok(true)` if it all matched, `Ok(false)` if some read failed (never a
/// wrong value).
fn reads_match(db: &Db, model: &Model) -> bool {
    let mut all_ok = true;
    for i in 0..800 {
        let k = common::key(i);
        match db.get(&k, &ReadOptions::default()) {
            Ok(got) => assert!(
                got.as_ref() == model.get(&k),
                "get of key {i} returned a wrong value"
            ),
            Err(_) => all_ok = false,
        }
    }
    match common::scan_all(db) {
        Ok(all) => assert!(
            all.into_iter().collect::<Model>() == *model,
            "scan returned other contents"
        ),
        Err(_) => all_ok = false,
    }
    all_ok
}

fn manifest_path(fs: &MemFs, dir: &Path) -> (u64, std::path::PathBuf) {
    let current = fs.read_all(&dir.join("CURRENT")).unwrap();
    let name = std::str::from_utf8(&current).unwrap().trim_end().to_owned();
    let (_, number) = cairn_lsm::filename::parse(&name).unwrap();
    (number, dir.join(name))
}

#[test]
fn a_flipped_byte_in_the_manifest_fails_the_open_or_changes_nothing() {
    let dir = Path::new("/db");
    let (base, model) = build(dir);
    let (number, manifest) = manifest_path(&base, dir);
    let data = base.read_all(&manifest).unwrap();
    // Where the last record starts, and its length field.
    let mut reader = LogReader::new(data.clone(), number);
    let mut starts = vec![0];
    while reader.read_record().unwrap().is_some() {
        let end = reader.last_record_end() as usize;
        let left = BLOCK_SIZE - end % BLOCK_SIZE;
        starts.push(if left < HEADER_SIZE { end + left } else { end });
    }
    starts.pop();
    let edits = starts.len();
    let last_start = *starts.last().unwrap();
    assert_eq!(reader.last_record_end() as usize, data.len());
    assert!(edits >= 5, "{edits} edits");
    eprintln!(
        "manifest: {} bytes, {edits} edits, last at {last_start}",
        data.len()
    );

    let mut rng = SmallRng::seed_from_u64(12);
    let iters = common::seeds("CORRUPTION_ITERS", 300) as usize;
    let mut positions: Vec<usize> = (0..iters).map(|_| rng.gen_range(0..data.len())).collect();
    positions.extend(0..HEADER_SIZE.min(data.len()));
    positions.extend(last_start..(last_start + HEADER_SIZE).min(data.len()));
    let (mut failed, mut opened) = (0, 0);
    for pos in positions {
        let mask = rng.gen_range(1..=255u8);
        let record = starts.partition_point(|&s| s <= pos) - 1;
        let _guard = common::OnPanic(format!(
            "manifest byte {pos} of {} ^ {mask:#04x}: byte {} of record {record} of {edits}",
            data.len(),
            pos - starts[record]
        ));
        let fs = common::copy_dir(&base, dir);
        common::flip_byte(&fs, &manifest, pos, mask);
        match Db::open(dir, options(fs.clone())) {
            Err(e) => {
                assert!(e.is_corruption(), "expected Corruption, got {e}");
                failed += 1;
                // Nothing changed: repaired, the database opens with everything.
                common::flip_byte(&fs, &manifest, pos, mask);
                let db = Db::open(dir, options(fs)).unwrap();
                assert!(
                    reads_match(&db, &model),
                    "a failed open damaged the database"
                );
            }
            Ok(db) => {
                assert!(
                    reads_match(&db, &model),
                    "opened with a damaged manifest, reads fail"
                );
                opened += 1;
            }
        }
    }
    eprintln!("{failed} opens failed, {opened} opened with everything");
}

#[test]
fn current_naming_a_missing_manifest_fails_the_open() {
    let dir = Path::new("/db");
    let (base, model) = build(dir);
    let current = base.read_all(&dir.join("CURRENT")).unwrap();
    let cases: [&[u8]; 6] = [
        b"MANIFEST-999999\n",
        b"MANIFEST-000001\n",
        b"MANIFEST-\n",
        b"",
        b"garbage\n",
        b"../MANIFEST-000002\n",
    ];
    for bad in cases {
        let _guard = common::OnPanic(format!("CURRENT = {:?}", String::from_utf8_lossy(bad)));
        let fs = common::copy_dir(&base, dir);
        common::write_file(&fs, &dir.join("CURRENT"), bad);
        let tables = common::files_of_type(&fs, dir, FileType::Table);
        match Db::open(dir, options(fs.clone())) {
            Err(_) => {}
            Ok(db) => panic!(
                "opened with {:?} keys",
                common::scan_all(&db).map(|a| a.len())
            ),
        }
        assert_eq!(
            common::files_of_type(&fs, dir, FileType::Table),
            tables,
            "a failed open deleted tables"
        );
        common::write_file(&fs, &dir.join("CURRENT"), &current);
        let db = Db::open(dir, options(fs)).unwrap();
        assert!(reads_match(&db, &model));
    }
}
