//! Size, operator count and nesting limits.

use super::*;

fn size_msg(kind: &str, size: usize) -> String {
    format!(
        "Invalid {kind}: Expression size has exceeded the maximum allowed size; \
         expression size: {size}"
    )
}

#[test]
fn expression_size_is_4096_bytes() {
    // Alternator's test of DynamoDB: 4096 bytes pass, 4097 do not, for every kind.
    let spaces = " ".repeat(4085);
    assert!(parse_update(&format!("SET{spaces}a = :val")).is_ok());
    assert_eq!(
        update_err(&format!("SET {spaces}a = :val")),
        size_msg("UpdateExpression", 4097)
    );
    assert!(parse_condition(&format!("a{spaces} = :oldval"), ExprKind::Condition).is_ok());
    assert_eq!(
        cond_err(&format!("a {spaces} = :oldval")),
        size_msg("ConditionExpression", 4097)
    );
    assert_eq!(
        parse_condition(&format!("a {spaces} = :theval"), ExprKind::Filter)
            .unwrap_err()
            .to_string(),
        size_msg("FilterExpression", 4097)
    );
    // Bytes, not characters; checked before syntax.
    assert_eq!(
        cond_err(&"é".repeat(2049)),
        size_msg("ConditionExpression", 4098)
    );
    assert_eq!(
        cond_err(&"(".repeat(15000)),
        size_msg("ConditionExpression", 15000)
    );
    let long = format!("a<b {}", "and (a<b ".repeat(20000)) + &")".repeat(20000);
    assert_eq!(cond_err(&long), size_msg("ConditionExpression", long.len()));
}

#[test]
fn at_most_300_operators() {
    let too_many = "Invalid ConditionExpression: The expression contains too many operators; \
                    operator count: 301";
    // Alternator's cases: `a<b or (a<b or (...))` with 149 levels has 299 operators.
    let nested = |depth: usize| format!("a<b {}", "or (a<b ".repeat(depth)) + &")".repeat(depth);
    assert!(parse_condition(&nested(149), ExprKind::Condition).is_ok());
    assert_eq!(cond_err(&nested(454)), too_many);
    let flat = |n: usize| format!("a<b {}", "or a<b ".repeat(n));
    assert!(parse_condition(&flat(149), ExprKind::Condition).is_ok());
    assert_eq!(cond_err(&flat(150)), too_many);
    assert_eq!(cond_err(&format!("{}a<b", "not ".repeat(1000))), too_many);
    // Exactly 300: 150 comparisons and 150 ANDs/NOTs.
    let exactly = format!("{}a = b", "NOT a = b AND ".repeat(99)) + " AND a = b";
    assert!(parse_condition(&exactly, ExprKind::Condition).is_ok());
    // The count stops the parse where it is reached, before a later syntax error.
    assert_eq!(cond_err(&format!("{} )", flat(200))), too_many);
    // BETWEEN and IN count once each; parentheses and functions do not count.
    let between = format!(
        "a BETWEEN :x AND :y {}",
        "AND a BETWEEN :x AND :y ".repeat(149)
    );
    assert!(parse_condition(&between, ExprKind::Condition).is_ok());
    let calls = format!("a < {}b{}", "size(".repeat(300), ")".repeat(300));
    assert_eq!(
        cond_err(&calls),
        "Invalid ConditionExpression: Incorrect operand type for operator or function; \
         operator or function: size, operand type: N"
    );
    // Update expressions count + and - and function calls.
    let sets: Vec<String> = (0..150).map(|i| format!("a{i} = a{i} + :v")).collect();
    assert!(parse_update(&format!("SET {}", sets.join(", "))).is_ok());
    let too_many = "Invalid UpdateExpression: The expression contains too many operators; \
                    operator count: 301";
    assert_eq!(
        update_err(&format!("SET {}", vec!["a=b+c"; 301].join(","))),
        too_many
    );
    let calls = format!("SET a = {}:x{}", "f(".repeat(301), ")".repeat(301));
    assert_eq!(update_err(&calls), too_many);
    let calls = format!("SET a = {}:x{}", "f(".repeat(300), ")".repeat(300));
    assert_eq!(
        update_err(&calls),
        "Invalid UpdateExpression: Invalid function name; function: f"
    );
}

#[test]
fn deep_parentheses() {
    // DynamoDB answers this for `(((...(a<b)...)))` with 2046 levels (Alternator's test).
    let msg = "Invalid ConditionExpression: The expression has redundant parentheses;";
    let deep = |d: usize| format!("{}a<b{}", "(".repeat(d), ")".repeat(d));
    assert_eq!(cond_err(&deep(2046)), msg);
    assert_eq!(cond_err(&deep(3)), msg);
    assert_eq!(
        cond_err(&format!("a = {}:v{}", "(".repeat(2000), ")".repeat(2000))),
        msg
    );
    // Unclosed: a syntax error at the end.
    assert_eq!(
        cond_err(&"(".repeat(4096)),
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\""
    );
    assert_eq!(
        cond_err(&format!("{}a<b", "(".repeat(4000))),
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"b\""
    );
    // Deep but not redundant: every level has an operator.
    let s = format!("{}a = :v{}", "NOT (".repeat(299), ")".repeat(299));
    assert!(parse_condition(&s, ExprKind::Condition).is_ok());
    let s = format!("SET a = {}:v{}", "(".repeat(2000), ")".repeat(2000));
    assert_eq!(
        parse_update(&s).unwrap().set[0].value,
        SetValue::Operand(UpdateOperand::Value(val(":v")))
    );
}

#[test]
fn deep_function_calls() {
    // Alternator's cases, with DynamoDB's answers.
    let calls = format!("a < {}b{}", "f(".repeat(1355), ")".repeat(1355));
    assert_eq!(
        cond_err(&calls),
        "Invalid ConditionExpression: Invalid function name; function: f"
    );
    let sizes = format!("a < {}b{}", "size(".repeat(680), ")".repeat(680));
    assert_eq!(
        cond_err(&sizes),
        "Invalid ConditionExpression: Incorrect operand type for operator or function; \
         operator or function: size, operand type: N"
    );
    let calls = format!(
        "SET a = {}b{}",
        "list_append(:x, ".repeat(200),
        ")".repeat(200)
    );
    assert!(parse_update(&calls).is_ok());
    assert_eq!(
        Problem::NestingTooDeep.to_string(),
        format!(
            "The expression has function calls nested too deeply; maximum depth: {MAX_NESTING}"
        )
    );
}

/// The deepest nesting that fits in 4096 bytes, of every kind, parsed (and dropped) on a
/// thread with an eighth of the usual 2 MiB stack.
#[test]
fn deepest_nesting_fits_a_small_stack() {
    let run = |f: fn()| {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap()
    };
    run(|| {
        let depth = MAX_OPERATORS - 1;
        let s = format!("{}a = :v{}", "NOT (".repeat(depth), ")".repeat(depth));
        let c = parse_condition(&s, ExprKind::Condition).unwrap();
        assert_eq!(super::super::resolve::leaves(&c).len(), 1);
        let s = format!("{}a = :v{}", "(".repeat(2044), ")".repeat(2044));
        assert!(parse_condition(&s, ExprKind::Condition).is_err());
        let s = format!("a = {}:v{}", "(".repeat(2045), ")".repeat(2045));
        assert!(parse_condition(&s, ExprKind::Condition).is_err());
        let s = format!("a = {}:v{}", "f(".repeat(1364), ")".repeat(1364));
        assert!(parse_condition(&s, ExprKind::Condition).is_err());
        let s = format!("a = {}:v{}", "size(".repeat(681), ")".repeat(681));
        assert!(parse_condition(&s, ExprKind::Condition).is_err());
        let s = format!("a IN ({}:v{})", "size(".repeat(680), ")".repeat(680));
        assert!(parse_condition(&s, ExprKind::Condition).is_err());
        let s = "(".repeat(4096);
        assert!(parse_condition(&s, ExprKind::Condition).is_err());
        let s = format!("SET a = {}:v{}", "(".repeat(2040), ")".repeat(2040));
        assert!(parse_update(&s).is_ok());
        let s = format!("SET a = {}:v{}", "f(".repeat(1360), ")".repeat(1360));
        assert!(parse_update(&s).is_err());
        let s = format!(
            "SET a = {}:v{}",
            "list_append(:x,".repeat(250),
            ")".repeat(250)
        );
        assert!(parse_update(&s).is_ok());
        let s = format!(
            "SET a = {}:v{}",
            "if_not_exists(a,".repeat(240),
            ")".repeat(240)
        );
        let u = parse_update(&s).unwrap();
        assert!(super::super::resolve::check_update(
            &u,
            &super::super::resolve::NoneDefined,
            &super::super::resolve::NoneDefined
        )
        .is_err());
    });
}
