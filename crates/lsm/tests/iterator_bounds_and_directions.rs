//! Iterators respect `[lower, upper)` bounds and move correctly in both directions, across
//! direction changes, over data spread through the memtable, level 0 and deeper levels,
//! with overwrites and tombstones hiding older versions, at the latest state and at a
//! snapshot.
//!
//! Keys are short strings over the bytes `00 01 'a' 'b' ff` (including the empty key), so
//! that many are prefixes of others and bounds fall between, on and next to keys. Each
//! session picks bounds (none, one, both, equal, inverted), positions the cursor with
//! `seek`, `seek_for_prev`, `seek_to_first` or `seek_to_last`, then takes random `next` and
//! `prev` steps, checking key, value and validity against a model after every move; scans
//! both ways must equal the model's range.
//!
//! `ITER_SEEDS=n` runs more seeds.

mod common;

use cairn_lsm::{Db, DbIterator, ReadOptions, WriteBatch, WriteOptions};
use common::Model;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

const ALPHABET: [u8; 5] = [0x00, 0x01, b'a', b'b', 0xff];

fn rand_key(rng: &mut SmallRng) -> Vec<u8> {
    (0..rng.gen_range(0..=4))
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())])
        .collect()
}

fn rand_bound(rng: &mut SmallRng) -> Option<Vec<u8>> {
    rng.gen_bool(0.7).then(|| rand_key(rng))
}

fn show(k: &[u8]) -> String {
    format!("{k:02x?}")
}

fn check_position(it: &DbIterator, want: &[(Vec<u8>, Vec<u8>)], pos: Option<usize>, what: &str) {
    match pos {
        Some(p) => {
            assert!(
                it.valid(),
                "{what}: iterator invalid, expected {}",
                show(&want[p].0)
            );
            assert_eq!(show(it.key()), show(&want[p].0), "{what}: key");
            assert_eq!(
                it.value(),
                want[p].1.as_slice(),
                "{what}: value of {}",
                show(&want[p].0)
            );
        }
        None => assert!(
            !it.valid(),
            "{what}: iterator at {}, expected the end",
            show(it.key())
        ),
    }
}

fn session(db: &Db, model: &Model, snapshot: Option<u64>, rng: &mut SmallRng, what: &str) {
    let mut lower = rand_bound(rng);
    let mut upper = rand_bound(rng);
    if rng.gen_bool(0.05) {
        upper.clone_from(&lower);
    }
    if rng.gen_bool(0.1) {
        // Bounds on existing keys.
        let keys: Vec<_> = model.keys().collect();
        if !keys.is_empty() {
            lower = Some(keys[rng.gen_range(0..keys.len())].clone());
            upper = Some(keys[rng.gen_range(0..keys.len())].clone());
        }
    }
    let want = common::model_range(model, lower.as_deref(), upper.as_deref());
    let opts = ReadOptions {
        snapshot,
        ..ReadOptions::default()
    };
    let what = format!(
        "{what}, bounds {:?}..{:?}",
        lower.as_deref().map(show),
        upper.as_deref().map(show)
    );

    common::check_scans(db, &opts, lower.as_deref(), upper.as_deref(), |dir, got| {
        assert!(got == want, "{what}: {dir} scan")
    });

    let mut it = db.iter(&opts, lower.as_deref(), upper.as_deref()).unwrap();
    let target = rand_key(rng);
    let (mut pos, op) = match rng.gen_range(0..4) {
        0 => {
            it.seek(&target);
            let i = want.partition_point(|(k, _)| k.as_slice() < target.as_slice());
            (
                (i < want.len()).then_some(i),
                format!("seek({})", show(&target)),
            )
        }
        1 => {
            it.seek_for_prev(&target);
            let i = want.partition_point(|(k, _)| k.as_slice() <= target.as_slice());
            (
                i.checked_sub(1),
                format!("seek_for_prev({})", show(&target)),
            )
        }
        2 => {
            it.seek_to_first();
            ((!want.is_empty()).then_some(0), "seek_to_first".to_string())
        }
        _ => {
            it.seek_to_last();
            (want.len().checked_sub(1), "seek_to_last".to_string())
        }
    };
    let mut trail = op;
    check_position(&it, &want, pos, &format!("{what}: {trail}"));
    for _ in 0..rng.gen_range(0..25) {
        if rng.gen_bool(0.5) {
            it.next();
            pos = pos.and_then(|p| (p + 1 < want.len()).then_some(p + 1));
            trail.push_str(" next");
        } else {
            it.prev();
            pos = pos.and_then(|p| p.checked_sub(1));
            trail.push_str(" prev");
        }
        check_position(&it, &want, pos, &format!("{what}: {trail}"));
    }
    it.status().unwrap();
}

fn run(seed: u64) {
    let _guard = common::OnPanic(format!("seed {seed}"));
    let mut rng = SmallRng::seed_from_u64(seed);
    let (_fs, mut opts) = common::mem_options();
    opts.write_buffer_size = 2 << 10;
    let db = Db::open("/db", opts).unwrap();
    let mut model = Model::new();
    let w = WriteOptions::default();
    let write = |db: &Db, model: &mut Model, rng: &mut SmallRng, n: usize, deletes: f64| {
        for _ in 0..n {
            let k = rand_key(rng);
            if rng.gen_bool(deletes) {
                common::delete(db, model, k);
            } else {
                let v: Vec<u8> = (0..rng.gen_range(0..30)).map(|_| rng.gen()).collect();
                common::put(db, model, k, v);
            }
        }
    };
    // Deepest level first, then level 0, then the memtable.
    write(&db, &mut model, &mut rng, 500, 0.0);
    db.compact_range(None, None).unwrap();
    write(&db, &mut model, &mut rng, 200, 0.4);
    db.compact_range(Some(b"a"), Some(b"b")).unwrap();
    write(&db, &mut model, &mut rng, 150, 0.4);
    db.flush().unwrap();
    let snap = db.snapshot();
    let snap_model = model.clone();
    write(&db, &mut model, &mut rng, 100, 0.5);
    let mut batch = WriteBatch::new();
    for _ in 0..20 {
        let k = rand_key(&mut rng);
        batch.delete(&k);
        model.remove(&k);
    }
    db.write(batch, w).unwrap();
    for n in 0..300 {
        session(&db, &model, None, &mut rng, &format!("session {n}"));
    }
    for n in 0..150 {
        session(
            &db,
            &snap_model,
            Some(snap.sequence()),
            &mut rng,
            &format!("snapshot session {n}"),
        );
    }
}

#[test]
fn bounded_iterators_move_correctly_both_ways() {
    for seed in 0..common::seeds("ITER_SEEDS", 4) {
        run(seed);
    }
}
