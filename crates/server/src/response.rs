//! The responses the front end sends, with the headers DynamoDB puts on them.
//!
//! Every answer with a body carries `x-amz-crc32`, the CRC-32 (IEEE) of the body bytes in
//! decimal, which SDKs check, and `Content-Length`. Requests get an `x-amzn-RequestId`.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_TYPE, TRANSFER_ENCODING};
use hyper::{Response, StatusCode};

use crate::error::ApiError;

/// The response body type of the server: whole bodies only.
pub type Body = Full<Bytes>;

/// DynamoDB's JSON content type, `application/x-amz-json-1.0`.
pub const AMZ_JSON_1_0: &str = "application/x-amz-json-1.0";
/// The other content type DynamoDB accepts and answers with, `application/json`.
pub const APPLICATION_JSON: &str = "application/json";

/// `x-amzn-RequestId`.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-amzn-requestid");
/// `x-amz-crc32`.
pub const CRC32: HeaderName = HeaderName::from_static("x-amz-crc32");

/// The body DynamoDB answers requests that are not its protocol with (other methods,
/// other content types), with status 404.
pub const NOT_FOUND_BODY: &str = "<UnknownOperationException/>\n";

/// A response with `body`, its `x-amz-crc32`, and `content_type` if any.
pub(crate) fn with_body(
    status: StatusCode,
    content_type: Option<&'static str>,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let body = body.into();
    let crc = crc32fast::hash(&body);
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CRC32, HeaderValue::from(crc));
    if let Some(ct) = content_type {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    response
}

/// A JSON response.
pub(crate) fn json(
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
) -> Response<Body> {
    with_body(status, Some(content_type), body)
}

/// An error response.
pub(crate) fn error(content_type: &'static str, error: &ApiError) -> Response<Body> {
    json(error.status, content_type, error.to_body())
}

/// `404` with [`NOT_FOUND_BODY`], no content type.
pub(crate) fn not_found() -> Response<Body> {
    with_body(StatusCode::NOT_FOUND, None, NOT_FOUND_BODY)
}

/// `413`: an empty chunked body, as DynamoDB sends it; the connection is closed after.
pub(crate) fn too_large() -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    let headers = response.headers_mut();
    headers.insert(TRANSFER_ENCODING, HeaderValue::from_static("chunked"));
    headers.insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

/// `400` with no body, closing the connection: the request could not be read.
pub(crate) fn unreadable() -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::BAD_REQUEST;
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}
