//! DynamoDB's answers to malformed requests, as recorded by dynalite's tests
//! (`test/<op>.js`, "serializations" and "validations") and the nubo conformance suite
//! (`tests/tier3/error-messages`), asserted byte for byte.

mod items;
mod tables;
mod types;

use serde_json::Value;

use super::check_request;
use crate::error::ErrorKind;

/// The `SerializationException` message `op` answers `body` with.
fn serialization(op: &str, body: Value) -> String {
    let e = check_request(op, &body).expect_err("expected a SerializationException");
    assert_eq!(e.kind, ErrorKind::Serialization, "{}", e.message);
    e.message
}

/// The `ValidationException` message `op` answers `body` with.
fn validation(op: &str, body: Value) -> String {
    let e = check_request(op, &body).expect_err("expected a ValidationException");
    assert_eq!(e.kind, ErrorKind::Validation, "{}", e.message);
    e.message
}

fn passes(op: &str, body: Value) {
    if let Err(e) = check_request(op, &body) {
        panic!("{op} {body}: {e}");
    }
}

/// `Value <v> at '<path>' failed to satisfy constraint: <rule>`.
fn line(value: Option<&str>, path: &str, rule: &str) -> String {
    match value {
        Some(v) => format!("Value '{v}' at '{path}' failed to satisfy constraint: {rule}"),
        None => format!("Value null at '{path}' failed to satisfy constraint: {rule}"),
    }
}

fn errors(lines: &[String]) -> String {
    let s = if lines.len() == 1 { "" } else { "s" };
    format!(
        "{} validation error{s} detected: {}",
        lines.len(),
        lines.join("; ")
    )
}

const NOT_NULL: &str = "Member must not be null";
const NAME_PATTERN: &str = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
const CAST: &str = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";

fn min_len(n: usize) -> String {
    format!("Member must have length greater than or equal to {n}")
}

fn max_len(n: usize) -> String {
    format!("Member must have length less than or equal to {n}")
}
