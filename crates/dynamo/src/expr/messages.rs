//! Every message text of the expression front end, in one place.
//!
//! Sources of the exact texts:
//! - DynamoDB answers quoted in public bug reports and in the nubo-db conformance suite run
//!   against DynamoDB: syntax errors (`token: "-", near: "a-b"`, `token: "<EOF>", near:
//!   ":type"`, `token: "!", near: "!!"`, `token: "INVALID", near: "INVALID SYNTAX"`), reserved
//!   keywords, empty expressions, undefined and unused placeholders, redundant parentheses,
//!   expression size (`expression size: 5872`), and `Query condition missed key schema
//!   element: pk`.
//! - ScyllaDB Alternator's tests, which quote DynamoDB: `The expression contains too many
//!   operators; operator count: 301` and the size message.
//! - dynalite (written and tested against DynamoDB): function, operand, path overlap and
//!   conflict, section, and KeyConditionExpression shape messages.
//! - Several independent emulators agree on `The IN operator is provided with too many
//!   operands; number of operands: 101` and on the 255-byte placeholder key message.

use super::error::{ExprError, KeyConditionProblem, Problem};

/// `Invalid <Kind>: ` followed by the problem.
pub fn invalid(parameter: &str, problem: &str) -> String {
    format!("Invalid {parameter}: {problem}")
}

/// The text of a [`Problem`] (without the `Invalid <Kind>: ` prefix).
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::Empty => "The expression can not be empty;".to_string(),
        Problem::TooLarge { size } => format!(
            "Expression size has exceeded the maximum allowed size; expression size: {size}"
        ),
        Problem::TooManyOperators { count } => {
            format!("The expression contains too many operators; operator count: {count}")
        }
        Problem::Syntax { token, near } => {
            format!("Syntax error; token: \"{token}\", near: \"{near}\"")
        }
        Problem::ReservedKeyword(word) => {
            format!("Attribute name is a reserved keyword; reserved keyword: {word}")
        }
        Problem::RedundantParentheses => "The expression has redundant parentheses;".to_string(),
        Problem::UnknownFunction(name) => format!("Invalid function name; function: {name}"),
        Problem::MisusedFunction(name) => format!(
            "The function is not allowed to be used this way in an expression; function: {name}"
        ),
        Problem::OperandCount { function, count } => format!(
            "Incorrect number of operands for operator or function; \
             operator or function: {function}, number of operands: {count}"
        ),
        Problem::DocumentPathRequired(function) => format!(
            "Operator or function requires a document path; operator or function: {function}"
        ),
        Problem::OperandType {
            function,
            operand_type,
        } => format!(
            "Incorrect operand type for operator or function; \
             operator or function: {function}, operand type: {operand_type}"
        ),
        Problem::InTooManyOperands(n) => {
            format!("The IN operator is provided with too many operands; number of operands: {n}")
        }
        Problem::DuplicateSection(clause) => {
            format!("The \"{clause}\" section can only be used once in an update expression;")
        }
        Problem::UndefinedName(name) => format!(
            "An expression attribute name used in the document path is not defined; \
             attribute name: {name}"
        ),
        Problem::UndefinedValue(value) => format!(
            "An expression attribute value used in expression is not defined; \
             attribute value: {value}"
        ),
        Problem::PathsOverlap { one, two } => format!(
            "Two document paths overlap with each other; must remove or rewrite one of these \
             paths; path one: {one}, path two: {two}"
        ),
        Problem::PathsConflict { one, two } => format!(
            "Two document paths conflict with each other; must remove or rewrite one of these \
             paths; path one: {one}, path two: {two}"
        ),
        Problem::OperandsNotDistinct { operator, first } => format!(
            "The first operand must be distinct from the remaining operands for this operator \
             or function; operator: {operator}, first operand: {first}"
        ),
        Problem::NestingTooDeep => format!(
            "The expression has function calls nested too deeply; maximum depth: {}",
            super::MAX_NESTING
        ),
    }
}

/// The text of a [`KeyConditionProblem`] (these carry no `Invalid ...:` prefix).
pub fn key_condition_problem(p: &KeyConditionProblem) -> String {
    match p {
        KeyConditionProblem::InvalidOperator(op) => {
            format!("Invalid operator used in KeyConditionExpression: {op}")
        }
        KeyConditionProblem::KeyNotFirstOperand(op) => format!(
            "Invalid condition in KeyConditionExpression: {op} operator must have the key \
             attribute as its first operand"
        ),
        KeyConditionProblem::MultipleAttributeNames => {
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one \
             condition"
                .to_string()
        }
        KeyConditionProblem::NestedOperations => {
            "KeyConditionExpressions cannot contain nested operations".to_string()
        }
        KeyConditionProblem::NestedAttributes => {
            "KeyConditionExpressions cannot have conditions on nested attributes".to_string()
        }
        KeyConditionProblem::NoKeyAttribute => {
            "Invalid condition in KeyConditionExpression: No key attribute specified".to_string()
        }
        KeyConditionProblem::MultipleConditionsPerKey => {
            "KeyConditionExpressions must only contain one condition per key".to_string()
        }
        KeyConditionProblem::ConditionCount => {
            "Conditions can be of length 1 or 2 only".to_string()
        }
        KeyConditionProblem::MissedKeySchemaElement(name) => {
            format!("Query condition missed key schema element: {name}")
        }
        KeyConditionProblem::NotSupported => "Query key condition not supported".to_string(),
    }
}

/// The full text of an [`ExprError`].
pub fn error(e: &ExprError) -> String {
    match e {
        ExprError::Invalid(kind, p) => invalid(kind.parameter_name(), &problem(p)),
        ExprError::KeyCondition(p) => key_condition_problem(p),
        ExprError::UnusedNames(keys) => unused("ExpressionAttributeNames", keys),
        ExprError::UnusedValues(keys) => unused("ExpressionAttributeValues", keys),
        ExprError::EmptyNames => "ExpressionAttributeNames must not be empty".to_string(),
        ExprError::EmptyValues => "ExpressionAttributeValues must not be empty".to_string(),
        ExprError::InvalidNameKey(key) => invalid_key("ExpressionAttributeNames", key),
        ExprError::InvalidValueKey(key) => invalid_key("ExpressionAttributeValues", key),
        ExprError::NameKeyTooLong(size) => key_too_long("ExpressionAttributeNames", *size),
        ExprError::ValueKeyTooLong(size) => key_too_long("ExpressionAttributeValues", *size),
    }
}

fn unused(map: &str, keys: &[String]) -> String {
    format!(
        "Value provided in {map} unused in expressions: keys: {{{}}}",
        keys.join(", ")
    )
}

fn invalid_key(map: &str, key: &str) -> String {
    format!("{map} contains invalid key: Syntax error; key: \"{key}\"")
}

fn key_too_long(map: &str, size: usize) -> String {
    format!(
        "{map} contains invalid key: The expression attribute map contains a key that is too \
         long; size of key: {size}"
    )
}

/// The type list DynamoDB prints when `attribute_type`'s second operand is not a value.
pub const ANY_ATTRIBUTE_TYPE: &str = "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";

// ---- Messages for later stages (evaluation, request validation) that depend on values or
// ---- on the request as a whole. They are here so every text lives in one module.

/// `attribute_type` given a type name that does not exist (dynalite).
pub fn invalid_attribute_type_name(given: &str) -> String {
    format!(
        "Invalid attribute type name found; type: {given}, valid types: \
         {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}"
    )
}

/// `ADD` or `DELETE` given a value of the wrong type; `operand_type` is `STRING`, `NUMBER`,
/// `BINARY`, `NULL`, `BOOLEAN`, `LIST` or `MAP` (dynalite).
pub fn incorrect_update_operand_type(operator: &str, operand_type: &str) -> String {
    format!(
        "Incorrect operand type for operator or function; operator: {operator}, \
         operand type: {operand_type}"
    )
}

/// BETWEEN bounds of different types; operands are printed like `{N:1}` (dynalite).
pub fn between_bound_types(lower: &str, upper: &str) -> String {
    format!(
        "The BETWEEN operator requires same data type for lower and upper bounds; lower bound \
         operand: AttributeValue: {lower}, upper bound operand: AttributeValue: {upper}"
    )
}

/// BETWEEN bounds in the wrong order (dynalite).
pub fn between_bound_order(lower: &str, upper: &str) -> String {
    format!(
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; \
         lower bound operand: AttributeValue: {lower}, upper bound operand: AttributeValue: \
         {upper}"
    )
}

/// An arithmetic or list operand of the wrong type at update time (DynamoDB's runtime text).
pub const UPDATE_OPERAND_WRONG_TYPE: &str =
    "An operand in the update expression has an incorrect data type";

/// `ExpressionAttributeNames` given without any expression (conformance suite).
pub const NAMES_WITHOUT_EXPRESSIONS: &str =
    "ExpressionAttributeNames can only be specified when using expressions";

/// `ExpressionAttributeValues` given without an expression that can use values; `missing`
/// lists the expression parameters that are null, e.g. `["ConditionExpression"]`.
pub fn values_without_expressions(missing: &[&str]) -> String {
    let verb = if missing.len() > 1 { "are" } else { "is" };
    format!(
        "ExpressionAttributeValues can only be specified when using expressions: {} {verb} null",
        missing.join(" and ")
    )
}

/// Expression and legacy parameters in one request (conformance suite).
pub fn mixed_parameters(non_expression: &[&str], expression: &[&str]) -> String {
    format!(
        "Can not use both expression and non-expression parameters in the same request: \
         Non-expression parameters: {{{}}} Expression parameters: {{{}}}",
        non_expression.join(", "),
        expression.join(", ")
    )
}
