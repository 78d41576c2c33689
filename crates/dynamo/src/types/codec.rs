//! The binary form in which items are stored: compact, canonical, and decoded without trust.
//!
//! Layout (`docs/format/items.md`; on-disk: never renumber a tag):
//!
//! ```text
//! item      = 0x01 (format version) | varint count | (name value)*count
//! name      = varint length | UTF-8 bytes
//! value     = tag u8 | body
//!   0x01 S     varint length | UTF-8 bytes
//!   0x02 N     number (the order-preserving key encoding: canonical and self-delimiting)
//!   0x03 B     varint length | bytes
//!   0x04 BOOL false          0x05 BOOL true          0x06 NULL
//!   0x07 M     varint count | (name value)*count      names strictly ascending
//!   0x08 L     varint count | value*count
//!   0x09 SS    varint count | (varint length | UTF-8)*count   members strictly ascending
//!   0x0A NS    varint count | number*count                   members strictly ascending
//!   0x0B BS    varint count | (varint length | bytes)*count  members strictly ascending
//! ```
//!
//! Maps and sets are written in their sorted order, so one item has exactly one encoding.
//! The decoder checks everything (tags, lengths, UTF-8, order, nesting depth, trailing bytes)
//! and reports damage as an [`ItemCodecError`]; it never panics and never allocates more than
//! the input can hold.

use std::collections::{BTreeMap, BTreeSet};

use super::{AttributeValue, Item, Number};

/// Format version byte at the start of every stored item. On-disk: never reuse.
pub const FORMAT_VERSION: u8 = 0x01;

/// Deepest nesting the decoder accepts: DynamoDB allows 32 levels; the margin tolerates
/// nothing but keeps the decoder's recursion bounded on damaged input.
pub const MAX_DECODE_DEPTH: usize = 40;

const TAG_S: u8 = 0x01;
const TAG_N: u8 = 0x02;
const TAG_B: u8 = 0x03;
const TAG_FALSE: u8 = 0x04;
const TAG_TRUE: u8 = 0x05;
const TAG_NULL: u8 = 0x06;
const TAG_M: u8 = 0x07;
const TAG_L: u8 = 0x08;
const TAG_SS: u8 = 0x09;
const TAG_NS: u8 = 0x0A;
const TAG_BS: u8 = 0x0B;

/// Why bytes are not a stored item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemCodecError {
    /// Unknown format version.
    Version(u8),
    /// The bytes end inside the item.
    Truncated,
    /// An unknown value tag.
    BadTag(u8),
    /// A name or string that is not UTF-8.
    NotUtf8,
    /// A malformed number.
    BadNumber,
    /// Map names or set members not strictly ascending (or an empty set).
    NotCanonical,
    /// Nesting deeper than [`MAX_DECODE_DEPTH`].
    TooDeep,
    /// Bytes after the item.
    TrailingBytes,
}

impl std::fmt::Display for ItemCodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ItemCodecError::Version(v) => write!(f, "unknown stored item format {v}"),
            ItemCodecError::Truncated => f.write_str("stored item is truncated"),
            ItemCodecError::BadTag(t) => write!(f, "unknown value tag {t:#04x}"),
            ItemCodecError::NotUtf8 => f.write_str("stored string is not UTF-8"),
            ItemCodecError::BadNumber => f.write_str("stored number is malformed"),
            ItemCodecError::NotCanonical => f.write_str("stored map or set is not canonical"),
            ItemCodecError::TooDeep => f.write_str("stored item nests too deeply"),
            ItemCodecError::TrailingBytes => f.write_str("bytes after the stored item"),
        }
    }
}

impl std::error::Error for ItemCodecError {}

/// Encodes `item` in the stored form.
pub fn encode_stored_item(item: &Item) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.push(FORMAT_VERSION);
    put_map(&mut out, item);
    out
}

/// Decodes a stored item.
pub fn decode_stored_item(bytes: &[u8]) -> Result<Item, ItemCodecError> {
    let mut r = Reader { buf: bytes };
    let version = r.u8()?;
    if version != FORMAT_VERSION {
        return Err(ItemCodecError::Version(version));
    }
    let item = r.map(0)?;
    if !r.buf.is_empty() {
        return Err(ItemCodecError::TrailingBytes);
    }
    Ok(item)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn put_map(out: &mut Vec<u8>, map: &BTreeMap<String, AttributeValue>) {
    put_varint(out, map.len() as u64);
    for (name, value) in map {
        put_bytes(out, name.as_bytes());
        put_value(out, value);
    }
}

fn put_value(out: &mut Vec<u8>, value: &AttributeValue) {
    match value {
        AttributeValue::S(s) => {
            out.push(TAG_S);
            put_bytes(out, s.as_bytes());
        }
        AttributeValue::N(n) => {
            out.push(TAG_N);
            n.encode_order_preserving(out);
        }
        AttributeValue::B(b) => {
            out.push(TAG_B);
            put_bytes(out, b);
        }
        AttributeValue::BOOL(false) => out.push(TAG_FALSE),
        AttributeValue::BOOL(true) => out.push(TAG_TRUE),
        AttributeValue::NULL => out.push(TAG_NULL),
        AttributeValue::M(m) => {
            out.push(TAG_M);
            put_map(out, m);
        }
        AttributeValue::L(l) => {
            out.push(TAG_L);
            put_varint(out, l.len() as u64);
            for v in l {
                put_value(out, v);
            }
        }
        AttributeValue::SS(set) => {
            out.push(TAG_SS);
            put_varint(out, set.len() as u64);
            for s in set {
                put_bytes(out, s.as_bytes());
            }
        }
        AttributeValue::NS(set) => {
            out.push(TAG_NS);
            put_varint(out, set.len() as u64);
            for n in set {
                n.encode_order_preserving(out);
            }
        }
        AttributeValue::BS(set) => {
            out.push(TAG_BS);
            put_varint(out, set.len() as u64);
            for b in set {
                put_bytes(out, b);
            }
        }
    }
}

struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    fn u8(&mut self) -> Result<u8, ItemCodecError> {
        let (&b, rest) = self.buf.split_first().ok_or(ItemCodecError::Truncated)?;
        self.buf = rest;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, ItemCodecError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ItemCodecError::Truncated)
    }

    /// A count of elements, each taking at least one byte: never more than what is left.
    fn count(&mut self) -> Result<usize, ItemCodecError> {
        let n = self.varint()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.buf.len())
            .ok_or(ItemCodecError::Truncated)
    }

    fn bytes(&mut self) -> Result<&'a [u8], ItemCodecError> {
        let n = self.count()?;
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }

    fn string(&mut self) -> Result<String, ItemCodecError> {
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| ItemCodecError::NotUtf8)
    }

    fn number(&mut self) -> Result<Number, ItemCodecError> {
        let (n, used) =
            Number::decode_order_preserving(self.buf).map_err(|_| ItemCodecError::BadNumber)?;
        self.buf = self.buf.get(used..).ok_or(ItemCodecError::BadNumber)?;
        Ok(n)
    }

    fn map(&mut self, depth: usize) -> Result<BTreeMap<String, AttributeValue>, ItemCodecError> {
        let n = self.count()?;
        let mut map = BTreeMap::new();
        for _ in 0..n {
            let name = self.string()?;
            if map
                .last_key_value()
                .is_some_and(|(last, _): (&String, _)| *last >= name)
            {
                return Err(ItemCodecError::NotCanonical);
            }
            let value = self.value(depth + 1)?;
            map.insert(name, value);
        }
        Ok(map)
    }

    fn set<T: Ord>(
        &mut self,
        mut member: impl FnMut(&mut Self) -> Result<T, ItemCodecError>,
    ) -> Result<BTreeSet<T>, ItemCodecError> {
        let n = self.count()?;
        if n == 0 {
            return Err(ItemCodecError::NotCanonical);
        }
        let mut set = BTreeSet::new();
        for _ in 0..n {
            let m = member(self)?;
            if set.last().is_some_and(|last| *last >= m) {
                return Err(ItemCodecError::NotCanonical);
            }
            set.insert(m);
        }
        Ok(set)
    }

    fn value(&mut self, depth: usize) -> Result<AttributeValue, ItemCodecError> {
        if depth > MAX_DECODE_DEPTH {
            return Err(ItemCodecError::TooDeep);
        }
        Ok(match self.u8()? {
            TAG_S => AttributeValue::S(self.string()?),
            TAG_N => AttributeValue::N(self.number()?),
            TAG_B => AttributeValue::B(self.bytes()?.to_vec()),
            TAG_FALSE => AttributeValue::BOOL(false),
            TAG_TRUE => AttributeValue::BOOL(true),
            TAG_NULL => AttributeValue::NULL,
            TAG_M => AttributeValue::M(self.map(depth)?),
            TAG_L => {
                let n = self.count()?;
                let mut list = Vec::with_capacity(n);
                for _ in 0..n {
                    list.push(self.value(depth + 1)?);
                }
                AttributeValue::L(list)
            }
            TAG_SS => AttributeValue::SS(self.set(Reader::string)?),
            TAG_NS => AttributeValue::NS(self.set(Reader::number)?),
            TAG_BS => AttributeValue::BS(self.set(|r| r.bytes().map(<[u8]>::to_vec))?),
            tag => return Err(ItemCodecError::BadTag(tag)),
        })
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::SmallRng;
    use rand::{Rng, SeedableRng};

    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    fn random_value(rng: &mut SmallRng, depth: usize) -> AttributeValue {
        let pick = if depth > 3 {
            rng.gen_range(0..6)
        } else {
            rng.gen_range(0..11)
        };
        let text = |rng: &mut SmallRng| -> String {
            (0..rng.gen_range(0..6))
                .map(|_| ['a', 'é', '\0', 'z', '𝄞'][rng.gen_range(0..5)])
                .collect()
        };
        let num = |rng: &mut SmallRng| {
            n(&format!(
                "{}e{}",
                rng.gen_range(-99_999i64..99_999),
                rng.gen_range(-20..20)
            ))
        };
        match pick {
            0 => AttributeValue::S(text(rng)),
            1 => AttributeValue::N(num(rng)),
            2 => AttributeValue::B((0..rng.gen_range(0..5)).map(|_| rng.gen()).collect()),
            3 => AttributeValue::BOOL(rng.gen()),
            4 => AttributeValue::NULL,
            5 => AttributeValue::SS((0..rng.gen_range(1..4)).map(|_| text(rng)).collect()),
            6 => AttributeValue::NS((0..rng.gen_range(1..4)).map(|_| num(rng)).collect()),
            7 => AttributeValue::BS(
                (0..rng.gen_range(1..4))
                    .map(|_| vec![rng.gen(); 2])
                    .collect(),
            ),
            8 => AttributeValue::L(
                (0..rng.gen_range(0..4))
                    .map(|_| random_value(rng, depth + 1))
                    .collect(),
            ),
            _ => AttributeValue::M(random_item(rng, depth + 1)),
        }
    }

    fn random_item(rng: &mut SmallRng, depth: usize) -> Item {
        (0..rng.gen_range(0..5))
            .map(|_| {
                (
                    format!("a{}", rng.gen_range(0..9)),
                    random_value(rng, depth),
                )
            })
            .collect()
    }

    #[test]
    fn round_trip_is_exact_and_canonical() {
        let mut rng = SmallRng::seed_from_u64(1);
        for _ in 0..3000 {
            let item = random_item(&mut rng, 0);
            let bytes = encode_stored_item(&item);
            assert_eq!(decode_stored_item(&bytes).unwrap(), item);
            assert_eq!(
                encode_stored_item(&decode_stored_item(&bytes).unwrap()),
                bytes
            );
        }
    }

    #[test]
    fn layout_of_a_small_item() {
        let item: Item = [
            ("a".to_string(), AttributeValue::S("x".into())),
            ("b".to_string(), AttributeValue::N(n("1"))),
            ("c".to_string(), AttributeValue::BOOL(true)),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            encode_stored_item(&item),
            vec![
                1, 3, 1, b'a', TAG_S, 1, b'x', 1, b'b', TAG_N, 0x03, 0x82, 0x0B, 0x00, 1, b'c',
                TAG_TRUE
            ]
        );
    }

    #[test]
    fn damage_is_an_error_never_a_panic_or_a_different_item() {
        let mut rng = SmallRng::seed_from_u64(2);
        for _ in 0..2000 {
            let item = random_item(&mut rng, 0);
            let bytes = encode_stored_item(&item);
            for cut in 0..bytes.len() {
                assert!(
                    decode_stored_item(&bytes[..cut]).is_err(),
                    "prefix of {cut} bytes decoded"
                );
            }
            let mut flipped = bytes.clone();
            let i = rng.gen_range(0..flipped.len());
            flipped[i] ^= 1 << rng.gen_range(0..8);
            if let Ok(other) = decode_stored_item(&flipped) {
                // A flip may land on another valid encoding; it is then canonical.
                assert_eq!(encode_stored_item(&other), flipped);
            }
        }
        for _ in 0..20_000 {
            let len = rng.gen_range(0..24);
            let junk: Vec<u8> = (0..len).map(|_| rng.gen_range(0..14)).collect();
            let _ = decode_stored_item(&junk);
        }
        assert_eq!(decode_stored_item(&[2, 0]), Err(ItemCodecError::Version(2)));
        assert_eq!(
            decode_stored_item(&[1, 0, 0]),
            Err(ItemCodecError::TrailingBytes)
        );
        assert_eq!(
            decode_stored_item(&[1, 0xff, 0xff, 0xff, 0x0f]),
            Err(ItemCodecError::Truncated)
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let mut bytes = vec![1, 1, 1, b'a'];
        for _ in 0..10_000 {
            bytes.extend_from_slice(&[TAG_L, 1]);
        }
        bytes.push(TAG_NULL);
        assert_eq!(decode_stored_item(&bytes), Err(ItemCodecError::TooDeep));
    }
}
