//! A small random test: evaluation never panics, whatever the item and expression.

use super::{item, names};
use crate::expr::eval::{apply_update, evaluate_condition, project};
use crate::expr::{parse_condition, parse_projection, parse_update, ExprKind};
use crate::types::Item;
use serde_json::json;

/// A tiny deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const PATHS: &[&str] = &[
    "a", "a.b", "a[0]", "a[1].b", "#b", "b[0][1]", "c.#a", "l[3]", "m.c",
];
const VALUES: &[&str] = &[":s", ":n", ":l", ":m", ":ss", ":ns", ":z", ":t"];

fn values() -> Item {
    item(json!({
        ":s": {"S": "B"}, ":n": {"N": "1"}, ":l": {"L": [{"N": "1"}]},
        ":m": {"M": {"b": {"S": "x"}}}, ":ss": {"SS": ["S", "N"]}, ":ns": {"NS": ["1"]},
        ":z": {"NULL": true}, ":t": {"BOOL": false}
    }))
}

fn random_item(r: &mut Rng) -> Item {
    let v = values();
    let mut it = Item::new();
    for name in ["a", "b", "c", "l", "m"] {
        if r.next() % 3 > 0 {
            let key = r.pick(VALUES);
            it.insert(name.to_string(), v[key].clone());
        }
    }
    it
}

#[test]
fn random_expressions_do_not_panic() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let (names, values) = (names(), values());
    for _ in 0..3000 {
        let it = random_item(&mut r);
        let (p, q, v, w) = (r.pick(PATHS), r.pick(PATHS), r.pick(VALUES), r.pick(VALUES));
        let cond = match r.next() % 8 {
            0 => format!("{p} = {v} OR {q} < {w}"),
            1 => format!("{p} BETWEEN {v} AND {w}"),
            2 => format!("attribute_type({p}, {v})"),
            3 => format!("begins_with({p}, {v})"),
            4 => format!("contains({p}, {v}) AND NOT attribute_exists({q})"),
            5 => format!("size({p}) >= {v}"),
            6 => format!("{p} IN ({v}, {w})"),
            _ => format!("attribute_not_exists({p})"),
        };
        if let Ok(c) = parse_condition(&cond, ExprKind::Condition) {
            let _ = evaluate_condition(&c, ExprKind::Condition, &names, &values, Some(&it));
            let _ = evaluate_condition(&c, ExprKind::Filter, &names, &values, None);
        }
        let upd = match r.next() % 7 {
            0 => format!("SET {p} = {v}"),
            1 => format!("SET {p} = {q} + {v}"),
            2 => format!("SET {p} = list_append({q}, {v})"),
            3 => format!("SET {p} = if_not_exists({q}, {v}) REMOVE c"),
            4 => format!("REMOVE {p}, {q}"),
            5 => format!("ADD {p} {v}"),
            _ => format!("DELETE {p} {v}"),
        };
        if let Ok(u) = parse_update(&upd) {
            let _ = apply_update(&u, &names, &values, Some(&it));
        }
        if let Ok(pr) = parse_projection(&format!("{p}, {q}")) {
            let _ = project(&pr, &names, &it);
        }
    }
}
