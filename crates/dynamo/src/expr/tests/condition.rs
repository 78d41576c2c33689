//! Valid conditions and their trees; precedence.

use super::*;
use Comparator::*;

#[test]
fn comparisons() {
    for (s, c) in [
        ("a = :v", Eq),
        ("a <> :v", Ne),
        ("a < :v", Lt),
        ("a <= :v", Le),
        ("a > :v", Gt),
        ("a >= :v", Ge),
        ("a=:v", Eq),
        ("a<>:v", Ne),
        ("a<=:v", Le),
        ("a>=:v", Ge),
    ] {
        assert_eq!(cond(s), cmp(op("a"), c, v(":v")), "{s}");
    }
}

#[test]
fn operands_of_every_kind() {
    assert_eq!(cond(":a = :b"), cmp(v(":a"), Eq, v(":b")));
    assert_eq!(cond("a = b"), cmp(op("a"), Eq, op("b")));
    assert_eq!(
        cond("#n.b[3].#c[0][1] = :v"),
        cmp(op("#n.b[3].#c[0][1]"), Eq, v(":v"))
    );
    assert_eq!(
        cond("size(a.b) > :n"),
        cmp(Operand::Size(Box::new(op("a.b"))), Gt, v(":n"))
    );
    assert_eq!(
        cond(":n < size(:s)"),
        cmp(v(":n"), Lt, Operand::Size(Box::new(v(":s"))))
    );
    assert_eq!(
        cond("size(#a) = size(b)"),
        cmp(
            Operand::Size(Box::new(op("#a"))),
            Eq,
            Operand::Size(Box::new(op("b")))
        )
    );
}

#[test]
fn paths_in_detail() {
    let p = path("a . b [ 12 ] .#c");
    assert_eq!(
        p.elements,
        vec![
            PathElement::Attribute(AttrName::Plain("a".into())),
            PathElement::Attribute(AttrName::Plain("b".into())),
            PathElement::Index(12),
            PathElement::Attribute(AttrName::Placeholder("#c".into())),
        ]
    );
    assert_eq!(p.to_string(), "a.b[12].#c");
    assert_eq!(p.head(), Some(&AttrName::Plain("a".into())));
    assert!(p.is_nested());
    assert!(!path("_x1").is_nested());
    assert_eq!(
        path("a[99999999999]").elements[1],
        PathElement::Index(u32::MAX)
    );
}

#[test]
fn between_and_in() {
    assert_eq!(
        cond("a BETWEEN :lo AND :hi"),
        Condition::Between {
            operand: op("a"),
            lower: v(":lo"),
            upper: v(":hi")
        }
    );
    assert_eq!(
        cond("a between b and size(c)"),
        Condition::Between {
            operand: op("a"),
            lower: op("b"),
            upper: Operand::Size(Box::new(op("c")))
        }
    );
    assert_eq!(
        cond("a IN (:x)"),
        Condition::In {
            operand: op("a"),
            list: vec![v(":x")]
        }
    );
    assert_eq!(
        cond("a in (:x, b, size(c))"),
        Condition::In {
            operand: op("a"),
            list: vec![v(":x"), op("b"), Operand::Size(Box::new(op("c")))]
        }
    );
    let hundred: Vec<String> = (0..100).map(|i| format!(":v{i}")).collect();
    match cond(&format!("a IN ({})", hundred.join(","))) {
        Condition::In { list, .. } => assert_eq!(list.len(), 100),
        other => panic!("{other:?}"),
    }
}

#[test]
fn functions() {
    assert_eq!(
        cond("attribute_exists(a.b)"),
        Condition::AttributeExists(path("a.b"))
    );
    assert_eq!(
        cond("attribute_not_exists(#a)"),
        Condition::AttributeNotExists(path("#a"))
    );
    assert_eq!(
        cond("attribute_type(a, :t)"),
        Condition::AttributeType(path("a"), val(":t"))
    );
    assert_eq!(
        cond("begins_with(a, :p)"),
        Condition::BeginsWith(op("a"), v(":p"))
    );
    assert_eq!(
        cond("begins_with(:s, b)"),
        Condition::BeginsWith(v(":s"), op("b"))
    );
    assert_eq!(
        cond("contains(a, :x)"),
        Condition::Contains(op("a"), v(":x"))
    );
    assert_eq!(
        cond("contains(a, b)"),
        Condition::Contains(op("a"), op("b"))
    );
    assert_eq!(
        cond("contains ( size ( a ) , :x )"),
        Condition::Contains(Operand::Size(Box::new(op("a"))), v(":x"))
    );
}

#[test]
fn keywords_are_case_insensitive() {
    let expected = and(
        cmp(op("a"), Eq, v(":a")),
        not(Condition::Between {
            operand: op("b"),
            lower: v(":l"),
            upper: v(":h"),
        }),
    );
    assert_eq!(cond("a = :a aNd NoT b BeTwEeN :l AnD :h"), expected);
    assert_eq!(
        cond("a = :a Or b In (:x)"),
        or(
            cmp(op("a"), Eq, v(":a")),
            Condition::In {
                operand: op("b"),
                list: vec![v(":x")]
            }
        )
    );
}

#[test]
fn and_binds_tighter_than_or() {
    let (a, b, c) = (
        || cmp(op("a"), Eq, v(":a")),
        || cmp(op("b"), Eq, v(":b")),
        || cmp(op("c"), Eq, v(":c")),
    );
    assert_eq!(cond("a = :a OR b = :b AND c = :c"), or(a(), and(b(), c())));
    assert_eq!(cond("a = :a AND b = :b OR c = :c"), or(and(a(), b()), c()));
    assert_eq!(
        cond("(a = :a OR b = :b) AND c = :c"),
        and(or(a(), b()), c())
    );
}

#[test]
fn not_binds_tighter_than_and() {
    let (a, b) = (|| cmp(op("a"), Eq, v(":a")), || cmp(op("b"), Eq, v(":b")));
    assert_eq!(cond("NOT a = :a AND b = :b"), and(not(a()), b()));
    assert_eq!(cond("NOT a = :a OR b = :b"), or(not(a()), b()));
    assert_eq!(cond("NOT (a = :a AND b = :b)"), not(and(a(), b())));
    assert_eq!(cond("NOT NOT a = :a"), not(not(a())));
    assert_eq!(
        cond("NOT attribute_exists(a) AND b = :b"),
        and(not(Condition::AttributeExists(path("a"))), b())
    );
}

#[test]
fn chains_are_left_associative() {
    let c = |n: &str| cmp(op(n), Eq, v(":v"));
    assert_eq!(
        cond("a = :v AND b = :v AND c = :v"),
        and(and(c("a"), c("b")), c("c"))
    );
    assert_eq!(
        cond("a = :v OR b = :v OR c = :v"),
        or(or(c("a"), c("b")), c("c"))
    );
}

#[test]
fn comparisons_and_between_bind_tighter_than_and() {
    // The AND after BETWEEN's bounds is the logical one.
    assert_eq!(
        cond("a BETWEEN :l AND :h AND b = :b"),
        and(
            Condition::Between {
                operand: op("a"),
                lower: v(":l"),
                upper: v(":h")
            },
            cmp(op("b"), Eq, v(":b"))
        )
    );
    assert_eq!(
        cond("NOT a IN (:x) OR contains(b, :y)"),
        or(
            not(Condition::In {
                operand: op("a"),
                list: vec![v(":x")]
            }),
            Condition::Contains(op("b"), v(":y"))
        )
    );
}

#[test]
fn parentheses() {
    let a = || cmp(op("a"), Eq, v(":a"));
    let b = || cmp(op("b"), Eq, v(":b"));
    assert_eq!(cond("(a = :a)"), a());
    assert_eq!(cond("(a = :a) AND (b = :b)"), and(a(), b()));
    assert_eq!(cond("(a = :a AND (b = :b))"), and(a(), b()));
    assert_eq!(
        cond("((a = :a) AND (b = :b)) OR a = :a"),
        or(and(a(), b()), a())
    );
    assert_eq!(
        cond("(attribute_not_exists(pk)) AND (attribute_not_exists(#s))"),
        and(
            Condition::AttributeNotExists(path("pk")),
            Condition::AttributeNotExists(path("#s"))
        )
    );
}

#[test]
fn a_grouped_path_goes_on_after_its_parentheses() {
    assert_eq!(cond("(a.b).c[0] = :v"), cmp(op("a.b.c[0]"), Eq, v(":v")));
    assert_eq!(cond("(a)[1] = :v"), cmp(op("a[1]"), Eq, v(":v")));
    assert_eq!(cond(":v = (#a).b"), cmp(v(":v"), Eq, op("#a.b")));
    assert_eq!(
        cond("(a) BETWEEN (b.c).d AND (:h)"),
        Condition::Between {
            operand: op("a"),
            lower: op("b.c.d"),
            upper: v(":h")
        }
    );
    assert_eq!(
        cond("contains((a).b, :v)"),
        Condition::Contains(op("a.b"), v(":v"))
    );
    // Only a path goes on; a `.` must be followed by a name.
    for s in ["(size(a)).b > a", "(:v).b = a", "a = b.(c.d)"] {
        assert!(cond_err(s).contains("Syntax error"), "{s:?}");
    }
}

#[test]
fn parenthesised_operands() {
    assert_eq!(cond("(a) = :a"), cmp(op("a"), Eq, v(":a")));
    assert_eq!(cond("a = (:a)"), cmp(op("a"), Eq, v(":a")));
    assert_eq!(cond("((a) = (:a))"), cmp(op("a"), Eq, v(":a")));
    assert_eq!(cond("NOT (a) = :a"), not(cmp(op("a"), Eq, v(":a"))));
    assert_eq!(
        cond("(size(a)) > :n"),
        cmp(Operand::Size(Box::new(op("a"))), Gt, v(":n"))
    );
    assert_eq!(
        cond("(a) BETWEEN (:l) AND (:h)"),
        Condition::Between {
            operand: op("a"),
            lower: v(":l"),
            upper: v(":h")
        }
    );
    assert_eq!(
        cond("a IN ((:x), :y)"),
        Condition::In {
            operand: op("a"),
            list: vec![v(":x"), v(":y")]
        }
    );
    assert_eq!(
        cond("(begins_with(a, :p))"),
        Condition::BeginsWith(op("a"), v(":p"))
    );
    assert_eq!(
        cond("begins_with((a), (:p))"),
        Condition::BeginsWith(op("a"), v(":p"))
    );
}

#[test]
fn whitespace_is_space_tab_cr_lf() {
    assert_eq!(cond("\ta\r\n=\n:v \t"), cmp(op("a"), Eq, v(":v")));
}

#[test]
fn filter_and_key_condition_kinds_parse_the_same() {
    let s = "a = :a AND begins_with(b, :b)";
    let c = cond(s);
    assert_eq!(parse_condition(s, ExprKind::Filter).unwrap(), c);
    assert_eq!(parse_key_condition(s).unwrap(), c);
}

#[test]
fn names_that_look_like_functions_or_keywords() {
    // Function names are only functions when followed by `(`; as paths they are plain names
    // (`size` is a reserved word, the others are not).
    assert_eq!(cond("contains = :v"), cmp(op("contains"), Eq, v(":v")));
    assert_eq!(
        cond("begins_with.attribute_exists = :v"),
        cmp(op("begins_with.attribute_exists"), Eq, v(":v"))
    );
    // Identifiers that merely start with a keyword.
    assert_eq!(
        cond("andx = :v OR order_id = :w"),
        or(
            cmp(op("andx"), Eq, v(":v")),
            cmp(op("order_id"), Eq, v(":w"))
        )
    );
    assert_eq!(cond("#and = :or"), cmp(op("#and"), Eq, v(":or")));
}
