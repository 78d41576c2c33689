//! Conditions: comparisons, functions, logic, and the value-dependent errors.

use super::{check, item, sample};
use serde_json::json;

fn t(expr: &str, values: serde_json::Value) -> bool {
    check(expr, values, Some(&sample())).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

#[test]
fn equality_on_any_type() {
    assert!(t("s = :v", json!({":v": {"S": "hello"}})));
    assert!(t("n = :v", json!({":v": {"N": "10.00"}})));
    assert!(!t("n = :v", json!({":v": {"S": "10"}})));
    assert!(t("n <> :v", json!({":v": {"S": "10"}})));
    assert!(t("ss = :v", json!({":v": {"SS": ["y", "x"]}})));
    assert!(t("m.y = :v", json!({":v": {"M": {"z": {"S": "zz"}}}})));
    assert!(t("l[1] = :v", json!({":v": {"N": "1"}})));
    assert!(t("#k = :v", json!({":v": {"S": "dotted"}})));
    assert!(t("z = :v", json!({":v": {"NULL": true}})));
}

#[test]
fn missing_attribute_equals_nothing() {
    assert!(!t("gone = :v", json!({":v": {"S": "x"}})));
    assert!(t("gone <> :v", json!({":v": {"S": "x"}})));
    assert!(!t("gone < :v", json!({":v": {"S": "x"}})));
    assert!(!t("l[9] = :v", json!({":v": {"S": "x"}})));
    assert!(!t("s.x = :v", json!({":v": {"S": "x"}})));
}

#[test]
fn ordering_only_same_type_n_s_b() {
    assert!(t("n > :v", json!({":v": {"N": "9.5"}})));
    assert!(t("n <= :v", json!({":v": {"N": "10"}})));
    assert!(!t("n < :v", json!({":v": {"N": "-1"}})));
    assert!(t("s < :v", json!({":v": {"S": "hellp"}})));
    assert!(t("b >= :v", json!({":v": {"B": "AQI="}})));
    assert!(!t("n < :v", json!({":v": {"S": "99"}})));
    assert!(!t("n > :v", json!({":v": {"S": "0"}})));
    assert!(!t("t >= :v", json!({":v": {"BOOL": true}})));
    assert!(!t("ss >= :v", json!({":v": {"SS": ["x", "y"]}})));
}

#[test]
fn between_and_in() {
    assert!(t(
        "n BETWEEN :a AND :b",
        json!({":a": {"N": "1"}, ":b": {"N": "10"}})
    ));
    assert!(t(
        "n BETWEEN :a AND :b",
        json!({":a": {"N": "10"}, ":b": {"N": "10"}})
    ));
    assert!(!t(
        "n BETWEEN :a AND :b",
        json!({":a": {"N": "11"}, ":b": {"N": "12"}})
    ));
    assert!(!t(
        "n BETWEEN :a AND :b",
        json!({":a": {"S": "1"}, ":b": {"S": "2"}})
    ));
    assert!(t(
        "s BETWEEN :a AND :b",
        json!({":a": {"S": "h"}, ":b": {"S": "i"}})
    ));
    assert!(t(
        "n IN (:a, :b)",
        json!({":a": {"S": "10"}, ":b": {"N": "10"}})
    ));
    assert!(!t(
        "n IN (:a, :b)",
        json!({":a": {"S": "10"}, ":b": {"N": "11"}})
    ));
    assert!(!t("gone IN (:a)", json!({":a": {"S": "10"}})));
}

#[test]
fn between_errors() {
    let e = check(
        "n BETWEEN :a AND :b",
        json!({":a": {"N": "2"}, ":b": {"N": "1"}}),
        None,
    );
    assert_eq!(
        e.unwrap_err(),
        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater \
         than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound \
         operand: AttributeValue: {N:1}"
    );
    let e = check(
        "n BETWEEN :a AND :b",
        json!({":a": {"N": "1"}, ":b": {"S": "2"}}),
        None,
    );
    assert_eq!(
        e.unwrap_err(),
        "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower \
         and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: \
         AttributeValue: {S:2}"
    );
    let e = check(
        "n BETWEEN :a AND :b",
        json!({":a": {"BOOL": true}, ":b": {"SS": ["x", "y"]}}),
        None,
    );
    assert!(
        e.unwrap_err().ends_with("lower bound operand: AttributeValue: {BOOL:true}, upper bound operand: AttributeValue: {SS:x,y}")
    );
    let e = check(
        "n BETWEEN :a AND :b",
        json!({":a": {"S": "b"}, ":b": {"S": "a"}}),
        None,
    );
    assert!(e
        .unwrap_err()
        .contains("greater than or equal to lower bound"));
    // Bounds from paths are not checked: the comparison is just false.
    assert!(!t("n BETWEEN s AND b", json!({})));
}

#[test]
fn exists_and_type() {
    assert!(t("attribute_exists(m.y.z)", json!({})));
    assert!(!t("attribute_exists(m.q)", json!({})));
    assert!(t("attribute_not_exists(l[3])", json!({})));
    assert!(t("attribute_exists(l[2][0])", json!({})));
    for (path, ty) in [
        ("s", "S"),
        ("n", "N"),
        ("b", "B"),
        ("t", "BOOL"),
        ("z", "NULL"),
    ]
    .into_iter()
    .chain([
        ("ss", "SS"),
        ("ns", "NS"),
        ("bs", "BS"),
        ("l", "L"),
        ("m", "M"),
    ]) {
        let expr = format!("attribute_type({path}, :t)");
        assert!(t(&expr, json!({":t": {"S": ty}})), "{expr} {ty}");
        assert!(!t(
            &expr,
            json!({":t": {"S": if ty == "S" { "N" } else { "S" }}})
        ));
    }
    assert!(!t("attribute_type(gone, :t)", json!({":t": {"S": "S"}})));
}

#[test]
fn attribute_type_errors() {
    let e = check("attribute_type(a, :t)", json!({":t": {"S": "X"}}), None);
    assert_eq!(
        e.unwrap_err(),
        "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: \
         {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
    );
    let e = check("attribute_type(a, :t)", json!({":t": {"S": "s"}}), None);
    assert!(e.unwrap_err().contains("type: s, valid types"));
    let e = check("attribute_type(a, :t)", json!({":t": {"N": "1"}}), None);
    assert_eq!(
        e.unwrap_err(),
        "Invalid ConditionExpression: Incorrect operand type for operator or function; \
         operator or function: attribute_type, operand type: N"
    );
}

#[test]
fn begins_with_strings_and_binaries() {
    assert!(t("begins_with(s, :p)", json!({":p": {"S": "he"}})));
    assert!(t("begins_with(s, :p)", json!({":p": {"S": ""}})));
    assert!(!t("begins_with(s, :p)", json!({":p": {"S": "lo"}})));
    assert!(t("begins_with(b, :p)", json!({":p": {"B": "AQ=="}})));
    assert!(!t("begins_with(b, :p)", json!({":p": {"S": "A"}})));
    assert!(!t("begins_with(n, :p)", json!({":p": {"S": "1"}})));
    assert!(!t("begins_with(gone, :p)", json!({":p": {"S": "1"}})));
    let e = check("begins_with(a, :p)", json!({":p": {"N": "1"}}), None);
    assert_eq!(
        e.unwrap_err(),
        "Invalid ConditionExpression: Incorrect operand type for operator or function; \
         operator or function: begins_with, operand type: N"
    );
    let e = check("begins_with(:p, a)", json!({":p": {"SS": ["x"]}}), None);
    assert!(e.unwrap_err().ends_with("operand type: SS"));
}

#[test]
fn contains_everything() {
    assert!(t("contains(s, :v)", json!({":v": {"S": "ell"}})));
    assert!(!t("contains(s, :v)", json!({":v": {"S": "xyz"}})));
    assert!(t("contains(ss, :v)", json!({":v": {"S": "x"}})));
    assert!(!t("contains(ss, :v)", json!({":v": {"SS": ["x"]}})));
    assert!(t("contains(ns, :v)", json!({":v": {"N": "2.0"}})));
    assert!(!t("contains(ns, :v)", json!({":v": {"S": "2"}})));
    assert!(t("contains(bs, :v)", json!({":v": {"B": "AQ=="}})));
    assert!(t("contains(b, :v)", json!({":v": {"B": "AgM="}})));
    assert!(t("contains(l, :v)", json!({":v": {"N": "1"}})));
    assert!(t("contains(l, :v)", json!({":v": {"L": [{"S": "deep"}]}})));
    assert!(!t("contains(l, :v)", json!({":v": {"S": "deep"}})));
    assert!(!t("contains(m, :v)", json!({":v": {"S": "x"}})));
    assert!(!t("contains(n, :v)", json!({":v": {"N": "1"}})));
}

#[test]
fn size_of_each_type() {
    let eq = |p: &str, n: &str| t(&format!("size({p}) = :n"), json!({":n": {"N": n}}));
    assert!(eq("s", "5"));
    assert!(eq("u", "5"), "UTF-16 code units, not UTF-8 bytes");
    assert!(eq("b", "3"));
    assert!(eq("ss", "2"));
    assert!(eq("ns", "3"));
    assert!(eq("bs", "1"));
    assert!(eq("l", "3"));
    assert!(eq("l[2]", "1"));
    assert!(eq("m", "2"));
    assert!(!eq("n", "2"));
    assert!(
        t("size(n) <> :n", json!({":n": {"N": "2"}})),
        "no size: <> holds"
    );
    assert!(!eq("t", "1"));
    assert!(!eq("gone", "0"));
    assert!(t("size(s) > size(ss)", json!({})));
    let it = item(json!({"x": {"S": "é𝄞"}}));
    let three = json!({":n": {"N": "3"}});
    assert_eq!(check("size(x) = :n", three, Some(&it)), Ok(true));
}

#[test]
fn logic() {
    let v = json!({":a": {"S": "hello"}, ":b": {"N": "3"}});
    assert!(t("s = :a AND NOT n = :b", v.clone()));
    assert!(t("n = :b OR s = :a", v.clone()));
    assert!(!t("NOT (n = :b OR s = :a)", v.clone()));
    assert!(t("(n = :b AND s = :a) OR attribute_exists(m)", v));
}

#[test]
fn missing_item_is_empty() {
    let v = json!({":a": {"S": "x"}});
    assert_eq!(check("attribute_not_exists(a)", v.clone(), None), Ok(true));
    assert_eq!(check("a = :a", v.clone(), None), Ok(false));
    assert_eq!(check("a <> :a", v.clone(), None), Ok(true));
    let empty = item(json!({}));
    assert_eq!(check("attribute_exists(a)", v, Some(&empty)), Ok(false));
}

#[test]
fn errors_do_not_depend_on_short_circuit() {
    let e = check(
        "attribute_not_exists(a) OR attribute_type(a, :t)",
        json!({":t": {"S": "STRING"}}),
        None,
    );
    assert!(e.unwrap_err().contains("type: STRING"));
}

#[test]
fn undefined_placeholders_are_errors() {
    let e = check("a = :nope", json!({":x": {"S": "x"}}), None);
    assert_eq!(
        e.unwrap_err(),
        "Invalid ConditionExpression: An expression attribute value used in expression is not \
         defined; attribute value: :nope"
    );
    let e = check("#nope = :x", json!({":x": {"S": "x"}}), None);
    assert_eq!(
        e.unwrap_err(),
        "Invalid ConditionExpression: An expression attribute name used in the document path \
         is not defined; attribute name: #nope"
    );
}

/// Which of `items` (by position) satisfy `expr`.
fn matching(expr: &str, values: serde_json::Value, items: &[serde_json::Value]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, j) in items.iter().enumerate() {
        let it = item(json!({ "b": j }));
        if check(expr, values.clone(), Some(&it)).unwrap() {
            out.push(i);
        }
    }
    out
}

#[test]
fn dynalite_contains_cases() {
    // dynalite's "should scan by CONTAINS on type S / N", run against DynamoDB.
    let s_items = [
        json!({"S": "abdef"}),
        json!({"SS": ["abd", "bde"]}),
        json!({"B": "YWJkZWY="}),
        json!({"BS": ["abcd", "YmRl"]}),
        json!({"S": "bde"}),
        json!({"S": "abd"}),
        json!({"L": [{"N": "123"}, {"S": "bde"}]}),
        json!({"L": [{"S": "abd"}]}),
        json!({"L": [{"S": "abde"}]}),
    ];
    let v = json!({":b": {"S": "bde"}});
    assert_eq!(matching("contains(b, :b)", v, &s_items), [0, 1, 4, 6]);
    let n_items = [
        json!({"N": "1234"}),
        json!({"NS": ["123", "234"]}),
        json!({"B": "MTIzNA=="}),
        json!({"BS": ["MjM0"]}),
        json!({"SS": ["234"]}),
        json!({"L": [{"S": "abd"}, {"N": "234"}]}),
        json!({"L": [{"N": "123"}]}),
        json!({"L": [{"N": "1234"}]}),
    ];
    let v = json!({":b": {"N": "234"}});
    assert_eq!(matching("contains(b, :b)", v, &n_items), [1, 5]);
}

#[test]
fn dynalite_size_cases() {
    // dynalite's "should calculate size function correctly": 'abÿ' has size 3.
    let items = [
        json!({"S": "abÿ"}),
        json!({"N": "123"}),
        json!({"B": "YWJj"}),
        json!({"SS": ["a", "b", "c"]}),
        json!({"L": [{"S": "a"}, {"S": "a"}, {"S": "a"}]}),
        json!({"M": {"a": {"S": "a"}, "b": {"S": "a"}, "c": {"S": "a"}}}),
        json!({"S": "abcd"}),
    ];
    let v = json!({":b": {"N": "3"}});
    assert_eq!(matching("size(b) = :b", v.clone(), &items), [0, 2, 3, 4, 5]);
    assert_eq!(matching("((size(b)) = :b)", v, &items), [0, 2, 3, 4, 5]);
}
