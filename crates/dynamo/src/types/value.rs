//! [`AttributeValue`]: one DynamoDB value of any of the ten types, and [`Item`].
//!
//! # Canonical forms, and why
//!
//! - **Maps** (`M`, and items) are `BTreeMap`s: keys in ascending UTF-8 byte order. The
//!   API does not preserve the order a client sent (the wire form is a JSON object, and
//!   DynamoDB documents no order for map members or item attributes), so cairn returns
//!   them sorted, which is deterministic and makes map equality order-insensitive as
//!   DynamoDB's `=` is.
//! - **Sets** (`SS`, `NS`, `BS`) are `BTreeSet`s: members unique and sorted (strings and
//!   binaries by unsigned bytes, numbers by value). The Developer Guide says "The order of
//!   the values within a set is not preserved. Therefore, your applications must not rely
//!   on any particular order of elements within the set." Sorted output is one such order
//!   and makes set equality the derived equality. A set decoded from JSON is never empty
//!   (DynamoDB rejects empty sets); code that removes members (`DELETE`) must remove the
//!   attribute when its set becomes empty, as DynamoDB does.
//! - **Numbers** are [`Number`]s, canonical by value.
//!
//! So the derived `PartialEq`/`Eq`/`Hash` are exactly DynamoDB's equality for condition
//! and filter expressions: same type and same value, numbers by value (`1.0 = 1`), sets as
//! sets, maps as maps, lists element by element in order, and values of different types
//! never equal (`{"N":"1"}` ≠ `{"S":"1"}`). [`AttributeValue::compare`] gives the ordering
//! DynamoDB's `<`, `<=`, `>`, `>=` and `BETWEEN` use, which exists only for two values of
//! the same one of `N`, `S`, `B`.

use super::number::Number;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// An item, or the attributes of a map value: attribute name → value.
pub type Item = BTreeMap<String, AttributeValue>;

/// One DynamoDB attribute value. Variant names are DynamoDB's type descriptors.
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttributeValue {
    /// String (UTF-8; may be empty outside keys).
    S(String),
    /// Number.
    N(Number),
    /// Binary (raw bytes; base64 only on the wire).
    B(Vec<u8>),
    /// Boolean.
    BOOL(bool),
    /// Null (the wire form is always `{"NULL": true}`).
    NULL,
    /// Map of attribute name → value.
    M(BTreeMap<String, AttributeValue>),
    /// List.
    L(Vec<AttributeValue>),
    /// String set.
    SS(BTreeSet<String>),
    /// Number set.
    NS(BTreeSet<Number>),
    /// Binary set.
    BS(BTreeSet<Vec<u8>>),
}

/// The ten DynamoDB data types, without values.
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttributeType {
    /// String.
    S,
    /// Number.
    N,
    /// Binary.
    B,
    /// Boolean.
    BOOL,
    /// Null.
    NULL,
    /// Map.
    M,
    /// List.
    L,
    /// String set.
    SS,
    /// Number set.
    NS,
    /// Binary set.
    BS,
}

impl AttributeType {
    /// All ten, in the order of the wire shape's members.
    pub const ALL: [AttributeType; 10] = [
        AttributeType::S,
        AttributeType::N,
        AttributeType::B,
        AttributeType::SS,
        AttributeType::NS,
        AttributeType::BS,
        AttributeType::M,
        AttributeType::L,
        AttributeType::NULL,
        AttributeType::BOOL,
    ];

    /// The type descriptor: `"S"`, `"N"`, `"B"`, `"BOOL"`, `"NULL"`, `"M"`, `"L"`, `"SS"`,
    /// `"NS"` or `"BS"`.
    pub fn name(self) -> &'static str {
        match self {
            AttributeType::S => "S",
            AttributeType::N => "N",
            AttributeType::B => "B",
            AttributeType::BOOL => "BOOL",
            AttributeType::NULL => "NULL",
            AttributeType::M => "M",
            AttributeType::L => "L",
            AttributeType::SS => "SS",
            AttributeType::NS => "NS",
            AttributeType::BS => "BS",
        }
    }

    /// The type with this descriptor (case-sensitive), if any.
    pub fn from_name(name: &str) -> Option<AttributeType> {
        AttributeType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Whether key attributes may have this type (`S`, `N`, `B`).
    pub fn is_key_type(self) -> bool {
        matches!(self, AttributeType::S | AttributeType::N | AttributeType::B)
    }

    /// Whether this is a set type (`SS`, `NS`, `BS`).
    pub fn is_set(self) -> bool {
        matches!(
            self,
            AttributeType::SS | AttributeType::NS | AttributeType::BS
        )
    }
}

impl AttributeValue {
    /// The value's type.
    pub fn attribute_type(&self) -> AttributeType {
        match self {
            AttributeValue::S(_) => AttributeType::S,
            AttributeValue::N(_) => AttributeType::N,
            AttributeValue::B(_) => AttributeType::B,
            AttributeValue::BOOL(_) => AttributeType::BOOL,
            AttributeValue::NULL => AttributeType::NULL,
            AttributeValue::M(_) => AttributeType::M,
            AttributeValue::L(_) => AttributeType::L,
            AttributeValue::SS(_) => AttributeType::SS,
            AttributeValue::NS(_) => AttributeType::NS,
            AttributeValue::BS(_) => AttributeType::BS,
        }
    }

    /// The type descriptor, as in the wire form and in `attribute_type(path, :t)`.
    pub fn type_name(&self) -> &'static str {
        self.attribute_type().name()
    }

    /// Whether this is a scalar: `S`, `N`, `B`, `BOOL` or `NULL`.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            AttributeValue::S(_)
                | AttributeValue::N(_)
                | AttributeValue::B(_)
                | AttributeValue::BOOL(_)
                | AttributeValue::NULL
        )
    }

    /// Whether this is a set: `SS`, `NS` or `BS`.
    pub fn is_set(&self) -> bool {
        self.attribute_type().is_set()
    }

    /// DynamoDB's ordering for `<`, `<=`, `>`, `>=` and `BETWEEN`: numbers by value,
    /// strings and binaries by unsigned bytes (strings as UTF-8), and `None` for any other
    /// pair (different types, or a type without an order), for which those comparisons are
    /// false.
    pub fn compare(&self, other: &AttributeValue) -> Option<Ordering> {
        match (self, other) {
            (AttributeValue::N(a), AttributeValue::N(b)) => Some(a.cmp(b)),
            (AttributeValue::S(a), AttributeValue::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (AttributeValue::B(a), AttributeValue::B(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// The size of this value by DynamoDB's rules, without an attribute name (see
    /// [`super::size`]).
    pub fn size(&self) -> usize {
        super::size::value_size(self)
    }
}

impl From<Number> for AttributeValue {
    fn from(number: Number) -> Self {
        AttributeValue::N(number)
    }
}

impl From<String> for AttributeValue {
    fn from(s: String) -> Self {
        AttributeValue::S(s)
    }
}

impl From<&str> for AttributeValue {
    fn from(s: &str) -> Self {
        AttributeValue::S(s.to_owned())
    }
}

impl From<bool> for AttributeValue {
    fn from(b: bool) -> Self {
        AttributeValue::BOOL(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> AttributeValue {
        AttributeValue::N(Number::parse(text).unwrap())
    }

    fn ns(members: &[&str]) -> AttributeValue {
        AttributeValue::NS(members.iter().map(|m| Number::parse(m).unwrap()).collect())
    }

    #[test]
    fn type_names() {
        let values = [
            (AttributeValue::S("x".into()), "S"),
            (num("1"), "N"),
            (AttributeValue::B(vec![1]), "B"),
            (AttributeValue::BOOL(true), "BOOL"),
            (AttributeValue::NULL, "NULL"),
            (AttributeValue::M(BTreeMap::new()), "M"),
            (AttributeValue::L(vec![]), "L"),
            (AttributeValue::SS(["a".to_owned()].into()), "SS"),
            (ns(&["1"]), "NS"),
            (AttributeValue::BS([vec![1]].into()), "BS"),
        ];
        for (value, name) in &values {
            assert_eq!(value.type_name(), *name);
            assert_eq!(AttributeType::from_name(name), Some(value.attribute_type()));
            assert_eq!(value.is_set(), name.ends_with('S') && name.len() == 2);
            assert_eq!(
                value.is_scalar(),
                ["S", "N", "B", "BOOL", "NULL"].contains(name)
            );
        }
        assert_eq!(AttributeType::from_name("s"), None);
        assert_eq!(AttributeType::from_name("X"), None);
        let keys: Vec<_> = AttributeType::ALL
            .into_iter()
            .filter(|t| t.is_key_type())
            .collect();
        assert_eq!(keys, [AttributeType::S, AttributeType::N, AttributeType::B]);
    }

    #[test]
    fn equality_is_dynamodbs() {
        assert_eq!(num("1.0"), num("1"));
        assert_ne!(num("1"), AttributeValue::S("1".into()));
        assert_ne!(
            AttributeValue::S("a".into()),
            AttributeValue::SS(["a".to_owned()].into())
        );
        assert_eq!(ns(&["1", "2.0"]), ns(&["2", "1.00"]));
        assert_ne!(ns(&["1", "2"]), ns(&["1"]));
        let m1: Item = [("a".to_owned(), num("1")), ("b".to_owned(), num("2"))].into();
        let m2: Item = [("b".to_owned(), num("2.0")), ("a".to_owned(), num("1"))].into();
        assert_eq!(AttributeValue::M(m1), AttributeValue::M(m2));
        assert_ne!(
            AttributeValue::L(vec![num("1"), num("2")]),
            AttributeValue::L(vec![num("2"), num("1")])
        );
        assert_eq!(
            AttributeValue::L(vec![num("1"), num("2")]),
            AttributeValue::L(vec![num("1.0"), num("2e0")])
        );
        assert_ne!(AttributeValue::BOOL(true), AttributeValue::NULL);
    }

    #[test]
    fn hash_agrees_with_equality() {
        use std::collections::HashSet;
        let mut seen = HashSet::new();
        assert!(seen.insert(ns(&["1", "2"])));
        assert!(!seen.insert(ns(&["2.0", "1"])));
        assert!(seen.insert(num("1")));
        assert!(!seen.insert(num("1.000")));
        assert!(seen.insert(AttributeValue::S("1".into())));
        let m: Item = [("k".to_owned(), num("10"))].into();
        assert!(seen.insert(AttributeValue::M(m)));
        let same: Item = [("k".to_owned(), num("1e1"))].into();
        assert!(!seen.insert(AttributeValue::M(same)));
        assert_eq!(seen.len(), 4);
    }

    #[test]
    fn ordering_only_within_n_s_b() {
        assert_eq!(num("10").compare(&num("9")), Some(Ordering::Greater));
        assert_eq!(num("-1").compare(&num("1e-130")), Some(Ordering::Less));
        assert_eq!(
            AttributeValue::S("B".into()).compare(&AttributeValue::S("a".into())),
            Some(Ordering::Less)
        );
        // UTF-8 byte order, not UTF-16: U+FF61 (EF BD A1) < U+1F600 (F0 9F 98 80).
        assert_eq!(
            AttributeValue::S("\u{ff61}".into()).compare(&AttributeValue::S("\u{1f600}".into())),
            Some(Ordering::Less)
        );
        assert_eq!(
            AttributeValue::B(vec![0x7f]).compare(&AttributeValue::B(vec![0x80])),
            Some(Ordering::Less)
        );
        assert_eq!(
            AttributeValue::B(vec![1]).compare(&AttributeValue::B(vec![1, 0])),
            Some(Ordering::Less)
        );
        assert_eq!(num("1").compare(&AttributeValue::S("1".into())), None);
        assert_eq!(
            AttributeValue::BOOL(false).compare(&AttributeValue::BOOL(true)),
            None
        );
        assert_eq!(ns(&["1"]).compare(&ns(&["1"])), None);
        assert_eq!(AttributeValue::NULL.compare(&AttributeValue::NULL), None);
    }

    #[test]
    fn sets_sort_their_members() {
        let AttributeValue::NS(set) = ns(&["10", "-1", "2", "1e-5"]) else {
            unreachable!()
        };
        let shown: Vec<String> = set.iter().map(|n| n.to_string()).collect();
        assert_eq!(shown, ["-1", "0.00001", "2", "10"]);
    }

    #[test]
    fn conversions() {
        assert_eq!(AttributeValue::from("x"), AttributeValue::S("x".into()));
        assert_eq!(
            AttributeValue::from("x".to_owned()),
            AttributeValue::S("x".into())
        );
        assert_eq!(AttributeValue::from(true), AttributeValue::BOOL(true));
        assert_eq!(AttributeValue::from(Number::from(3i64)), num("3"));
    }
}
