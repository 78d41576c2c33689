//! [`Number`]: DynamoDB's decimal number.
//!
//! DynamoDB numbers are exact decimals with up to 38 significant digits, zero, or a
//! magnitude from 1E-130 to 9.9999999999999999999999999999999999999E+125 (Developer
//! Guide, "Supported data types": "Positive range: 1E-130 to 9.99…E+125"). A [`Number`]
//! holds one exactly, in canonical form: a sign, the significant digits without leading
//! or trailing zeros, and the decimal exponent of the first digit. Every value has one
//! form, so the derived `Eq` and `Hash` compare by value (`1.0 == 1`, `-0 == 0`).
//!
//! # Accepted text
//!
//! The grammar of Java's `BigDecimal(String)` restricted to ASCII, which is what DynamoDB
//! accepts: `[+-]? (digits [. digits?]? | . digits) ([eE] [+-]? digits)?`. So `+3`, `.123`,
//! `5.`, `0001.23`, `1e+5`, `-17.4E37` and `0e1000` are numbers, and `NaN`, `Infinity`,
//! `" 1"`, `"1 "`, `.`, `1e`, `e5`, `1.2.3` and `""` are not. Evidence: ScyllaDB's
//! `test/alternator/test_number.py::test_invalid_numbers` (run against DynamoDB) lists
//! the accepted and rejected forms above; dynoxide's `is_well_formed_dynamo_number`
//! documents the same grammar as verified against AWS. An exponent literal outside the
//! `i32` range is not a number (`BigDecimal` throws on it).
//!
//! The range checks run in dynalite's order (`validations/index.js::checkNum`): overflow,
//! underflow, then more than 38 digits. Digits are counted after trimming leading and
//! trailing zeros ("Leading and trailing zeroes are trimmed", Developer Guide, item sizes),
//! so `1.000…0` with 50 zeros is one digit.
//!
//! # Output text
//!
//! [`Display`](fmt::Display) writes the plain decimal DynamoDB returns: no exponent, no
//! leading zeros beyond one before the point, no trailing zeros after it, no `+`, no `-0`
//! ("1.50" → "1.5", "1e2" → "100", "-0" → "0", "1.5E2" → "150"; the conformance suite's
//! `numberPrecision.test.ts`). Large and small magnitudes are written out in full: boto3
//! issue #2500 shows DynamoDB returning 1e100 as a 101-digit string, and boto3 issue #4636
//! shows "1.00000000000000007629769841092E+50" coming back as
//! "100000000000000007629769841092000000000000000000000".

mod arith;
mod key;

pub use key::KeyDecodeError;

use super::messages;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// At most this many significant digits.
pub const MAX_SIGNIFICANT_DIGITS: usize = 38;
/// Largest decimal exponent of the first significant digit (9.99…E+125).
pub const MAX_EXPONENT: i32 = 125;
/// Smallest decimal exponent of the first significant digit (1E-130).
pub const MIN_EXPONENT: i32 = -130;

/// A DynamoDB number, held exactly in canonical form.
///
/// Value = `(-1)^negative × d₀.d₁d₂… × 10^exponent`, where `digits` are `d₀d₁…` (each
/// 0–9), `d₀` and the last digit are non-zero, and zero has no digits, `exponent` 0 and
/// `negative` false.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Number {
    negative: bool,
    exponent: i32,
    digits: Vec<u8>,
}

/// Why a string is not a DynamoDB number, or why an arithmetic result cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Not in the number grammar (see the module documentation); carries the input.
    NotANumber {
        /// The string as it was sent.
        input: String,
    },
    /// More than 38 significant digits.
    TooManyDigits,
    /// Magnitude above 9.99…E+125.
    Overflow,
    /// Non-zero magnitude below 1E-130.
    Underflow,
    /// An arithmetic result that would need more than 38 significant digits. DynamoDB
    /// reports it with the overflow message, so [`message`](Self::message) does too.
    InexactResult,
}

impl NumberError {
    /// DynamoDB's message text for this error (a `ValidationException`).
    pub fn message(&self) -> String {
        match self {
            NumberError::NotANumber { input } => messages::not_a_number(input),
            NumberError::TooManyDigits => messages::NUMBER_TOO_MANY_DIGITS.to_owned(),
            NumberError::Overflow | NumberError::InexactResult => {
                messages::NUMBER_OVERFLOW.to_owned()
            }
            NumberError::Underflow => messages::NUMBER_UNDERFLOW.to_owned(),
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for NumberError {}

impl Number {
    /// Zero.
    pub const ZERO: Number = Number {
        negative: false,
        exponent: 0,
        digits: Vec::new(),
    };

    /// Parses DynamoDB's wire text for a number and checks its range and precision.
    pub fn parse(text: &str) -> Result<Number, NumberError> {
        let bad = || NumberError::NotANumber {
            input: text.to_owned(),
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut negative = false;
        if let Some(&sign) = bytes.first() {
            if sign == b'+' || sign == b'-' {
                negative = sign == b'-';
                i = 1;
            }
        }
        // Mantissa: `count` digits seen, `int_len` of them before the point, the
        // significant ones (from the first non-zero digit) kept in `digits`.
        let mut count: i64 = 0;
        let mut int_len: Option<i64> = None;
        let mut first_nonzero: Option<i64> = None;
        let mut digits = Vec::new();
        while i < bytes.len() {
            match bytes[i] {
                c @ b'0'..=b'9' => {
                    if first_nonzero.is_none() && c != b'0' {
                        first_nonzero = Some(count);
                    }
                    if first_nonzero.is_some() {
                        digits.push(c - b'0');
                    }
                    count += 1;
                }
                b'.' if int_len.is_none() => int_len = Some(count),
                _ => break,
            }
            i += 1;
        }
        if count == 0 {
            return Err(bad());
        }
        let mut exp_literal: i64 = 0;
        if i < bytes.len() {
            if bytes[i] != b'e' && bytes[i] != b'E' {
                return Err(bad());
            }
            i += 1;
            let mut exp_negative = false;
            if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                exp_negative = bytes[i] == b'-';
                i += 1;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                exp_literal = exp_literal * 10 + i64::from(bytes[i] - b'0');
                if exp_literal > i64::from(i32::MAX) {
                    return Err(bad());
                }
                i += 1;
            }
            if i == start || i != bytes.len() {
                return Err(bad());
            }
            if exp_negative {
                exp_literal = -exp_literal;
            }
        }
        let Some(first) = first_nonzero else {
            return Ok(Number::ZERO);
        };
        while digits.last() == Some(&0) {
            digits.pop();
        }
        let exponent = int_len.unwrap_or(count) - 1 - first + exp_literal;
        Number::checked(negative, exponent, digits, NumberError::TooManyDigits)
    }

    /// Builds a number from canonical parts after DynamoDB's range checks, in dynalite's
    /// order; `too_many` is the error for more than 38 digits.
    fn checked(
        negative: bool,
        exponent: i64,
        digits: Vec<u8>,
        too_many: NumberError,
    ) -> Result<Number, NumberError> {
        if digits.is_empty() {
            return Ok(Number::ZERO);
        }
        if exponent > i64::from(MAX_EXPONENT) {
            return Err(NumberError::Overflow);
        }
        if exponent < i64::from(MIN_EXPONENT) {
            return Err(NumberError::Underflow);
        }
        if digits.len() > MAX_SIGNIFICANT_DIGITS {
            return Err(too_many);
        }
        Ok(Number {
            negative,
            // In range -130..=125, checked above.
            exponent: exponent as i32,
            digits,
        })
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Whether this is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Number of significant digits (0 for zero, otherwise 1 to 38).
    pub fn significant_digits(&self) -> usize {
        self.digits.len()
    }

    /// Decimal exponent of the first significant digit: `1.5` → 0, `150` → 2,
    /// `0.015` → -2; 0 for zero.
    pub fn exponent(&self) -> i32 {
        self.exponent
    }

    /// The significant digits, most significant first, each 0–9 (empty for zero).
    pub fn digits(&self) -> &[u8] {
        &self.digits
    }

    /// The same magnitude with the opposite sign (zero stays zero).
    pub fn negated(&self) -> Number {
        Number {
            negative: !self.negative && !self.is_zero(),
            ..self.clone()
        }
    }

    /// The value as an `i64` if it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        if self.is_zero() {
            return Some(0);
        }
        if self.exponent < 0 || self.digits.len() > self.exponent as usize + 1 {
            return None;
        }
        if self.exponent > 18 {
            return None;
        }
        let mut magnitude: i128 = 0;
        for position in 0..=self.exponent as usize {
            let digit = self.digits.get(position).copied().unwrap_or(0);
            magnitude = magnitude * 10 + i128::from(digit);
        }
        let value = if self.negative { -magnitude } else { magnitude };
        i64::try_from(value).ok()
    }

    /// The nearest `f64` (for approximate uses only; comparisons use the exact value).
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    fn from_u64(negative: bool, magnitude: u64) -> Number {
        if magnitude == 0 {
            return Number::ZERO;
        }
        let mut digits: Vec<u8> = magnitude.to_string().bytes().map(|b| b - b'0').collect();
        let exponent = digits.len() as i32 - 1;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Number {
            negative,
            exponent,
            digits,
        }
    }

    /// Compares magnitudes, ignoring signs.
    fn cmp_magnitude(&self, other: &Number) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            // No trailing zeros, so a digit string that is a prefix of the other is the
            // smaller value: plain lexicographic order is numeric order.
            (false, false) => self
                .exponent
                .cmp(&other.exponent)
                .then_with(|| self.digits.cmp(&other.digits)),
        }
    }

    fn signum(&self) -> i8 {
        if self.is_zero() {
            0
        } else if self.negative {
            -1
        } else {
            1
        }
    }
}

impl Default for Number {
    fn default() -> Self {
        Number::ZERO
    }
}

impl From<i64> for Number {
    fn from(value: i64) -> Self {
        Number::from_u64(value < 0, value.unsigned_abs())
    }
}

impl From<u64> for Number {
    fn from(value: u64) -> Self {
        Number::from_u64(false, value)
    }
}

impl FromStr for Number {
    type Err = NumberError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Number::parse(text)
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let sign = self.signum();
        sign.cmp(&other.signum()).then_with(|| match sign {
            0 => Ordering::Equal,
            1 => self.cmp_magnitude(other),
            _ => other.cmp_magnitude(self),
        })
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Number {
    /// The plain decimal DynamoDB returns (see the module documentation).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        let digit = |d: &u8| char::from(b'0' + d);
        let mut out = String::with_capacity(self.digits.len() + 134);
        if self.negative {
            out.push('-');
        }
        let n = self.digits.len() as i64;
        let e = i64::from(self.exponent);
        if e < 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-e - 1) as usize));
            out.extend(self.digits.iter().map(digit));
        } else if e >= n - 1 {
            out.extend(self.digits.iter().map(digit));
            out.extend(std::iter::repeat_n('0', (e - (n - 1)) as usize));
        } else {
            let (int, frac) = self.digits.split_at(e as usize + 1);
            out.extend(int.iter().map(digit));
            out.push('.');
            out.extend(frac.iter().map(digit));
        }
        f.write_str(&out)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

#[cfg(test)]
mod tests;
