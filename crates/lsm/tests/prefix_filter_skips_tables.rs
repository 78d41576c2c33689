//! A scan given `ReadOptions::prefix` skips the tables whose prefix filter rules the prefix
//! out, and returns exactly what the unfiltered scan returns.

use std::sync::Arc;

use cairn_lsm::fs::MemFs;
use cairn_lsm::{Db, FixedPrefix, Options, ReadOptions, TableOptions, WriteOptions};

fn key(partition: u32, item: u32) -> Vec<u8> {
    format!("p{partition:03}#{item:04}").into_bytes()
}

#[test]
fn prefix_scan_skips_tables_without_the_prefix() {
    let opts = Options {
        fs: Arc::new(MemFs::new()),
        table: TableOptions {
            prefix_extractor: Some(Arc::new(FixedPrefix(4))),
            ..TableOptions::default()
        },
        // Keep every flushed table in level 0: nothing merges them.
        l0_compaction_trigger: 1000,
        l0_slowdown_trigger: 1000,
        l0_stop_trigger: 1000,
        ..Options::default()
    };
    let db = Db::open("/db", opts).unwrap();
    let w = WriteOptions::default();
    for partition in 0..60 {
        for item in 0..20 {
            db.put(&key(partition, item), b"v", w).unwrap();
        }
        // Keys at both ends make every table's key range cover every partition, so only the
        // prefix filter can rule a table out.
        db.put(b"a", b"low", w).unwrap();
        db.put(b"z", b"high", w).unwrap();
        db.flush().unwrap();
    }
    assert_eq!(db.stats().levels[0].files, 60);

    let (lo, hi) = (b"p042".to_vec(), b"p043".to_vec());
    let plain = ReadOptions::default();
    let all: Vec<_> = db
        .scan(&plain, Some(&lo), Some(&hi), false)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(all.len(), 20);
    assert_eq!(db.stats().prefix_skips, 0);

    let with_prefix = ReadOptions {
        prefix: Some(lo.clone()),
        ..ReadOptions::default()
    };
    for reverse in [false, true] {
        let mut got: Vec<_> = db
            .scan(&with_prefix, Some(&lo), Some(&hi), reverse)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        if reverse {
            got.reverse();
        }
        assert_eq!(got, all);
    }
    // 59 tables lack the prefix in each of the two scans; a bloom false positive may keep one.
    let skipped = db.stats().prefix_skips;
    assert!(skipped >= 2 * 55, "only {skipped} tables skipped");
}
