//! KeyConditionExpression shapes and schema matching.

use std::collections::HashMap;

use super::super::keycond::key_condition;
use super::super::resolve::NoneDefined;
use super::*;

fn names() -> HashMap<String, String> {
    HashMap::from([
        ("#pk".to_string(), "pk".to_string()),
        ("#sk".to_string(), "sk".to_string()),
        ("#dup".to_string(), "a".to_string()),
    ])
}

fn kc(s: &str) -> Result<KeyCondition, String> {
    let c = parse_key_condition(s).map_err(|e| e.to_string())?;
    key_condition(&c, &names()).map_err(|e| e.to_string())
}

fn part(attribute: &str, op: KeyOperator) -> KeyPart {
    KeyPart {
        attribute: attribute.to_string(),
        op,
    }
}

#[test]
fn valid_shapes() {
    use Comparator::*;
    let eq = |v: &str| KeyOperator::Compare(Eq, val(v));
    assert_eq!(kc("pk = :p").unwrap().parts, vec![part("pk", eq(":p"))]);
    assert_eq!(kc(":p = #pk").unwrap().parts, vec![part("pk", eq(":p"))]);
    for (s, op) in [
        ("#pk = :p AND sk = :s", KeyOperator::Compare(Eq, val(":s"))),
        ("#pk = :p AND sk < :s", KeyOperator::Compare(Lt, val(":s"))),
        ("#pk = :p AND sk <= :s", KeyOperator::Compare(Le, val(":s"))),
        ("#pk = :p AND sk > :s", KeyOperator::Compare(Gt, val(":s"))),
        ("#pk = :p AND sk >= :s", KeyOperator::Compare(Ge, val(":s"))),
        // The key is put on the left.
        ("#pk = :p AND :s < sk", KeyOperator::Compare(Gt, val(":s"))),
        (
            "#pk = :p AND :s >= #sk",
            KeyOperator::Compare(Le, val(":s")),
        ),
        (
            "#pk = :p AND sk BETWEEN :a AND :b",
            KeyOperator::Between(val(":a"), val(":b")),
        ),
        (
            "#pk = :p AND begins_with(sk, :a)",
            KeyOperator::BeginsWith(val(":a")),
        ),
        (
            "(#pk = :p) AND (begins_with(#sk, :a))",
            KeyOperator::BeginsWith(val(":a")),
        ),
    ] {
        assert_eq!(
            kc(s).unwrap().parts,
            vec![part("pk", eq(":p")), part("sk", op)],
            "{s}"
        );
    }
    // Sort key first is fine too.
    assert_eq!(
        kc("sk > :s AND pk = :p").unwrap().parts,
        vec![
            part("sk", KeyOperator::Compare(Gt, val(":s"))),
            part("pk", eq(":p"))
        ]
    );
    assert_eq!(eq(":x").comparison_operator(), "EQ");
    assert_eq!(
        KeyOperator::BeginsWith(val(":x")).comparison_operator(),
        "BEGINS_WITH"
    );
}

#[test]
fn shape_errors() {
    // dynalite's tests, written against DynamoDB.
    let invalid_op = |o: &str| format!("Invalid operator used in KeyConditionExpression: {o}");
    for (s, want) in [
        ("a > b and size(b) > c or a > c", invalid_op("OR")),
        ("a in (b, size(c), d)", invalid_op("IN")),
        ("attribute_exists(a)", invalid_op("attribute_exists")),
        (
            "attribute_not_exists(a)",
            invalid_op("attribute_not_exists"),
        ),
        ("attribute_type(a, :a)", invalid_op("attribute_type")),
        ("contains(a.d, b)", invalid_op("contains")),
        ("not a > b", invalid_op("NOT")),
        ("a <> b", invalid_op("<>")),
        (
            ":a between size(b) and size(a) and b > :b",
            "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key \
             attribute as its first operand"
                .to_string(),
        ),
        (
            "begins_with(:a, b) and a > :b",
            "Invalid condition in KeyConditionExpression: begins_with operator must have the \
             key attribute as its first operand"
                .to_string(),
        ),
    ] {
        assert_eq!(kc(s).unwrap_err(), want, "{s}");
    }
    let nested_ops = "KeyConditionExpressions cannot contain nested operations";
    for s in [
        "size(b) > a AND a.b > b AND b > c",
        "a > size(b.d)",
        "a between size(b) and size(a)",
    ] {
        assert_eq!(kc(s).unwrap_err(), nested_ops, "{s}");
    }
    let multiple =
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition";
    for s in [
        "b > a.b",
        "b between c[1] and d",
        "a between b and size(a)",
        "begins_with(a, b)",
    ] {
        assert_eq!(kc(s).unwrap_err(), multiple, "{s}");
    }
    let nested_attrs = "KeyConditionExpressions cannot have conditions on nested attributes";
    for s in ["b.d > a AND c.d > e.f", "a.d > c", "b[0] > a"] {
        assert_eq!(kc(s).unwrap_err(), nested_attrs, "{s}");
    }
    let no_key = "Invalid condition in KeyConditionExpression: No key attribute specified";
    for s in [":b > :a AND a < :b", ":a > b AND :a < :b"] {
        assert_eq!(kc(s).unwrap_err(), no_key, "{s}");
    }
    let per_key = "KeyConditionExpressions must only contain one condition per key";
    for s in [
        "b > :a AND b < :a and c = :a and d = :a",
        "(a > :a and b > :a) and (b > :a and c > :a)",
        // Detected on resolved names.
        "a = :a AND #dup > :b",
    ] {
        assert_eq!(kc(s).unwrap_err(), per_key, "{s}");
    }
    let count = "Conditions can be of length 1 or 2 only";
    for s in [
        ":a = a and b = :a and :a = c",
        "(a > :a and b > :a) and (c > :a and d > :a) and (e > :a and f > :a)",
    ] {
        assert_eq!(kc(s).unwrap_err(), count, "{s}");
    }
    // Syntax errors of the condition grammar keep the expression's name.
    for s in ["things are not gonna be ok", "a > 4", "(size(a))[0] > a"] {
        assert!(
            kc(s)
                .unwrap_err()
                .starts_with("Invalid KeyConditionExpression: Syntax error; "),
            "{s}"
        );
    }
}

#[test]
fn schema_matching() {
    let q = |s: &str, hash: &str, range: Option<&str>| {
        let c = parse_key_condition(s).unwrap();
        key_condition(&c, &NoneDefined)
            .unwrap()
            .for_schema(hash, range)
            .map_err(|e| e.to_string())
    };
    let got = q("pk = :p AND sk > :s", "pk", Some("sk")).unwrap();
    assert_eq!(got.partition_value, val(":p"));
    assert_eq!(
        got.sort,
        Some(part("sk", KeyOperator::Compare(Comparator::Gt, val(":s"))))
    );
    let got = q("pk = :p", "pk", Some("sk")).unwrap();
    assert_eq!(got.sort, None);
    assert_eq!(q("pk = :p", "pk", None).unwrap().sort, None);
    // The conformance suite's cases, answered by DynamoDB.
    let missed = |k: &str| format!("Query condition missed key schema element: {k}");
    assert_eq!(q("sk = :v", "pk", Some("sk")).unwrap_err(), missed("pk"));
    assert_eq!(q("attr1 = :v", "pk", Some("sk")).unwrap_err(), missed("pk"));
    assert_eq!(
        q("pk = :v AND attr1 = :w", "pk", Some("sk")).unwrap_err(),
        missed("sk")
    );
    let unsupported = "Query key condition not supported";
    assert_eq!(
        q("pk = :v AND sk = :w", "pk", None).unwrap_err(),
        unsupported
    );
    assert_eq!(q("pk > :v", "pk", Some("sk")).unwrap_err(), unsupported);
    assert_eq!(
        q("begins_with(pk, :v)", "pk", None).unwrap_err(),
        unsupported
    );
}
