//! Order-preserving byte encoding of [`Number`]s, for keys. The layout is documented on
//! [`Number::to_order_preserving_bytes`].

use super::{Number, MAX_EXPONENT, MAX_SIGNIFICANT_DIGITS, MIN_EXPONENT};
use std::fmt;

const TAG_NEGATIVE: u8 = 0x01;
const TAG_ZERO: u8 = 0x02;
const TAG_POSITIVE: u8 = 0x03;
const END_POSITIVE: u8 = 0x00;
const END_NEGATIVE: u8 = 0xFF;

/// Why bytes are not an order-preserving number encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyDecodeError {
    /// The bytes end before the terminator.
    Truncated,
    /// The first byte is not a sign tag.
    BadTag(u8),
    /// A digit-pair byte outside the range its sign allows.
    BadDigitByte(u8),
    /// A well-formed but non-canonical encoding (leading or trailing zero digit, no
    /// digits, or more than 38 digits).
    NotCanonical,
}

impl fmt::Display for KeyDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyDecodeError::Truncated => f.write_str("number key is truncated"),
            KeyDecodeError::BadTag(tag) => write!(f, "number key has bad sign tag {tag:#04x}"),
            KeyDecodeError::BadDigitByte(b) => write!(f, "number key has bad digit byte {b:#04x}"),
            KeyDecodeError::NotCanonical => f.write_str("number key is not canonical"),
        }
    }
}

impl std::error::Error for KeyDecodeError {}

impl Number {
    /// The order-preserving encoding: bytes whose unsigned bytewise order is numeric order.
    ///
    /// # Layout
    ///
    /// A number encodes to 1 to 22 bytes whose unsigned bytewise (memcmp) order is the
    /// numeric order. The encoding is self-delimiting: no encoding is a prefix of another,
    /// so a number can be followed by further key bytes and concatenations still sort by the
    /// number first.
    ///
    /// | value    | byte 0 | byte 1                   | then                             | last   |
    /// |----------|--------|--------------------------|----------------------------------|--------|
    /// | negative | `0x01` | `125 - exponent` (0–255) | digit pairs, each `254 - pair`   | `0xFF` |
    /// | zero     | `0x02` | —                        | —                                | —      |
    /// | positive | `0x03` | `exponent + 130` (0–255) | digit pairs, each `1 + pair`     | `0x00` |
    ///
    /// - `exponent` is the decimal exponent of the first significant digit (-130..=125), so
    ///   it takes exactly one byte.
    /// - The significant digits (1 to 38, no leading or trailing zeros) are taken two at a
    ///   time from the most significant; an odd last digit is paired with 0. A pair `p` (0–99)
    ///   is written `1 + p` (1–100) for positives and `254 - p` (155–254) for negatives, so it
    ///   never equals the terminator. At most 19 pair bytes.
    /// - Positives: a larger exponent is a larger number; for equal exponents the digit
    ///   strings compare lexicographically, and a string that is a prefix of another is the
    ///   smaller number (no trailing zeros), which the `0x00` terminator gives.
    /// - Negatives: every byte after the tag is inverted relative to the positive layout
    ///   (exponent, pairs, and terminator `0xFF` instead of `0x00`), reversing the order.
    ///
    /// Examples: `0` → `02`; `1` → `03 82 0B 00`; `-1` → `01 7D F4 FF`; `150` → `03 84 10 00`
    /// (exponent 2 → `0x84`, pair 15 → `0x10`).
    ///
    /// [`Number::decode_order_preserving`] accepts exactly the encodings this produces (a
    /// canonical form) and reports anything else as a [`KeyDecodeError`].
    pub fn to_order_preserving_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(3 + self.digits.len().div_ceil(2));
        self.encode_order_preserving(&mut out);
        out
    }

    /// Appends the order-preserving encoding to `out`.
    pub fn encode_order_preserving(&self, out: &mut Vec<u8>) {
        if self.is_zero() {
            out.push(TAG_ZERO);
            return;
        }
        // exponent is within -130..=125, so both bytes are within 0..=255.
        let biased = (self.exponent - MIN_EXPONENT) as u8;
        let negative = self.negative;
        out.push(if negative { TAG_NEGATIVE } else { TAG_POSITIVE });
        out.push(if negative { 255 - biased } else { biased });
        for pair in self.digits.chunks(2) {
            let p = pair[0] * 10 + pair.get(1).copied().unwrap_or(0);
            out.push(if negative { 254 - p } else { 1 + p });
        }
        out.push(if negative { END_NEGATIVE } else { END_POSITIVE });
    }

    /// Decodes a number from the front of `bytes`; returns it and how many bytes it took.
    pub fn decode_order_preserving(bytes: &[u8]) -> Result<(Number, usize), KeyDecodeError> {
        let (&tag, rest) = bytes.split_first().ok_or(KeyDecodeError::Truncated)?;
        let negative = match tag {
            TAG_ZERO => return Ok((Number::ZERO, 1)),
            TAG_NEGATIVE => true,
            TAG_POSITIVE => false,
            other => return Err(KeyDecodeError::BadTag(other)),
        };
        let (&exp_byte, rest) = rest.split_first().ok_or(KeyDecodeError::Truncated)?;
        let biased = if negative { 255 - exp_byte } else { exp_byte };
        let exponent = i32::from(biased) + MIN_EXPONENT;
        debug_assert!(exponent <= MAX_EXPONENT);
        let end = if negative { END_NEGATIVE } else { END_POSITIVE };
        let mut digits = Vec::new();
        let mut used = 2;
        for &byte in rest {
            used += 1;
            if byte == end {
                // An odd digit count was padded with a 0; after dropping it the digits
                // must start and end with a non-zero digit.
                if digits.last() == Some(&0) {
                    digits.pop();
                }
                if digits.first().is_none_or(|&d| d == 0) || digits.last() == Some(&0) {
                    return Err(KeyDecodeError::NotCanonical);
                }
                return Ok((
                    Number {
                        negative,
                        exponent,
                        digits,
                    },
                    used,
                ));
            }
            let pair = if negative {
                254u8.checked_sub(byte).filter(|&p| p <= 99)
            } else {
                byte.checked_sub(1).filter(|&p| p <= 99)
            }
            .ok_or(KeyDecodeError::BadDigitByte(byte))?;
            if digits.len() >= MAX_SIGNIFICANT_DIGITS {
                return Err(KeyDecodeError::NotCanonical);
            }
            digits.push(pair / 10);
            digits.push(pair % 10);
        }
        Err(KeyDecodeError::Truncated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn n(text: &str) -> Number {
        Number::parse(text).unwrap()
    }

    fn enc(text: &str) -> Vec<u8> {
        n(text).to_order_preserving_bytes()
    }

    #[test]
    fn exact_bytes() {
        assert_eq!(enc("0"), [0x02]);
        assert_eq!(enc("1"), [0x03, 130, 11, 0x00]);
        assert_eq!(enc("-1"), [0x01, 125, 244, 0xFF]);
        assert_eq!(enc("150"), [0x03, 132, 16, 0x00]);
        assert_eq!(enc("1.05"), [0x03, 130, 11, 51, 0x00]);
        assert_eq!(enc("1e-130"), [0x03, 0, 11, 0x00]);
        assert_eq!(enc("-1e-130"), [0x01, 255, 244, 0xFF]);
        assert_eq!(enc("9.9999999999999999999999999999999999999e125").len(), 22);
    }

    #[test]
    fn boundary_orderings() {
        let ordered = [
            "-9.9999999999999999999999999999999999999e125",
            "-1e125",
            "-100",
            "-99.99",
            "-10.01",
            "-10",
            "-1.01",
            "-1",
            "-0.5",
            "-1e-130",
            "0",
            "1e-130",
            "1.5e-130",
            "0.01",
            "0.5",
            "1",
            "1.0000000000000000000000000000000000001",
            "1.01",
            "1.1",
            "9.99",
            "10",
            "99",
            "100",
            "1e125",
            "9.9999999999999999999999999999999999999e125",
        ];
        for pair in ordered.windows(2) {
            assert!(n(pair[0]) < n(pair[1]), "{} < {}", pair[0], pair[1]);
            assert!(
                enc(pair[0]) < enc(pair[1]),
                "bytes {} < {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn round_trip_and_prefix_free_with_suffix() {
        for text in ["0", "1", "-1", "123.456", "-0.000321", "1e125", "-1e-130"] {
            let mut bytes = enc(text);
            let len = bytes.len();
            bytes.extend_from_slice(&[0x00, 0xFF, 0x42]);
            assert_eq!(
                Number::decode_order_preserving(&bytes),
                Ok((n(text), len)),
                "{text}"
            );
        }
    }

    #[test]
    fn random_numbers_sort_like_their_bytes() {
        let mut rng = rand::rngs::SmallRng::seed_from_u64(1);
        let mut numbers: Vec<Number> = (0..3000).map(|_| random_number(&mut rng)).collect();
        numbers.sort();
        for pair in numbers.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert_eq!(
                a.to_order_preserving_bytes()
                    .cmp(&b.to_order_preserving_bytes()),
                a.cmp(b),
                "{a} vs {b}"
            );
        }
        for number in &numbers {
            let bytes = number.to_order_preserving_bytes();
            assert_eq!(
                Number::decode_order_preserving(&bytes),
                Ok((number.clone(), bytes.len()))
            );
        }
    }

    pub(crate) fn random_number(rng: &mut impl Rng) -> Number {
        let len = rng.gen_range(1..=38);
        let mut text = String::new();
        if rng.gen_bool(0.5) {
            text.push('-');
        }
        for i in 0..len {
            let low = if i == 0 { 1 } else { 0 };
            text.push(char::from(b'0' + rng.gen_range(low..=9)));
        }
        // Keep the first digit's exponent within range: it is len - 1 + shift.
        let shift = rng.gen_range(-130 - (len - 1)..=125 - (len - 1));
        Number::parse(&format!("{text}e{shift}")).unwrap()
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        assert_eq!(
            Number::decode_order_preserving(&[]),
            Err(KeyDecodeError::Truncated)
        );
        assert_eq!(
            Number::decode_order_preserving(&[0x03]),
            Err(KeyDecodeError::Truncated)
        );
        assert_eq!(
            Number::decode_order_preserving(&[0x03, 130, 11]),
            Err(KeyDecodeError::Truncated)
        );
        assert_eq!(
            Number::decode_order_preserving(&[0x07]),
            Err(KeyDecodeError::BadTag(7))
        );
        assert_eq!(
            Number::decode_order_preserving(&[0x03, 130, 0xC8, 0]),
            Err(KeyDecodeError::BadDigitByte(0xC8))
        );
        // No digits.
        assert_eq!(
            Number::decode_order_preserving(&[0x03, 130, 0]),
            Err(KeyDecodeError::NotCanonical)
        );
        // Leading zero digit (pair 05).
        assert_eq!(
            Number::decode_order_preserving(&[0x03, 130, 6, 0]),
            Err(KeyDecodeError::NotCanonical)
        );
        // Pair 10 followed by more digits: a zero inside is fine only if not trailing.
        assert_eq!(
            Number::decode_order_preserving(&[0x03, 130, 11, 11, 0]),
            Ok((n("1.01"), 5))
        );
        assert_eq!(
            Number::decode_order_preserving(&[0x03, 130, 11, 1, 0]),
            Err(KeyDecodeError::NotCanonical)
        );
        let mut rng = rand::rngs::SmallRng::seed_from_u64(3);
        for _ in 0..20000 {
            let len = rng.gen_range(0..30);
            let bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
            if let Ok((number, used)) = Number::decode_order_preserving(&bytes) {
                assert_eq!(number.to_order_preserving_bytes(), bytes[..used]);
            }
        }
    }
}
