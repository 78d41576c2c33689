//! The reserved word list.

use super::super::reserved::{is_reserved, reserved_words};

#[test]
fn has_the_guides_573_words_sorted_and_unique() {
    let words = reserved_words();
    assert_eq!(words.len(), 573);
    assert!(words.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(words.first(), Some(&"ABORT"));
    assert_eq!(words.last(), Some(&"ZONE"));
    assert!(words
        .iter()
        .all(|w| w.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')));
}

#[test]
fn lookup_ignores_case() {
    for w in [
        "name", "NAME", "Status", "size", "data", "comment", "time", "year", "ttl",
    ] {
        assert!(is_reserved(w), "{w}");
    }
    for w in ["ABORT", "ZONE", "Ttl", "attribute"] {
        assert!(is_reserved(w), "{w}");
    }
    for w in [
        "",
        "a",
        "nam",
        "price",
        "attribute_exists",
        "begins_with",
        "contains",
        "é",
    ] {
        assert!(!is_reserved(w), "{w}");
    }
}
