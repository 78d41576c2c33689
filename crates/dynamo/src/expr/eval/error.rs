//! [`EvalError`]: what evaluating an expression against values and items can fail with.

use crate::expr::error::{ExprError, Problem};
use crate::expr::messages;
use crate::expr::ExprKind;
use crate::types::NumberError;
use std::fmt;

/// An error found while evaluating an expression. [`EvalError::message`] is DynamoDB's text;
/// every one is a `ValidationException`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// A `#name` or `:value` the request does not define (normally caught earlier by
    /// [`crate::expr::resolve`]).
    Undefined(ExprError),
    /// A function or operator given a value of a type it does not take, e.g.
    /// `begins_with(a, :n)` with a number: `Invalid <Kind>: Incorrect operand type for
    /// operator or function; operator or function: begins_with, operand type: N`.
    FunctionOperandType {
        /// The expression.
        kind: ExprKind,
        /// The function or operator (`begins_with`, `attribute_type`, `+`, `list_append`).
        function: String,
        /// The operand's type descriptor (`N`, `S`, ...).
        operand_type: String,
    },
    /// `attribute_type(path, :t)` with a `:t` that names no type.
    InvalidAttributeTypeName {
        /// The expression.
        kind: ExprKind,
        /// The string given.
        given: String,
    },
    /// `BETWEEN :lo AND :hi` with bounds of different types; bounds printed like `{N:1}`.
    BetweenBoundTypes {
        /// The expression.
        kind: ExprKind,
        /// The lower bound, printed.
        lower: String,
        /// The upper bound, printed.
        upper: String,
    },
    /// `BETWEEN :lo AND :hi` with `:lo > :hi`.
    BetweenBoundOrder {
        /// The expression.
        kind: ExprKind,
        /// The lower bound, printed.
        lower: String,
        /// The upper bound, printed.
        upper: String,
    },
    /// `ADD` or `DELETE` given a value of a type it does not take; `operand_type` is
    /// `STRING`, `NUMBER`, `BINARY`, `NULL`, `BOOLEAN`, `LIST` or `MAP`.
    UpdateOperatorType {
        /// `ADD` or `DELETE`.
        operator: &'static str,
        /// The type, spelled out.
        operand_type: &'static str,
    },
    /// An update operand of the wrong type at run time (`SET a = b + :n` with a string `b`,
    /// `ADD` of a number to a string set, ...).
    OperandWrongType,
    /// A SET, ADD or DELETE target whose parent is missing or is not a map (for a name) or
    /// list (for an index).
    InvalidUpdatePath,
    /// A SET operand refers to a path the item does not have.
    MissingAttribute,
    /// Arithmetic went out of DynamoDB's number range.
    Number(NumberError),
}

/// Text of [`EvalError::InvalidUpdatePath`].
pub const INVALID_UPDATE_PATH: &str =
    "The document path provided in the update expression is invalid for update";
/// Text of [`EvalError::MissingAttribute`].
pub const MISSING_ATTRIBUTE: &str =
    "The provided expression refers to an attribute that does not exist in the item";

impl EvalError {
    /// DynamoDB's message.
    pub fn message(&self) -> String {
        match self {
            EvalError::Undefined(e) => e.to_string(),
            EvalError::FunctionOperandType {
                kind,
                function,
                operand_type,
            } => messages::invalid(
                kind.parameter_name(),
                &messages::problem(&Problem::OperandType {
                    function: function.clone(),
                    operand_type: operand_type.clone(),
                }),
            ),
            EvalError::InvalidAttributeTypeName { kind, given } => messages::invalid(
                kind.parameter_name(),
                &messages::invalid_attribute_type_name(given),
            ),
            EvalError::BetweenBoundTypes { kind, lower, upper } => messages::invalid(
                kind.parameter_name(),
                &messages::between_bound_types(lower, upper),
            ),
            EvalError::BetweenBoundOrder { kind, lower, upper } => messages::invalid(
                kind.parameter_name(),
                &messages::between_bound_order(lower, upper),
            ),
            EvalError::UpdateOperatorType {
                operator,
                operand_type,
            } => messages::invalid(
                ExprKind::Update.parameter_name(),
                &messages::incorrect_update_operand_type(operator, operand_type),
            ),
            EvalError::OperandWrongType => messages::UPDATE_OPERAND_WRONG_TYPE.to_string(),
            EvalError::InvalidUpdatePath => INVALID_UPDATE_PATH.to_string(),
            EvalError::MissingAttribute => MISSING_ATTRIBUTE.to_string(),
            EvalError::Number(e) => e.message(),
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for EvalError {}

impl From<NumberError> for EvalError {
    fn from(e: NumberError) -> Self {
        EvalError::Number(e)
    }
}

/// The undefined-placeholder error for a `#name`.
pub(crate) fn undefined_name(kind: ExprKind, name: &str) -> EvalError {
    EvalError::Undefined(ExprError::Invalid(
        kind,
        Problem::UndefinedName(name.to_string()),
    ))
}

/// The undefined-placeholder error for a `:value`.
pub(crate) fn undefined_value(kind: ExprKind, value: &str) -> EvalError {
    EvalError::Undefined(ExprError::Invalid(
        kind,
        Problem::UndefinedValue(value.to_string()),
    ))
}
