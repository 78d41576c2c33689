//! A damaged byte anywhere in a table is reported as `Corruption`, never read as a wrong
//! value, never a panic.
//!
//! The database is built once: keys written, compacted to the last level, then a third of
//! them overwritten and a sixth deleted and flushed to level 0 (twice), so that a damaged
//! newer table could make an older version or a deleted key show through. Each iteration
//! copies it, flips one random bit pattern at a random offset of a random table, reopens,
//! and reads every key (`get`) and the whole range forwards and backwards:
//! - a `get` returns the right value or `Err(Corruption)`;
//! - a scan yields right pairs, in order, possibly skipping some only if it then ends with
//!   `Err(Corruption)`; a scan that ends without error yields exactly the contents;
//! - the damage is seen by at least one of these reads (every byte of a table is covered by
//!   a checksum: `docs/format/sstable.md`).
//!
//! `CORRUPTION_ITERS=n` runs more iterations.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use cairn_lsm::filename::FileType;
use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::{Db, Error, Options, ReadOptions, WriteBatch, WriteOptions};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

const KEYS: u64 = 600;

type Model = BTreeMap<Vec<u8>, Vec<u8>>;

fn options(fs: MemFs) -> Options {
    Options {
        // No background compaction: the layout built below stays as it is.
        l0_compaction_trigger: 100,
        l0_slowdown_trigger: 100,
        l0_stop_trigger: 100,
        max_bytes_for_level_base: 1 << 30,
        ..common::small_options(Arc::new(fs))
    }
}

fn build(dir: &Path) -> (MemFs, Model) {
    let fs = MemFs::new();
    let db = Db::open(dir, options(fs.clone())).unwrap();
    let mut model = Model::new();
    let mut rng = SmallRng::seed_from_u64(7);
    let w = WriteOptions::default();
    for i in 0..KEYS {
        let v: Vec<u8> = (0..rng.gen_range(10..80)).map(|_| rng.gen()).collect();
        db.put(&common::key(i), &v, w).unwrap();
        model.insert(common::key(i), v);
    }
    db.compact_range(None, None).unwrap();
    for round in 0..2 {
        let mut b = WriteBatch::new();
        for i in (round..KEYS).step_by(3) {
            let k = common::key(i);
            if i % 6 == 0 {
                b.delete(&k);
                model.remove(&k);
            } else {
                let v = format!("new {round} {i}").into_bytes();
                b.put(&k, &v);
                model.insert(k, v);
            }
        }
        db.write(b, w).unwrap();
        db.flush().unwrap();
    }
    let stats = db.stats();
    assert!(
        stats.levels[0].files >= 2 && stats.levels[6].files >= 2,
        "{stats}"
    );
    db.close().unwrap();
    (fs, model)
}

fn expect_corruption(e: &Error, what: &str) {
    assert!(e.is_corruption(), "{what}: expected Corruption, got {e}");
}

/// Checks one scan; true if it reported the damage.
fn check_scan(db: &Db, model: &Model, reverse: bool) -> bool {
    let scan = match db.scan(&ReadOptions::default(), None, None, reverse) {
        Ok(s) => s,
        Err(e) => {
            expect_corruption(&e, "creating a scan");
            return true;
        }
    };
    let mut want: Box<dyn Iterator<Item = (&Vec<u8>, &Vec<u8>)>> = if reverse {
        Box::new(model.iter().rev())
    } else {
        Box::new(model.iter())
    };
    let mut skipped = 0;
    for item in scan {
        let (k, v) = match item {
            Ok(kv) => kv,
            Err(e) => {
                expect_corruption(&e, "scan");
                return true;
            }
        };
        // Skip forward to k in the expected order; it must be there, with this value.
        loop {
            match want.next() {
                Some((wk, wv)) if *wk == k => {
                    assert!(
                        *wv == v,
                        "scan (reverse {reverse}) returned a wrong value for {}",
                        String::from_utf8_lossy(&k)
                    );
                    break;
                }
                Some(_) => skipped += 1,
                None => panic!(
                    "scan (reverse {reverse}) returned {} which is not in the database (or out of \
                     order)",
                    String::from_utf8_lossy(&k)
                ),
            }
        }
    }
    skipped += want.count();
    assert_eq!(
        skipped, 0,
        "scan (reverse {reverse}) skipped keys and ended without an error"
    );
    false
}

#[test]
fn a_flipped_byte_in_a_table_is_corruption_never_a_wrong_value() {
    let dir = Path::new("/db");
    let (base, model) = build(dir);
    let tables = common::files_of_type(&base, dir, FileType::Table);
    let mut rng = SmallRng::seed_from_u64(42);
    let iters = common::seeds("CORRUPTION_ITERS", 400);
    let mut open_failures = 0;
    for iter in 0..iters {
        let (_, path) = &tables[rng.gen_range(0..tables.len())];
        let len = base.file_size(path).unwrap() as usize;
        // Half the flips in the last 100 bytes (index, filter, footer), half anywhere.
        let pos = if rng.gen_bool(0.5) {
            rng.gen_range(len.saturating_sub(100)..len)
        } else {
            rng.gen_range(0..len)
        };
        let mask = 1u8 << rng.gen_range(0..8);
        let mask = if rng.gen_bool(0.2) {
            rng.gen_range(1..=255)
        } else {
            mask
        };
        let _guard = common::OnPanic(format!(
            "iteration {iter}: {} byte {pos} of {len} ^ {mask:#04x}",
            path.display()
        ));
        let fs = common::copy_dir(&base, dir);
        common::flip_byte(&fs, path, pos, mask);
        let db = match Db::open(dir, options(fs.clone())) {
            Ok(db) => db,
            Err(e) => {
                expect_corruption(&e, "open");
                open_failures += 1;
                continue;
            }
        };
        let mut detected = false;
        for i in 0..KEYS + 10 {
            let k = common::key(i);
            match db.get(&k, &ReadOptions::default()) {
                Ok(got) => assert!(
                    got.as_ref() == model.get(&k),
                    "get of key {i} returned a wrong value: {:?} instead of {:?}",
                    got.as_deref().map(String::from_utf8_lossy),
                    model.get(&k).map(|v| String::from_utf8_lossy(v))
                ),
                Err(e) => {
                    expect_corruption(&e, "get");
                    detected = true;
                }
            }
        }
        detected |= check_scan(&db, &model, false);
        detected |= check_scan(&db, &model, true);
        assert!(detected, "the damaged byte went unnoticed by every read");
    }
    eprintln!("{iters} flips, {open_failures} failed the open");
}
