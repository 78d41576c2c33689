//! A clean close and reopen preserves exactly the contents, whatever state the database was
//! in (data in the memtable, in frozen memtables, in level 0, in deeper levels; overwrites
//! and deletes across all of them), with unsynced writes too, and leaves no garbage behind.
//!
//! Each seed runs random puts, deletes and batches (never synced), flushes and compactions,
//! and every few hundred steps closes the database (`close()` or drop) and reopens it,
//! sometimes with other options (memtable size, block size, compression). After every reopen:
//! the whole contents equal a `BTreeMap` model (full scans both ways and a `get` per key),
//! nothing was counted as a dropped log tail, one manifest and a bounded number of logs are
//! left. Reopening twice without writes changes nothing.
//!
//! `REOPEN_SEEDS=n` runs more seeds.

mod common;

use std::path::Path;
use std::sync::Arc;

use cairn_lsm::filename::FileType;
use cairn_lsm::fs::MemFs;
use cairn_lsm::{Compression, Db, Options, ReadOptions};
use common::Model;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

fn random_options(fs: &MemFs, rng: &mut SmallRng) -> Options {
    let mut opts = common::small_options(Arc::new(fs.clone()));
    opts.write_buffer_size = [2 << 10, 8 << 10, 64 << 10, 4 << 20][rng.gen_range(0..4)];
    opts.table.block_size = [128, 256, 4096][rng.gen_range(0..3)];
    if rng.gen_bool(0.3) {
        opts.table.compression = Compression::None;
    }
    opts.recycle_log_files = rng.gen_range(0..3);
    opts
}

fn check(db: &Db, model: &Model, what: &str) {
    common::check_scans(db, &ReadOptions::default(), None, None, |dir, got| {
        assert!(
            got.iter().map(|(k, v)| (k, v)).eq(model),
            "{what}: {dir} scan differs from the model ({} vs {} keys)",
            got.len(),
            model.len()
        )
    });
    common::check_gets(db, &ReadOptions::default(), model, 0..500, what);
}

fn check_files(fs: &MemFs, opts: &Options, what: &str) {
    let dir = Path::new("/db");
    assert_eq!(
        common::files_of_type(fs, dir, FileType::Manifest).len(),
        1,
        "{what}: manifests"
    );
    let logs = common::files_of_type(fs, dir, FileType::Log).len();
    // The live log, the logs kept for reuse, and at most two waiting for their flush.
    assert!(logs <= opts.recycle_log_files + 3, "{what}: {logs} logs");
    assert!(
        common::files_of_type(fs, dir, FileType::Temp).is_empty(),
        "{what}: temp files"
    );
}

fn run(seed: u64) {
    let _guard = common::OnPanic(format!("seed {seed}"));
    let mut rng = SmallRng::seed_from_u64(seed);
    let fs = MemFs::new();
    let mut opts = random_options(&fs, &mut rng);
    let mut db = Db::open("/db", opts.clone()).unwrap();
    let mut model = Model::new();
    let key = |rng: &mut SmallRng| common::key(rng.gen_range(0..500));
    for step in 0..3000 {
        match rng.gen_range(0..100) {
            0..=59 => {
                let k = key(&mut rng);
                let v: Vec<u8> = (0..rng.gen_range(0..120)).map(|_| rng.gen()).collect();
                common::put(&db, &mut model, k, v);
            }
            60..=74 => common::delete(&db, &mut model, key(&mut rng)),
            75..=84 => common::random_batch(&db, &mut model, &mut rng, 1..30, 0.8, key, |_| {
                format!("batch {step}").into_bytes()
            }),
            85..=87 => db.flush().unwrap(),
            88 => {
                let lo = key(&mut rng);
                db.compact_range(Some(&lo), None).unwrap();
            }
            _ => {}
        }
        if step % 300 == 299 {
            if rng.gen_bool(0.5) {
                db.close().unwrap();
            }
            drop(db);
            if rng.gen_bool(0.5) {
                opts = random_options(&fs, &mut rng);
            }
            db = Db::open("/db", opts.clone()).unwrap();
            let what = format!("reopen after step {step}");
            check(&db, &model, &what);
            assert_eq!(
                db.stats().wal_tail_dropped_bytes,
                0,
                "{what}: a clean close left a torn log"
            );
            check_files(&fs, &opts, &what);
        }
    }
    // Twice more without writes: nothing changes.
    for round in 0..2 {
        drop(db);
        db = Db::open("/db", opts.clone()).unwrap();
        check(&db, &model, &format!("idle reopen {round}"));
    }
    db.compact_range(None, None).unwrap();
    check(&db, &model, "full compaction");
}

#[test]
fn reopening_preserves_exact_contents() {
    for seed in 0..common::seeds("REOPEN_SEEDS", 5) {
        run(seed);
    }
}
