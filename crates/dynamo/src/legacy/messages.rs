//! Every message text of the legacy parameters, in one table.
//!
//! The texts are DynamoDB's, byte for byte. Sources, in order of weight:
//!
//! - a dual-target suite run against Amazon DynamoDB (ExtendDB's `ConditionalOperator` and
//!   mixing tests) and the error table of Amazon's own DAX client validator, for the two
//!   `ConditionalOperator` texts and the order of parameters in the mixing message;
//! - dynalite's tests (`test/putItem.js`, `updateItem.js`, `deleteItem.js`, `query.js`,
//!   `scan.js`, `getItem.js`), written against DynamoDB, for everything else.
//!
//! The three texts shared with expressions (mixing, `ExpressionAttributeNames` /
//! `ExpressionAttributeValues` without expressions) live in [`crate::expr::messages`] and
//! are re-exported here; the key-condition texts shared with `KeyConditionExpression`
//! (`Conditions can be of length 1 or 2 only`, `Query condition missed key schema element`,
//! `Query key condition not supported`) come from [`crate::expr::messages`] too.

use crate::types::messages::INVALID_PARAMETER_VALUES;

pub use crate::expr::messages::{
    mixed_parameters, values_without_expressions, NAMES_WITHOUT_EXPRESSIONS,
};

// ---------------------------------------------------------------------------------------
// ConditionalOperator
// ---------------------------------------------------------------------------------------

/// `ConditionalOperator` with no legacy filter or `Expected` (or an empty one).
pub const CONDITIONAL_OPERATOR_WITHOUT_CONDITIONS: &str =
    "ConditionalOperator cannot be used without Filter or Expected";

/// `ConditionalOperator` with a legacy filter or `Expected` of one condition.
pub const CONDITIONAL_OPERATOR_ONE_CONDITION: &str =
    "ConditionalOperator can only be used when Filter or Expected has two or more elements";

// ---------------------------------------------------------------------------------------
// Expected: the shape of one entry
// ---------------------------------------------------------------------------------------

/// An `Expected` entry with both `Value` and `AttributeValueList`.
pub fn value_and_list(attribute: &str) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}Value and AttributeValueList cannot be used together for \
         Attribute: {attribute}"
    )
}

/// An `Expected` entry with both `Exists` and `ComparisonOperator`.
pub fn exists_and_operator(attribute: &str) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}Exists and ComparisonOperator cannot be used together for \
         Attribute: {attribute}"
    )
}

/// An `Expected` entry with a `ComparisonOperator` that takes values but neither `Value` nor
/// `AttributeValueList`.
pub fn operator_without_values(operator: &str, attribute: &str) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}Value or AttributeValueList must be used with \
         ComparisonOperator: {operator} for Attribute: {attribute}"
    )
}

/// An `Expected` entry with `AttributeValueList` but no `ComparisonOperator`.
pub fn list_without_operator(attribute: &str) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}AttributeValueList can only be used with a \
         ComparisonOperator for Attribute: {attribute}"
    )
}

/// An `Expected` entry without `Value` whose `Exists` is absent (`exists` `None`) or true.
pub fn value_required(exists: Option<bool>, attribute: &str) -> String {
    let exists = match exists {
        None => "null",
        Some(true) => "true",
        Some(false) => "false",
    };
    format!(
        "{INVALID_PARAMETER_VALUES}Value must be provided when Exists is {exists} for \
         Attribute: {attribute}"
    )
}

/// An `Expected` entry with `Exists: false` and a `Value`.
pub fn value_with_exists_false(attribute: &str) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}Value cannot be used when Exists is false for Attribute: \
         {attribute}"
    )
}

// ---------------------------------------------------------------------------------------
// ComparisonOperator and AttributeValueList (Expected, QueryFilter, ScanFilter,
// KeyConditions)
// ---------------------------------------------------------------------------------------

/// Too many or too few values for the operator.
pub fn argument_count(operator: &str) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}Invalid number of argument(s) for the {operator} \
         ComparisonOperator"
    )
}

/// An `AttributeValueList` whose values are not all of one type.
pub const MIXED_VALUE_TYPES: &str = "One or more parameter values were invalid: \
     AttributeValues inside AttributeValueList must be of same type";

/// A value of a type the operator does not take (`type_name` is `S`, `SS`, `BOOL`, ...).
pub fn operator_value_type(operator: &str, type_name: &str) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}ComparisonOperator {operator} is not valid for \
         {type_name} AttributeValue type"
    )
}

/// `BETWEEN` with the lower bound above the upper bound (no prefix).
pub const BETWEEN_BOUNDS_ORDER: &str =
    "The BETWEEN condition was provided a range where the lower bound is greater than the \
     upper bound";

/// A `ComparisonOperator` that is not one of the thirteen (normally rejected earlier by the
/// request's enum constraint; the text is that constraint's, without its location).
pub fn unknown_operator(operator: &str) -> String {
    format!(
        "Value '{operator}' at 'comparisonOperator' failed to satisfy constraint: Member must \
         satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, \
         LE, BEGINS_WITH, GE, CONTAINS]"
    )
}

// ---------------------------------------------------------------------------------------
// Query: KeyConditions and QueryFilter against the key schema
// ---------------------------------------------------------------------------------------

/// Neither `KeyConditions` nor `KeyConditionExpression`.
pub const KEY_CONDITIONS_MISSING: &str =
    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the \
     request.";

/// A key condition with an operator a key cannot use (`NULL`, `NOT_NULL`, `NE`,
/// `CONTAINS`, `NOT_CONTAINS`, `IN`).
pub const NOT_INDEXABLE: &str = "Attempted conditional constraint is not an indexable operation";

/// A key condition value whose type is not the key attribute's.
pub const KEY_VALUE_TYPE_MISMATCH: &str =
    "One or more parameter values were invalid: Condition parameter type does not match schema \
     type";

/// A `QueryFilter` condition on a key attribute of the table or index queried.
pub fn query_filter_on_key(attribute: &str) -> String {
    format!(
        "QueryFilter can only contain non-primary key attributes: Primary key attribute: \
         {attribute}"
    )
}

// ---------------------------------------------------------------------------------------
// AttributeUpdates
// ---------------------------------------------------------------------------------------

/// An `AttributeUpdates` entry without `Value` whose action is not `DELETE`.
pub const ONLY_DELETE_WITHOUT_VALUE: &str = "One or more parameter values were invalid: Only \
     DELETE action is allowed when no attribute value is specified";

/// `DELETE` with a value that is not a set.
pub fn delete_value_type(type_name: &str) -> String {
    format!(
        "{INVALID_PARAMETER_VALUES}DELETE action with value is not supported for the type \
         {type_name}"
    )
}

/// `ADD` with a value that is not a number, set or list.
pub fn add_value_type(type_name: &str) -> String {
    format!("{INVALID_PARAMETER_VALUES}ADD action is not supported for the type {type_name}")
}

/// `ADD` or `DELETE` whose value does not fit the stored attribute's type (at update time).
pub const UPDATE_TYPE_MISMATCH: &str = "Type mismatch for attribute to update";

// ---------------------------------------------------------------------------------------
// AttributesToGet
// ---------------------------------------------------------------------------------------

/// A name listed twice in `AttributesToGet`.
pub fn duplicate_attribute_name(name: &str) -> String {
    format!("{INVALID_PARAMETER_VALUES}Duplicate value in attribute name: {name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_match_dynamodb() {
        assert_eq!(
            value_required(None, "a"),
            "One or more parameter values were invalid: Value must be provided when Exists is \
             null for Attribute: a"
        );
        assert_eq!(
            value_required(Some(true), "a"),
            "One or more parameter values were invalid: Value must be provided when Exists is \
             true for Attribute: a"
        );
        assert_eq!(
            argument_count("BETWEEN"),
            "One or more parameter values were invalid: Invalid number of argument(s) for the \
             BETWEEN ComparisonOperator"
        );
        assert_eq!(
            operator_value_type("IN", "BOOL"),
            "One or more parameter values were invalid: ComparisonOperator IN is not valid for \
             BOOL AttributeValue type"
        );
        assert_eq!(
            add_value_type("B"),
            "One or more parameter values were invalid: ADD action is not supported for the \
             type B"
        );
        assert_eq!(
            duplicate_attribute_name("a"),
            "One or more parameter values were invalid: Duplicate value in attribute name: a"
        );
        assert_eq!(
            query_filter_on_key("b"),
            "QueryFilter can only contain non-primary key attributes: Primary key attribute: b"
        );
    }
}
