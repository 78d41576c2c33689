//! The checker: is a recovered database a state the engine may come back in? (The model is
//! in the parent module's documentation.)

use super::*;

/// What must have survived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// The machine lost power (`MemFs::crash`): synced writes, and what they cover.
    PowerLoss,
    /// Only the process died: every acknowledged write.
    ProcessCrash,
}

/// The whole database as a map, read by a full scan; checked against point reads.
pub fn contents(db: &Db) -> BTreeMap<Vec<u8>, Vec<u8>> {
    let all: BTreeMap<_, _> = crate::common::scan_all(db)
        .expect("scan of the recovered database")
        .into_iter()
        .collect();
    for (k, v) in &all {
        let got = db.get(k, &ReadOptions::default()).expect("get");
        assert_eq!(
            got.as_ref(),
            Some(v),
            "get and scan disagree on {}",
            String::from_utf8_lossy(k)
        );
    }
    all
}

/// Checks that `db` (just recovered) holds a state allowed by `h` under `durability`; returns
/// the recovered contents.
pub fn check(db: &Db, h: &History, durability: Durability) -> BTreeMap<Vec<u8>, Vec<u8>> {
    let recovered = contents(db);
    check_contents(&recovered, h, durability);
    // Keys never read by the scan must read as absent too.
    for ops in &h.threads {
        for op in ops {
            for (k, _) in &op.writes {
                if !recovered.contains_key(k) {
                    let got = db.get(k, &ReadOptions::default()).expect("get");
                    assert_eq!(
                        got,
                        None,
                        "get finds {} which scan does not",
                        String::from_utf8_lossy(k)
                    );
                }
            }
        }
    }
    recovered
}

/// The cut rule of the module doc, on contents already read.
pub fn check_contents(recovered: &BTreeMap<Vec<u8>, Vec<u8>>, h: &History, durability: Durability) {
    let mut owner: HashMap<&[u8], usize> = HashMap::new();
    for (t, ops) in h.threads.iter().enumerate() {
        for op in ops {
            for (k, _) in &op.writes {
                owner.insert(k, t);
            }
        }
    }
    for k in recovered.keys() {
        assert!(
            owner.contains_key(k.as_slice()),
            "recovered key {} was never written",
            String::from_utf8_lossy(k)
        );
    }
    // The latest start of a write acknowledged with sync: everything acknowledged before it
    // started is in the log before it, hence durable.
    let sync_horizon = h
        .threads
        .iter()
        .flatten()
        .filter(|o| o.ok && o.sync)
        .map(|o| o.start)
        .max()
        .unwrap_or(0);
    for (t, ops) in h.threads.iter().enumerate() {
        let must = |o: &Op| match durability {
            Durability::ProcessCrash => o.ok,
            Durability::PowerLoss => o.ok && (o.sync || o.ack < sync_horizon),
        };
        let lo = ops.iter().rposition(must).map_or(0, |i| i + 1);
        let keys: BTreeSet<&[u8]> = ops
            .iter()
            .flat_map(|o| o.writes.iter().map(|(k, _)| k.as_slice()))
            .collect();
        let mut state: HashMap<&[u8], Option<&[u8]>> = keys.iter().map(|k| (*k, None)).collect();
        for op in &ops[..lo] {
            for (k, v) in &op.writes {
                state.insert(k, v.as_deref());
            }
        }
        let rec = |k: &[u8]| recovered.get(k).map(|v| v.as_slice());
        let mut mismatched: BTreeSet<&[u8]> = keys
            .iter()
            .copied()
            .filter(|k| state[k] != rec(k))
            .collect();
        let mut best = (mismatched.len(), lo);
        let mut cut = (mismatched.is_empty()).then_some(lo);
        for (c, op) in ops.iter().enumerate().skip(lo) {
            if cut.is_some() {
                break;
            }
            for (k, v) in &op.writes {
                state.insert(k, v.as_deref());
                if v.as_deref() == rec(k) {
                    mismatched.remove(k.as_slice());
                } else {
                    mismatched.insert(k);
                }
            }
            if mismatched.len() < best.0 {
                best = (mismatched.len(), c + 1);
            }
            if mismatched.is_empty() {
                cut = Some(c + 1);
            }
        }
        if cut.is_none() {
            // Explain the closest cut.
            let mut state: HashMap<&[u8], Option<&[u8]>> =
                keys.iter().map(|k| (*k, None)).collect();
            for op in &ops[..best.1] {
                for (k, v) in &op.writes {
                    state.insert(k, v.as_deref());
                }
            }
            let show = |v: Option<&[u8]>| match v {
                None => "<absent>".to_string(),
                Some(v) => String::from_utf8_lossy(&v[..v.len().min(16)]).into_owned(),
            };
            let diffs: Vec<String> = keys
                .iter()
                .filter(|k| state[*k] != rec(k))
                .take(8)
                .map(|k| {
                    format!(
                        "{}: expected {} got {}",
                        String::from_utf8_lossy(k),
                        show(state[k]),
                        show(rec(k))
                    )
                })
                .collect();
            let synced_acked = ops.iter().filter(|o| o.ok && o.sync).count();
            panic!(
                "{durability:?}: thread {t}: recovered state is no prefix of its writes at or past \
                 the durable point (must include {lo} of {} ops; {synced_acked} synced acks); closest \
                 cut {} leaves {} keys wrong: {diffs:?}",
                ops.len(),
                best.1,
                best.0
            );
        }
    }
}

/// After recovery the database must work: write, flush, compact, read back (with what was
/// recovered unchanged).
pub fn check_usable(db: &Db, recovered: &BTreeMap<Vec<u8>, Vec<u8>>) {
    for i in 0..300u32 {
        let k = format!("zz-after-{i:04}");
        db.put(
            k.as_bytes(),
            &i.to_le_bytes(),
            WriteOptions { sync: i % 50 == 0 },
        )
        .expect("write after recovery");
    }
    db.flush().expect("flush after recovery");
    db.compact_range(None, None)
        .expect("compaction after recovery");
    let mut want = recovered.clone();
    for i in 0..300u32 {
        want.insert(
            format!("zz-after-{i:04}").into_bytes(),
            i.to_le_bytes().to_vec(),
        );
    }
    let got = contents(db);
    assert!(
        got == want,
        "contents changed by writes, flush and compaction after recovery"
    );
}
