//! Model test: long random sequences of writes, reads, scans in both directions, snapshots,
//! flushes, compactions and reopens, checked against a `BTreeMap`.
//!
//! A planted bug shows the test can fail: making the compaction keep only the newest
//! version regardless of snapshots (`Dropper` with `smallest_snapshot = MAX`) or reversing
//! the tombstone rule is caught within the first few seeds.

mod common;

use std::collections::BTreeMap;
use std::ops::Bound;

use cairn_lsm::{Db, ReadOptions, Snapshot, WriteBatch, WriteOptions};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

type Model = BTreeMap<Vec<u8>, Vec<u8>>;

fn rand_key(rng: &mut SmallRng) -> Vec<u8> {
    common::key(rng.gen_range(0..400))
}

fn rand_value(rng: &mut SmallRng) -> Vec<u8> {
    let len = if rng.gen_bool(0.05) {
        rng.gen_range(200..2000)
    } else {
        rng.gen_range(0..40)
    };
    (0..len).map(|_| rng.gen()).collect()
}

fn expected_range(
    model: &Model,
    lo: &Option<Vec<u8>>,
    hi: &Option<Vec<u8>>,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let lo = lo
        .as_ref()
        .map_or(Bound::Unbounded, |k| Bound::Included(k.clone()));
    let hi = hi
        .as_ref()
        .map_or(Bound::Unbounded, |k| Bound::Excluded(k.clone()));
    if let (Bound::Included(a), Bound::Excluded(b)) = (&lo, &hi) {
        if a >= b {
            return Vec::new();
        }
    }
    model
        .range((lo, hi))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn check_scan(db: &Db, model: &Model, rng: &mut SmallRng, snapshot: Option<u64>) {
    let lo = rng.gen_bool(0.7).then(|| rand_key(rng));
    let hi = rng.gen_bool(0.7).then(|| rand_key(rng));
    let opts = ReadOptions {
        snapshot,
        ..ReadOptions::default()
    };
    let want = expected_range(model, &lo, &hi);
    let fwd: Vec<_> = db
        .scan(&opts, lo.as_deref(), hi.as_deref(), false)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(fwd, want, "forward scan {lo:?}..{hi:?}");
    let mut rev: Vec<_> = db
        .scan(&opts, lo.as_deref(), hi.as_deref(), true)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rev.reverse();
    assert_eq!(rev, want, "reverse scan {lo:?}..{hi:?}");
}

/// Random seeks and next/prev steps against the model.
fn check_cursor(db: &Db, model: &Model, rng: &mut SmallRng) {
    let keys: Vec<&Vec<u8>> = model.keys().collect();
    let mut it = db.iter(&ReadOptions::default(), None, None).unwrap();
    let target = rand_key(rng);
    let mut pos: Option<usize>;
    if rng.gen_bool(0.5) {
        it.seek(&target);
        let i = keys.partition_point(|k| k.as_slice() < target.as_slice());
        pos = (i < keys.len()).then_some(i);
    } else {
        it.seek_for_prev(&target);
        let i = keys.partition_point(|k| k.as_slice() <= target.as_slice());
        pos = i.checked_sub(1);
    }
    for _ in 0..20 {
        match pos {
            Some(p) => {
                assert!(it.valid(), "iterator ended early");
                assert_eq!(it.key(), keys[p].as_slice());
                assert_eq!(it.value(), model[keys[p]].as_slice());
            }
            None => {
                assert!(!it.valid());
                break;
            }
        }
        if rng.gen_bool(0.5) {
            it.next();
            pos = pos.and_then(|p| (p + 1 < keys.len()).then_some(p + 1));
        } else {
            it.prev();
            pos = pos.and_then(|p| p.checked_sub(1));
        }
    }
    it.status().unwrap();
}

fn run(seed: u64, steps: usize) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let (_fs, opts) = common::mem_options();
    let mut db = Db::open("/db", opts.clone()).unwrap();
    let mut model = Model::new();
    let mut snapshots: Vec<(Snapshot, Model)> = Vec::new();
    let w = WriteOptions::default();
    for step in 0..steps {
        let op = rng.gen_range(0..100);
        match op {
            0..=39 => {
                let (k, v) = (rand_key(&mut rng), rand_value(&mut rng));
                db.put(&k, &v, w).unwrap();
                model.insert(k, v);
            }
            40..=49 => {
                let k = rand_key(&mut rng);
                db.delete(&k, w).unwrap();
                model.remove(&k);
            }
            50..=54 => {
                let mut b = WriteBatch::new();
                for _ in 0..rng.gen_range(1..20) {
                    let k = rand_key(&mut rng);
                    if rng.gen_bool(0.7) {
                        let v = rand_value(&mut rng);
                        b.put(&k, &v);
                        model.insert(k, v);
                    } else {
                        b.delete(&k);
                        model.remove(&k);
                    }
                }
                db.write(b, w).unwrap();
            }
            55..=74 => {
                let k = rand_key(&mut rng);
                assert_eq!(
                    db.get(&k, &ReadOptions::default()).unwrap(),
                    model.get(&k).cloned(),
                    "seed {seed} step {step} get"
                );
            }
            75..=79 => check_scan(&db, &model, &mut rng, None),
            80..=82 => check_cursor(&db, &model, &mut rng),
            83..=85 => {
                if snapshots.len() < 4 {
                    snapshots.push((db.snapshot(), model.clone()));
                } else {
                    snapshots.remove(rng.gen_range(0..snapshots.len()));
                }
            }
            86..=90 => {
                if let Some((snap, m)) = snapshots.get(rng.gen_range(0..snapshots.len().max(1))) {
                    let k = rand_key(&mut rng);
                    let opts = ReadOptions {
                        snapshot: Some(snap.sequence()),
                        ..ReadOptions::default()
                    };
                    assert_eq!(
                        db.get(&k, &opts).unwrap(),
                        m.get(&k).cloned(),
                        "seed {seed} step {step} snapshot get"
                    );
                    check_scan(&db, m, &mut rng, Some(snap.sequence()));
                }
            }
            91..=93 => db.flush().unwrap(),
            94..=95 => {
                let lo = rand_key(&mut rng);
                db.compact_range(Some(&lo), None).unwrap();
            }
            _ => {
                snapshots.clear();
                drop(db);
                db = Db::open("/db", opts.clone()).unwrap();
            }
        }
    }
    db.compact_range(None, None).unwrap();
    check_scan(&db, &model, &mut rng, None);
    let all: Vec<_> = db
        .scan(&ReadOptions::default(), None, None, false)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(all.len(), model.len());
}

#[test]
fn random_operations_match_a_btreemap() {
    let seeds: u64 = std::env::var("MODEL_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    for seed in 0..seeds {
        run(seed, 4000);
    }
}
