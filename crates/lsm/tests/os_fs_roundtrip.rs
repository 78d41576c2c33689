//! On the real file system (`OsFs` in a temporary directory): 50,000 keys written, the
//! database closed, reopened (replaying its log into tables), compacted, reopened again;
//! every value reads back each time. While a database is open, its `LOCK` keeps a second
//! open of the same directory out; after the close, the directory opens again.

mod common;

use std::path::Path;

use cairn_lsm::filename::FileType;
use cairn_lsm::fs::OsFs;
use cairn_lsm::{Db, Options, ReadOptions, WriteBatch, WriteOptions};

const KEYS: u64 = 50_000;

fn value(i: u64) -> Vec<u8> {
    format!("value of {i}: {}", "x".repeat((i % 97) as usize)).into_bytes()
}

fn options() -> Options {
    Options {
        write_buffer_size: 512 << 10,
        target_file_size: 512 << 10,
        max_bytes_for_level_base: 2 << 20,
        wal_preallocate_bytes: 1 << 20,
        ..Options::default()
    }
}

fn verify(db: &Db, what: &str) {
    let all = common::scan_all(db).unwrap();
    assert_eq!(all.len() as u64, KEYS - KEYS / 10, "{what}: number of keys");
    let mut n = 0;
    for i in 0..KEYS {
        if i % 10 == 3 {
            continue;
        }
        assert_eq!(all[n].0, common::key(i), "{what}: key {i}");
        assert_eq!(all[n].1, value(i), "{what}: value {i}");
        n += 1;
    }
    for i in (0..KEYS).step_by(101) {
        let want = (i % 10 != 3).then(|| value(i));
        assert_eq!(
            db.get(&common::key(i), &ReadOptions::default()).unwrap(),
            want,
            "{what}: get {i}"
        );
    }
}

fn count(dir: &Path, ty: FileType) -> usize {
    common::files_of_type(&OsFs::new(), dir, ty).len()
}

#[test]
fn data_survives_close_reopen_and_compaction_on_disk() {
    let tmp = tempfile::TempDir::new().unwrap();
    let dir = tmp.path().join("db");
    let db = Db::open(&dir, options()).unwrap();
    let mut batch = WriteBatch::new();
    for i in 0..KEYS {
        if i % 1000 < 500 {
            db.put(
                &common::key(i),
                &value(i),
                WriteOptions {
                    sync: i % 5000 == 0,
                },
            )
            .unwrap();
        } else {
            batch.put(&common::key(i), &value(i));
            if batch.count() == 100 {
                db.write(std::mem::take(&mut batch), WriteOptions::default())
                    .unwrap();
            }
        }
    }
    for i in (3..KEYS).step_by(10) {
        db.delete(&common::key(i), WriteOptions::default()).unwrap();
    }
    verify(&db, "before close");

    // The lock keeps a second open out while the first is open.
    match Db::open(&dir, options()) {
        Ok(_) => panic!("a second open of an open database succeeded"),
        Err(e) => eprintln!("second open refused: {e}"),
    }
    verify(&db, "after the refused open");
    db.close().unwrap();

    let db = Db::open(&dir, options()).unwrap();
    verify(&db, "after reopen");
    assert_eq!(db.stats().wal_tail_dropped_bytes, 0);
    db.compact_range(None, None).unwrap();
    verify(&db, "after compaction");
    let stats = db.stats();
    assert!(
        stats.levels[0].files == 0 && stats.total_table_bytes() > 0,
        "{stats}"
    );
    drop(db);

    let db = Db::open(&dir, options()).unwrap();
    verify(&db, "after second reopen");
    assert_eq!(count(&dir, FileType::Manifest), 1);
    assert!(dir.join("CURRENT").exists() && dir.join("LOCK").exists());
    let tables: usize = db.stats().levels.iter().map(|l| l.files).sum();
    drop(db);
    assert_eq!(
        count(&dir, FileType::Table),
        tables,
        "tables on disk vs in the version"
    );
    assert!(count(&dir, FileType::Temp) == 0);
}
