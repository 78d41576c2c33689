//! cairn's HTTP front end: DynamoDB's JSON protocol (`POST /` with
//! `X-Amz-Target: DynamoDB_20120810.<Operation>`) over HTTP/1.1.

#![warn(missing_docs)]
