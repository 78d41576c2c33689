use super::*;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

fn n(text: &str) -> Number {
    Number::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn norm(text: &str) -> String {
    n(text).to_string()
}

fn not_a_number(text: &str) {
    assert_eq!(
        Number::parse(text),
        Err(NumberError::NotANumber {
            input: text.to_owned()
        }),
        "{text:?}"
    );
}

// ScyllaDB test_invalid_numbers, run against DynamoDB, plus the grammar's edges.
#[test]
fn rejects_what_dynamodb_rejects() {
    for text in [
        "",
        "NaN",
        "Infinity",
        "-Infinity",
        "-NaN",
        "dog",
        "-dog",
        " 1",
        "1 ",
        ".",
        "+",
        "-",
        "+.",
        "e5",
        "1e",
        "1e+",
        "1e-",
        "1.2.3",
        "++5",
        "--5",
        "+-5",
        "1+2",
        "+e2",
        "1_000",
        "0x10",
        "1,5",
        "1e5.5",
        "1e5e5",
        "١",
        "1e2147483648",
        "1e-2147483648",
        "\u{0}",
    ] {
        not_a_number(text);
    }
}

#[test]
fn accepts_what_dynamodb_accepts() {
    for text in [
        "3", "-7.1234", "-17e5", "-17.4E37", "+3", ".123", "0001.23", "1e+5", "0e1000", "5.",
        "+.5", "-.5", "1E-130", "00042", "0.0", "-0", "1e-0", "1E+0",
    ] {
        n(text);
    }
    not_a_number("1e2147483647e");
    // An exponent literal at the edge of i32 still parses (and then overflows) for
    // non-zero mantissas, and zero is zero whatever its exponent.
    assert_eq!(Number::parse("1e2147483647"), Err(NumberError::Overflow));
    assert_eq!(Number::parse("1e-2147483647"), Err(NumberError::Underflow));
    assert_eq!(n("0e-2147483647"), Number::ZERO);
}

// The conformance suite's numberPrecision.test.ts and the Developer Guide.
#[test]
fn normalised_output() {
    assert_eq!(norm("1.50"), "1.5");
    assert_eq!(norm("1e2"), "100");
    assert_eq!(norm("1.5E2"), "150");
    assert_eq!(norm("0.000"), "0");
    assert_eq!(norm("-0"), "0");
    assert_eq!(norm("-0.0e10"), "0");
    assert_eq!(norm("00042"), "42");
    assert_eq!(norm("1.0"), "1");
    assert_eq!(norm("3.1400"), "3.14");
    assert_eq!(norm("+3"), "3");
    assert_eq!(norm(".5"), "0.5");
    assert_eq!(norm("5."), "5");
    assert_eq!(norm("-.05"), "-0.05");
    assert_eq!(norm("123.456e1"), "1234.56");
    assert_eq!(norm("123.456e-3"), "0.123456");
    assert_eq!(norm("123.456e3"), "123456");
    assert_eq!(norm("123.456e2"), "12345.6");
    assert_eq!(norm("-17.4E37"), format!("-174{}", "0".repeat(36)));
    assert_eq!(
        norm("0.00000000000000000000000000000000000001"),
        "0.00000000000000000000000000000000000001"
    );
}

// boto3 #2500 (1e100 comes back as 101 digits) and #4636 (E+50 written out in full).
#[test]
fn output_has_no_exponent() {
    assert_eq!(norm("1e100"), format!("1{}", "0".repeat(100)));
    assert_eq!(
        norm("1.00000000000000007629769841092E+50"),
        "100000000000000007629769841092000000000000000000000"
    );
    assert_eq!(norm("1e-130"), format!("0.{}1", "0".repeat(129)));
    let max = norm("9.9999999999999999999999999999999999999E+125");
    assert_eq!(max.len(), 126);
    assert_eq!(max, format!("{}{}", "9".repeat(38), "0".repeat(88)));
    assert_eq!(
        norm("-9.9999999999999999999999999999999999999E+125").len(),
        127
    );
    // The output parses back to the same number.
    for text in ["1e100", "-1e-130", "1.5e-7", "123456789.987654321"] {
        assert_eq!(n(&norm(text)), n(text));
    }
}

// dynalite's tests for PutItem (written against DynamoDB) and the conformance suite.
#[test]
fn range_and_precision_errors() {
    let max_digits = "12345678901234567890123456789012345678";
    assert_eq!(norm(max_digits), max_digits);
    assert_eq!(
        Number::parse("123456789012345678901234567890123456789"),
        Err(NumberError::TooManyDigits)
    );
    assert_eq!(
        Number::parse("-1.23456789012345678901234567890123456789"),
        Err(NumberError::TooManyDigits)
    );
    assert_eq!(Number::parse("1e126"), Err(NumberError::Overflow));
    assert_eq!(Number::parse("-1e126"), Err(NumberError::Overflow));
    assert_eq!(Number::parse("1E+126"), Err(NumberError::Overflow));
    assert_eq!(Number::parse("11e125"), Err(NumberError::Overflow));
    assert_eq!(Number::parse("1e-131"), Err(NumberError::Underflow));
    assert_eq!(Number::parse("-1e-131"), Err(NumberError::Underflow));
    assert_eq!(Number::parse("0.9e-130"), Err(NumberError::Underflow));
    n("1e125");
    n("-1e125");
    n("9.99999999e125");
    n("1e-130");
    n("1.5e-130");
    // Trailing and leading zeros are not significant.
    n(&format!("1.{}", "0".repeat(60)));
    n(&format!("{}1", "0".repeat(60)));
    n(&format!("1{}", "0".repeat(125)));
    // Overflow is reported before too many digits (dynalite's order).
    assert_eq!(
        Number::parse(&format!("{}e200", "1".repeat(40))),
        Err(NumberError::Overflow)
    );
    assert_eq!(
        Number::parse(&format!("{}e-200", "1".repeat(40))),
        Err(NumberError::Underflow)
    );
}

#[test]
fn error_messages_are_dynamodbs() {
    assert_eq!(
        Number::parse("").unwrap_err().message(),
        "The parameter cannot be converted to a numeric value"
    );
    assert_eq!(
        Number::parse("b").unwrap_err().message(),
        "The parameter cannot be converted to a numeric value: b"
    );
    assert_eq!(
        NumberError::TooManyDigits.to_string(),
        "Attempting to store more than 38 significant digits in a Number"
    );
    assert_eq!(
        NumberError::Overflow.to_string(),
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    );
    assert_eq!(
        NumberError::Underflow.to_string(),
        "Number underflow. Attempting to store a number with magnitude smaller than supported range"
    );
}

fn hash_of(number: &Number) -> u64 {
    let mut hasher = DefaultHasher::new();
    number.hash(&mut hasher);
    hasher.finish()
}

#[test]
fn equality_and_hash_by_value() {
    let groups = [
        &["1", "1.0", "1e0", "10e-1", "+1", "001.000", "0.1e1"][..],
        &["0", "-0", "0.0", "0e99", "-0e-5", ".0", "0."][..],
        &["-150", "-1.5e2", "-150.00"][..],
    ];
    for group in groups {
        for a in group {
            for b in group {
                assert_eq!(n(a), n(b), "{a} == {b}");
                assert_eq!(hash_of(&n(a)), hash_of(&n(b)), "hash {a} == {b}");
                assert_eq!(n(a).cmp(&n(b)), Ordering::Equal);
            }
        }
    }
    assert_ne!(n("1"), n("-1"));
    assert_ne!(n("1"), n("10"));
    assert_ne!(n("1"), n("1.0000000000000000000000000000000000001"));
}

#[test]
fn ordering_by_value() {
    let ordered = [
        "-1e125", "-10", "-9.5", "-1", "-0.1", "-1e-130", "0", "1e-130", "0.1", "0.11", "1",
        "1.01", "9.5", "10", "11", "1e125",
    ];
    for pair in ordered.windows(2) {
        assert!(n(pair[0]) < n(pair[1]), "{} < {}", pair[0], pair[1]);
        assert!(n(pair[1]) > n(pair[0]));
    }
}

#[test]
fn accessors() {
    let x = n("-0.0150");
    assert!(x.is_negative());
    assert!(!x.is_zero());
    assert_eq!(x.significant_digits(), 2);
    assert_eq!(x.exponent(), -2);
    assert_eq!(x.digits(), &[1, 5]);
    assert_eq!(x.negated(), n("0.015"));
    assert_eq!(Number::ZERO.negated(), Number::ZERO);
    assert!(!Number::ZERO.negated().is_negative());
    assert_eq!(Number::default(), Number::ZERO);
    assert_eq!(format!("{x:?}"), "Number(-0.015)");
    assert_eq!("12.5".parse::<Number>(), Ok(n("12.5")));
}

#[test]
fn integer_conversions() {
    for value in [0, 1, -1, 10, 1200, -1200, i64::MAX, i64::MIN, 1_000_000_007] {
        let number = Number::from(value);
        assert_eq!(number.to_string(), value.to_string());
        assert_eq!(number.to_i64(), Some(value));
        assert_eq!(number, n(&value.to_string()));
    }
    assert_eq!(Number::from(u64::MAX).to_string(), u64::MAX.to_string());
    assert_eq!(Number::from(u64::MAX).to_i64(), None);
    assert_eq!(n("1.5").to_i64(), None);
    assert_eq!(n("1e19").to_i64(), None);
    assert_eq!(n("9223372036854775808").to_i64(), None);
    assert_eq!(n("-9223372036854775808").to_i64(), Some(i64::MIN));
    assert_eq!(n("1e18").to_i64(), Some(1_000_000_000_000_000_000));
    assert_eq!(n("0.001").to_i64(), None);
    assert_eq!(n("2.5e3").to_f64(), 2500.0);
    assert_eq!(n("-1e-130").to_f64(), -1e-130);
}

#[test]
fn random_text_never_panics_and_round_trips() {
    use rand::{Rng, SeedableRng};
    let alphabet = b"0123456789.eE+- x";
    let mut rng = rand::rngs::SmallRng::seed_from_u64(11);
    for _ in 0..50_000 {
        let len = rng.gen_range(0..12);
        let text: String = (0..len)
            .map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())]))
            .collect();
        if let Ok(number) = Number::parse(&text) {
            let shown = number.to_string();
            assert_eq!(Number::parse(&shown), Ok(number.clone()), "{text:?}");
            assert_eq!(shown, Number::parse(&shown).unwrap().to_string());
        }
    }
}

#[test]
fn ordering_matches_integer_ordering_at_any_scale() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::SmallRng::seed_from_u64(13);
    for _ in 0..20_000 {
        let a: i64 = rng.gen_range(-100_000..100_000);
        let b: i64 = rng.gen_range(-100_000..100_000);
        let scale: i32 = rng.gen_range(-120..120);
        let (x, y) = (n(&format!("{a}e{scale}")), n(&format!("{b}e{scale}")));
        assert_eq!(x.cmp(&y), a.cmp(&b), "{a}e{scale} vs {b}e{scale}");
        assert_eq!(x == y, a == b);
        if a == b {
            assert_eq!(hash_of(&x), hash_of(&y));
        }
    }
}
