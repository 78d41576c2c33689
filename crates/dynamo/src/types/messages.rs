//! Every error message text the data-type layer can produce, in one table.
//!
//! The texts are DynamoDB's own, byte for byte, including its typos and double spaces
//! ("An string set  may not be empty", "character dectected"). Sources, in order of
//! weight:
//!
//! - the nubo-db/dynamodb-conformance suite, whose assertions were captured against real
//!   DynamoDB (`tests/tier3/error-messages/putItem.test.ts`, `tests/tier3/limits/*`, and a
//!   later nesting-depth suite captured in eu-west-2);
//! - dynalite's tests (`test/putItem.js`, `test/helpers.js`), written against real
//!   DynamoDB, and its `validations/index.js`;
//! - the error table of DynamoDB Local (for wordings the two above do not cover).
//!
//! The serialization texts are what DynamoDB's JSON deserializer answers with a
//! `SerializationException`; all the others come with a `ValidationException`.
//!
//! Texts that take an argument are functions; the constant parts they are built from are
//! still here, so the whole table is in this one file.

/// Prefix DynamoDB puts before most item-validation messages.
pub const INVALID_PARAMETER_VALUES: &str = "One or more parameter values were invalid: ";

// ---------------------------------------------------------------------------------------
// Numbers (ValidationException)
// ---------------------------------------------------------------------------------------

/// A number string that does not parse. Alone when the string is empty, otherwise
/// followed by `": "` and the string (see [`not_a_number`]).
pub const NUMBER_NOT_NUMERIC: &str = "The parameter cannot be converted to a numeric value";

/// More than 38 significant digits after trimming leading and trailing zeros.
pub const NUMBER_TOO_MANY_DIGITS: &str =
    "Attempting to store more than 38 significant digits in a Number";

/// Magnitude above 9.9999999999999999999999999999999999999E+125. DynamoDB also answers
/// this when the result of `+`/`-`/`ADD` would need more than 38 digits (ScyllaDB's
/// `test/alternator/test_number.py` records that real DynamoDB does so for 1e50 - 1).
pub const NUMBER_OVERFLOW: &str =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";

/// Non-zero magnitude below 1E-130.
pub const NUMBER_UNDERFLOW: &str =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

/// The message for a number string that does not parse.
pub fn not_a_number(input: &str) -> String {
    if input.is_empty() {
        NUMBER_NOT_NUMERIC.to_owned()
    } else {
        format!("{NUMBER_NOT_NUMERIC}: {input}")
    }
}

// ---------------------------------------------------------------------------------------
// Attribute values (ValidationException)
// ---------------------------------------------------------------------------------------

/// An attribute value object with none of the known type keys (or all of them null).
pub const EMPTY_ATTRIBUTE_VALUE: &str =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";

/// An attribute value object with more than one type key.
pub const MULTIPLE_DATATYPES: &str = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";

/// `{"NULL": false}`.
pub const NULL_MUST_BE_TRUE: &str =
    "One or more parameter values were invalid: Null attribute value types must have the value of true";

/// `{"SS": []}` (sic: "An string", two spaces).
pub const EMPTY_STRING_SET: &str =
    "One or more parameter values were invalid: An string set  may not be empty";

/// `{"NS": []}` (sic).
pub const EMPTY_NUMBER_SET: &str =
    "One or more parameter values were invalid: An number set  may not be empty";

/// `{"BS": []}`.
pub const EMPTY_BINARY_SET: &str =
    "One or more parameter values were invalid: Binary sets should not be empty";

/// A number set with two members of equal value (`["1", "1.0"]`); no prefix, no list.
pub const NUMBER_SET_DUPLICATES: &str = "Input collection contains duplicates";

/// Value nested deeper than 32 levels (the attribute itself is level 1). Wording of real
/// DynamoDB in eu-west-2; DynamoDB Local says only the part before the colon.
pub const NESTING_TOO_DEEP: &str = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

/// The message for a string set with duplicate members: the members are listed as sent,
/// `[a, a]`.
pub fn string_set_duplicates(members: &[String]) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}Input collection [{}] contains duplicates.",
        members.join(", ")
    )
}

/// The message for a binary set with duplicate members: the members are listed as sent
/// (base64), and DynamoDB leaves out the space before "of".
pub fn binary_set_duplicates(members: &[String]) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}Input collection [{}]of type BS contains duplicates.",
        members.join(", ")
    )
}

/// How DynamoDB wraps an attribute-value message when the value was one of the request's
/// `ExpressionAttributeValues` (dynalite `test/updateItem.js`).
pub fn invalid_expression_attribute_value(key: &str, message: &str) -> String {
    format!("ExpressionAttributeValues contains invalid value: {message} for key {key}")
}

// ---------------------------------------------------------------------------------------
// Item size (ValidationException)
// ---------------------------------------------------------------------------------------

/// PutItem (and the Put of a batch or transaction) of an item over 400 KB.
pub const ITEM_SIZE_EXCEEDED: &str = "Item size has exceeded the maximum allowed size";

/// UpdateItem whose result would be over 400 KB.
pub const ITEM_UPDATE_SIZE_EXCEEDED: &str =
    "Item size to update has exceeded the maximum allowed size";

// ---------------------------------------------------------------------------------------
// JSON shape (SerializationException)
// ---------------------------------------------------------------------------------------

/// An object where a scalar or list was expected.
pub const SER_UNEXPECTED_STRUCTURE: &str = "Start of structure or map found where not expected";

/// A scalar where a list or map was expected.
pub const SER_UNEXPECTED_FIELD_TYPE: &str = "Unexpected field type";

/// A scalar where an attribute value object was expected.
pub const SER_UNEXPECTED_VALUE_TYPE: &str = "Unexpected value type in payload";

/// An array where an attribute value object was expected.
pub const SER_LIST_FOR_ATTRIBUTE_VALUE: &str =
    "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue";

/// An array where a map of attribute values was expected (an item, or `M`).
pub const SER_LIST_FOR_ATTRIBUTE_MAP: &str = "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>";

/// An array where a string was expected.
pub const SER_LIST_FOR_STRING: &str = "Unrecognized collection type class java.lang.String";

/// An array where a boolean was expected.
pub const SER_LIST_FOR_BOOLEAN: &str = "Unrecognized collection type class java.lang.Boolean";

/// An array where base64 binary was expected.
pub const SER_LIST_FOR_BINARY: &str = "Unrecognized collection type class java.nio.ByteBuffer";

/// A boolean or number where base64 binary was expected.
pub const SER_NOT_BASE64_STRING: &str = "only base-64-encoded strings are convertible to bytes";

/// A string that is not one of the boolean spellings where a boolean was expected.
pub const SER_BAD_BOOLEAN_TOKEN: &str = "Unexpected token received from parser";

/// Base64 with a bad character, bad padding, or non-zero discarded bits (sic).
pub const SER_BASE64_INVALID: &str = "Invalid last non-pad Base64 character dectected";

/// The message for base64 text whose length (in UTF-16 units) is not a multiple of 4.
pub fn base64_length(len: usize) -> String {
    format!("Base64 encoded length is expected a multiple of 4 bytes but found: {len}")
}

/// The message for a JSON scalar of the wrong kind where a string or boolean was
/// expected: `token` is one of `TRUE_VALUE`, `FALSE_VALUE`, `NUMBER_VALUE`,
/// `DECIMAL_VALUE`, `STRING_VALUE`; `target` is `String` or `Boolean`.
pub fn cannot_convert(token: &str, target: &str) -> String {
    format!("{token} cannot be converted to {target}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_messages_match_dynamodb() {
        assert_eq!(
            not_a_number(""),
            "The parameter cannot be converted to a numeric value"
        );
        assert_eq!(
            not_a_number("b"),
            "The parameter cannot be converted to a numeric value: b"
        );
    }

    #[test]
    fn set_duplicate_messages_match_dynamodb() {
        let a = vec!["a".to_owned(), "a".to_owned()];
        assert_eq!(
            string_set_duplicates(&a),
            "One or more parameter values were invalid: Input collection [a, a] contains duplicates."
        );
        let b = vec!["Yg==".to_owned(), "Yg==".to_owned()];
        assert_eq!(
            binary_set_duplicates(&b),
            "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates."
        );
    }

    #[test]
    fn wrapped_expression_value_message() {
        assert_eq!(
            invalid_expression_attribute_value(":b", NUMBER_SET_DUPLICATES),
            "ExpressionAttributeValues contains invalid value: Input collection contains duplicates for key :b"
        );
    }

    #[test]
    fn serialization_messages() {
        assert_eq!(
            base64_length(5),
            "Base64 encoded length is expected a multiple of 4 bytes but found: 5"
        );
        assert_eq!(
            cannot_convert("NUMBER_VALUE", "String"),
            "NUMBER_VALUE cannot be converted to String"
        );
    }
}
