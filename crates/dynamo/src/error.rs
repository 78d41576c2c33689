//! The typed error every DynamoDB operation returns.
//!
//! An operation fails with a [`DynamoError`]: which exception DynamoDB answers with
//! ([`ErrorKind`]), its message, and, for a failed condition check that asked for it, the
//! item as it was. The HTTP front end turns it into DynamoDB's JSON error body (type
//! prefix, status, `message` or `Message` key); nothing here knows about HTTP.

use std::fmt;

use crate::expr::ExprError;
use crate::types::json::DecodeError;
use crate::types::Item;

/// Which exception an operation fails with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `com.amazon.coral.validate#ValidationException`: the request broke a constraint.
    Validation,
    /// `com.amazon.coral.service#SerializationException`: a member has the wrong JSON
    /// type (rendered with a `Message` key).
    Serialization,
    /// `ResourceNotFoundException`: no such table or index.
    ResourceNotFound,
    /// `ResourceInUseException`: the table exists, or is not in a state for this.
    ResourceInUse,
    /// `ConditionalCheckFailedException`.
    ConditionalCheckFailed,
    /// `LimitExceededException`: too many tables, indexes or concurrent table operations.
    LimitExceeded,
    /// `ItemCollectionSizeLimitExceededException`: an item collection of a table with local
    /// secondary indexes would exceed 10 GB.
    ItemCollectionSizeLimitExceeded,
    /// `ProvisionedThroughputExceededException`.
    ProvisionedThroughputExceeded,
    /// `RequestLimitExceeded`.
    RequestLimitExceeded,
    /// `TransactionConflictException`: another transaction holds one of the items.
    TransactionConflict,
    /// `TransactionCanceledException`: a transaction was cancelled; the error's
    /// [`cancellation_reasons`](DynamoError::cancellation_reasons) say why, action by action.
    TransactionCanceled,
    /// `IdempotentParameterMismatchException`: a `ClientRequestToken` was reused with
    /// another request.
    IdempotentParameterMismatch,
    /// `AccessDeniedException`.
    AccessDenied,
    /// `InternalServerError` (HTTP 500): a storage failure, never the client's fault.
    Internal,
}

impl ErrorKind {
    /// The exception's short name, as SDKs show it.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Validation => "ValidationException",
            ErrorKind::Serialization => "SerializationException",
            ErrorKind::ResourceNotFound => "ResourceNotFoundException",
            ErrorKind::ResourceInUse => "ResourceInUseException",
            ErrorKind::ConditionalCheckFailed => "ConditionalCheckFailedException",
            ErrorKind::LimitExceeded => "LimitExceededException",
            ErrorKind::ItemCollectionSizeLimitExceeded => {
                "ItemCollectionSizeLimitExceededException"
            }
            ErrorKind::ProvisionedThroughputExceeded => "ProvisionedThroughputExceededException",
            ErrorKind::RequestLimitExceeded => "RequestLimitExceeded",
            ErrorKind::TransactionConflict => "TransactionConflictException",
            ErrorKind::TransactionCanceled => "TransactionCanceledException",
            ErrorKind::IdempotentParameterMismatch => "IdempotentParameterMismatchException",
            ErrorKind::AccessDenied => "AccessDeniedException",
            ErrorKind::Internal => "InternalServerError",
        }
    }
}

/// An operation's failure: the exception, its message and, for
/// `ConditionalCheckFailedException` with `ReturnValuesOnConditionCheckFailure: ALL_OLD`,
/// the item that failed the check.
#[derive(Clone, Debug, PartialEq)]
pub struct DynamoError {
    /// Which exception.
    pub kind: ErrorKind,
    /// DynamoDB's message text.
    pub message: String,
    /// The current item, returned with a failed condition check when asked for.
    pub item: Option<Item>,
    /// Why each action of a cancelled transaction failed, in request order (empty for
    /// every other error).
    pub cancellation_reasons: Vec<CancellationReason>,
}

/// One entry of a `TransactionCanceledException`'s `CancellationReasons`.
#[derive(Clone, Debug, PartialEq)]
pub struct CancellationReason {
    /// `None` for an action that would have succeeded, else `ConditionalCheckFailed`,
    /// `ValidationError`, `ItemCollectionSizeLimitExceeded`, ...
    pub code: String,
    /// What went wrong (absent for `None`).
    pub message: Option<String>,
    /// The item as it was, for a failed condition that asked for it with
    /// `ReturnValuesOnConditionCheckFailure: ALL_OLD`.
    pub item: Option<Item>,
}

/// What operations return.
pub type Result<T, E = DynamoError> = std::result::Result<T, E>;

impl DynamoError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        DynamoError {
            kind,
            message: message.into(),
            item: None,
            cancellation_reasons: Vec::new(),
        }
    }

    /// `ValidationException` with `message`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    /// `SerializationException` with `message`.
    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Serialization, message)
    }

    /// `ResourceNotFoundException` with `message`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ResourceNotFound, message)
    }

    /// `ResourceInUseException` with `message`.
    pub fn in_use(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ResourceInUse, message)
    }

    /// `InternalServerError` with `message`.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
}

impl fmt::Display for DynamoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for DynamoError {}

impl From<ExprError> for DynamoError {
    fn from(e: ExprError) -> Self {
        DynamoError::validation(e.to_string())
    }
}

impl From<DecodeError> for DynamoError {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::Serialization(_) => DynamoError::serialization(e.message()),
            DecodeError::Validation(_) => DynamoError::validation(e.message()),
        }
    }
}

impl From<crate::expr::eval::EvalError> for DynamoError {
    fn from(e: crate::expr::eval::EvalError) -> Self {
        DynamoError::validation(e.message())
    }
}
