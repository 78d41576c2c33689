//! DynamoDB's legacy (pre-expression) parameters, validated as DynamoDB validates them and
//! translated to the expression syntax trees of [`crate::expr`], so operations evaluate one
//! form only.
//!
//! | legacy parameter | translation | file |
//! |---|---|---|
//! | `Expected` + `ConditionalOperator` | a [`Condition`](crate::expr::Condition) | [`expected`] |
//! | `QueryFilter` / `ScanFilter` + `ConditionalOperator` | a filter `Condition` | [`filter`] |
//! | `KeyConditions` | a [`KeyQuery`](crate::expr::KeyQuery) | [`key_conditions`] |
//! | `AttributeUpdates` | an [`UpdateExpression`](crate::expr::UpdateExpression) | [`updates`] |
//! | `AttributesToGet` | a [`ProjectionExpression`](crate::expr::ProjectionExpression) | [`projection`] |
//!
//! Each translation is a [`Translated`]: the tree plus the names and values its
//! placeholders (`#~0`, `:~0`, never clashing with a request's own) stand for; pass
//! `&t.names` and `&t.values` where [`crate::expr::eval`] takes the request's maps.
//! [`check_parameters`] ([`params`]) owns the rules on combining parameters. All texts are in
//! [`messages`].
//!
//! # Use, per operation
//!
//! Every function takes the request body, already checked for JSON types and member
//! constraints (enum values such as `ComparisonOperator`, `Action` and `ConditionalOperator`
//! included); they validate values and shapes. DynamoDB's order (dynalite's
//! `validations/*.js`, from its tests against DynamoDB):
//!
//! - PutItem: [`check_parameters`] → item values → `ReturnValues` → item size →
//!   [`condition_from_expected`] → expressions.
//! - UpdateItem: [`check_parameters`] → key values → [`update_from_attribute_updates`] →
//!   [`condition_from_expected`] → expressions; at write time
//!   [`Translated::apply_legacy`](Translated) for the legacy runtime texts.
//! - DeleteItem: [`check_parameters`] → key values → [`condition_from_expected`] →
//!   expressions.
//! - GetItem: [`check_parameters`] with [`Operation::GetItem`] → key values →
//!   [`projection_from_attributes_to_get`] → expressions.
//! - BatchGetItem, per table entry: [`check_parameters`] with [`Operation::GetItem`] →
//!   [`projection_from_attributes_to_get`] → expressions → key values (dynalite's
//!   `validations/batchGetItem.js`).
//! - Query: [`check_parameters`] → [`filter_from_legacy`] (`QueryFilter`) →
//!   [`projection_from_attributes_to_get`] → `ExclusiveStartKey` values →
//!   [`check_key_condition_present`] → expressions → [`key_conditions`]; with the table:
//!   [`KeyConditions::key_query`] (or [`KeyConditions::check_key`] per key attribute,
//!   interleaved with the `ExclusiveStartKey` checks), then [`check_query_filter_keys`].
//! - Scan: [`check_parameters`] → [`projection_from_attributes_to_get`] →
//!   [`filter_from_legacy`] (`ScanFilter`) → `ExclusiveStartKey` → segments → expressions.
//!
//! # Legacy semantics that differ from expressions
//!
//! - `NOT_CONTAINS` is false for a missing attribute (as `CONTAINS` is), while `NE` is true
//!   for one: translated as `attribute_exists(a) AND NOT contains(a, :v)`.
//! - `NULL` / `NOT_NULL` test whether the attribute exists, not its type.
//! - Values are type-checked per operator before anything runs (`ComparisonOperator LT is not
//!   valid for BOOL AttributeValue type`, `CONTAINS` only of a string, number or binary),
//!   where expressions compare to false; `IN` and `BETWEEN` values must share one type.
//! - `Exists: true` needs a `Value` (it cannot test bare existence), `Exists: false` takes
//!   none.
//! - `ADD` appends to lists (expressions' `ADD` takes numbers and sets only), and type
//!   mismatches at update time read `Type mismatch for attribute to update`.
//! - Names are top-level attributes taken literally: `a.b` is the attribute named `a.b`.
//!
//! # Known gaps and choices
//!
//! - Which of `Exists`+`ComparisonOperator` and `Value`+`AttributeValueList` DynamoDB reports
//!   when an entry has all four is not pinned by any test; we follow dynalite (the latter).
//! - Where the values of an `Expected` operator entry are validated relative to its shape
//!   checks is not pinned either; we validate them after the shape, before the count.
//! - The texts of value-type errors in `Expected` are the filters' (DynamoDB rejects the same
//!   inputs there, but no test records its words).
//! - `EQ` and `NE` take values of any type, as a test run against DynamoDB shows for lists,
//!   maps, sets and booleans (ScyllaDB's `test_query_filter_eq`); dynalite rejects `BOOL`,
//!   `NULL`, `L` and `M` there.
//! - `NOT_CONTAINS` on a missing attribute follows ScyllaDB's test against DynamoDB (false);
//!   dynalite answers true.
//! - The `Translated` trees can be evaluated directly; nothing re-checks them with
//!   [`crate::expr::resolve`] (their placeholders are all defined and none is unused).

pub mod comparison;
pub mod expected;
pub mod filter;
pub mod key_conditions;
pub mod messages;
pub mod params;
pub mod projection;
pub mod translated;
pub mod updates;

pub use comparison::{Comparison, Operator};
pub use expected::condition_from_expected;
pub use filter::{check_query_filter_keys, filter_from_legacy, FilterParameter};
pub use key_conditions::{
    check_key_condition_present, key_conditions, KeyAttribute, KeyConditions, KeyRole,
};
pub use params::{check_parameters, Operation};
pub use projection::projection_from_attributes_to_get;
pub use translated::{Combine, Translated};
pub use updates::update_from_attribute_updates;

#[cfg(test)]
mod tests;
