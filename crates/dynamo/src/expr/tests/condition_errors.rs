//! Every error a condition can produce, with DynamoDB's exact text.

use super::*;

fn syntax(token: &str, near: &str) -> String {
    format!("Invalid ConditionExpression: Syntax error; token: \"{token}\", near: \"{near}\"")
}

fn kind_err(kind: ExprKind, s: &str) -> String {
    parse_condition(s, kind).unwrap_err().to_string()
}

#[test]
fn syntax_errors_seen_from_dynamodb() {
    // Each of these is DynamoDB's own answer, quoted in public bug reports.
    assert_eq!(cond_err("a-b"), syntax("-", "a-b"));
    assert_eq!(
        cond_err("attribute_exists(car_id) AND NOT #has_air_conditioner"),
        syntax("<EOF>", "#has_air_conditioner")
    );
    assert_eq!(cond_err("ADD #v :i"), syntax("ADD", "ADD #v"));
    assert_eq!(
        kind_err(ExprKind::Filter, "#articleId attribute_not_exists :ckpst"),
        "Invalid FilterExpression: Syntax error; token: \"attribute_not_exists\", \
         near: \"#articleId attribute_not_exists :ckpst\""
    );
    assert_eq!(
        kind_err(ExprKind::Filter, "#pk = tenantAgent:abc123-x"),
        "Invalid FilterExpression: Syntax error; token: \":abc123\", \
         near: \"tenantAgent:abc123-\""
    );
    assert_eq!(
        kind_err(ExprKind::KeyCondition, "()"),
        "Invalid KeyConditionExpression: Syntax error; token: \")\", near: \"()\""
    );
    assert_eq!(
        kind_err(ExprKind::KeyCondition, "#t = :t AND #s BETWEEN :type"),
        "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \":type\""
    );
}

#[test]
fn syntax_error_tokens_and_context() {
    for (s, token, near) in [
        ("a", "<EOF>", "a"),
        ("a =", "<EOF>", "="),
        ("a = ", "<EOF>", "= "),
        ("a > 4", "4", "> 4"),
        ("things are not gonna be ok", "are", "things are not"),
        ("a = :v b", "b", ":v b"),
        ("a BETWEEN :x", "<EOF>", ":x"),
        ("a BETWEEN :x OR :y", "OR", ":x OR :y"),
        ("a IN :x", ":x", "IN :x"),
        ("a IN ()", ")", "()"),
        ("a IN (:x,)", ")", ",)"),
        ("a = b)", ")", "b)"),
        ("(a = b", "<EOF>", "b"),
        ("a.b. = :v", "=", ". = :v"),
        ("a[x] = :v", "x", "[x]"),
        ("a[1 = :v", "=", "1 = :v"),
        ("# = :v", "#", "# ="),
        ("a = :", ":", "= :"),
        ("a = :v AND", "<EOF>", "AND"),
        ("a == :v", "=", "== :v"),
        ("a = :v!", "!", ":v!"),
        ("café = :v", "é", "café ="),
        ("1a = :v", "1", "1a"),
        ("   ", "<EOF>", ""),
        ("NOT", "<EOF>", "NOT"),
        ("f()", ")", "()"),
        ("a = size()", ")", "()"),
        ("a = :v AND OR b = :w", "OR", "AND OR b"),
        ("AND", "AND", "AND"),
        ("a.set = :v", "set", ".set ="),
        ("a = b + c", "+", "b + c"),
        ("(a) AND b = :v", "AND", ") AND b"),
        ("(a = :v) = :w", "=", ") = :w"),
        ("a = :v)  ", ")", ":v)  "),
        ("a IN (:x) IN (:y)", "IN", ") IN ("),
        ("a < b < c", "<", "b < c"),
        ("a BETWEEN :x AND :y AND", "<EOF>", "AND"),
        ("size(a)[0] > :v", "[", ")[0"),
        ("(size(a))[0] > a", "[", ")[0"),
    ] {
        assert_eq!(cond_err(s), syntax(token, near), "{s:?}");
    }
}

#[test]
fn reserved_words() {
    let msg = |w: &str| {
        format!(
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: {w}"
        )
    };
    assert_eq!(cond_err("name = :v"), msg("name"));
    assert_eq!(cond_err("a.Status = :v"), msg("Status"));
    assert_eq!(cond_err("a = :v AND #b[1].TimE > :w"), msg("TimE"));
    assert_eq!(cond_err("size = :v"), msg("size"));
    assert_eq!(cond_err("contains(a, b.data)"), msg("data"));
    assert_eq!(cond_err("attribute_exists(comment)"), msg("comment"));
    // The first one in the text.
    assert_eq!(cond_err("year = :y AND month = :m"), msg("year"));
    assert_eq!(
        kind_err(ExprKind::Filter, "time = :t"),
        "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: time"
    );
}

#[test]
fn redundant_parentheses() {
    let msg = "Invalid ConditionExpression: The expression has redundant parentheses;";
    for s in [
        "((a = :v))",
        "((a)) = :v",
        "a = ((:v))",
        "NOT ((a = :v))",
        "a IN (((:x)))",
        "((attribute_exists(a)))",
        "(a) BETWEEN (((b.c)).d) AND (c)",
        "(((a = :v) AND b = :w))",
        "(#k_patientId=:v_patientId AND #k_id=:v_id) AND \
         ((attribute_not_exists(#k_synctime) OR #k_synctime<=:v_synctime))",
    ] {
        assert_eq!(cond_err(s), msg, "{s:?}");
    }
}

#[test]
fn unknown_functions() {
    let msg =
        |f: &str| format!("Invalid ConditionExpression: Invalid function name; function: {f}");
    assert_eq!(cond_err("foo(a)"), msg("foo"));
    assert_eq!(cond_err("Begins_with(a, :p)"), msg("Begins_with"));
    assert_eq!(cond_err("SIZE(a) > :n"), msg("SIZE"));
    assert_eq!(cond_err("a < f(f(b))"), msg("f"));
    // Inner calls complete first.
    assert_eq!(cond_err("f(g(a))"), msg("g"));
    assert_eq!(cond_err("a = size(list_append(b, c))"), msg("list_append"));
    assert_eq!(cond_err("if_not_exists(a, :v)"), msg("if_not_exists"));
}

#[test]
fn misused_functions() {
    let msg = |f: &str| {
        format!(
            "Invalid ConditionExpression: The function is not allowed to be used this way in \
             an expression; function: {f}"
        )
    };
    assert_eq!(cond_err("size(a)"), msg("size"));
    assert_eq!(cond_err("a = :v AND size(b)"), msg("size"));
    assert_eq!(cond_err("NOT (size(b))"), msg("size"));
    assert_eq!(
        cond_err("attribute_exists(a) = :v"),
        msg("attribute_exists")
    );
    assert_eq!(cond_err(":v <> contains(a, :b)"), msg("contains"));
    assert_eq!(
        cond_err("begins_with(contains(a, :b), :c)"),
        msg("contains")
    );
    assert_eq!(
        cond_err("a IN (:x, attribute_type(b, :t))"),
        msg("attribute_type")
    );
    assert_eq!(
        cond_err("a BETWEEN begins_with(b, :c) AND :d"),
        msg("begins_with")
    );
    assert_eq!(
        cond_err("size(attribute_not_exists(a)) > :n"),
        msg("attribute_not_exists")
    );
}

#[test]
fn operand_counts() {
    let msg = |f: &str, n: usize| {
        format!(
            "Invalid ConditionExpression: Incorrect number of operands for operator or \
             function; operator or function: {f}, number of operands: {n}"
        )
    };
    assert_eq!(
        cond_err("attribute_exists(a, b)"),
        msg("attribute_exists", 2)
    );
    assert_eq!(
        cond_err("attribute_not_exists(a, :b, c)"),
        msg("attribute_not_exists", 3)
    );
    assert_eq!(cond_err("attribute_type(a)"), msg("attribute_type", 1));
    assert_eq!(cond_err("begins_with(a)"), msg("begins_with", 1));
    assert_eq!(cond_err("contains(a, b, c)"), msg("contains", 3));
    assert_eq!(cond_err("size(a, b) = :v"), msg("size", 2));
}

#[test]
fn document_path_required() {
    let msg = |f: &str| {
        format!(
            "Invalid ConditionExpression: Operator or function requires a document path; \
             operator or function: {f}"
        )
    };
    assert_eq!(cond_err("attribute_exists(:v)"), msg("attribute_exists"));
    assert_eq!(
        cond_err("attribute_not_exists(size(a))"),
        msg("attribute_not_exists")
    );
    assert_eq!(cond_err("attribute_type(:v, :t)"), msg("attribute_type"));
}

#[test]
fn operand_types_known_from_the_text() {
    let msg = |f: &str, t: &str| {
        format!(
            "Invalid ConditionExpression: Incorrect operand type for operator or function; \
             operator or function: {f}, operand type: {t}"
        )
    };
    assert_eq!(
        cond_err("attribute_type(a, b)"),
        msg("attribute_type", "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")
    );
    assert_eq!(
        cond_err("attribute_type(a, size(b))"),
        msg("attribute_type", "N")
    );
    assert_eq!(
        cond_err("begins_with(size(a), :p)"),
        msg("begins_with", "N")
    );
    assert_eq!(cond_err("begins_with(a, size(b))"), msg("begins_with", "N"));
    assert_eq!(cond_err("size(size(a)) > :n"), msg("size", "N"));
}

#[test]
fn in_with_too_many_operands() {
    let list: Vec<String> = (0..101).map(|i| format!(":v{i}")).collect();
    assert_eq!(
        cond_err(&format!("a IN ({})", list.join(", "))),
        "Invalid ConditionExpression: The IN operator is provided with too many operands; \
         number of operands: 101"
    );
}

#[test]
fn which_problem_wins() {
    // A syntax error anywhere beats every other problem.
    assert_eq!(cond_err("((name = foo(a))) AND"), syntax("<EOF>", "AND"));
    // Redundant parentheses, unknown function, misused function, reserved word, then the
    // first condition with an operand-count or operand problem.
    assert_eq!(
        cond_err("((foo(a)))"),
        "Invalid ConditionExpression: The expression has redundant parentheses;"
    );
    assert_eq!(
        cond_err("size(foo(a))"),
        "Invalid ConditionExpression: Invalid function name; function: foo"
    );
    assert_eq!(
        cond_err("name = attribute_exists(a)"),
        "Invalid ConditionExpression: The function is not allowed to be used this way in an \
         expression; function: attribute_exists"
    );
    assert_eq!(
        cond_err("begins_with(a) AND name = :v"),
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name"
    );
    assert_eq!(
        cond_err("attribute_exists(:v) AND size(a, b) = :x"),
        "Invalid ConditionExpression: Operator or function requires a document path; \
         operator or function: attribute_exists"
    );
    // Within one condition the operand count comes first.
    assert_eq!(
        cond_err("begins_with(size(a), size(b, c))"),
        "Invalid ConditionExpression: Incorrect number of operands for operator or function; \
         operator or function: size, number of operands: 2"
    );
}

#[test]
fn messages_name_the_expression_kind() {
    for (kind, name) in [
        (ExprKind::Condition, "ConditionExpression"),
        (ExprKind::Filter, "FilterExpression"),
        (ExprKind::KeyCondition, "KeyConditionExpression"),
    ] {
        assert_eq!(
            kind_err(kind, ""),
            format!("Invalid {name}: The expression can not be empty;")
        );
        assert_eq!(
            kind_err(kind, "a b"),
            format!("Invalid {name}: Syntax error; token: \"b\", near: \"a b\"")
        );
    }
}
