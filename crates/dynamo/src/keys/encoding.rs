//! Order-preserving, self-delimiting encoding of key attribute values (S, N, B).
//!
//! A key value encodes to a type tag followed by a body whose unsigned bytewise order is the
//! order DynamoDB sorts that type by, and which ends unambiguously, so that encodings can be
//! concatenated (partition key, then sort key) and still sort by the first value first.
//! Layout: `docs/format/keys.md`. On-disk: never change a tag or the escaping.
//!
//! - `S` (UTF-8 bytes) and `B`: every `0x00` byte is written `0x00 0xFF`; the body ends with
//!   `0x00 0x01`. A shorter value sorts before any longer value it is a prefix of, since the
//!   terminator's `0x01` is below every continuation (`0xFF` or a byte ≥ `0x01` after a
//!   non-zero byte... see the doc).
//! - `N`: [`Number::encode_order_preserving`], self-delimiting by construction.

use crate::types::{AttributeValue, KeyDecodeError, Number};

/// Type tag of a string key value. On-disk: never change.
pub const TAG_S: u8 = b'S';
/// Type tag of a number key value. On-disk: never change.
pub const TAG_N: u8 = b'N';
/// Type tag of a binary key value. On-disk: never change.
pub const TAG_B: u8 = b'B';

const ESCAPE: u8 = 0x00;
const ESCAPED_ZERO: u8 = 0xFF;
const TERMINATOR: u8 = 0x01;

/// Why bytes are not a key value encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// The value's type cannot be part of a key (only S, N and B can).
    NotAKeyType(&'static str),
    /// The bytes end inside a value.
    Truncated,
    /// An unknown type tag.
    BadTag(u8),
    /// `0x00` followed by something other than `0xFF` or `0x01`.
    BadEscape(u8),
    /// A string body that is not UTF-8.
    NotUtf8,
    /// A malformed number body.
    Number(KeyDecodeError),
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyError::NotAKeyType(t) => write!(f, "type {t} cannot be a key"),
            KeyError::Truncated => f.write_str("key value is truncated"),
            KeyError::BadTag(t) => write!(f, "bad key type tag {t:#04x}"),
            KeyError::BadEscape(b) => write!(f, "bad escape 0x00 {b:#04x} in key value"),
            KeyError::NotUtf8 => f.write_str("string key value is not UTF-8"),
            KeyError::Number(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for KeyError {}

/// Appends the encoding of a key attribute value.
pub fn encode_key_value(out: &mut Vec<u8>, value: &AttributeValue) -> Result<(), KeyError> {
    match value {
        AttributeValue::S(s) => {
            out.push(TAG_S);
            encode_bytes(out, s.as_bytes());
        }
        AttributeValue::N(n) => {
            out.push(TAG_N);
            n.encode_order_preserving(out);
        }
        AttributeValue::B(b) => {
            out.push(TAG_B);
            encode_bytes(out, b);
        }
        other => return Err(KeyError::NotAKeyType(other.type_name())),
    }
    Ok(())
}

/// Appends the bytes every encoding of an `S` (or `B`) value starting with `prefix` starts
/// with: the tag and the escaped bytes, without the terminator. The encodings of the values
/// that `begins_with(prefix)` are exactly the keys starting with these bytes.
pub fn encode_key_prefix(out: &mut Vec<u8>, prefix: &AttributeValue) -> Result<(), KeyError> {
    match prefix {
        AttributeValue::S(s) => {
            out.push(TAG_S);
            escape_bytes(out, s.as_bytes());
        }
        AttributeValue::B(b) => {
            out.push(TAG_B);
            escape_bytes(out, b);
        }
        other => return Err(KeyError::NotAKeyType(other.type_name())),
    }
    Ok(())
}

fn escape_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    for &b in bytes {
        out.push(b);
        if b == ESCAPE {
            out.push(ESCAPED_ZERO);
        }
    }
}

fn encode_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    escape_bytes(out, bytes);
    out.extend_from_slice(&[ESCAPE, TERMINATOR]);
}

/// Decodes one key value from the start of `src`: the value and the bytes it used.
pub fn decode_key_value(src: &[u8]) -> Result<(AttributeValue, usize), KeyError> {
    let (&tag, body) = src.split_first().ok_or(KeyError::Truncated)?;
    match tag {
        TAG_S => {
            let (bytes, n) = decode_bytes(body)?;
            let s = String::from_utf8(bytes).map_err(|_| KeyError::NotUtf8)?;
            Ok((AttributeValue::S(s), 1 + n))
        }
        TAG_B => {
            let (bytes, n) = decode_bytes(body)?;
            Ok((AttributeValue::B(bytes), 1 + n))
        }
        TAG_N => {
            let (num, n) = Number::decode_order_preserving(body).map_err(KeyError::Number)?;
            Ok((AttributeValue::N(num), 1 + n))
        }
        other => Err(KeyError::BadTag(other)),
    }
}

/// Length of the key value encoded at the start of `src`, without decoding it.
pub fn key_value_len(src: &[u8]) -> Result<usize, KeyError> {
    let (&tag, body) = src.split_first().ok_or(KeyError::Truncated)?;
    match tag {
        TAG_S | TAG_B => Ok(1 + escaped_len(body)?),
        TAG_N => Number::decode_order_preserving(body)
            .map(|(_, n)| 1 + n)
            .map_err(KeyError::Number),
        other => Err(KeyError::BadTag(other)),
    }
}

fn escaped_len(body: &[u8]) -> Result<usize, KeyError> {
    let mut i = 0;
    loop {
        match body.get(i) {
            None => return Err(KeyError::Truncated),
            Some(&ESCAPE) => match body.get(i + 1) {
                Some(&TERMINATOR) => return Ok(i + 2),
                Some(&ESCAPED_ZERO) => i += 2,
                Some(&b) => return Err(KeyError::BadEscape(b)),
                None => return Err(KeyError::Truncated),
            },
            Some(_) => i += 1,
        }
    }
}

fn decode_bytes(body: &[u8]) -> Result<(Vec<u8>, usize), KeyError> {
    let n = escaped_len(body)?;
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i + 2 < n {
        out.push(body[i]);
        i += if body[i] == ESCAPE { 2 } else { 1 };
    }
    Ok((out, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_prefix_matches_exactly_the_values_that_begin_with_it() {
        let enc = |s: &str| {
            let mut v = Vec::new();
            encode_key_value(&mut v, &AttributeValue::S(s.into())).unwrap();
            v
        };
        for prefix in ["", "a", "a\0", "ab\0\0"] {
            let mut p = Vec::new();
            encode_key_prefix(&mut p, &AttributeValue::S(prefix.into())).unwrap();
            for value in ["", "a", "ab", "a\0", "a\0b", "b", "ab\0\0c", "\0"] {
                assert_eq!(
                    enc(value).starts_with(&p),
                    value.starts_with(prefix),
                    "{value:?} begins with {prefix:?}"
                );
            }
        }
    }
    use rand::rngs::SmallRng;
    use rand::{Rng, SeedableRng};

    fn enc(v: &AttributeValue) -> Vec<u8> {
        let mut out = Vec::new();
        encode_key_value(&mut out, v).unwrap();
        out
    }

    #[test]
    fn round_trip_and_length() {
        let values = vec![
            AttributeValue::S(String::new()),
            AttributeValue::S("a\0b".into()),
            AttributeValue::S("héllo".into()),
            AttributeValue::B(vec![0, 0, 0xff, 1, 0]),
            AttributeValue::B(Vec::new()),
            AttributeValue::N("-12.5".parse().unwrap()),
            AttributeValue::N("0".parse().unwrap()),
            AttributeValue::N("1e125".parse().unwrap()),
        ];
        for v in &values {
            let mut e = enc(v);
            let len = e.len();
            e.extend_from_slice(b"trailing");
            assert_eq!(decode_key_value(&e).unwrap(), (v.clone(), len));
            assert_eq!(key_value_len(&e).unwrap(), len);
        }
        assert_eq!(
            encode_key_value(&mut Vec::new(), &AttributeValue::BOOL(true)),
            Err(KeyError::NotAKeyType("BOOL"))
        );
    }

    #[test]
    fn bytes_order_is_preserved_even_when_concatenated() {
        let mut rng = SmallRng::seed_from_u64(7);
        let mut samples: Vec<Vec<u8>> =
            vec![vec![], vec![0], vec![0, 0], vec![0, 1], vec![1], vec![0xff]];
        for _ in 0..300 {
            let len = rng.gen_range(0..6);
            samples.push(
                (0..len)
                    .map(|_| [0u8, 1, 0xfe, 0xff, b'a'][rng.gen_range(0..5)])
                    .collect(),
            );
        }
        for a in &samples {
            for b in &samples {
                let (ea, eb) = (
                    enc(&AttributeValue::B(a.clone())),
                    enc(&AttributeValue::B(b.clone())),
                );
                assert_eq!(ea.cmp(&eb), a.cmp(b), "{a:?} vs {b:?}");
                // Followed by a sort key, the partition value still decides first.
                let (mut ca, mut cb) = (ea.clone(), eb.clone());
                ca.extend(enc(&AttributeValue::B(vec![0xff; 3])));
                cb.extend(enc(&AttributeValue::B(vec![])));
                if a != b {
                    assert_eq!(ca.cmp(&cb), a.cmp(b), "{a:?} vs {b:?} with suffixes");
                }
            }
        }
    }

    #[test]
    fn garbage_never_panics() {
        let mut rng = SmallRng::seed_from_u64(9);
        for _ in 0..20_000 {
            let len = rng.gen_range(0..12);
            let bytes: Vec<u8> = (0..len)
                .map(|_| [0u8, 1, 0xff, b'S', b'N', b'B', 0x03, 0x82][rng.gen_range(0..8)])
                .collect();
            if let Ok((v, n)) = decode_key_value(&bytes) {
                assert_eq!(enc(&v), bytes[..n].to_vec());
            }
            let _ = key_value_len(&bytes);
        }
    }
}
