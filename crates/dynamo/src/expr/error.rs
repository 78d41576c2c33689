//! The typed errors of the expression front end. Their texts live in
//! [`crate::expr::messages`]; `Display` gives DynamoDB's exact message.

use std::fmt;

use super::ast::{Operand, Path};
use super::messages;
use super::ExprKind;

/// A problem inside one expression. Displayed as the part after `Invalid <Kind>: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The expression is the empty string.
    Empty,
    /// The expression is longer than 4096 bytes.
    TooLarge {
        /// Its length in bytes.
        size: usize,
    },
    /// More than 300 operators.
    TooManyOperators {
        /// The count at which parsing stopped (always 301).
        count: usize,
    },
    /// A token the grammar does not allow where it stands.
    Syntax {
        /// The offending token (`<EOF>` at the end).
        token: String,
        /// The source around it.
        near: String,
    },
    /// A plain attribute name that is a reserved word.
    ReservedKeyword(String),
    /// `((...))` around a condition or an operand.
    RedundantParentheses,
    /// A function name the expression kind does not have.
    UnknownFunction(String),
    /// A function used where it cannot be (a boolean function as an operand, `size` as a
    /// condition).
    MisusedFunction(String),
    /// A function or operator with the wrong number of operands.
    OperandCount {
        /// The function or operator.
        function: String,
        /// The number of operands given.
        count: usize,
    },
    /// A function whose first operand must be a document path.
    DocumentPathRequired(String),
    /// An operand of a type the function does not take.
    OperandType {
        /// The function.
        function: String,
        /// The type as DynamoDB prints it (`N`, `S`, ...).
        operand_type: String,
    },
    /// An `IN` list with more than 100 candidates.
    InTooManyOperands(usize),
    /// An update clause keyword used twice.
    DuplicateSection(&'static str),
    /// A `#name` that ExpressionAttributeNames does not define.
    UndefinedName(String),
    /// A `:value` that ExpressionAttributeValues does not define.
    UndefinedValue(String),
    /// Two update or projection paths where one is a prefix of the other.
    PathsOverlap {
        /// The earlier path, formatted like `[a, b, [0]]`.
        one: String,
        /// The later path.
        two: String,
    },
    /// Two paths that use the same step once as a name and once as an index.
    PathsConflict {
        /// The earlier path.
        one: String,
        /// The later path.
        two: String,
    },
    /// The same document path on both sides of an operator or function.
    OperandsNotDistinct {
        /// The operator or function.
        operator: String,
        /// The repeated path.
        first: String,
    },
    /// Function calls nested deeper than [`MAX_NESTING`](super::MAX_NESTING) (our own
    /// message; unreachable within the 4096-byte limit).
    NestingTooDeep,
}

/// A check DynamoDB makes before it reports a problem the parser found, and that needs the
/// request's maps, which the parser does not have: what fails it is reported instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreCheck {
    /// The checks of an operand against the request's values (`size(:v)` of a value without a
    /// size), before a function's need for a document path.
    OperandValues(Operand),
    /// The first operand must differ from the other (`attribute_type(a, a)`), before the
    /// other's type.
    Distinct {
        /// The function.
        operator: String,
        /// Its first operand.
        first: Path,
        /// The operand that must differ from it.
        other: Path,
    },
}

/// A problem with the shape of a KeyConditionExpression (displayed without a prefix, as
/// DynamoDB does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyConditionProblem {
    /// `OR`, `NOT`, `IN`, `<>`, or a function other than `begins_with`.
    InvalidOperator(String),
    /// `BETWEEN` or `begins_with` whose first operand is not the key.
    KeyNotFirstOperand(String),
    /// Two attribute names in one condition.
    MultipleAttributeNames,
    /// `size(...)` inside a key condition.
    NestedOperations,
    /// A key condition on a nested path.
    NestedAttributes,
    /// A condition without any attribute name.
    NoKeyAttribute,
    /// Two conditions on the same key.
    MultipleConditionsPerKey,
    /// Not one or two conditions.
    ConditionCount,
    /// A key of the schema without a condition.
    MissedKeySchemaElement(String),
    /// A condition the schema cannot use (non-equality on the partition key, or two conditions
    /// on a table without a sort key).
    NotSupported,
}

/// Any error of the expression front end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprError {
    /// A problem in one expression: `Invalid <Kind>: <problem>`.
    Invalid(ExprKind, Problem),
    /// A problem with the shape of a KeyConditionExpression.
    KeyCondition(KeyConditionProblem),
    /// ExpressionAttributeNames entries that no expression uses, in the order given.
    UnusedNames(Vec<String>),
    /// ExpressionAttributeValues entries that no expression uses, in the order given.
    UnusedValues(Vec<String>),
    /// ExpressionAttributeNames is present but empty.
    EmptyNames,
    /// ExpressionAttributeValues is present but empty.
    EmptyValues,
    /// An ExpressionAttributeNames key that is not `#` followed by `[A-Za-z0-9_]+`.
    InvalidNameKey(String),
    /// An ExpressionAttributeValues key that is not `:` followed by `[A-Za-z0-9_]+`.
    InvalidValueKey(String),
    /// An ExpressionAttributeNames key longer than 255 bytes.
    NameKeyTooLong(usize),
    /// An ExpressionAttributeValues key longer than 255 bytes.
    ValueKeyTooLong(usize),
}

impl ExprError {
    /// Shorthand for [`ExprError::Invalid`].
    pub fn invalid(kind: ExprKind, problem: Problem) -> ExprError {
        ExprError::Invalid(kind, problem)
    }

    /// The problem, when this is an [`ExprError::Invalid`].
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ExprError::Invalid(_, p) => Some(p),
            _ => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&messages::problem(self))
    }
}

impl fmt::Display for KeyConditionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&messages::key_condition_problem(self))
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&messages::error(self))
    }
}

impl std::error::Error for ExprError {}
