//! DynamoDB's legacy (pre-expression) parameters, translated to expressions.
