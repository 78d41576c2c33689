//! Regression test: recovery must never give its new log the number of a log that is still
//! needed.
//!
//! Found while writing `crash_recovery_is_idempotent`. The manifest records the next file
//! number as of its last edit, but the engine keeps allocating numbers after that edit: a
//! memtable switch creates log N, a flush in progress takes N + 1 for its table, a forced
//! switch (`Db::flush`) creates log N + 2, and a crash comes before the flush's edit.
//! Recovery then replays those logs into level-0 tables numbered from N and creates its new
//! log with the next number. With the replayed data fitting in 2 tables (N, N + 1), that is
//! N + 2: `create` truncated a log whose records were only in tables that no manifest named
//! yet. A crash (or an I/O error) before the new manifest was in place then lost those
//! acknowledged writes for good. Fix (`db/open.rs`): recovery marks every log number it
//! finds as used before allocating any number.
//!
//! The test builds that state by hand (a log numbered above the manifest's next file number,
//! one table's worth of data, so the new log would take exactly that number) and fails the
//! open right after the new log was created.

mod common;

use std::path::Path;
use std::sync::Arc;

use cairn_lsm::filename::FileType;
use cairn_lsm::fs::{FaultKind, FaultyFs, MemFs};
use cairn_lsm::{Db, ReadOptions, WriteOptions};

fn run(power_loss: bool) {
    let dir = Path::new("/db");
    let mem = MemFs::new();
    let faulty = FaultyFs::new(Arc::new(mem.clone()));
    let opts = common::small_options(Arc::new(faulty.clone()));
    let db = Db::open(dir, opts.clone()).unwrap();
    db.put(b"base", b"vb", WriteOptions { sync: true }).unwrap();
    drop(db);
    let (_, next_file, _) = common::manifest_counters(&mem, dir);
    // The first number recovery allocates: past the recorded one, the manifest's own and
    // every table's.
    let used = [FileType::Manifest, FileType::Table]
        .into_iter()
        .flat_map(|ty| common::files_of_type(&mem, dir, ty))
        .map(|(n, _)| n + 1);
    let first = used.chain([next_file]).max().unwrap();
    // A log the engine made after its last manifest edit, holding an acknowledged write;
    // recovery's one table takes `first`, its new log would take `first + 1`.
    let late = common::batch_record(
        common::next_sequence(&mem, dir),
        &[(b"late", b"acknowledged")],
    );
    common::write_log(&mem, dir, first + 1, &[late]);

    // Sanity: a clean open sees it.
    let copy = common::copy_dir(&mem, dir);
    let db = Db::open(dir, common::small_options(Arc::new(copy))).unwrap();
    assert_eq!(
        db.get(b"late", &ReadOptions::default()).unwrap().as_deref(),
        Some(&b"acknowledged"[..])
    );
    drop(db);

    // Recovery creates its table, then its new log, then fails creating the manifest.
    faulty.fail_after(FaultKind::Create, 2);
    let err = Db::open(dir, opts.clone()).expect_err("the open should fail at the manifest");
    assert!(faulty.tripped(), "{err}");
    faulty.heal();
    if power_loss {
        mem.crash();
    }
    let db = Db::open(dir, opts).unwrap();
    let get = |k: &[u8]| db.get(k, &ReadOptions::default()).unwrap();
    assert_eq!(get(b"base").as_deref(), Some(&b"vb"[..]));
    assert_eq!(
        get(b"late").as_deref(),
        Some(&b"acknowledged"[..]),
        "power loss: {power_loss}"
    );
}

#[test]
fn failed_recovery_keeps_logs_numbered_past_the_manifest() {
    run(false);
}

#[test]
fn crashed_recovery_keeps_logs_numbered_past_the_manifest() {
    run(true);
}
