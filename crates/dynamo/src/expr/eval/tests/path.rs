//! Document paths: get, set and remove.

use super::{item, sample, val};
use crate::expr::eval::path::{get, remove, remove_all, set};
use crate::expr::eval::EvalError;
use crate::expr::resolve::Step;
use serde_json::json;

fn n(s: &str) -> Step {
    Step::Name(s.into())
}

#[test]
fn get_nested() {
    let it = sample();
    assert_eq!(
        get(&it, &[n("m"), n("y"), n("z")]),
        Some(&val(json!({"S": "zz"})))
    );
    assert_eq!(
        get(&it, &[n("l"), Step::Index(2), Step::Index(0)]),
        Some(&val(json!({"S": "deep"})))
    );
    assert_eq!(get(&it, &[n("l"), Step::Index(3)]), None);
    assert_eq!(get(&it, &[n("l"), n("x")]), None);
    assert_eq!(get(&it, &[n("m"), Step::Index(0)]), None);
    assert_eq!(get(&it, &[Step::Index(0)]), None);
    assert_eq!(get(&it, &[]), None);
}

#[test]
fn set_requires_parents() {
    let mut it = item(json!({"l": {"L": []}}));
    set(
        &mut it,
        &[n("l"), Step::Index(u32::MAX)],
        val(json!({"N": "1"})),
    )
    .unwrap();
    assert_eq!(it["l"], val(json!({"L": [{"N": "1"}]})));
    assert_eq!(
        set(&mut it, &[n("x"), n("y")], val(json!({"N": "1"}))),
        Err(EvalError::InvalidUpdatePath)
    );
    assert_eq!(
        set(&mut it, &[], val(json!({"N": "1"}))),
        Err(EvalError::InvalidUpdatePath)
    );
}

#[test]
fn remove_shifts_and_remove_all_uses_original_indexes() {
    let mut it = item(json!({"l": {"L": [{"N": "0"}, {"N": "1"}, {"N": "2"}, {"N": "3"}]}}));
    let mut one = it.clone();
    assert_eq!(
        remove(&mut one, &[n("l"), Step::Index(0)]).unwrap(),
        Some(val(json!({"N": "0"})))
    );
    assert_eq!(
        one["l"],
        val(json!({"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]}))
    );
    remove_all(
        &mut it,
        &[
            vec![n("l"), Step::Index(1)],
            vec![n("l"), Step::Index(3)],
            vec![n("l"), Step::Index(10)],
        ],
    )
    .unwrap();
    assert_eq!(it["l"], val(json!({"L": [{"N": "0"}, {"N": "2"}]})));
}
