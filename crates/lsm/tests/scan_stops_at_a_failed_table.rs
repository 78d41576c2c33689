//! Regression test for a bug found by `corruption_table_byte_flip`: when one table of a scan
//! failed (a damaged block), the merge went on without it, and the scan showed what that
//! table hid (older versions of its keys, keys it deleted) before it reported the error at
//! its end. A caller consuming pairs as they come took wrong values for right ones.
//!
//! Fix (`iter/db_iter.rs`): `DbIterator` checks its sources' status before it settles on an
//! entry and stops with the error instead.
//!
//! The test puts old versions (and keys later deleted) in the last level, newer versions and
//! tombstones in a level-0 table, damages the level-0 table's first data block, and scans
//! and walks a cursor in both directions: no old version and no deleted key may appear.

mod common;

use std::path::Path;
use std::sync::Arc;

use cairn_lsm::filename::FileType;
use cairn_lsm::fs::MemFs;
use cairn_lsm::{Db, Options, ReadOptions, WriteBatch, WriteOptions};

fn options(fs: MemFs) -> Options {
    Options {
        l0_compaction_trigger: 100,
        ..common::small_options(Arc::new(fs))
    }
}

fn is_new(i: u64, v: &[u8]) -> bool {
    v == format!("new {i}").as_bytes()
}

#[test]
fn a_scan_never_shows_what_a_failed_table_hides() {
    let dir = Path::new("/db");
    let fs = MemFs::new();
    let db = Db::open(dir, options(fs.clone())).unwrap();
    for i in 0..200 {
        db.put(
            &common::key(i),
            format!("old {i}").as_bytes(),
            WriteOptions::default(),
        )
        .unwrap();
    }
    db.compact_range(None, None).unwrap();
    let mut b = WriteBatch::new();
    for i in 0..200 {
        if i % 4 == 0 {
            b.delete(&common::key(i));
        } else {
            b.put(&common::key(i), format!("new {i}").as_bytes());
        }
    }
    db.write(b, WriteOptions::default()).unwrap();
    db.flush().unwrap();
    assert_eq!(db.stats().levels[0].files, 1);
    drop(db);
    // The level-0 table is the newest one; damage its first data block.
    let (_, l0) = common::files_of_type(&fs, dir, FileType::Table)
        .pop()
        .unwrap();
    common::flip_byte(&fs, &l0, 3, 0x40);

    let db = Db::open(dir, options(fs)).unwrap();
    let index = |k: &[u8]| -> u64 { std::str::from_utf8(&k[3..]).unwrap().parse().unwrap() };
    for reverse in [false, true] {
        let mut errors = 0;
        for item in db
            .scan(&ReadOptions::default(), None, None, reverse)
            .unwrap()
        {
            match item {
                Ok((k, v)) => {
                    let i = index(&k);
                    assert!(i % 4 != 0, "scan (reverse {reverse}) shows deleted key {i}");
                    assert!(
                        is_new(i, &v),
                        "scan (reverse {reverse}) shows an old value of key {i}"
                    );
                }
                Err(e) => {
                    assert!(e.is_corruption(), "{e}");
                    errors += 1;
                }
            }
        }
        assert_eq!(
            errors, 1,
            "the scan (reverse {reverse}) must end with the corruption"
        );
    }
    // The cursor API: valid/key/value directly, from the first key forward and from the last
    // backward.
    for reverse in [false, true] {
        let mut it = db.iter(&ReadOptions::default(), None, None).unwrap();
        if reverse {
            it.seek_to_last();
        } else {
            it.seek_to_first();
        }
        while it.valid() {
            let i = index(it.key());
            assert!(
                i % 4 != 0 && is_new(i, it.value()),
                "cursor (reverse {reverse}) shows key {i} = {:?}",
                it.value()
            );
            if reverse {
                it.prev();
            } else {
                it.next();
            }
        }
        assert!(
            it.status().unwrap_err().is_corruption(),
            "the cursor (reverse {reverse}) must end with the corruption"
        );
    }
}
