//! Standard base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, `=` padding), strict, as DynamoDB
//! reads binary values. Written by hand: it is a few dozen lines, and a crate would add a
//! dependency for no behaviour we need.
//!
//! Decoding accepts only the canonical encoding: length a multiple of 4 (checked first, as
//! DynamoDB reports the length alone), padding only at the end and at most two `=`, no
//! whitespace, and zero discarded bits in the last character (`"+/+="` is rejected, dynalite
//! `test/helpers.js`). Empty text decodes to empty bytes.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Why text is not strict base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base64Error {
    /// Length (in UTF-16 units, as DynamoDB counts) not a multiple of 4.
    Length(usize),
    /// A character outside the alphabet, misplaced padding, or non-zero discarded bits.
    Invalid,
}

/// Encodes bytes as padded standard base64.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    let value = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// Decodes strict, padded standard base64.
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let bytes = text.as_bytes();
    let units = if text.is_ascii() {
        bytes.len()
    } else {
        text.encode_utf16().count()
    };
    if units % 4 != 0 {
        return Err(Base64Error::Length(units));
    }
    if !text.is_ascii() {
        return Err(Base64Error::Invalid);
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let quads = bytes.len() / 4;
    for (index, quad) in bytes.chunks(4).enumerate() {
        let last = index + 1 == quads;
        let padding = match (quad[2], quad[3]) {
            (b'=', b'=') if last => 2,
            (_, b'=') if last => 1,
            _ => 0,
        };
        let mut n = 0u32;
        for &c in &quad[..4 - padding] {
            n = (n << 6) | sextet(c).ok_or(Base64Error::Invalid)?;
        }
        match padding {
            0 => out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]),
            1 => {
                // 18 bits: two bytes and two discarded bits, which must be zero.
                if n & 0b11 != 0 {
                    return Err(Base64Error::Invalid);
                }
                out.extend_from_slice(&[(n >> 10) as u8, (n >> 2) as u8]);
            }
            _ => {
                // 12 bits: one byte and four discarded bits, which must be zero.
                if n & 0b1111 != 0 {
                    return Err(Base64Error::Invalid);
                }
                out.push((n >> 4) as u8);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in vectors {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded), Ok(plain.as_bytes().to_vec()));
        }
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(decode("+/+/"), Ok(vec![0xfb, 0xff, 0xbf]));
    }

    // dynalite test/helpers.js, Blob cases, captured from DynamoDB.
    #[test]
    fn rejects_what_dynamodb_rejects() {
        assert_eq!(decode("23456"), Err(Base64Error::Length(5)));
        assert_eq!(decode("=+/="), Err(Base64Error::Invalid));
        assert_eq!(decode("+/+="), Err(Base64Error::Invalid));
        for bad in [
            "Zg=", "Zg", "Z===", "====", "Zg==Zg==", "Zm9v\n", "Zm 9", "Zm9-", "Zm9_", "Zh==",
            "Zm9=Zm9v", "=Zm9", "Zm=v",
        ] {
            assert!(decode(bad).is_err(), "{bad:?}");
        }
        // Length is counted in UTF-16 units, like Java's String.length().
        assert_eq!(decode("é"), Err(Base64Error::Length(1)));
        assert_eq!(decode("ééé"), Err(Base64Error::Length(3)));
        assert_eq!(decode("éé"), Err(Base64Error::Length(2)));
        assert_eq!(decode("éééé"), Err(Base64Error::Invalid));
        assert_eq!(decode("Zg\u{1F600}"), Err(Base64Error::Invalid));
    }

    #[test]
    fn random_round_trips_and_garbage() {
        let mut rng = rand::rngs::SmallRng::seed_from_u64(5);
        for _ in 0..2000 {
            let len = rng.gen_range(0..40);
            let bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
            assert_eq!(decode(&encode(&bytes)), Ok(bytes));
        }
        let alphabet = b"AZaz09+/=-_ \n\x00";
        for _ in 0..20000 {
            let len = rng.gen_range(0..13);
            let text: String = (0..len)
                .map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())]))
                .collect();
            if let Ok(bytes) = decode(&text) {
                assert_eq!(encode(&bytes), text);
            }
        }
    }
}
