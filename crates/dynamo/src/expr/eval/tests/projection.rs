//! Projections.

use super::{item, project, sample, val};
use serde_json::json;

#[test]
fn top_level_and_missing() {
    let p = project("s, n, gone, #k", &sample());
    assert_eq!(
        p,
        item(json!({"s": {"S": "hello"}, "n": {"N": "10"}, "key.with.dots": {"S": "dotted"}}))
    );
    assert!(project("gone", &sample()).is_empty());
}

#[test]
fn nested_maps_keep_only_projected_members() {
    let p = project("m.y.z, m.nope, s.x", &sample());
    assert_eq!(
        p,
        item(json!({"m": {"M": {"y": {"M": {"z": {"S": "zz"}}}}}}))
    );
}

#[test]
fn list_elements_are_compacted_in_index_order() {
    let p = project("l[2][0], l[0], l[7]", &sample());
    assert_eq!(
        p["l"],
        val(json!({"L": [{"S": "a"}, {"L": [{"S": "deep"}]}]}))
    );
    let it = item(
        json!({"x": {"L": [{"M": {"a": {"N": "1"}, "b": {"N": "2"}}}, {"M": {"a": {"N": "3"}}}]}}),
    );
    let p = project("x[1].a, x[0].b", &it);
    assert_eq!(
        p["x"],
        val(json!({"L": [{"M": {"b": {"N": "2"}}}, {"M": {"a": {"N": "3"}}}]}))
    );
}

#[test]
fn dynalite_nested_projection() {
    // dynalite's "should only return requested nested attributes", run against DynamoDB.
    let it = item(json!({
        "a": {"S": "k"},
        "b": {"M": {"a": {"S": "a"}, "b": {"S": "b"}, "c": {"S": "c"}}},
        "c": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]}
    }));
    let want = item(json!({
        "b": {"M": {"b": {"S": "b"}, "c": {"S": "c"}}},
        "c": {"L": [{"S": "b"}, {"S": "c"}]}
    }));
    assert_eq!(project("b.c,c[2],b.b,c[1],c[0].a", &it), want);
    assert_eq!(project("#b.#c,#c[2],#b.#b,#c[1],#c[0][1]", &it), want);
}
