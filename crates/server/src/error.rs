//! The errors DynamoDB answers with, and their JSON rendering.
//!
//! DynamoDB's JSON protocol reports an error as an HTTP status (400 for client errors,
//! 500 for `InternalServerError`) and a body such as
//!
//! ```json
//! {"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}
//! ```
//!
//! `__type` is the fully qualified exception name: the prefix says which layer of the
//! service raised it (`com.amazon.coral.service#` for the protocol front end,
//! `com.amazon.coral.validate#` for input validation, `com.amazonaws.dynamodb.v20120810#`
//! for DynamoDB itself). SDKs keep only the part after `#`.
//!
//! The message key is not uniform: most errors say `"message"`, but the type-checking
//! `SerializationException`s and `TransactionCanceledException` say `"Message"`, and the
//! protocol-level `SerializationException` / `UnknownOperationException` carry no
//! message at all. [`MessageKey`] and an optional message cover all three.

use std::fmt;

use hyper::StatusCode;
use serde_json::{Map, Value};

/// `__type` prefix of the exceptions DynamoDB itself defines
/// (`ResourceNotFoundException`, `ConditionalCheckFailedException`, ...).
pub const DYNAMODB_PREFIX: &str = "com.amazonaws.dynamodb.v20120810#";
/// `__type` prefix of input validation failures (`ValidationException`).
pub const VALIDATE_PREFIX: &str = "com.amazon.coral.validate#";
/// `__type` prefix of the protocol front end's errors (serialization, unknown operation,
/// authentication).
pub const SERVICE_PREFIX: &str = "com.amazon.coral.service#";
/// `__type` prefix of throttling by the front end (`ThrottlingException`).
pub const AVAILABILITY_PREFIX: &str = "com.amazon.coral.availability#";

/// The JSON key an error's message is rendered under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MessageKey {
    /// `"message"`: what nearly every DynamoDB error uses.
    #[default]
    Lower,
    /// `"Message"`: type-checking `SerializationException`s and
    /// `TransactionCanceledException`.
    Upper,
}

impl MessageKey {
    /// The key as it appears in the JSON body.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKey::Lower => "message",
            MessageKey::Upper => "Message",
        }
    }
}

/// An error answer: HTTP status plus the JSON body DynamoDB sends for it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The full `__type`, prefix included, e.g.
    /// `com.amazon.coral.validate#ValidationException`.
    pub type_name: String,
    /// The human-readable message; `None` renders no message key at all.
    pub message: Option<String>,
    /// Whether the message is rendered as `"message"` or `"Message"`.
    pub message_key: MessageKey,
    /// Further members of the body, rendered between `__type` and the message in this
    /// order (e.g. `CancellationReasons`, or `Item` for a failed condition check).
    pub fields: Vec<(String, Value)>,
    /// The HTTP status.
    pub status: StatusCode,
}

impl ApiError {
    /// An error with a full `__type`, a `"message"` and a status.
    pub fn new(
        type_name: impl Into<String>,
        message: impl Into<String>,
        status: StatusCode,
    ) -> Self {
        ApiError {
            type_name: type_name.into(),
            message: Some(message.into()),
            message_key: MessageKey::Lower,
            fields: Vec::new(),
            status,
        }
    }

    /// An error with a full `__type` and no message, status 400.
    pub fn bare(type_name: impl Into<String>) -> Self {
        ApiError {
            type_name: type_name.into(),
            message: None,
            message_key: MessageKey::Lower,
            fields: Vec::new(),
            status: StatusCode::BAD_REQUEST,
        }
    }

    /// A DynamoDB-defined exception (`com.amazonaws.dynamodb.v20120810#<name>`), status 400.
    pub fn dynamodb(name: &str, message: impl Into<String>) -> Self {
        Self::new(
            format!("{DYNAMODB_PREFIX}{name}"),
            message,
            StatusCode::BAD_REQUEST,
        )
    }

    /// A front-end exception (`com.amazon.coral.service#<name>`), status 400.
    pub fn service(name: &str, message: impl Into<String>) -> Self {
        Self::new(
            format!("{SERVICE_PREFIX}{name}"),
            message,
            StatusCode::BAD_REQUEST,
        )
    }

    /// `ValidationException`: the request broke a documented constraint.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(
            format!("{VALIDATE_PREFIX}ValidationException"),
            message,
            StatusCode::BAD_REQUEST,
        )
    }

    /// `SerializationException` with no message: the body is not JSON at all, or is
    /// empty.
    pub fn serialization() -> Self {
        Self::bare(format!("{SERVICE_PREFIX}SerializationException"))
    }

    /// `SerializationException` from type checking, e.g. "Start of list found where not
    /// expected"; DynamoDB renders these under `"Message"`.
    pub fn serialization_with(message: impl Into<String>) -> Self {
        Self::service("SerializationException", message).with_message_key(MessageKey::Upper)
    }

    /// `UnknownOperationException`, no message: the target names no operation.
    pub fn unknown_operation() -> Self {
        Self::bare(format!("{SERVICE_PREFIX}UnknownOperationException"))
    }

    /// `MissingAuthenticationTokenException`: no `Authorization` header (or one not
    /// starting with `AWS4-`) and no pre-signed query string.
    pub fn missing_authentication_token() -> Self {
        Self::service(
            "MissingAuthenticationTokenException",
            "Request is missing Authentication Token",
        )
    }

    /// `IncompleteSignatureException`: the signature lacks required parts.
    pub fn incomplete_signature(message: impl Into<String>) -> Self {
        Self::service("IncompleteSignatureException", message)
    }

    /// `InvalidSignatureException`: the signature is present but wrong or ambiguous.
    pub fn invalid_signature(message: impl Into<String>) -> Self {
        Self::service("InvalidSignatureException", message)
    }

    /// `UnrecognizedClientException`: the access key id is not known.
    pub fn unrecognized_client() -> Self {
        Self::service(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        )
    }

    /// `ResourceNotFoundException`.
    pub fn resource_not_found(message: impl Into<String>) -> Self {
        Self::dynamodb("ResourceNotFoundException", message)
    }

    /// `ResourceInUseException`.
    pub fn resource_in_use(message: impl Into<String>) -> Self {
        Self::dynamodb("ResourceInUseException", message)
    }

    /// `ConditionalCheckFailedException`; DynamoDB's message is "The conditional request
    /// failed".
    pub fn conditional_check_failed(message: impl Into<String>) -> Self {
        Self::dynamodb("ConditionalCheckFailedException", message)
    }

    /// `LimitExceededException`.
    pub fn limit_exceeded(message: impl Into<String>) -> Self {
        Self::dynamodb("LimitExceededException", message)
    }

    /// `ProvisionedThroughputExceededException`.
    pub fn provisioned_throughput_exceeded(message: impl Into<String>) -> Self {
        Self::dynamodb("ProvisionedThroughputExceededException", message)
    }

    /// `ItemCollectionSizeLimitExceededException`.
    pub fn item_collection_size_limit_exceeded(message: impl Into<String>) -> Self {
        Self::dynamodb("ItemCollectionSizeLimitExceededException", message)
    }

    /// `TransactionCanceledException` with its `CancellationReasons`, rendered as DynamoDB
    /// does: `__type`, `CancellationReasons`, then `"Message"`.
    pub fn transaction_canceled(message: impl Into<String>, reasons: Vec<Value>) -> Self {
        Self::dynamodb("TransactionCanceledException", message)
            .with_message_key(MessageKey::Upper)
            .with_field("CancellationReasons", Value::Array(reasons))
    }

    /// `TransactionConflictException`.
    pub fn transaction_conflict(message: impl Into<String>) -> Self {
        Self::dynamodb("TransactionConflictException", message)
    }

    /// `TransactionInProgressException`.
    pub fn transaction_in_progress(message: impl Into<String>) -> Self {
        Self::dynamodb("TransactionInProgressException", message)
    }

    /// `IdempotentParameterMismatchException`.
    pub fn idempotent_parameter_mismatch(message: impl Into<String>) -> Self {
        Self::dynamodb("IdempotentParameterMismatchException", message)
    }

    /// `ThrottlingException` (`com.amazon.coral.availability#`).
    pub fn throttling(message: impl Into<String>) -> Self {
        Self::new(
            format!("{AVAILABILITY_PREFIX}ThrottlingException"),
            message,
            StatusCode::BAD_REQUEST,
        )
    }

    /// `InternalServerError`, status 500, message "Internal server error".
    pub fn internal_server_error() -> Self {
        Self::new(
            format!("{DYNAMODB_PREFIX}InternalServerError"),
            "Internal server error",
            StatusCode::INTERNAL_SERVER_ERROR,
        )
    }

    /// The same error rendered with its message under `key`.
    pub fn with_message_key(mut self, key: MessageKey) -> Self {
        self.message_key = key;
        self
    }

    /// The same error with a further body member (rendered before the message); a member
    /// of the same name is replaced.
    pub fn with_field(mut self, key: impl Into<String>, value: Value) -> Self {
        let key = key.into();
        self.fields.retain(|(k, _)| *k != key);
        self.fields.push((key, value));
        self
    }

    /// The same error with another HTTP status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The exception's short name, the part of `__type` after `#`
    /// (what SDKs report as the error code).
    pub fn short_name(&self) -> &str {
        match self.type_name.rsplit_once('#') {
            Some((_, name)) => name,
            None => &self.type_name,
        }
    }

    /// The JSON body: `__type`, then [`fields`](Self::fields), then the message if any.
    pub fn to_json(&self) -> Value {
        let mut body = Map::new();
        body.insert("__type".to_owned(), Value::String(self.type_name.clone()));
        for (k, v) in &self.fields {
            body.insert(k.clone(), v.clone());
        }
        if let Some(message) = &self.message {
            body.insert(
                self.message_key.as_str().to_owned(),
                Value::String(message.clone()),
            );
        }
        Value::Object(body)
    }

    /// The JSON body as compact bytes, exactly as sent on the wire.
    pub fn to_body(&self) -> Vec<u8> {
        // Serializing a `Value` cannot fail: every key is a string.
        serde_json::to_vec(&self.to_json()).unwrap_or_default()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(m) => write!(f, "{}: {}", self.short_name(), m),
            None => f.write_str(self.short_name()),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(e: &ApiError) -> String {
        String::from_utf8(e.to_body()).unwrap()
    }

    #[test]
    fn protocol_errors_have_no_message() {
        assert_eq!(
            body(&ApiError::serialization()),
            r#"{"__type":"com.amazon.coral.service#SerializationException"}"#
        );
        assert_eq!(
            body(&ApiError::unknown_operation()),
            r#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#
        );
    }

    #[test]
    fn validation_uses_lowercase_message() {
        let e = ApiError::validation("bad");
        assert_eq!(
            body(&e),
            r#"{"__type":"com.amazon.coral.validate#ValidationException","message":"bad"}"#
        );
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(e.short_name(), "ValidationException");
    }

    #[test]
    fn type_check_serialization_uses_capital_message() {
        assert_eq!(
            body(&ApiError::serialization_with(
                "Start of list found where not expected"
            )),
            r#"{"__type":"com.amazon.coral.service#SerializationException","Message":"Start of list found where not expected"}"#
        );
    }

    #[test]
    fn transaction_canceled_puts_reasons_before_message() {
        let e = ApiError::transaction_canceled(
            "Transaction cancelled",
            vec![serde_json::json!({"Code": "None"})],
        );
        assert_eq!(
            body(&e),
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","CancellationReasons":[{"Code":"None"}],"Message":"Transaction cancelled"}"#
        );
    }

    #[test]
    fn internal_server_error_is_500() {
        let e = ApiError::internal_server_error();
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(e.to_string(), "InternalServerError: Internal server error");
    }
}
