//! DynamoDB's JSON protocol over HTTP: from a request to the response DynamoDB would give.
//!
//! The checks run in DynamoDB's order, as dynalite's connection tests (run against the
//! real service) record it; the first that fails decides the answer:
//!
//! 1. A body over 16 MiB: `413`, empty chunked body, connection closed after (cairn
//!    adds an `x-amzn-RequestId` here too; dynalite sends none).
//! 2. From here on every response has an `x-amzn-RequestId`; a request with an `Origin`
//!    header gets `Access-Control-Allow-Origin: *`, and `OPTIONS` with `Origin` is a CORS
//!    preflight: `200`, empty, echoing the requested headers and method, max age 172800.
//! 3. `GET` (any path): `200` with the health text
//!    `healthy: dynamodb.<region>.amazonaws.com ` (trailing space included).
//! 4. A method other than `POST`, or a non-empty body whose content type (up to `;`,
//!    trimmed, case-sensitive) is neither `application/x-amz-json-1.0` nor
//!    `application/json`: `404` with `<UnknownOperationException/>\n` (so
//!    `application/x-amz-json-1.1` is refused). An empty body passes whatever its type.
//! 5. From here on answers are JSON, typed `application/x-amz-json-1.0` if the request
//!    was, `application/json` otherwise.
//! 6. A non-empty body that is not JSON: `SerializationException`, no message.
//! 7. `X-Amz-Target` not `DynamoDB_20120810.<known operation>`: `UnknownOperationException`,
//!    no message.
//! 8. Authentication ([`crate::auth`]): `InvalidSignatureException`,
//!    `MissingAuthenticationTokenException` or `IncompleteSignatureException`.
//! 9. An empty body: `SerializationException`, no message.
//! 10. The [`Handler`]: `200` with its JSON, or its error's status and body.
//!
//! The path is not looked at (as in dynalite): SDKs configured with an endpoint that has
//! a path post there, and the query string carries pre-signed authentication.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use hyper::body::{Bytes, Incoming};
use hyper::header::{
    HeaderMap, HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, DATE, EXPECT,
    ORIGIN,
};
use hyper::http::request::Parts;
use hyper::{Method, Request, Response, StatusCode};
use serde_json::Value;

use crate::auth::{self, AuthInput};
use crate::body::{self, BodyRead, MAX_REQUEST_BYTES};
use crate::error::ApiError;
use crate::request_id::new_request_id;
use crate::response::{self, Body, AMZ_JSON_1_0, APPLICATION_JSON, REQUEST_ID};
use crate::router::{operation_from_target, Blocking, Handler};

/// How long browsers may cache a CORS preflight answer, in seconds (DynamoDB's value).
const CORS_MAX_AGE: &str = "172800";

/// The protocol front end: turns requests into calls of a [`Handler`].
pub(crate) struct Protocol {
    handler: Arc<dyn Handler>,
    health: Bytes,
    /// [`Blocking::Briefly`] calls in flight, inline or on the blocking pool.
    brief_calls: AtomicUsize,
}

impl Protocol {
    /// A front end answering with `handler`, reporting `health` on `GET`.
    pub(crate) fn new(handler: Arc<dyn Handler>, health: String) -> Self {
        Protocol {
            handler,
            health: Bytes::from(health),
            brief_calls: AtomicUsize::new(0),
        }
    }

    /// Answers one request.
    pub(crate) async fn serve(&self, request: Request<Incoming>) -> Response<Body> {
        let (parts, incoming) = request.into_parts();
        let body = match body::read_limited(incoming, MAX_REQUEST_BYTES).await {
            BodyRead::Complete(body) => body,
            BodyRead::TooLarge(rest) => {
                // A client that waits for `100 Continue` will not send the body.
                if !parts.headers.contains_key(EXPECT) {
                    body::drain(rest);
                }
                let mut response = response::too_large();
                set_request_id(&mut response);
                return response;
            }
            BodyRead::Failed => return response::unreadable(),
        };

        let mut response = self.answer(&parts, body).await;
        set_request_id(&mut response);
        if has_value(&parts.headers, ORIGIN.as_str()) {
            response
                .headers_mut()
                .insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
        response
    }

    async fn answer(&self, parts: &Parts, body: Bytes) -> Response<Body> {
        let headers = &parts.headers;
        if parts.method == Method::OPTIONS && has_value(headers, ORIGIN.as_str()) {
            return preflight(headers);
        }
        if parts.method == Method::GET {
            return response::with_body(StatusCode::OK, None, self.health.clone());
        }

        let content_type = media_type(headers);
        if parts.method != Method::POST
            || (!body.is_empty()
                && content_type != AMZ_JSON_1_0
                && content_type != APPLICATION_JSON)
        {
            return response::not_found();
        }
        let reply_type = if content_type == AMZ_JSON_1_0 {
            AMZ_JSON_1_0
        } else {
            APPLICATION_JSON
        };
        let fail = |e: ApiError| response::error(reply_type, &e);

        let value = if body.is_empty() {
            None
        } else {
            match serde_json::from_str::<Value>(&String::from_utf8_lossy(&body)) {
                Ok(v) => Some(v),
                Err(_) => return fail(ApiError::serialization()),
            }
        };

        let target = joined_header_text(headers, "x-amz-target");
        let Some(op) = operation_from_target(&target) else {
            return fail(ApiError::unknown_operation());
        };

        // An empty header counts as none.
        let authorization = header_text(headers, AUTHORIZATION.as_str()).filter(|a| !a.is_empty());
        let auth_input = AuthInput {
            authorization: authorization.as_deref(),
            has_amz_date: has_value(headers, "x-amz-date"),
            has_date: has_value(headers, DATE.as_str()),
            query: parts.uri.query(),
        };
        if let Err(e) = auth::check(&auth_input) {
            return fail(e);
        }

        let Some(value) = value else {
            return fail(ApiError::serialization());
        };
        match self.call(op, value).await {
            Ok(out) => match serde_json::to_vec(&out) {
                Ok(bytes) => response::json(StatusCode::OK, reply_type, bytes),
                Err(_) => fail(ApiError::internal_server_error()),
            },
            Err(e) => fail(e),
        }
    }

    /// Runs the handler in place or on the blocking pool, as its [`Blocking`] class says; a
    /// panic becomes `InternalServerError`.
    async fn call(&self, op: &str, body: Value) -> Result<Value, ApiError> {
        let _brief = match self.handler.blocking(op) {
            Blocking::Never => return self.call_in_place(op, body),
            Blocking::Briefly => {
                let guard = InFlight::enter(&self.brief_calls);
                if guard.alone {
                    return self.call_in_place(op, body);
                }
                Some(guard)
            }
            Blocking::Long => None,
        };
        let handler = Arc::clone(&self.handler);
        let name = op.to_owned();
        match tokio::task::spawn_blocking(move || handler.handle(&name, body)).await {
            Ok(result) => result,
            Err(e) => {
                eprintln!("cairn-server: {op} failed: {e}");
                Err(ApiError::internal_server_error())
            }
        }
    }

    fn call_in_place(&self, op: &str, body: Value) -> Result<Value, ApiError> {
        let handler = &self.handler;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler.handle(op, body)))
            .unwrap_or_else(|_| {
                eprintln!("cairn-server: {op} failed: the handler panicked");
                Err(ApiError::internal_server_error())
            })
    }
}

/// One call counted in a gauge while it lives (a panic or a dropped future included).
struct InFlight<'a> {
    gauge: &'a AtomicUsize,
    /// No other counted call was in flight when this one entered.
    alone: bool,
}

impl<'a> InFlight<'a> {
    fn enter(gauge: &'a AtomicUsize) -> Self {
        let before = gauge.fetch_add(1, Ordering::AcqRel);
        InFlight {
            gauge,
            alone: before == 0,
        }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.gauge.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The CORS preflight answer.
fn preflight(headers: &HeaderMap) -> Response<Body> {
    let mut response = Response::new(Body::new(Bytes::new()));
    let out = response.headers_mut();
    for (requested, allowed) in [
        (ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_ALLOW_HEADERS),
        (ACCESS_CONTROL_REQUEST_METHOD, ACCESS_CONTROL_ALLOW_METHODS),
    ] {
        if has_value(headers, requested.as_str()) {
            if let Some(v) = headers.get(&requested) {
                out.insert(allowed, v.clone());
            }
        }
    }
    out.insert(
        ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(CORS_MAX_AGE),
    );
    out.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
    response
}

fn set_request_id(response: &mut Response<Body>) {
    if let Ok(id) = HeaderValue::from_str(&new_request_id()) {
        response.headers_mut().insert(REQUEST_ID, id);
    }
}

/// A header's value as text: bytes outside ASCII read as Latin-1, surrounding spaces and
/// tabs trimmed; the first one if repeated.
fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).map(|v| latin1(v.as_bytes()))
}

/// All of a repeated header's values joined with `", "` (empty if absent), as HTTP
/// allows for list-valued headers: two targets make an unknown one.
fn joined_header_text(headers: &HeaderMap, name: &str) -> String {
    headers
        .get_all(name)
        .iter()
        .map(|v| latin1(v.as_bytes()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn latin1(bytes: &[u8]) -> String {
    let text: String = bytes.iter().map(|&b| b as char).collect();
    text.trim_matches([' ', '\t']).to_owned()
}

fn has_value(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get(name)
        .is_some_and(|v| !v.as_bytes().iter().all(|b| b.is_ascii_whitespace()))
}

/// The media type of `Content-Type`: up to the first `;`, trimmed; empty if absent.
fn media_type(headers: &HeaderMap) -> String {
    header_text(headers, CONTENT_TYPE.as_str())
        .map(|ct| ct.split(';').next().unwrap_or("").trim().to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_of_overlapping_calls_is_alone() {
        let gauge = AtomicUsize::new(0);
        let first = InFlight::enter(&gauge);
        let second = InFlight::enter(&gauge);
        assert!(first.alone);
        assert!(!second.alone);
        drop(first);
        let third = InFlight::enter(&gauge);
        assert!(!third.alone, "the second is still in flight");
        drop(second);
        drop(third);
        assert_eq!(gauge.load(Ordering::Relaxed), 0);
        assert!(InFlight::enter(&gauge).alone);
    }
}
