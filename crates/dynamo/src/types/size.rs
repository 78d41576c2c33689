//! Item size by DynamoDB's rules, and the 400 KB item limit.
//!
//! The Developer Guide ("DynamoDB item sizes and formats") gives the rules: an item's size
//! is the sum over its attributes of the attribute name's UTF-8 length plus the value's
//! size, where
//!
//! - `S`: UTF-8 bytes;
//! - `B`: raw bytes (not base64);
//! - `N`: "approximately (1 byte per two significant digits) + (1 byte)", leading and
//!   trailing zeros trimmed — see [`number_size`] for the exact formula;
//! - `BOOL`, `NULL`: 1 byte;
//! - `L`, `M`: 3 bytes "regardless of its contents", plus the size of each element, plus
//!   "1 byte of overhead" per element; a map element also counts its name's UTF-8 length;
//! - `SS`, `NS`, `BS`: the sum of the members' sizes by the scalar rules (dynalite's
//!   `valSize`; the guide gives no per-member overhead).
//!
//! An item may be exactly [`MAX_ITEM_SIZE`] bytes; one byte more is rejected (dynalite's
//! "just small enough" / "too big" PutItem tests, run against DynamoDB).

use super::messages;
use super::number::Number;
use super::value::{AttributeValue, Item};
use std::fmt;

/// The largest item DynamoDB stores: 400 KB, counted as 400 × 1024 bytes.
pub const MAX_ITEM_SIZE: usize = 400 * 1024;

/// The size of a number value.
///
/// DynamoDB stores numbers in a base-100 form (two decimal digits a byte, the pairs
/// aligned on even powers of ten, plus an exponent byte, plus a terminator byte for
/// negatives). So the size is 1 + the number of base-100 digits + 1 if negative, where
/// the digit pairs are counted after aligning: with `n` significant digits and first-digit
/// exponent `e`, that is `ceil(n / 2)`, plus 1 when both `n` and `e` are even (the first
/// and last pairs are each half padding). Zero is 1 byte. This is dynalite's `valSize`,
/// whose numeric item-size tests (e.g. 38 ones then 88 zeros is 20 bytes, `1e125` is 2,
/// `1111111e119` is 5) were written against DynamoDB, and agrees with the guide's
/// "approximately 1 byte per two significant digits + 1".
pub fn number_size(number: &Number) -> usize {
    let n = number.significant_digits();
    if n == 0 {
        return 1;
    }
    let both_even = n % 2 == 0 && number.exponent() % 2 == 0;
    1 + n.div_ceil(2) + usize::from(both_even) + usize::from(number.is_negative())
}

/// The size of a value, not counting any attribute name.
pub fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => number_size(n),
        AttributeValue::B(b) => b.len(),
        AttributeValue::BOOL(_) | AttributeValue::NULL => 1,
        AttributeValue::SS(set) => set.iter().map(String::len).sum(),
        AttributeValue::NS(set) => set.iter().map(number_size).sum(),
        AttributeValue::BS(set) => set.iter().map(Vec::len).sum(),
        AttributeValue::L(list) => 3 + list.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        AttributeValue::M(map) => {
            3 + map
                .iter()
                .map(|(name, v)| 1 + attribute_size(name, v))
                .sum::<usize>()
        }
    }
}

/// The size of one attribute: its name's UTF-8 length plus its value's size.
pub fn attribute_size(name: &str, value: &AttributeValue) -> usize {
    name.len() + value_size(value)
}

/// The size of an item.
pub fn item_size(item: &Item) -> usize {
    item.iter()
        .map(|(name, value)| attribute_size(name, value))
        .sum()
}

/// An item over [`MAX_ITEM_SIZE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemTooLarge {
    /// The item's size by DynamoDB's rules.
    pub size: usize,
}

impl ItemTooLarge {
    /// DynamoDB's message for a put (`PutItem`, a batch or transaction `Put`).
    pub fn message(&self) -> &'static str {
        messages::ITEM_SIZE_EXCEEDED
    }

    /// DynamoDB's message when the item is the result of an `UpdateItem`.
    pub fn update_message(&self) -> &'static str {
        messages::ITEM_UPDATE_SIZE_EXCEEDED
    }
}

impl fmt::Display for ItemTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ItemTooLarge {}

/// The item's size if it is within [`MAX_ITEM_SIZE`], otherwise the error.
pub fn check_item_size(item: &Item) -> Result<usize, ItemTooLarge> {
    let size = item_size(item);
    if size > MAX_ITEM_SIZE {
        Err(ItemTooLarge { size })
    } else {
        Ok(size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn num(text: &str) -> Number {
        Number::parse(text).unwrap()
    }

    fn item(attrs: &[(&str, AttributeValue)]) -> Item {
        attrs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.clone()))
            .collect()
    }

    fn s(text: &str) -> AttributeValue {
        AttributeValue::S(text.to_owned())
    }

    // dynalite test/putItem.js item-size cases, against DynamoDB.
    #[test]
    fn number_sizes_from_dynalite_tests() {
        let big = format!("{}{}", "1".repeat(38), "0".repeat(88));
        assert_eq!(number_size(&num(&big)), 20);
        assert_eq!(number_size(&num(&format!("1{}", "0".repeat(125)))), 2);
        assert_eq!(number_size(&num(&format!("11{}", "0".repeat(124)))), 2);
        assert_eq!(number_size(&num(&format!("11111{}", "0".repeat(121)))), 4);
        assert_eq!(number_size(&num(&format!("111111{}", "0".repeat(120)))), 4);
        assert_eq!(number_size(&num(&format!("1111111{}", "0".repeat(119)))), 5);
    }

    #[test]
    fn number_size_formula() {
        assert_eq!(number_size(&Number::ZERO), 1);
        assert_eq!(number_size(&num("1")), 2); // e 0, n 1
        assert_eq!(number_size(&num("15")), 2); // e 1, n 2: one pair
        assert_eq!(number_size(&num("150")), 3); // e 2, n 2: "01" "50"
        assert_eq!(number_size(&num("123")), 3); // e 2, n 3: "01" "23"
        assert_eq!(number_size(&num("1234")), 3); // e 3, n 4: "12" "34"
        assert_eq!(number_size(&num("0.15")), 2); // e -1, n 2: one pair "15"
        assert_eq!(number_size(&num("0.015")), 3); // e -2, n 2: "01" "50"
        assert_eq!(number_size(&num("-1")), 3);
        assert_eq!(number_size(&num("-15")), 3);
        let max = num("9.9999999999999999999999999999999999999e125");
        assert_eq!(number_size(&max), 20); // 38 digits, e 125: 19 pairs
        assert_eq!(number_size(&num("1e-130")), 2);
    }

    #[test]
    fn scalar_sizes() {
        assert_eq!(value_size(&s("")), 0);
        assert_eq!(value_size(&s("abc")), 3);
        assert_eq!(value_size(&s("é😀")), 2 + 4);
        assert_eq!(value_size(&AttributeValue::B(vec![0; 7])), 7);
        assert_eq!(value_size(&AttributeValue::BOOL(false)), 1);
        assert_eq!(value_size(&AttributeValue::NULL), 1);
    }

    #[test]
    fn set_sizes() {
        let ss = AttributeValue::SS(["ab".to_owned(), "cde".to_owned()].into());
        assert_eq!(value_size(&ss), 5);
        let ns = AttributeValue::NS([num("1"), num("-15"), num("150")].into());
        assert_eq!(value_size(&ns), 2 + 3 + 3);
        let bs = AttributeValue::BS([vec![1, 2], vec![3]].into());
        assert_eq!(value_size(&bs), 3);
    }

    #[test]
    fn document_sizes() {
        assert_eq!(value_size(&AttributeValue::L(vec![])), 3);
        assert_eq!(value_size(&AttributeValue::M(BTreeMap::new())), 3);
        // 3 + (1 + 3) + (1 + 1)
        assert_eq!(
            value_size(&AttributeValue::L(vec![s("abc"), AttributeValue::NULL])),
            9
        );
        // 3 + (1 + "ab" 2 + "xyz" 3) + (1 + "c" 1 + true 1)
        let m = item(&[("ab", s("xyz")), ("c", AttributeValue::BOOL(true))]);
        assert_eq!(value_size(&AttributeValue::M(m.clone())), 12);
        // Nested: 3 + (1 + 12)
        assert_eq!(
            value_size(&AttributeValue::L(vec![AttributeValue::M(m)])),
            16
        );
    }

    #[test]
    fn item_sizes_and_the_limit() {
        let small = item(&[("id", s("abc")), ("n", AttributeValue::N(num("12345")))]);
        assert_eq!(item_size(&small), 2 + 3 + 1 + 4);
        assert_eq!(check_item_size(&small), Ok(10));

        // Exactly at the limit is allowed; one byte more is not.
        let fill = MAX_ITEM_SIZE - 1 - 2;
        let at_limit = item(&[("a", s("xy")), ("b", s(&"a".repeat(fill - 1)))]);
        assert_eq!(item_size(&at_limit), MAX_ITEM_SIZE);
        assert!(check_item_size(&at_limit).is_ok());
        let over = item(&[("a", s("xy")), ("b", s(&"a".repeat(fill)))]);
        let error = check_item_size(&over).unwrap_err();
        assert_eq!(error.size, MAX_ITEM_SIZE + 1);
        assert_eq!(
            error.to_string(),
            "Item size has exceeded the maximum allowed size"
        );
        assert_eq!(
            error.update_message(),
            "Item size to update has exceeded the maximum allowed size"
        );
        // Names count in UTF-8.
        assert_eq!(item_size(&item(&[("é", AttributeValue::NULL)])), 3);
    }
}
