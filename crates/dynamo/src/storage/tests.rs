//! Model tests of the LSM item store: random writes against a `BTreeMap` of items, with the
//! index entries, query ranges, scan segments and cursors checked against what the model
//! says they must be.

use std::collections::BTreeMap;
use std::sync::Arc;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::lsm::{Location, LsmStorage};
use super::{Change, ItemRef, SortRange, Storage};
use crate::table::{IndexKind, IndexSchema, KeyAttribute, KeySchema, Projection, TableSchema};
use crate::types::{AttributeType, AttributeValue, Item, Number};

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}

fn n(v: i64) -> AttributeValue {
    AttributeValue::N(Number::from(v))
}

fn attr(name: &str, ty: AttributeType) -> KeyAttribute {
    KeyAttribute {
        name: name.to_owned(),
        ty,
    }
}

/// A table `pk S, sk N` with a GSI on `g S` (INCLUDE `x`) and an LSI on `l S` (KEYS_ONLY).
fn schema() -> TableSchema {
    TableSchema {
        name: "t".into(),
        id: 7,
        key: KeySchema {
            hash: attr("pk", AttributeType::S),
            range: Some(attr("sk", AttributeType::N)),
        },
        indexes: vec![
            IndexSchema {
                name: "gsi".into(),
                id: 1,
                kind: IndexKind::Global,
                key: KeySchema {
                    hash: attr("g", AttributeType::S),
                    range: None,
                },
                projection: Projection::Include(vec!["x".into()]),
                readable: true,
            },
            IndexSchema {
                name: "lsi".into(),
                id: 2,
                kind: IndexKind::Local,
                key: KeySchema {
                    hash: attr("pk", AttributeType::S),
                    range: Some(attr("l", AttributeType::S)),
                },
                projection: Projection::KeysOnly,
                readable: true,
            },
        ],
    }
}

fn store() -> LsmStorage {
    LsmStorage::open(Location::Memory, false).unwrap()
}

fn key(pk: &str, sk: i64) -> Item {
    [("pk".to_owned(), s(pk)), ("sk".to_owned(), n(sk))].into()
}

fn random_item(rng: &mut SmallRng) -> Item {
    let pk = ["a", "b", "c", "a\0"][rng.gen_range(0..4)];
    let mut item = key(pk, rng.gen_range(-20..20));
    if rng.gen_bool(0.6) {
        item.insert("g".into(), s(["g1", "g2", "g3"][rng.gen_range(0..3)]));
    }
    if rng.gen_bool(0.5) {
        item.insert("l".into(), s(["l1", "l2", "l10"][rng.gen_range(0..3)]));
    }
    if rng.gen_bool(0.3) {
        item.insert("g".into(), n(1)); // wrong type: not in the index
    }
    item.insert("x".into(), n(rng.gen_range(0..5)));
    item.insert("y".into(), s("payload"));
    item
}

fn collect(cursor: super::ItemCursor) -> Vec<Item> {
    cursor.map(Result::unwrap).collect()
}

fn put(st: &LsmStorage, t: &TableSchema, item: &Item) -> Option<Item> {
    let k = t.key.key_of(item);
    st.write_items(&[ItemRef { table: t, key: &k }], &mut |_| {
        Ok(vec![Change::Put(item.clone())])
    })
    .unwrap()
    .pop()
    .unwrap()
}

fn delete(st: &LsmStorage, t: &TableSchema, k: &Item) -> Option<Item> {
    st.write_items(&[ItemRef { table: t, key: k }], &mut |_| {
        Ok(vec![Change::Delete])
    })
    .unwrap()
    .pop()
    .unwrap()
}

/// The index entries the model implies, sorted as the index stores them.
fn expected_index(
    t: &TableSchema,
    index: &IndexSchema,
    model: &BTreeMap<Vec<u8>, Item>,
) -> Vec<Item> {
    let mut entries: Vec<(Vec<u8>, Item)> = model
        .values()
        .filter_map(|item| {
            let (h, r) = index.key.values_of(item)?;
            let (th, tr) = t.key.values_of(item).unwrap();
            let k = crate::keys::layout::index_entry_key(t.id, index.id, h, r, th, tr).unwrap();
            Some((k, t.index_entry(index, item).unwrap()))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().map(|(_, e)| e).collect()
}

fn model_key(t: &TableSchema, item: &Item) -> Vec<u8> {
    let (h, r) = t.key.values_of(item).unwrap();
    crate::keys::layout::item_key(t.id, 0, h, r, &[]).unwrap()
}

#[test]
fn writes_keep_items_and_index_entries_in_step_with_a_model() {
    let t = schema();
    let st = store();
    let mut rng = SmallRng::seed_from_u64(7);
    let mut model: BTreeMap<Vec<u8>, Item> = BTreeMap::new();
    for step in 0..600 {
        let item = random_item(&mut rng);
        let mk = model_key(&t, &item);
        if rng.gen_bool(0.25) {
            let old = delete(&st, &t, &t.key.key_of(&item));
            assert_eq!(old, model.remove(&mk), "step {step}");
        } else {
            let old = put(&st, &t, &item);
            assert_eq!(old, model.insert(mk, item), "step {step}");
        }
        if step % 50 == 49 {
            let all = collect(st.scan(&t, None, 0, 1, None).unwrap());
            assert_eq!(all, model.values().cloned().collect::<Vec<_>>());
            for index in &t.indexes {
                let got = collect(st.scan(&t, Some(index), 0, 1, None).unwrap());
                assert_eq!(
                    got,
                    expected_index(&t, index, &model),
                    "index {}",
                    index.name
                );
            }
        }
    }
    let usage = st.usage(&t, None).unwrap();
    assert_eq!(usage.items, model.len() as u64);
}

type SortPredicate = Box<dyn Fn(i64) -> bool>;

#[test]
fn query_ranges_match_a_filter_over_the_partition() {
    let t = schema();
    let st = store();
    for sk in -10..10 {
        put(&st, &t, &key("p", sk));
        put(&st, &t, &key("q", sk));
    }
    let all: Vec<i64> = (-10..10).collect();
    let cases: Vec<(SortRange, SortPredicate)> = vec![
        (SortRange::All, Box::new(|_| true)),
        (SortRange::Eq(n(3)), Box::new(|v| v == 3)),
        (SortRange::Lt(n(3)), Box::new(|v| v < 3)),
        (SortRange::Le(n(3)), Box::new(|v| v <= 3)),
        (SortRange::Gt(n(-3)), Box::new(|v| v > -3)),
        (SortRange::Ge(n(-3)), Box::new(|v| v >= -3)),
        (
            SortRange::Between(n(-2), n(4)),
            Box::new(|v| (-2..=4).contains(&v)),
        ),
        (SortRange::Between(n(4), n(-2)), Box::new(|_| false)),
    ];
    for (range, pred) in &cases {
        for forward in [true, false] {
            let got: Vec<AttributeValue> =
                collect(st.query(&t, None, &s("p"), range, forward, None).unwrap())
                    .into_iter()
                    .map(|i| i["sk"].clone())
                    .collect();
            let mut want: Vec<AttributeValue> =
                all.iter().copied().filter(|v| pred(*v)).map(n).collect();
            if !forward {
                want.reverse();
            }
            assert_eq!(got, want, "{range:?} forward={forward}");
            // Resuming after each item yields the rest.
            for (i, item_sk) in want.iter().enumerate() {
                let start = [
                    ("pk".to_owned(), s("p")),
                    ("sk".to_owned(), item_sk.clone()),
                ]
                .into();
                let rest: Vec<AttributeValue> = collect(
                    st.query(&t, None, &s("p"), range, forward, Some(&start))
                        .unwrap(),
                )
                .into_iter()
                .map(|i| i["sk"].clone())
                .collect();
                assert_eq!(rest, want[i + 1..].to_vec(), "{range:?} after {item_sk:?}");
            }
        }
    }
}

#[test]
fn begins_with_selects_exactly_the_prefixed_sort_keys() {
    let mut t = schema();
    t.key.range = Some(attr("sk", AttributeType::S));
    t.indexes.clear();
    let st = store();
    let sks = [
        "",
        "a",
        "ab",
        "a\0",
        "a\0b",
        "b",
        "FAN_OF.x",
        "FAN_OF",
        "FANNED_BY.y",
    ];
    for sk in sks {
        let item: Item = [("pk".to_owned(), s("p")), ("sk".to_owned(), s(sk))].into();
        put(&st, &t, &item);
    }
    for prefix in ["", "a", "a\0", "FAN_OF.", "FAN", "z"] {
        let got: Vec<AttributeValue> = collect(
            st.query(
                &t,
                None,
                &s("p"),
                &SortRange::BeginsWith(s(prefix)),
                true,
                None,
            )
            .unwrap(),
        )
        .into_iter()
        .map(|i| i["sk"].clone())
        .collect();
        let mut want: Vec<&str> = sks
            .iter()
            .copied()
            .filter(|v| v.starts_with(prefix))
            .collect();
        want.sort();
        assert_eq!(
            got,
            want.into_iter().map(s).collect::<Vec<_>>(),
            "prefix {prefix:?}"
        );
    }
}

#[test]
fn scan_segments_partition_the_table() {
    let t = schema();
    let st = store();
    for i in 0..300 {
        put(&st, &t, &key(&format!("k{i}"), i));
    }
    for total in [1, 2, 3, 7, 64] {
        let mut seen = Vec::new();
        for seg in 0..total {
            let items = collect(st.scan(&t, None, seg, total, None).unwrap());
            // Resuming after the first item of a segment continues within it.
            if let Some(first) = items.first() {
                let rest = collect(st.scan(&t, None, seg, total, Some(first)).unwrap());
                assert_eq!(rest, items[1..].to_vec());
            }
            seen.extend(items);
        }
        assert_eq!(seen.len(), 300, "total {total}");
        let mut sks: Vec<String> = seen.iter().map(|i| format!("{:?}", i["pk"])).collect();
        sks.sort();
        sks.dedup();
        assert_eq!(
            sks.len(),
            300,
            "every item exactly once with {total} segments"
        );
    }
}

#[test]
fn failed_decision_writes_nothing() {
    let t = schema();
    let st = store();
    let item = key("p", 1);
    let r = st.write_items(
        &[ItemRef {
            table: &t,
            key: &item,
        }],
        &mut |_| Err(crate::DynamoError::validation("no")),
    );
    assert!(r.is_err());
    assert_eq!(st.get_item(&t, &item).unwrap(), None);
}

#[test]
fn concurrent_read_modify_writes_lose_no_update() {
    let t = Arc::new(schema());
    let st = Arc::new(store());
    let k = key("counter", 0);
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (t, st, k) = (t.clone(), st.clone(), k.clone());
            std::thread::spawn(move || {
                for _ in 0..200 {
                    st.write_items(&[ItemRef { table: &t, key: &k }], &mut |old| {
                        let mut item = old[0].clone().unwrap_or_else(|| k.clone());
                        let c = match item.get("c") {
                            Some(AttributeValue::N(v)) => v.to_i64().unwrap(),
                            _ => 0,
                        };
                        item.insert("c".into(), n(c + 1));
                        Ok(vec![Change::Put(item)])
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for th in threads {
        th.join().unwrap();
    }
    let item = st.get_item(&t, &k).unwrap().unwrap();
    assert_eq!(item["c"], n(1600));
}

#[test]
fn dropping_a_table_removes_its_data_and_nothing_else() {
    let t = schema();
    let mut other = schema();
    other.id = 8;
    let st = store();
    for i in 0..50 {
        let mut item = key("p", i);
        item.insert("g".into(), s("g"));
        put(&st, &t, &item);
        put(&st, &other, &item);
    }
    assert_eq!(st.stored_table_ids().unwrap(), vec![7, 8]);
    st.drop_table(7).unwrap();
    assert_eq!(st.stored_table_ids().unwrap(), vec![8]);
    assert_eq!(st.usage(&other, None).unwrap().items, 50);
    assert_eq!(st.usage(&other, Some(&other.indexes[0])).unwrap().items, 50);
}

#[test]
fn backfill_builds_the_entries_of_a_new_index() {
    let mut t = schema();
    let gsi = t.indexes.remove(0);
    t.indexes.clear();
    let st = store();
    let mut rng = SmallRng::seed_from_u64(3);
    let mut model = BTreeMap::new();
    for _ in 0..200 {
        let item = random_item(&mut rng);
        put(&st, &t, &item);
        model.insert(model_key(&t, &item), item);
    }
    t.indexes.push(gsi.clone());
    st.backfill_index(&t, &gsi).unwrap();
    let got = collect(st.scan(&t, Some(&gsi), 0, 1, None).unwrap());
    assert_eq!(got, expected_index(&t, &gsi, &model));
    st.drop_index(&t, &gsi).unwrap();
    assert_eq!(st.usage(&t, Some(&gsi)).unwrap().items, 0);
}

#[test]
fn catalog_records_round_trip() {
    let st = store();
    st.put_catalog("b", b"2").unwrap();
    st.put_catalog("a", b"1").unwrap();
    st.put_catalog_meta(b"m").unwrap();
    assert_eq!(
        st.catalog().unwrap(),
        vec![
            ("a".to_owned(), b"1".to_vec()),
            ("b".to_owned(), b"2".to_vec())
        ]
    );
    assert_eq!(st.catalog_meta().unwrap(), Some(b"m".to_vec()));
    st.delete_catalog("a").unwrap();
    assert_eq!(st.catalog().unwrap().len(), 1);
}
