//! Every text the request-validation stage can answer with, in one table.
//!
//! The texts are DynamoDB's, byte for byte. Sources: dynalite's `validations/index.js` and
//! the expectations of its tests (recorded against DynamoDB), and the nubo-db
//! dynamodb-conformance suite (`tests/tier3/error-messages`), captured later against
//! DynamoDB. Texts shared with attribute-value decoding live in
//! [`crate::types::messages`] and are used from there.
//!
//! Two families:
//!
//! - `SerializationException` (a member has the wrong JSON type): the texts of Coral's
//!   JSON deserializer, which name the Java type it was building.
//! - `ValidationException` (a declared constraint does not hold): one line per failed
//!   constraint, `Value <v> at '<path>' failed to satisfy constraint: <rule>`, joined by
//!   `; ` under `N validation error(s) detected: `.

use crate::types::messages::cannot_convert;

// ---------------------------------------------------------------------------------------
// SerializationException
// ---------------------------------------------------------------------------------------

/// Package of DynamoDB's Java model classes, as its deserializer names them.
pub const MODEL_PACKAGE: &str = "com.amazonaws.dynamodb.v20120810.";

/// A scalar where a list or map was expected, or where a structure was expected as a
/// member of a structure.
pub use crate::types::messages::SER_UNEXPECTED_FIELD_TYPE as UNEXPECTED_FIELD_TYPE;

/// A scalar where a structure was expected as a list element or map value.
pub use crate::types::messages::SER_UNEXPECTED_VALUE_TYPE as UNEXPECTED_VALUE_TYPE;

/// An object where a scalar or a list was expected.
pub use crate::types::messages::SER_UNEXPECTED_STRUCTURE as UNEXPECTED_STRUCTURE;

/// A scalar where a list or map was expected directly inside another list or map
/// (`BatchWriteItem`'s `RequestItems` values, `BatchGetItem`'s `Keys` elements): Coral
/// trips over the nested generic type.
pub const PARAMETERIZED_TYPE_CAST: &str = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";

/// An array where the whole request (a structure) was expected.
pub const UNEXPECTED_LIST: &str = "Start of list found where not expected";

/// No message: a body that is JSON but neither an object nor an array (`null`, `1`,
/// `"x"`). The HTTP layer sends such an exception without a `Message` key.
pub const NO_MESSAGE: &str = "";

/// The message for a JSON scalar of the wrong kind where a string, boolean or number was
/// expected (`token` as in [`cannot_convert`], `java_type` e.g. `Long`).
pub fn scalar_cannot_convert(token: &str, java_type: &str) -> String {
    cannot_convert(token, java_type)
}

/// The message for an array where a scalar or a structure was expected: `class` is the
/// Java class, e.g. `java.lang.Integer` or `com.amazonaws.dynamodb.v20120810.Projection`.
pub fn unrecognized_collection_class(class: &str) -> String {
    format!("Unrecognized collection type class {class}")
}

/// The message for an array where a map was expected: `value_type` is the Java type of
/// the map's values, e.g. `java.lang.String`.
pub fn unrecognized_collection_map(value_type: &str) -> String {
    format!("Unrecognized collection type java.util.Map<java.lang.String, {value_type}>")
}

// ---------------------------------------------------------------------------------------
// ValidationException: constraint texts
// ---------------------------------------------------------------------------------------

/// A required member that is absent (or null).
pub const MUST_NOT_BE_NULL: &str = "Member must not be null";

/// The rule text for a string that does not match `pattern`.
pub fn must_match_pattern(pattern: &str) -> String {
    format!("Member must satisfy regular expression pattern: {pattern}")
}

/// The rule text for a string, list or map shorter than `min`.
pub fn length_at_least(min: usize) -> String {
    format!("Member must have length greater than or equal to {min}")
}

/// The rule text for a string, list or map longer than `max`.
pub fn length_at_most(max: usize) -> String {
    format!("Member must have length less than or equal to {max}")
}

/// The rule text for a number below `min`.
pub fn value_at_least(min: i64) -> String {
    format!("Member must have value greater than or equal to {min}")
}

/// The rule text for a number above `max`.
pub fn value_at_most(max: i64) -> String {
    format!("Member must have value less than or equal to {max}")
}

/// The rule text for a string outside its enumeration; the values in DynamoDB's order.
pub fn must_be_one_of(values: &[&str]) -> String {
    format!(
        "Member must satisfy enum value set: [{}]",
        values.join(", ")
    )
}

/// The rule text for a map with a key breaking `rules` (rule texts as above).
pub fn map_keys_must_satisfy(rules: &[String]) -> String {
    format!("Map keys must satisfy constraint: [{}]", rules.join(", "))
}

/// The rule text for a map with a value breaking `rules`.
pub fn map_value_must_satisfy(rules: &[String]) -> String {
    format!("Map value must satisfy constraint: [{}]", rules.join(", "))
}

/// One failed constraint: `rendered` is the value as [`super::render`] shows it, `None`
/// for an absent member (DynamoDB writes `null`, unquoted).
pub fn constraint_failure(rendered: Option<&str>, path: &str, rule: &str) -> String {
    match rendered {
        Some(value) => {
            format!("Value '{value}' at '{path}' failed to satisfy constraint: {rule}")
        }
        None => format!("Value null at '{path}' failed to satisfy constraint: {rule}"),
    }
}

/// The form some newer DynamoDB checks use: no value, the path in the wire's own
/// capitalisation (nubo `query.test.ts` "Limit of 0", `batchGetItem.test.ts` "> 100
/// keys").
pub fn constraint_failure_without_value(path: &str, rule: &str) -> String {
    format!("Value at '{path}' failed to satisfy constraint: {rule}")
}

/// The whole message for a list of failures (at most [`super::MAX_REPORTED_ERRORS`]).
pub fn validation_errors(failures: &[String]) -> String {
    let plural = if failures.len() == 1 { "" } else { "s" };
    format!(
        "{} validation error{plural} detected: {}",
        failures.len(),
        failures.join("; ")
    )
}

// ---------------------------------------------------------------------------------------
// ValidationException: whole messages
// ---------------------------------------------------------------------------------------

/// A control-plane operation without `TableName` (dynalite `createTable.js`,
/// `deleteTable.js`, `describeTable.js`; nubo `createTable.test.ts`).
pub fn parameter_required(member: &str) -> String {
    format!("The parameter '{member}' is required but was not present in the request")
}

/// `BatchGetItem` / `BatchWriteItem` with `"RequestItems": {}` (nubo
/// `batchGetItem.test.ts`, `batchWriteItem.test.ts`).
pub fn request_items_required(operation: &str) -> String {
    format!("The requestItems parameter is required for {operation}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_lines() {
        assert_eq!(
            constraint_failure(None, "tableName", MUST_NOT_BE_NULL),
            "Value null at 'tableName' failed to satisfy constraint: Member must not be null"
        );
        assert_eq!(
            constraint_failure(Some("abc;"), "tableName", &must_match_pattern("[a-z]+")),
            "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+"
        );
        assert_eq!(
            validation_errors(&["a".to_owned()]),
            "1 validation error detected: a"
        );
        assert_eq!(
            validation_errors(&["a".to_owned(), "b".to_owned()]),
            "2 validation errors detected: a; b"
        );
    }
}
