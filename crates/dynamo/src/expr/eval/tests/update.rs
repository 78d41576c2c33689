//! Update expressions: SET, REMOVE, ADD, DELETE and their errors.

use super::{item, names, sample, update, val};
use crate::expr::eval::touched_attributes;
use crate::expr::parse_update;
use serde_json::json;

const BAD_PATH: &str = "The document path provided in the update expression is invalid for update";
const WRONG_TYPE: &str = "An operand in the update expression has an incorrect data type";
const MISSING: &str =
    "The provided expression refers to an attribute that does not exist in the item";

fn ok(expr: &str, values: serde_json::Value) -> crate::types::Item {
    update(expr, values, Some(&sample())).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

fn err(expr: &str, values: serde_json::Value) -> String {
    match update(expr, values, Some(&sample())) {
        Ok(i) => panic!("{expr}: {i:?}"),
        Err(e) => e,
    }
}

#[test]
fn set_top_level_and_nested() {
    let v = json!({":v": {"S": "new"}});
    assert_eq!(ok("SET a = :v", v.clone())["a"], val(json!({"S": "new"})));
    assert_eq!(ok("SET s = :v", v.clone())["s"], val(json!({"S": "new"})));
    assert_eq!(
        ok("SET m.y.q = :v", v.clone())["m"],
        val(json!({"M": {"x": {"N": "1"}, "y": {"M": {"z": {"S": "zz"}, "q": {"S": "new"}}}}}))
    );
    assert_eq!(
        ok("SET #k = :v", v.clone())["key.with.dots"],
        val(json!({"S": "new"}))
    );
    let l = ok("SET l[0] = :v, l[7] = :v", v)["l"].clone();
    assert_eq!(
        l,
        val(json!({"L": [{"S": "new"}, {"N": "1"}, {"L": [{"S": "deep"}]}, {"S": "new"}]}))
    );
}

#[test]
fn set_invalid_paths() {
    let v = json!({":v": {"S": "x"}});
    for e in [
        "SET q.r = :v",
        "SET q[0] = :v",
        "SET s.r = :v",
        "SET m[0] = :v",
        "SET l.x = :v",
    ] {
        assert_eq!(err(e, v.clone()), BAD_PATH, "{e}");
    }
    assert_eq!(err("SET l[5].x = :v", v.clone()), BAD_PATH);
    assert_eq!(
        update("SET b.a = :v", v.clone(), None).unwrap_err(),
        BAD_PATH
    );
    assert_eq!(update("SET b[1] = :v", v, None).unwrap_err(), BAD_PATH);
}

#[test]
fn set_from_paths_reads_the_original_item() {
    let it = ok("SET a = n, n = s", json!({}));
    assert_eq!(it["a"], val(json!({"N": "10"})));
    assert_eq!(it["n"], val(json!({"S": "hello"})));
    assert_eq!(err("SET c = gone", json!({})), MISSING);
    assert_eq!(err("SET c = m.nope", json!({})), MISSING);
}

#[test]
fn arithmetic() {
    let v = json!({":one": {"N": "1"}, ":big": {"N": "99999999999999999999999999999999999999"}});
    assert_eq!(
        ok("SET n = n + :one", v.clone())["n"],
        val(json!({"N": "11"}))
    );
    assert_eq!(
        ok("SET a = :one - n", v.clone())["a"],
        val(json!({"N": "-9"}))
    );
    assert_eq!(
        ok("SET a = m.x + m.x", v.clone())["a"],
        val(json!({"N": "2"}))
    );
    let e = err("SET a = :big + :big", v.clone());
    assert_eq!(
        e,
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    );
    assert_eq!(err("SET a = s + :one", v.clone()), WRONG_TYPE);
    assert_eq!(err("SET a = gone + :one", v), MISSING);
    let e = err("SET a = n + :s", json!({":s": {"S": "1"}}));
    assert_eq!(
        e,
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator \
         or function: +, operand type: S"
    );
    let e = err("SET a = :s - n", json!({":s": {"SS": ["1"]}}));
    assert!(
        e.ends_with("operator or function: -, operand type: SS"),
        "{e}"
    );
}

#[test]
fn if_not_exists_and_list_append() {
    let v = json!({":v": {"N": "5"}, ":l": {"L": [{"S": "z"}]}});
    assert_eq!(
        ok("SET n = if_not_exists(n, :v)", v.clone())["n"],
        val(json!({"N": "10"}))
    );
    assert_eq!(
        ok("SET q = if_not_exists(q, :v)", v.clone())["q"],
        val(json!({"N": "5"}))
    );
    assert_eq!(
        ok("SET q = if_not_exists(q, :v) + :v", v.clone())["q"],
        val(json!({"N": "10"}))
    );
    let l = ok("SET l = list_append(:l, l)", v.clone())["l"].clone();
    assert_eq!(
        l,
        val(json!({"L": [{"S": "z"}, {"S": "a"}, {"N": "1"}, {"L": [{"S": "deep"}]}]}))
    );
    let l = ok("SET q = list_append(if_not_exists(q, :l), :l)", v.clone())["q"].clone();
    assert_eq!(l, val(json!({"L": [{"S": "z"}, {"S": "z"}]})));
    // A function's result is checked only when evaluated.
    assert_eq!(
        err("SET q = list_append(if_not_exists(q, :v), :l)", v.clone()),
        WRONG_TYPE
    );
    assert_eq!(
        ok("SET q = if_not_exists(n, :l) + :v", v.clone())["q"],
        val(json!({"N": "15"}))
    );
    assert_eq!(
        err("SET q = if_not_exists(gone, :l) + :v", v.clone()),
        WRONG_TYPE
    );
    assert_eq!(err("SET q = list_append(s, :l)", v.clone()), WRONG_TYPE);
    assert_eq!(err("SET q = list_append(gone, :l)", v.clone()), MISSING);
    let e = err("SET q = list_append(l, :v)", v);
    assert_eq!(
        e,
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator \
         or function: list_append, operand type: N"
    );
}

#[test]
fn remove() {
    let it = ok("REMOVE s, m.y.z, gone, m.q, l[9]", json!({}));
    assert!(!it.contains_key("s"));
    assert_eq!(
        it["m"],
        val(json!({"M": {"x": {"N": "1"}, "y": {"M": {}}}}))
    );
    assert_eq!(it["l"], sample()["l"]);
    // Several indexes of one list: original positions.
    let it = ok("REMOVE l[0], l[2]", json!({}));
    assert_eq!(it["l"], val(json!({"L": [{"N": "1"}]})));
    let it = ok("REMOVE l[2], l[1]", json!({}));
    assert_eq!(it["l"], val(json!({"L": [{"S": "a"}]})));
    assert_eq!(err("REMOVE s.x", json!({})), BAD_PATH);
    assert_eq!(err("REMOVE q.x", json!({})), BAD_PATH, "missing parent");
    assert_eq!(err("REMOVE q[1]", json!({})), BAD_PATH, "missing parent");
    assert_eq!(err("REMOVE l.x", json!({})), BAD_PATH);
    assert_eq!(err("REMOVE l[5].x", json!({})), BAD_PATH);
    assert_eq!(err("REMOVE m[0]", json!({})), BAD_PATH);
    assert_eq!(update("REMOVE a", json!({}), None), Ok(item(json!({}))));
}

#[test]
fn add_numbers_and_sets() {
    let v = json!({":n": {"N": "2.5"}, ":ss": {"SS": ["y", "q"]}, ":ns": {"NS": ["9"]}});
    assert_eq!(ok("ADD n :n", v.clone())["n"], val(json!({"N": "12.5"})));
    assert_eq!(ok("ADD q :n", v.clone())["q"], val(json!({"N": "2.5"})));
    assert_eq!(
        ok("ADD m.q :n", v.clone())["m"],
        val(json!({"M": {"x": {"N": "1"}, "y": {"M": {"z": {"S": "zz"}}}, "q": {"N": "2.5"}}}))
    );
    assert_eq!(
        ok("ADD ss :ss", v.clone())["ss"],
        val(json!({"SS": ["q", "x", "y"]}))
    );
    assert_eq!(ok("ADD q :ns", v.clone())["q"], val(json!({"NS": ["9"]})));
    assert_eq!(err("ADD ss :ns", v.clone()), WRONG_TYPE);
    assert_eq!(err("ADD s :n", v.clone()), WRONG_TYPE);
    assert_eq!(err("ADD n :ss", v.clone()), WRONG_TYPE);
    assert_eq!(err("ADD q.r :n", v.clone()), BAD_PATH);
    let e = err("ADD n :s", json!({":s": {"S": "1"}}));
    assert_eq!(
        e,
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: \
         ADD, operand type: STRING"
    );
    for (j, word) in [
        (json!({"B": "AQ=="}), "BINARY"),
        (json!({"BOOL": true}), "BOOLEAN"),
        (json!({"NULL": true}), "NULL"),
        (json!({"L": []}), "LIST"),
        (json!({"M": {}}), "MAP"),
    ] {
        let e = err("ADD n :s", json!({":s": j}));
        assert!(
            e.ends_with(&format!("operator: ADD, operand type: {word}")),
            "{e}"
        );
    }
}

#[test]
fn delete_from_sets() {
    let v = json!({":x": {"SS": ["x", "nope"]}, ":xy": {"SS": ["x", "y"]}, ":n": {"NS": ["1"]}});
    assert_eq!(
        ok("DELETE ss :x", v.clone())["ss"],
        val(json!({"SS": ["y"]}))
    );
    assert!(!ok("DELETE ss :xy", v.clone()).contains_key("ss"));
    assert_eq!(
        ok("DELETE ns :n", v.clone())["ns"],
        val(json!({"NS": ["2", "3"]}))
    );
    assert!(!ok("DELETE q :x", v.clone()).contains_key("q"));
    assert_eq!(err("DELETE ns :x", v.clone()), WRONG_TYPE);
    assert_eq!(err("DELETE s :x", v), WRONG_TYPE);
    let e = err("DELETE ss :v", json!({":v": {"N": "1"}}));
    assert_eq!(
        e,
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: \
         DELETE, operand type: NUMBER"
    );
}

#[test]
fn clauses_combined() {
    let v = json!({":v": {"S": "v"}, ":n": {"N": "1"}, ":ss": {"SS": ["x"]}});
    let it = ok("SET a = :v REMOVE s, l[0] ADD n :n DELETE ss :ss", v);
    assert_eq!(it["a"], val(json!({"S": "v"})));
    assert!(!it.contains_key("s"));
    assert_eq!(it["n"], val(json!({"N": "11"})));
    assert_eq!(it["ss"], val(json!({"SS": ["y"]})));
    assert_eq!(
        it["l"],
        val(json!({"L": [{"N": "1"}, {"L": [{"S": "deep"}]}]}))
    );
}

#[test]
fn add_and_delete_operand_errors_come_before_set_operand_errors() {
    let e = err(
        "SET b = list_append(:a, a) ADD m.b :a",
        json!({":a": {"S": "a"}}),
    );
    assert!(e.ends_with("operator: ADD, operand type: STRING"), "{e}");
    let e = err(
        "DELETE m.b :l ADD m.c :a",
        json!({":a": {"S": "a"}, ":l": {"L": []}}),
    );
    assert!(e.ends_with("operator: DELETE, operand type: LIST"), "{e}");
}

#[test]
fn list_writes_past_the_end_append_in_index_order() {
    // dynalite's "should update nested attributes", run against DynamoDB.
    let it = item(json!({
        "a": {"S": "k"},
        "b": {"M": {"a": {"N": "1"}, "b": {"N": "2"}, "c": {"N": "3"}}},
        "c": {"L": [{"N": "1"}, {"N": "3"}]}
    }));
    let expr = "set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c \
                add c[8] :b, c[6] :a";
    let new = update(
        expr,
        json!({":a": {"N": "2"}, ":b": {"SS": ["a"]}}),
        Some(&it),
    )
    .unwrap();
    assert_eq!(
        new,
        item(json!({
            "a": {"S": "k"},
            "b": {"M": {"a": {"S": "k"}, "b": {"N": "2"}, "c": {"N": "4"}}},
            "c": {"L": [{"N": "1"}, {"S": "k"}, {"N": "3"}, {"N": "-1"}, {"N": "2"}, {"SS": ["a"]}]}
        }))
    );
    // UPDATED_NEW: the updated paths projected from the new item.
    let u = crate::expr::parse_update(expr).unwrap();
    let paths = crate::expr::eval::updated_paths(&u, &names()).unwrap();
    assert_eq!(
        crate::expr::eval::project_paths(&new, &paths),
        item(json!({
            "b": {"M": {"a": {"S": "k"}, "c": {"N": "4"}}},
            "c": {"L": [{"S": "k"}, {"N": "3"}, {"N": "2"}]}
        }))
    );
}

#[test]
fn nested_add_delete_need_parents() {
    // dynalite's "non-existent nested attribute in existing item" cases.
    let it = item(json!({
        "a": {"S": "k"}, "b": {"S": "k"},
        "c": {"M": {"1": {"S": "a"}}}, "d": {"L": [{"S": "a"}, {"S": "b"}]}
    }));
    let v = json!({":a": {"SS": ["a"]}});
    for e in [
        "set b.a = :a",
        "set b[1] = :a",
        "set y.a = :a",
        "set y[1] = :a",
        "set c[1] = :a",
        "remove b.a",
        "remove b[1]",
        "remove y.a",
        "remove y[1]",
        "remove c[1]",
        "delete b.a :a",
        "delete b[1] :a",
        "delete y.a :a",
        "delete y[1] :a",
        "delete c[1] :a",
        "add b.a :a",
        "add b[1] :a",
        "add y.a :a",
        "add y[1] :a",
        "add c[1] :a",
    ] {
        assert_eq!(
            update(e, v.clone(), Some(&it)).unwrap_err(),
            BAD_PATH,
            "{e}"
        );
    }
    for e in [
        "set d.#a = :a",
        "remove d.#a",
        "delete d.#a :a",
        "add d.#a :a",
    ] {
        assert_eq!(
            update(e, v.clone(), Some(&it)).unwrap_err(),
            BAD_PATH,
            "{e}"
        );
    }
}

#[test]
fn new_item_reads_its_key() {
    // For a new item the update runs on the key (dynalite: `set b = a` copies the key `a`).
    let key = item(json!({"a": {"S": "k"}}));
    let new = update("SET b = a", json!({}), Some(&key)).unwrap();
    assert_eq!(new, item(json!({"a": {"S": "k"}, "b": {"S": "k"}})));
    let e = update("SET c = b", json!({}), Some(&key)).unwrap_err();
    assert_eq!(e, MISSING);
}

#[test]
fn touched() {
    let u = parse_update("SET a.b = :v, #k = :v REMOVE l[0] ADD n :n DELETE #s :s").unwrap();
    let t = touched_attributes(&u, &names()).unwrap();
    let t: Vec<&str> = t.iter().map(String::as_str).collect();
    assert_eq!(t, ["a", "key.with.dots", "l", "n", "s"]);
    let n = crate::expr::eval::nested_touched_attributes(&u, &names()).unwrap();
    let n: Vec<&str> = n.iter().map(String::as_str).collect();
    assert_eq!(n, ["a", "l"]);
}
