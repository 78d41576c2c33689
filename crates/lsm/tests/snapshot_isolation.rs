//! A snapshot sees exactly the state at the moment it was taken, through later overwrites,
//! deletes, flushes and compactions, in point reads and in scans both ways; and concurrent
//! readers never see part of a batch.
//!
//! - `snapshots_see_their_moment`: a single thread overwrites and deletes a small key space
//!   (many versions per key), takes and releases snapshots, flushes and compacts everything
//!   often (the compaction must keep every version a live snapshot needs and may drop the
//!   rest), and checks every live snapshot against a copy of the model taken with it.
//! - `readers_never_see_part_of_a_batch`: writers commit batches that set all keys of a group
//!   to one value; readers take snapshots (and plain scans, which read at one sequence too)
//!   while memtables flush and compact, and check each group is uniform, and that a snapshot
//!   read twice, before and after more writes and compactions, gives the same answer.
//!
//! `SNAPSHOT_SEEDS=n` runs more seeds.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};

use cairn_lsm::{Db, ReadOptions, Snapshot, WriteBatch, WriteOptions};
use common::Model;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

fn at(snap: &Snapshot) -> ReadOptions {
    ReadOptions {
        snapshot: Some(snap.sequence()),
        ..ReadOptions::default()
    }
}

fn check_snapshot(db: &Db, snap: &Snapshot, model: &Model, rng: &mut SmallRng, what: &str) {
    common::check_gets(db, &at(snap), model, 0..60, what);
    let lo = common::key(rng.gen_range(0..60));
    let hi = common::key(rng.gen_range(0..70));
    for (lower, upper) in [(None, None), (Some(lo.as_slice()), Some(hi.as_slice()))] {
        let want = common::model_range(model, lower, upper);
        common::check_scans(db, &at(snap), lower, upper, |dir, got| {
            assert!(got == want, "{what}: {dir} scan {lower:?}..{upper:?}")
        });
    }
}

fn run_single(seed: u64) {
    let _guard = common::OnPanic(format!("seed {seed}"));
    let mut rng = SmallRng::seed_from_u64(seed);
    let (_fs, opts) = common::mem_options();
    let db = Db::open("/db", opts).unwrap();
    let mut model = Model::new();
    let mut snaps: Vec<(Snapshot, Model, usize)> = Vec::new();
    let key = |rng: &mut SmallRng| common::key(rng.gen_range(0..60));
    for step in 0..2500 {
        match rng.gen_range(0..100) {
            0..=54 => {
                let k = key(&mut rng);
                let v = format!("{step}:{}", "x".repeat(rng.gen_range(0..100))).into_bytes();
                common::put(&db, &mut model, k, v);
            }
            55..=69 => common::delete(&db, &mut model, key(&mut rng)),
            70..=74 => common::random_batch(&db, &mut model, &mut rng, 1..10, 0.7, key, |_| {
                format!("b{step}").into_bytes()
            }),
            75..=79 => {
                if snaps.len() < 6 {
                    snaps.push((db.snapshot(), model.clone(), step));
                }
            }
            80..=82 => {
                if !snaps.is_empty() {
                    snaps.remove(rng.gen_range(0..snaps.len()));
                }
            }
            83..=86 => db.flush().unwrap(),
            87..=89 => db.compact_range(None, None).unwrap(),
            90..=92 => {
                let lo = key(&mut rng);
                db.compact_range(Some(&lo), None).unwrap();
            }
            _ => {
                if !snaps.is_empty() {
                    let (snap, m, taken) = &snaps[rng.gen_range(0..snaps.len())];
                    check_snapshot(
                        &db,
                        snap,
                        m,
                        &mut rng,
                        &format!("step {step}, snapshot of step {taken}"),
                    );
                }
            }
        }
    }
    db.compact_range(None, None).unwrap();
    for (snap, m, taken) in &snaps {
        check_snapshot(
            &db,
            snap,
            m,
            &mut rng,
            &format!("end, snapshot of step {taken}"),
        );
    }
    // The latest state is unaffected by all of it.
    let all: Model = common::scan_all(&db).unwrap().into_iter().collect();
    assert!(all == model, "latest state");
}

#[test]
fn snapshots_see_their_moment() {
    for seed in 0..common::seeds("SNAPSHOT_SEEDS", 4) {
        run_single(seed);
    }
}

const GROUPS: u64 = 8;
const GROUP_SIZE: u64 = 12;

fn group_key(g: u64, i: u64) -> Vec<u8> {
    format!("g{g}-{i:02}").into_bytes()
}

/// Checks that every group in `pairs` (a full scan) holds one value in all its keys.
fn check_groups(pairs: &[(Vec<u8>, Vec<u8>)], what: &str) {
    for g in 0..GROUPS {
        let prefix = format!("g{g}-");
        let values: Vec<&Vec<u8>> = pairs
            .iter()
            .filter(|(k, _)| k.starts_with(prefix.as_bytes()))
            .map(|(_, v)| v)
            .collect();
        assert!(
            values.is_empty()
                || (values.len() as u64 == GROUP_SIZE && values.iter().all(|v| *v == values[0])),
            "{what}: group {g} is torn: {} keys, values {:?}",
            values.len(),
            values
                .iter()
                .map(|v| String::from_utf8_lossy(v))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn readers_never_see_part_of_a_batch() {
    let (_fs, mut opts) = common::mem_options();
    opts.write_buffer_size = 4 << 10;
    let db = Db::open("/db", opts).unwrap();
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        let (db, done) = (&db, &done);
        let writers: Vec<_> = (0..3u64)
            .map(|t| {
                s.spawn(move || {
                    let mut rng = SmallRng::seed_from_u64(t);
                    for n in 0..400u64 {
                        let g = rng.gen_range(0..GROUPS);
                        let mut b = WriteBatch::new();
                        let v =
                            format!("w{t}n{n}:{}", "y".repeat(rng.gen_range(0..60))).into_bytes();
                        for i in 0..GROUP_SIZE {
                            b.put(&group_key(g, i), &v);
                        }
                        db.write(b, WriteOptions::default()).unwrap();
                        if n % 97 == 0 {
                            db.compact_range(None, None).unwrap();
                        }
                    }
                })
            })
            .collect();
        for r in 0..2 {
            s.spawn(move || {
                let mut n = 0;
                while !done.load(Ordering::Relaxed) {
                    n += 1;
                    // A plain scan reads at one sequence number.
                    let pairs = common::scan_all(db).unwrap();
                    check_groups(&pairs, &format!("reader {r} scan {n}"));
                    // A snapshot gives the same answer before and after more writes.
                    let snap = db.snapshot();
                    let first = common::scan_pairs(db, &at(&snap), None, None, r == 1);
                    let mut sorted = first.clone();
                    sorted.sort();
                    check_groups(&sorted, &format!("reader {r} snapshot {n}"));
                    std::thread::yield_now();
                    db.flush().unwrap();
                    let again = common::scan_pairs(db, &at(&snap), None, None, r == 1);
                    assert!(first == again, "reader {r}: snapshot {n} changed");
                    for (k, v) in first.iter().take(5) {
                        assert_eq!(db.get(k, &at(&snap)).unwrap().as_ref(), Some(v));
                    }
                }
            });
        }
        for w in writers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Relaxed);
    });
    check_groups(&common::scan_all(&db).unwrap(), "end");
}
