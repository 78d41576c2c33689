//! Placeholders against the request's maps.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::super::resolve::{
    check_condition, check_name_keys, check_projection, check_unused, check_update,
    check_value_keys, path_string, resolve_path, NoneDefined, Step, Usage,
};
use super::*;

fn names(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn values(keys: &[&str]) -> HashSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

fn check_cond(s: &str, n: &[(&str, &str)], v: &[&str]) -> Result<(), String> {
    check_condition(&cond(s), ExprKind::Condition, &names(n), &values(v)).map_err(|e| e.to_string())
}

#[test]
fn usage_lists_each_placeholder_once_in_order() {
    let u = Usage::of_condition(&cond(
        "#b.#a = :y AND size(#a) > :x OR attribute_type(#c, :y) AND a IN (:z, :x)",
    ));
    assert_eq!(u.names, ["#b", "#a", "#c"]);
    assert_eq!(u.values, [":y", ":x", ":z"]);
    let u = Usage::of_update(
        &parse_update("REMOVE #r SET #s = if_not_exists(#t, :a) + :b ADD #u :c DELETE d :a")
            .unwrap(),
    );
    assert_eq!(u.names, ["#r", "#s", "#t", "#u"]);
    assert_eq!(u.values, [":a", ":b", ":c"]);
    let u = Usage::of_projection(&parse_projection("#a, b.#c, #a[1]").unwrap());
    assert_eq!(u.names, ["#a", "#c"]);
    assert!(u.values.is_empty());
}

#[test]
fn undefined_placeholders_in_conditions() {
    let name = |n: &str| {
        format!(
            "Invalid ConditionExpression: An expression attribute name used in the document \
             path is not defined; attribute name: {n}"
        )
    };
    let value = |v: &str| {
        format!(
            "Invalid ConditionExpression: An expression attribute value used in expression is \
             not defined; attribute value: {v}"
        )
    };
    assert_eq!(check_cond("#a = :v", &[("#a", "a")], &[":v"]), Ok(()));
    assert_eq!(check_cond("#a = :v", &[], &[":v"]), Err(name("#a")));
    assert_eq!(check_cond("#a = :v", &[("#a", "a")], &[]), Err(value(":v")));
    // The first in the text, names and values alike.
    assert_eq!(check_cond(":v = #a", &[], &[]), Err(value(":v")));
    assert_eq!(
        check_cond("a = :ok AND contains(#x.#y, :w)", &[("#x", "x")], &[":ok"]),
        Err(name("#y"))
    );
    assert_eq!(
        check_cond("attribute_type(a, :t) OR b IN (:a, :b)", &[], &[":t", ":a"]),
        Err(value(":b"))
    );
    assert_eq!(
        check_condition(
            &parse_condition("#missing = :v", ExprKind::Filter).unwrap(),
            ExprKind::Filter,
            &NoneDefined,
            &NoneDefined
        )
        .unwrap_err()
        .to_string(),
        "Invalid FilterExpression: An expression attribute name used in the document path is \
         not defined; attribute name: #missing"
    );
}

#[test]
fn repeated_first_operand() {
    let msg = |op: &str, first: &str| {
        format!(
            "Invalid ConditionExpression: The first operand must be distinct from the remaining \
             operands for this operator or function; operator: {op}, first operand: {first}"
        )
    };
    assert_eq!(check_cond("a = a", &[], &[]), Err(msg("=", "[a]")));
    assert_eq!(
        check_cond("a.b[0] <> #x.b[0]", &[("#x", "a")], &[]),
        Err(msg("<>", "[a, b, [0]]"))
    );
    assert_eq!(
        check_cond("contains(#a, #a)", &[("#a", "data")], &[]),
        Err(msg("contains", "[data]"))
    );
    assert_eq!(
        check_cond("begins_with(a, a)", &[], &[]),
        Err(msg("begins_with", "[a]"))
    );
    assert_eq!(
        check_cond("a IN (:v, b, a)", &[], &[":v"]),
        Err(msg("IN", "[a]"))
    );
    // Different paths, values, and size() are fine.
    assert_eq!(
        check_cond("a = b AND a.b = a.c AND a[0] = a[1]", &[], &[]),
        Ok(())
    );
    assert_eq!(
        check_cond("size(a) = size(a) AND :v = :v", &[], &[":v"]),
        Ok(())
    );
    // Condition by condition: an earlier repetition beats a later undefined value.
    assert_eq!(
        check_cond("a = a AND b = :nope", &[], &[]),
        Err(msg("=", "[a]"))
    );
}

#[test]
fn update_checks() {
    let check = |s: &str, n: &[(&str, &str)], v: &[&str]| {
        check_update(&parse_update(s).unwrap(), &names(n), &values(v)).map_err(|e| e.to_string())
    };
    let msg = |m: &str| format!("Invalid UpdateExpression: {m}");
    assert_eq!(
        check("SET #a = :v REMOVE b", &[("#a", "a")], &[":v"]),
        Ok(())
    );
    // Names before values, whatever the order in the text.
    assert_eq!(
        check("SET a = :v, #b = :w", &[], &[]),
        Err(msg(
            "An expression attribute name used in the document path is not defined; \
             attribute name: #b"
        ))
    );
    assert_eq!(
        check("SET a = :v ADD b :w", &[], &[":w"]),
        Err(msg(
            "An expression attribute value used in expression is not defined; attribute value: :v"
        ))
    );
    let overlap = |a: &str, b: &str| {
        msg(&format!(
            "Two document paths overlap with each other; must remove or rewrite one of these \
             paths; path one: {a}, path two: {b}"
        ))
    };
    let conflict = |a: &str, b: &str| {
        msg(&format!(
            "Two document paths conflict with each other; must remove or rewrite one of these \
             paths; path one: {a}, path two: {b}"
        ))
    };
    assert_eq!(
        check("SET f = :v, f = :v", &[], &[":v"]),
        Err(overlap("[f]", "[f]"))
    );
    assert_eq!(
        check("SET a = :v REMOVE a.b", &[], &[":v"]),
        Err(overlap("[a]", "[a, b]"))
    );
    assert_eq!(
        check("REMOVE a[1].b ADD #a[1] :v", &[("#a", "a")], &[":v"]),
        Err(overlap("[a, [1], b]", "[a, [1]]"))
    );
    assert_eq!(
        check("SET a.b = :v REMOVE a[0]", &[], &[":v"]),
        Err(conflict("[a, b]", "[a, [0]]"))
    );
    // Overlaps are reported before conflicts, even later ones.
    assert_eq!(
        check("SET a.b = :v REMOVE a[0], c, c", &[], &[":v"]),
        Err(overlap("[c]", "[c]"))
    );
    // Paths that part ways are fine; so are values that repeat a target.
    assert!(check("SET a.b = a.b, a.c = :v, a[0] = :v", &[], &[":v"]).is_err());
    assert_eq!(
        check(
            "SET a.b = a.c, a.c = a.b, b[0] = :v, b[1] = :v",
            &[],
            &[":v"]
        ),
        Ok(())
    );
}

#[test]
fn projection_checks() {
    let check = |s: &str, n: &[(&str, &str)]| {
        check_projection(&parse_projection(s).unwrap(), &names(n)).map_err(|e| e.to_string())
    };
    assert_eq!(check("#a, b", &[("#a", "a")]), Ok(()));
    assert_eq!(
        check("#a, b", &[]),
        Err(
            "Invalid ProjectionExpression: An expression attribute name used in the document \
             path is not defined; attribute name: #a"
                .to_string()
        )
    );
    assert_eq!(
        check("a.b, #x", &[("#x", "a")]),
        Err(
            "Invalid ProjectionExpression: Two document paths overlap with each other; must \
             remove or rewrite one of these paths; path one: [a, b], path two: [a]"
                .to_string()
        )
    );
    assert_eq!(
        check("a[0], a.b", &[]),
        Err(
            "Invalid ProjectionExpression: Two document paths conflict with each other; must \
             remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]"
                .to_string()
        )
    );
}

#[test]
fn unused_entries() {
    let c = Usage::of_condition(&cond("#a = :x"));
    let p = Usage::of_projection(&parse_projection("#b").unwrap());
    assert_eq!(check_unused(["#a", "#b"], [":x"], &[&c, &p]), Ok(()));
    assert_eq!(
        check_unused(["#z", "#a", "#y"], [":x", ":unused"], &[&c])
            .unwrap_err()
            .to_string(),
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#z, #y}"
    );
    assert_eq!(
        check_unused(["#a"], [":x", ":unused"], &[&c])
            .unwrap_err()
            .to_string(),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"
    );
    assert_eq!(check_unused([], [], &[]), Ok(()));
}

#[test]
fn placeholder_keys() {
    assert_eq!(check_name_keys(["#a", "#B_1", "#0"]), Ok(()));
    assert_eq!(check_value_keys([":a", ":9_z"]), Ok(()));
    let e = |r: Result<(), ExprError>| r.unwrap_err().to_string();
    assert_eq!(
        e(check_name_keys([])),
        "ExpressionAttributeNames must not be empty"
    );
    assert_eq!(
        e(check_value_keys([])),
        "ExpressionAttributeValues must not be empty"
    );
    assert_eq!(
        e(check_name_keys(["#a", "a"])),
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\""
    );
    for bad in ["#", "#a-b", "#é", ":a", "# a"] {
        assert_eq!(
            e(check_name_keys([bad])),
            format!("ExpressionAttributeNames contains invalid key: Syntax error; key: \"{bad}\"")
        );
    }
    assert_eq!(
        e(check_value_keys(["b"])),
        "ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\""
    );
    let long = format!("#{}", "a".repeat(255));
    assert_eq!(
        e(check_name_keys([long.as_str()])),
        "ExpressionAttributeNames contains invalid key: The expression attribute map contains a \
         key that is too long; size of key: 256"
    );
    let ok = format!(":{}", "a".repeat(254));
    assert_eq!(check_value_keys([ok.as_str()]), Ok(()));
}

#[test]
fn map_types() {
    let c = cond("#a = :v");
    let bn: BTreeMap<String, String> = [("#a".to_string(), "a".to_string())].into();
    let bv: BTreeSet<String> = [":v".to_string()].into();
    assert!(check_condition(&c, ExprKind::Condition, &bn, &bv).is_ok());
    let json: serde_json::Value =
        serde_json::json!({"names": {"#a": "a"}, "values": {":v": {"S": "x"}}});
    let jn = json["names"].as_object().unwrap();
    let jv = json["values"].as_object().unwrap();
    assert!(check_condition(&c, ExprKind::Condition, jn, jv).is_ok());
    let hv: HashMap<String, u8> = [(":v".to_string(), 1)].into();
    assert!(check_condition(&c, ExprKind::Condition, &&bn, &hv).is_ok());
}

#[test]
fn resolved_paths() {
    let n = names(&[("#x", "x.y")]);
    let r = resolve_path(&path("a.#x[2]"), &n).unwrap();
    assert_eq!(
        r,
        vec![
            Step::Name("a".into()),
            Step::Name("x.y".into()),
            Step::Index(2)
        ]
    );
    assert_eq!(path_string(&r), "[a, x.y, [2]]");
    assert_eq!(resolve_path(&path("#nope"), &n), None);
}
