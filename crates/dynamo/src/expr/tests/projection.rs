//! Projection expressions.

use super::*;

fn proj_err(s: &str) -> String {
    match parse_projection(s) {
        Ok(p) => panic!("{s:?} parsed: {p:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn paths() {
    let p = parse_projection("a, b.c, #d[0].e , f[1][2]").unwrap();
    let written: Vec<String> = p.paths.iter().map(|p| p.to_string()).collect();
    assert_eq!(written, ["a", "b.c", "#d[0].e", "f[1][2]"]);
    assert_eq!(parse_projection("x").unwrap().paths, vec![path("x")]);
}

#[test]
fn errors() {
    let syntax = |t: &str, n: &str| {
        format!("Invalid ProjectionExpression: Syntax error; token: \"{t}\", near: \"{n}\"")
    };
    // DynamoDB's own answers (conformance suite).
    assert_eq!(proj_err("!!! INVALID !!!"), syntax("!", "!!"));
    assert_eq!(proj_err("!!!"), syntax("!", "!!"));
    for (s, t, n) in [
        ("a b", "b", "a b"),
        ("a,", "<EOF>", ","),
        (",a", ",", ",a"),
        ("a,,b", ",", ",,b"),
        ("a.", "<EOF>", "."),
        ("a[", "<EOF>", "["),
        ("a[-1]", "-", "[-1"),
        ("a[1", "<EOF>", "1"),
        (":v", ":v", ":v"),
        ("size(a)", "(", "size(a"),
        ("a = b", "=", "a = b"),
        ("a, and", "and", ", and"),
    ] {
        assert_eq!(proj_err(s), syntax(t, n), "{s:?}");
    }
    assert_eq!(
        proj_err("a, b.name"),
        "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name"
    );
    assert_eq!(
        proj_err(""),
        "Invalid ProjectionExpression: The expression can not be empty;"
    );
    assert_eq!(
        proj_err(&"a".repeat(4097)),
        "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size; \
         expression size: 4097"
    );
    assert!(parse_projection(&"a".repeat(4096)).is_ok());
}
