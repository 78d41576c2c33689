//! The errors of decoding the JSON wire form, each able to give DynamoDB's message text
//! (from [`messages`]).

use super::super::messages;
use super::super::number::NumberError;
use serde_json::Value;
use std::fmt;

/// The kind of JSON found where another was expected (never `null`: null is absence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `true`.
    True,
    /// `false`.
    False,
    /// A number written without fraction or exponent.
    Integer,
    /// A number written with a fraction or exponent.
    Decimal,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    pub(super) fn of(json: &Value) -> JsonKind {
        match json {
            Value::Bool(true) => JsonKind::True,
            Value::Bool(false) => JsonKind::False,
            Value::Number(n) if n.is_i64() || n.is_u64() => JsonKind::Integer,
            Value::Number(_) => JsonKind::Decimal,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            // Null never reaches here: callers treat it as absence first.
            Value::Object(_) | Value::Null => JsonKind::Object,
        }
    }

    /// DynamoDB's token name for a scalar, in "X cannot be converted to Y".
    fn token(self) -> &'static str {
        match self {
            JsonKind::True => "TRUE_VALUE",
            JsonKind::False => "FALSE_VALUE",
            JsonKind::Integer => "NUMBER_VALUE",
            JsonKind::Decimal => "DECIMAL_VALUE",
            _ => "STRING_VALUE",
        }
    }
}

/// A JSON shape error (DynamoDB answers `SerializationException`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SerializationError {
    /// Not a string where `S`, `N` or a string/number set member was expected.
    NotAString {
        /// What was there.
        found: JsonKind,
    },
    /// Not a boolean (or boolean spelling) where `BOOL` or `NULL` was expected.
    NotABoolean {
        /// What was there.
        found: JsonKind,
    },
    /// Not a string where `B` or a binary set member was expected.
    NotBinary {
        /// What was there.
        found: JsonKind,
    },
    /// Base64 text whose length is not a multiple of 4.
    Base64Length {
        /// The length in UTF-16 units.
        length: usize,
    },
    /// Base64 text that is not strict base64.
    Base64Invalid,
    /// Not an array where `SS`, `NS`, `BS` or `L` was expected.
    NotAList {
        /// What was there.
        found: JsonKind,
    },
    /// Not an object where `M` or an item was expected.
    NotAMap {
        /// What was there.
        found: JsonKind,
    },
    /// Not an object where an attribute value was expected.
    NotAnAttributeValue {
        /// What was there.
        found: JsonKind,
    },
}

impl SerializationError {
    /// DynamoDB's message text.
    pub fn message(&self) -> String {
        use messages::*;
        use JsonKind::*;
        let text = match *self {
            SerializationError::NotAString { found } => match found {
                Array => SER_LIST_FOR_STRING,
                Object | String => SER_UNEXPECTED_STRUCTURE,
                scalar => return cannot_convert(scalar.token(), "String"),
            },
            SerializationError::NotABoolean { found } => match found {
                Array => SER_LIST_FOR_BOOLEAN,
                Object => SER_UNEXPECTED_STRUCTURE,
                String | True | False => SER_BAD_BOOLEAN_TOKEN,
                number => return cannot_convert(number.token(), "Boolean"),
            },
            SerializationError::NotBinary { found } => match found {
                Array => SER_LIST_FOR_BINARY,
                Object => SER_UNEXPECTED_STRUCTURE,
                _ => SER_NOT_BASE64_STRING,
            },
            SerializationError::Base64Length { length } => return base64_length(length),
            SerializationError::Base64Invalid => SER_BASE64_INVALID,
            SerializationError::NotAList { found } => match found {
                Object => SER_UNEXPECTED_STRUCTURE,
                _ => SER_UNEXPECTED_FIELD_TYPE,
            },
            SerializationError::NotAMap { found } => match found {
                Array => SER_LIST_FOR_ATTRIBUTE_MAP,
                _ => SER_UNEXPECTED_FIELD_TYPE,
            },
            SerializationError::NotAnAttributeValue { found } => match found {
                Array => SER_LIST_FOR_ATTRIBUTE_VALUE,
                _ => SER_UNEXPECTED_VALUE_TYPE,
            },
        };
        text.to_owned()
    }
}

/// An invalid attribute value (DynamoDB answers `ValidationException`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidationError {
    /// No type key (or only null ones).
    EmptyAttributeValue,
    /// More than one type key.
    MultipleDatatypes,
    /// `{"NULL": false}`.
    NullNotTrue,
    /// `{"SS": []}`.
    EmptyStringSet,
    /// `{"NS": []}`.
    EmptyNumberSet,
    /// `{"BS": []}`.
    EmptyBinarySet,
    /// A string set with a repeated member.
    StringSetDuplicates {
        /// All members as sent, for the message.
        members: Vec<String>,
    },
    /// A number set with two members of equal value.
    NumberSetDuplicates,
    /// A binary set with a repeated member.
    BinarySetDuplicates {
        /// All members as sent (base64), for the message.
        members: Vec<String>,
    },
    /// A bad `N` or number set member.
    Number(NumberError),
    /// A value nested deeper than [`MAX_NESTING_DEPTH`](super::MAX_NESTING_DEPTH).
    NestingTooDeep,
}

impl ValidationError {
    /// DynamoDB's message text.
    pub fn message(&self) -> String {
        use messages::*;
        let text = match self {
            ValidationError::EmptyAttributeValue => EMPTY_ATTRIBUTE_VALUE,
            ValidationError::MultipleDatatypes => MULTIPLE_DATATYPES,
            ValidationError::NullNotTrue => NULL_MUST_BE_TRUE,
            ValidationError::EmptyStringSet => EMPTY_STRING_SET,
            ValidationError::EmptyNumberSet => EMPTY_NUMBER_SET,
            ValidationError::EmptyBinarySet => EMPTY_BINARY_SET,
            ValidationError::StringSetDuplicates { members } => {
                return string_set_duplicates(members)
            }
            ValidationError::NumberSetDuplicates => NUMBER_SET_DUPLICATES,
            ValidationError::BinarySetDuplicates { members } => {
                return binary_set_duplicates(members)
            }
            ValidationError::Number(error) => return error.message(),
            ValidationError::NestingTooDeep => NESTING_TOO_DEEP,
        };
        text.to_owned()
    }
}

/// Why JSON is not a valid attribute value or item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The JSON has the wrong shape.
    Serialization(SerializationError),
    /// The JSON has the right shape but an invalid value.
    Validation(ValidationError),
}

impl DecodeError {
    /// DynamoDB's message text.
    pub fn message(&self) -> String {
        match self {
            DecodeError::Serialization(e) => e.message(),
            DecodeError::Validation(e) => e.message(),
        }
    }

    /// The exception DynamoDB answers with: `"SerializationException"` or
    /// `"ValidationException"`.
    pub fn exception_name(&self) -> &'static str {
        match self {
            DecodeError::Serialization(_) => "SerializationException",
            DecodeError::Validation(_) => "ValidationException",
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for DecodeError {}

impl From<SerializationError> for DecodeError {
    fn from(e: SerializationError) -> Self {
        DecodeError::Serialization(e)
    }
}

impl From<ValidationError> for DecodeError {
    fn from(e: ValidationError) -> Self {
        DecodeError::Validation(e)
    }
}

impl From<NumberError> for DecodeError {
    fn from(e: NumberError) -> Self {
        DecodeError::Validation(ValidationError::Number(e))
    }
}
