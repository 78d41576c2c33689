//! Model test: long random sequences of writes, reads, scans in both directions, snapshots,
//! flushes, compactions and reopens, checked against a `BTreeMap`.
//!
//! A planted bug shows the test can fail: making the compaction keep only the newest
//! version regardless of snapshots (`Dropper` with `smallest_snapshot = MAX`) or reversing
//! the tombstone rule is caught within the first few seeds.

mod common;

use cairn_lsm::{Db, ReadOptions, Snapshot};
use common::Model;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

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

fn check_scan(db: &Db, model: &Model, rng: &mut SmallRng, snapshot: Option<u64>) {
    let lo = rng.gen_bool(0.7).then(|| rand_key(rng));
    let hi = rng.gen_bool(0.7).then(|| rand_key(rng));
    let opts = ReadOptions {
        snapshot,
        ..ReadOptions::default()
    };
    let (lower, upper) = (lo.as_deref(), hi.as_deref());
    let want = common::model_range(model, lower, upper);
    common::check_scans(db, &opts, lower, upper, |dir, got| {
        assert_eq!(got, want, "{dir} scan {lo:?}..{hi:?}")
    });
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
    for step in 0..steps {
        let op = rng.gen_range(0..100);
        match op {
            0..=39 => {
                let (k, v) = (rand_key(&mut rng), rand_value(&mut rng));
                common::put(&db, &mut model, k, v);
            }
            40..=49 => common::delete(&db, &mut model, rand_key(&mut rng)),
            50..=54 => {
                common::random_batch(&db, &mut model, &mut rng, 1..20, 0.7, rand_key, rand_value)
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
    let all = common::scan_pairs(&db, &ReadOptions::default(), None, None, false);
    assert_eq!(all.len(), model.len());
}

#[test]
fn random_operations_match_a_btreemap() {
    for seed in 0..common::seeds("MODEL_SEEDS", 6) {
        run(seed, 4000);
    }
}
