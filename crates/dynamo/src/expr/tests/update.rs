//! Update expressions: trees and errors.

use super::*;

fn upd(s: &str) -> UpdateExpression {
    parse_update(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn upath(s: &str) -> UpdateOperand {
    UpdateOperand::Path(path(s))
}

fn uval(s: &str) -> UpdateOperand {
    UpdateOperand::Value(val(s))
}

fn set(p: &str, value: SetValue) -> SetAction {
    SetAction {
        path: path(p),
        value,
    }
}

fn syntax(token: &str, near: &str) -> String {
    format!("Invalid UpdateExpression: Syntax error; token: \"{token}\", near: \"{near}\"")
}

#[test]
fn set_forms() {
    let u = upd(
        "SET a = :v, b.c[1] = d, #e = :x + :y, f = g - :z, h = if_not_exists(h, :zero), \
         i = list_append(i, :l), j = list_append(:l, if_not_exists(j, :empty)), \
         k = if_not_exists(k, :zero) + :one",
    );
    assert_eq!(
        u.set,
        vec![
            set("a", SetValue::Operand(uval(":v"))),
            set("b.c[1]", SetValue::Operand(upath("d"))),
            set("#e", SetValue::Plus(uval(":x"), uval(":y"))),
            set("f", SetValue::Minus(upath("g"), uval(":z"))),
            set(
                "h",
                SetValue::Operand(UpdateOperand::IfNotExists(
                    path("h"),
                    Box::new(uval(":zero"))
                ))
            ),
            set(
                "i",
                SetValue::Operand(UpdateOperand::ListAppend(
                    Box::new(upath("i")),
                    Box::new(uval(":l"))
                ))
            ),
            set(
                "j",
                SetValue::Operand(UpdateOperand::ListAppend(
                    Box::new(uval(":l")),
                    Box::new(UpdateOperand::IfNotExists(
                        path("j"),
                        Box::new(uval(":empty"))
                    ))
                ))
            ),
            set(
                "k",
                SetValue::Plus(
                    UpdateOperand::IfNotExists(path("k"), Box::new(uval(":zero"))),
                    uval(":one")
                )
            ),
        ]
    );
    assert_eq!(u.clause_order, vec![UpdateClause::Set]);
    assert!(u.remove.is_empty() && u.add.is_empty() && u.delete.is_empty());
}

#[test]
fn set_with_parentheses() {
    let want = |value| vec![set("a", value)];
    assert_eq!(
        upd("SET a = (b - :v)").set,
        want(SetValue::Minus(upath("b"), uval(":v")))
    );
    assert_eq!(
        upd("SET a = (b) + (:v)").set,
        want(SetValue::Plus(upath("b"), uval(":v")))
    );
    assert_eq!(
        upd("SET a = ((:v))").set,
        want(SetValue::Operand(uval(":v")))
    );
    assert_eq!(
        upd("SET a = list_append((b), (:v))").set,
        want(SetValue::Operand(UpdateOperand::ListAppend(
            Box::new(upath("b")),
            Box::new(uval(":v"))
        )))
    );
}

#[test]
fn all_clauses_in_any_order() {
    let u = upd("DELETE s :del ADD n :one, s2 :add REMOVE x, y[2], z.#w SET a = :v");
    assert_eq!(
        u.clause_order,
        vec![
            UpdateClause::Delete,
            UpdateClause::Add,
            UpdateClause::Remove,
            UpdateClause::Set
        ]
    );
    assert_eq!(
        u.delete,
        vec![PathValueAction {
            path: path("s"),
            value: val(":del")
        }]
    );
    assert_eq!(
        u.add,
        vec![
            PathValueAction {
                path: path("n"),
                value: val(":one")
            },
            PathValueAction {
                path: path("s2"),
                value: val(":add")
            }
        ]
    );
    assert_eq!(u.remove, vec![path("x"), path("y[2]"), path("z.#w")]);
    assert_eq!(u.set, vec![set("a", SetValue::Operand(uval(":v")))]);
    let targets: Vec<String> = u.target_paths().iter().map(|p| p.to_string()).collect();
    assert_eq!(targets, ["s", "n", "s2", "x", "y[2]", "z.#w", "a"]);
    // Keywords in any case, whitespace anywhere.
    let u = upd("remove a\nset b=:v\tadd c :n delete d :s");
    assert_eq!(u.clause_order.len(), 4);
}

#[test]
fn syntax_errors() {
    // DynamoDB's own answers, quoted in public reports.
    assert_eq!(
        update_err("INVALID SYNTAX HERE"),
        syntax("INVALID", "INVALID SYNTAX")
    );
    assert_eq!(update_err("ADD hits : incr"), syntax(":", "hits : incr"));
    assert_eq!(
        update_err("ADD srTas.MarketplaceFacilitatorTax-Principal :v"),
        syntax("-", "MarketplaceFacilitatorTax-Principal")
    );
    assert_eq!(update_err("SET a = :v, #, b = :w"), syntax("#", ", #,"));
    assert_eq!(
        update_err("SET #as, #LambdaPowertoolsContext = :v"),
        syntax(",", "#as, #LambdaPowertoolsContext")
    );
    for (s, token, near) in [
        ("SET", "<EOF>", "SET"),
        ("SET a", "<EOF>", "a"),
        ("SET a =", "<EOF>", "="),
        ("SET a = :v +", "<EOF>", "+"),
        ("SET a = :v + :w + :x", "+", ":w + :x"),
        ("SET a = (b + c) + d", "+", ") + d"),
        ("SET a = b + (c + d)", "+", "c + d"),
        ("SET a = :v,", "<EOF>", ","),
        ("SET a = :v b = :w", "b", ":v b ="),
        ("SET a = 1", "1", "= 1"),
        ("SET a = :v REMOVE", "<EOF>", "REMOVE"),
        ("REMOVE a = :v", "=", "a = :v"),
        ("REMOVE :v", ":v", "REMOVE :v"),
        ("ADD a", "<EOF>", "a"),
        ("ADD a b", "b", "a b"),
        ("DELETE a :v :w", ":w", ":v :w"),
        ("a = :v", "a", "a ="),
        ("   ", "<EOF>", ""),
        ("SET a = f()", ")", "()"),
        ("SET a = b * c", "*", "b * c"),
        ("SET a.add = :v", "add", ".add ="),
        ("SET a = :v AND b = :w", "AND", ":v AND b"),
    ] {
        assert_eq!(update_err(s), syntax(token, near), "{s:?}");
    }
}

#[test]
fn duplicate_sections() {
    for (s, clause) in [
        ("SET a = :v SET b = :w", "SET"),
        ("REMOVE a SET b = :v remove c", "REMOVE"),
        ("ADD a :v, b :w ADD c :x", "ADD"),
        ("DELETE a :v DELETE b :w", "DELETE"),
        ("SET a = :v REMOVE b REMOVE c SET d = :w", "REMOVE"),
    ] {
        assert_eq!(
            update_err(s),
            format!(
                "Invalid UpdateExpression: The \"{clause}\" section can only be used once in an \
                 update expression;"
            ),
            "{s:?}"
        );
    }
}

#[test]
fn reserved_words() {
    assert_eq!(
        update_err("SET status = :s"),
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"
    );
    assert_eq!(
        update_err("SET a = if_not_exists(b.Count, :z)"),
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Count"
    );
}

#[test]
fn functions() {
    let msg = |m: &str| format!("Invalid UpdateExpression: {m}");
    assert_eq!(
        update_err("SET a = size(b)"),
        msg("Invalid function name; function: size")
    );
    assert_eq!(
        update_err("SET a = list_append(foo(b), bar(c))"),
        msg("Invalid function name; function: foo")
    );
    assert_eq!(
        update_err("SET a = if_not_exists(b)"),
        msg(
            "Incorrect number of operands for operator or function; operator or function: \
             if_not_exists, number of operands: 1"
        )
    );
    assert_eq!(
        update_err("SET a = list_append(:a, :b, :c)"),
        msg(
            "Incorrect number of operands for operator or function; operator or function: \
             list_append, number of operands: 3"
        )
    );
    assert_eq!(
        update_err("SET a = if_not_exists(:v, b)"),
        msg(
            "Operator or function requires a document path; operator or function: \
             if_not_exists"
        )
    );
}

#[test]
fn which_problem_wins() {
    // Reserved word, unknown function, repeated clause, then function problems.
    assert_eq!(
        update_err("SET a = foo(b) SET c = :v, name = :w"),
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"
    );
    assert_eq!(
        update_err("SET a = foo(b) SET c = :v"),
        "Invalid UpdateExpression: Invalid function name; function: foo"
    );
    assert_eq!(
        update_err("SET a = if_not_exists(:v, b) SET c = :v"),
        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update \
         expression;"
    );
    // A syntax error anywhere beats them all.
    assert_eq!(update_err("SET name = foo(b) SET"), syntax("<EOF>", "SET"));
}

#[test]
fn empty() {
    assert_eq!(
        update_err(""),
        "Invalid UpdateExpression: The expression can not be empty;"
    );
}
