//! Evaluating expressions against items: conditions and filters ([`condition`]), update
//! expressions ([`update`]), projections ([`projection`]), on document paths ([`path`]).
//!
//! Run these only after an expression has passed parsing and [`crate::expr::resolve`]'s
//! checks. The request's `ExpressionAttributeNames` come in as a
//! [`NameMap`](crate::expr::resolve::NameMap) and its `ExpressionAttributeValues` as a
//! [`ValueMap`]; a placeholder missing from them is reported as DynamoDB reports an undefined
//! one, never a panic.
//!
//! Errors ([`EvalError`]) carry DynamoDB's texts, from [`crate::expr::messages`] and from
//! dynalite's tests (written against DynamoDB).
//!
//! # Use
//!
//! - ConditionExpression / FilterExpression: [`evaluate_condition`] with the stored item
//!   (`None` when there is none). It first runs [`check_condition_values`] (errors that
//!   depend only on the request's values), so a request fails the same way whatever the
//!   item; call that alone to validate before reading.
//! - UpdateExpression: [`check_update_values`] to validate before reading; then
//!   [`touched_attributes`] to reject updates of key attributes; then [`apply_update`] on
//!   the stored item — for a new one, an item holding just the request's key, since
//!   operands can read the key (dynalite: `set b = a` on a new item copies the key `a`) —
//!   then the caller's item size and nesting checks. [`updated_paths`] with
//!   [`project_paths`] gives `UPDATED_OLD` / `UPDATED_NEW`.
//! - ProjectionExpression: [`project`].

#![warn(missing_docs)]

pub mod condition;
mod error;
pub mod path;
pub mod projection;
pub mod update;

#[cfg(test)]
mod tests;

pub use condition::{check_condition_values, check_operand, evaluate_condition};
pub use error::{EvalError, INVALID_UPDATE_PATH, MISSING_ATTRIBUTE};
pub use projection::{project, project_paths};
pub use update::{
    apply_update, check_update_values, nested_touched_attributes, touched_attributes, updated_paths,
};

use crate::types::AttributeValue;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// A request's `ExpressionAttributeValues`: placeholder (`:v`) to value.
pub trait ValueMap {
    /// The value of `placeholder`, if defined.
    fn value(&self, placeholder: &str) -> Option<&AttributeValue>;
}

impl ValueMap for BTreeMap<String, AttributeValue> {
    fn value(&self, placeholder: &str) -> Option<&AttributeValue> {
        self.get(placeholder)
    }
}

impl<S: BuildHasher> ValueMap for HashMap<String, AttributeValue, S> {
    fn value(&self, placeholder: &str) -> Option<&AttributeValue> {
        self.get(placeholder)
    }
}

impl<T: ValueMap + ?Sized> ValueMap for &T {
    fn value(&self, placeholder: &str) -> Option<&AttributeValue> {
        (**self).value(placeholder)
    }
}

/// The empty map, for a request without `ExpressionAttributeValues`.
impl ValueMap for crate::expr::resolve::NoneDefined {
    fn value(&self, _: &str) -> Option<&AttributeValue> {
        None
    }
}

/// A value as printed in BETWEEN messages (dynalite's form): `{N:1}`, `{S:abc}`, `{B:YQ==}`,
/// `{BOOL:true}`, `{NULL:true}`, sets as `{SS:a,b}`; lists and maps by their type only.
pub(crate) fn brief(value: &AttributeValue) -> String {
    use crate::types::base64::encode;
    let join = |items: Vec<String>| items.join(",");
    let body = match value {
        AttributeValue::N(n) => n.to_string(),
        AttributeValue::S(s) => s.clone(),
        AttributeValue::B(b) => encode(b),
        AttributeValue::BOOL(b) => b.to_string(),
        AttributeValue::NULL => "true".to_string(),
        AttributeValue::SS(s) => join(s.iter().cloned().collect()),
        AttributeValue::NS(s) => join(s.iter().map(ToString::to_string).collect()),
        AttributeValue::BS(s) => join(s.iter().map(|b| encode(b)).collect()),
        AttributeValue::L(_) | AttributeValue::M(_) => return format!("{{{}}}", value.type_name()),
    };
    format!("{{{}:{body}}}", value.type_name())
}
