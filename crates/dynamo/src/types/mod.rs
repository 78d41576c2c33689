//! DynamoDB data types.
