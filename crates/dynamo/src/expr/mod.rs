//! DynamoDB expressions.
