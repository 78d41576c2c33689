//! Exact addition and subtraction of [`Number`]s, for `SET a = a + :x`, `SET a = a - :x`
//! and `ADD`.
//!
//! The result is computed exactly (operands span at most 38 digits each within exponents
//! -130..=125, so the aligned sum fits in under 300 decimal digits) and then must be
//! storable: magnitude above 9.99…E+125 is [`NumberError::Overflow`], non-zero magnitude
//! below 1E-130 is [`NumberError::Underflow`] (possible: 1.5E-130 - 1.4E-130 = 1E-131),
//! and more than 38 significant digits is [`NumberError::InexactResult`], which DynamoDB
//! reports with the overflow message (ScyllaDB `test/alternator/test_number.py`:
//! "1e50 - 1 … DynamoDB says that the error is: Number overflow"). DynamoDB never rounds.

use super::{Number, NumberError};
use std::cmp::Ordering;

impl Number {
    /// `self + other`, exactly, or the error DynamoDB gives when the sum cannot be stored.
    pub fn add(&self, other: &Number) -> Result<Number, NumberError> {
        if other.is_zero() {
            return Ok(self.clone());
        }
        if self.is_zero() {
            return Ok(other.clone());
        }
        // Decimal position (power of ten) of the lowest digit of each operand.
        let low = self.exponent - (self.digits.len() as i32 - 1);
        let other_low = other.exponent - (other.digits.len() as i32 - 1);
        let base = low.min(other_low);
        // One extra position for a carry.
        let width = (self.exponent.max(other.exponent) - base + 2) as usize;
        let a = self.little_endian(base, width);
        let b = other.little_endian(base, width);

        let (negative, magnitude) = if self.negative == other.negative {
            (self.negative, add_digits(&a, &b))
        } else {
            match self.cmp_magnitude(other) {
                Ordering::Equal => return Ok(Number::ZERO),
                Ordering::Greater => (self.negative, sub_digits(&a, &b)),
                Ordering::Less => (other.negative, sub_digits(&b, &a)),
            }
        };
        from_little_endian(negative, base, &magnitude)
    }

    /// `self - other`, exactly, or the error DynamoDB gives when the difference cannot be
    /// stored.
    pub fn sub(&self, other: &Number) -> Result<Number, NumberError> {
        self.add(&other.negated())
    }

    /// The digits as a little-endian vector of `width` positions whose index 0 is the
    /// decimal position `base` (which must be at or below this number's lowest digit).
    fn little_endian(&self, base: i32, width: usize) -> Vec<u8> {
        let mut out = vec![0u8; width];
        for (i, &digit) in self.digits.iter().enumerate() {
            let position = (self.exponent - i as i32 - base) as usize;
            if let Some(slot) = out.get_mut(position) {
                *slot = digit;
            }
        }
        out
    }
}

fn add_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut carry = 0;
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            let sum = x + y + carry;
            carry = sum / 10;
            sum % 10
        })
        .collect()
}

/// `a - b` for `a >= b`.
fn sub_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut borrow = 0;
    a.iter()
        .zip(b)
        .map(|(&x, &y)| {
            let subtrahend = y + borrow;
            if x >= subtrahend {
                borrow = 0;
                x - subtrahend
            } else {
                borrow = 1;
                x + 10 - subtrahend
            }
        })
        .collect()
}

fn from_little_endian(negative: bool, base: i32, le: &[u8]) -> Result<Number, NumberError> {
    let Some(high) = le.iter().rposition(|&d| d != 0) else {
        return Ok(Number::ZERO);
    };
    let low = le.iter().position(|&d| d != 0).unwrap_or(high);
    let digits: Vec<u8> = le[low..=high].iter().rev().copied().collect();
    let exponent = i64::from(base) + high as i64;
    Number::checked(negative, exponent, digits, NumberError::InexactResult)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        Number::parse(text).unwrap()
    }

    fn sum(a: &str, b: &str) -> String {
        n(a).add(&n(b)).unwrap().to_string()
    }

    fn diff(a: &str, b: &str) -> String {
        n(a).sub(&n(b)).unwrap().to_string()
    }

    #[test]
    fn small_sums_and_differences() {
        assert_eq!(sum("1", "2"), "3");
        assert_eq!(sum("0.1", "0.2"), "0.3");
        assert_eq!(sum("9", "1"), "10");
        assert_eq!(sum("99.99", "0.01"), "100");
        assert_eq!(sum("-5", "3"), "-2");
        assert_eq!(sum("5", "-3"), "2");
        assert_eq!(sum("-5", "-3"), "-8");
        assert_eq!(diff("3", "5"), "-2");
        assert_eq!(diff("1.5", "1.5"), "0");
        assert_eq!(diff("-1.5", "-1.5"), "0");
        assert_eq!(diff("100", "0.001"), "99.999");
        assert_eq!(sum("0", "-7.25"), "-7.25");
        assert_eq!(diff("0", "7.25"), "-7.25");
        assert_eq!(sum("7.25", "0"), "7.25");
        assert_eq!(diff("1000", "1"), "999");
        assert_eq!(sum("1e10", "1e-10"), "10000000000.0000000001");
    }

    // ScyllaDB test_update_expression_plus_precision: exact at 23 digits.
    #[test]
    fn exact_beyond_f64_precision() {
        assert_eq!(
            sum("1", "10000000000000000000000"),
            "10000000000000000000001"
        );
        assert_eq!(
            diff("10000000000000000000000", "1"),
            "9999999999999999999999"
        );
    }

    #[test]
    fn thirty_eight_digits_are_fine() {
        let max = "99999999999999999999999999999999999999";
        assert_eq!(diff(max, "99999999999999999999999999999999999998"), "1");
        assert_eq!(
            sum("9999999999999999999999999999999999999", "1"),
            "10000000000000000000000000000000000000"
        );
    }

    // ScyllaDB test_update_expression_plus_overflow / _imprecise.
    #[test]
    fn dynamodb_errors() {
        assert_eq!(n("9e125").add(&n("9e125")), Err(NumberError::Overflow));
        assert_eq!(n("9e125").sub(&n("-9e125")), Err(NumberError::Overflow));
        assert_eq!(n("1e50").sub(&n("1")), Err(NumberError::InexactResult));
        assert_eq!(n("1e50").add(&n("1")), Err(NumberError::InexactResult));
        assert_eq!(
            n("1e50").add(&n("1")).unwrap_err().message(),
            crate::types::messages::NUMBER_OVERFLOW
        );
        assert_eq!(
            n("99999999999999999999999999999999999999").add(&n("1")),
            Ok(n("1e38"))
        );
        assert_eq!(
            n("99999999999999999999999999999999999999").add(&n("2")),
            Err(NumberError::InexactResult)
        );
        assert_eq!(
            n("1.5e-130").sub(&n("1.4e-130")),
            Err(NumberError::Underflow)
        );
        assert_eq!(
            n("1e125").add(&n("1e-130")),
            Err(NumberError::InexactResult)
        );
        assert_eq!(
            n("-9.9999999999999999999999999999999999999e125").sub(&n("1e88")),
            Err(NumberError::Overflow)
        );
    }

    #[test]
    fn extremes_of_range() {
        let max = n("9.9999999999999999999999999999999999999e125");
        let min = n("1e-130");
        assert_eq!(max.sub(&max), Ok(Number::ZERO));
        assert_eq!(min.add(&min).unwrap().to_string(), {
            let mut s = "0.".to_owned();
            s.push_str(&"0".repeat(129));
            s.push('2');
            s
        });
        assert_eq!(max.add(&n("1e88")), Err(NumberError::Overflow));
        assert_eq!(max.add(&n("1e87")), Err(NumberError::InexactResult));
        assert_eq!(
            max.sub(&n("1e88")).unwrap().to_string(),
            format!("{}8{}", "9".repeat(37), "0".repeat(88))
        );
        assert_eq!(max.negated().add(&max), Ok(Number::ZERO));
    }

    #[test]
    fn matches_i128_arithmetic() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
        for _ in 0..5000 {
            let a: i64 = rng.gen_range(-1_000_000_000_000..1_000_000_000_000);
            let b: i64 = rng.gen_range(-1_000_000_000_000..1_000_000_000_000);
            let scale = rng.gen_range(0..6);
            let (na, nb) = (Number::from(a), Number::from(b));
            let (sa, sb) = (shift(&na.to_string(), scale), shift(&nb.to_string(), scale));
            assert_eq!(na.add(&nb).unwrap(), Number::from(a + b), "{a} + {b}");
            assert_eq!(na.sub(&nb).unwrap(), Number::from(a - b), "{a} - {b}");
            // Same with both operands divided by 10^scale.
            assert_eq!(
                n(&sa).add(&n(&sb)).unwrap(),
                n(&shift(&(a + b).to_string(), scale)),
            );
        }
    }

    /// Appends `e-scale` to an integer string.
    fn shift(int: &str, scale: i32) -> String {
        format!("{int}e-{scale}")
    }
}
