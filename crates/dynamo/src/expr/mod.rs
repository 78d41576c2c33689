//! DynamoDB expressions: lexer, parsers, syntax trees, reserved words, and the checks against
//! a request's `ExpressionAttributeNames` / `ExpressionAttributeValues`.
//!
//! # Use
//!
//! For each expression of a request, in DynamoDB's order (Update, Condition, KeyCondition,
//! Filter, Projection):
//! 1. parse it: [`parse_condition`], [`parse_key_condition`], [`parse_update`],
//!    [`parse_projection`] — size, emptiness, syntax, operator count, reserved words and the
//!    other checks that need nothing but the text;
//! 2. check it against the request's maps: [`resolve::check_condition`],
//!    [`resolve::check_update`], [`resolve::check_projection`] — undefined placeholders, then
//!    checks that need resolved names (repeated operands, overlapping paths); for a key
//!    condition, then [`keycond::key_condition`] and [`KeyCondition::for_schema`];
//! 3. once all have passed: [`resolve::check_unused`] with every expression's
//!    [`resolve::Usage`].
//!
//! Every message is DynamoDB's (see [`messages`] for the sources), displayed by
//! [`ExprError`]'s `Display`.
//!
//! # Known differences from DynamoDB
//!
//! Problems that need only the text (operand counts of functions, a function's first operand
//! not being a path) are reported by the parse step, so when an expression also uses an
//! undefined placeholder, DynamoDB may name the placeholder where we name the function.
//! Function calls nested deeper than [`MAX_NESTING`] stop the parse
//! ([`Problem::NestingTooDeep`]); the 4096-byte limit makes that unreachable today.

pub mod ast;
pub mod error;
pub mod eval;
pub mod keycond;
pub mod lexer;
pub mod messages;
mod parser;
pub mod reserved;
pub mod resolve;

#[cfg(test)]
mod tests;

pub use ast::{
    AttrName, Comparator, Condition, KeyCondition, KeyOperator, KeyPart, KeyQuery, Operand, Path,
    PathElement, PathValueAction, ProjectionExpression, SetAction, SetValue, UpdateClause,
    UpdateExpression, UpdateOperand, ValueRef,
};
pub use error::{ExprError, KeyConditionProblem, PreCheck, Problem};

/// The longest expression DynamoDB accepts, in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// The most operators one expression may contain. Conditions count comparators, `BETWEEN`,
/// `IN`, `AND`, `OR` and `NOT`; update expressions count `+`, `-` and function calls.
pub const MAX_OPERATORS: usize = 300;
/// The most candidates of one `IN`.
pub const MAX_IN_OPERANDS: usize = 100;
/// The longest `#name` or `:value` key, in bytes.
pub const MAX_PLACEHOLDER_KEY_BYTES: usize = 255;
/// How deep function calls may nest before the parser stops: a guard on the depth of the
/// trees it builds. Within [`MAX_EXPRESSION_BYTES`] calls nest at most 1365 deep, so no
/// expression DynamoDB would see reaches it.
pub const MAX_NESTING: usize = 2048;

/// Which request parameter an expression came from; it names the expression in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExprKind {
    /// `ConditionExpression`
    Condition,
    /// `FilterExpression`
    Filter,
    /// `KeyConditionExpression`
    KeyCondition,
    /// `UpdateExpression`
    Update,
    /// `ProjectionExpression`
    Projection,
}

impl ExprKind {
    /// The request parameter's name, as used in messages (`ConditionExpression`, ...).
    pub fn parameter_name(self) -> &'static str {
        match self {
            ExprKind::Condition => "ConditionExpression",
            ExprKind::Filter => "FilterExpression",
            ExprKind::KeyCondition => "KeyConditionExpression",
            ExprKind::Update => "UpdateExpression",
            ExprKind::Projection => "ProjectionExpression",
        }
    }
}

/// Parses a ConditionExpression or FilterExpression (or, with [`ExprKind::KeyCondition`], a
/// KeyConditionExpression before its shape is checked). `kind` names the expression in
/// errors; [`ExprKind::Update`] and [`ExprKind::Projection`] are accepted but would only
/// mislabel the messages.
pub fn parse_condition(src: &str, kind: ExprKind) -> Result<Condition, ExprError> {
    parser::parse_condition(src, kind)
}

/// [`parse_condition`], also returning with an error the check DynamoDB makes before
/// reporting it ([`PreCheck`]), for a caller that has the request's maps.
pub fn parse_condition_prechecked(
    src: &str,
    kind: ExprKind,
) -> Result<Condition, (ExprError, Option<Box<PreCheck>>)> {
    parser::parse_condition_prechecked(src, kind)
}

/// Parses a KeyConditionExpression with the condition grammar. Reduce the result with
/// [`keycond::key_condition`] after [`resolve::check_condition`].
pub fn parse_key_condition(src: &str) -> Result<Condition, ExprError> {
    parser::parse_condition(src, ExprKind::KeyCondition)
}

/// Parses an UpdateExpression.
pub fn parse_update(src: &str) -> Result<UpdateExpression, ExprError> {
    parser::parse_update(src)
}

/// Parses an UpdateExpression, returning a problem with a function's operands (their count,
/// a document path needed) beside the tree: DynamoDB reports it only after the checks of
/// [`resolve::check_update`] and the value checks of [`eval::check_update_values`].
pub fn parse_update_deferring(
    src: &str,
) -> Result<(UpdateExpression, Option<ExprError>), ExprError> {
    parser::parse_update_deferring(src)
}

/// Parses a ProjectionExpression.
pub fn parse_projection(src: &str) -> Result<ProjectionExpression, ExprError> {
    parser::parse_projection(src)
}
