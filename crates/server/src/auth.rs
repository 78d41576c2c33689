//! The authentication checks DynamoDB makes before looking at the signature itself.
//!
//! A request must carry either an `Authorization` header starting with `AWS4-` or a
//! pre-signed query string (`X-Amz-Algorithm`, ...), not both, and it must have every
//! part a signature is computed from. Which credentials are given is not checked yet (any
//! access key is accepted, as DynamoDB Local does); the signature is not verified yet.
//!
//! The order of the checks and the exact messages follow DynamoDB as recorded by
//! dynalite's connection tests, which ran against the real service.

use crate::error::ApiError;

/// What of the request the checks look at.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthInput<'a> {
    /// The `Authorization` header, if present.
    pub authorization: Option<&'a str>,
    /// Whether an `X-Amz-Date` header with a non-empty value is present.
    pub has_amz_date: bool,
    /// Whether a `Date` header with a non-empty value is present.
    pub has_date: bool,
    /// The request's query string (after `?`), if any.
    pub query: Option<&'a str>,
}

const HEADER_PARAMS: [&str; 3] = ["Credential", "Signature", "SignedHeaders"];
const QUERY_PARAMS: [&str; 5] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Signature",
    "X-Amz-SignedHeaders",
    "X-Amz-Date",
];

/// Checks that a request is signed in a form DynamoDB would go on to verify.
pub fn check(input: &AuthInput<'_>) -> Result<(), ApiError> {
    let header = input.authorization.map(trim_ows);
    let query = parse_query(input.query.unwrap_or(""));
    let query_auth = query.iter().any(|(k, _)| k == "X-Amz-Algorithm");

    if header.is_some() && query_auth {
        return Err(ApiError::invalid_signature(
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
        ));
    }
    match header {
        None if !query_auth => Err(ApiError::missing_authentication_token()),
        Some(h) if !h.starts_with("AWS4-") => Err(ApiError::missing_authentication_token()),
        Some(h) => check_header(h, input.has_amz_date || input.has_date),
        None => check_query(&query),
    }
}

/// The `Authorization` header must name a credential, a signature and the signed headers,
/// and a date must come with the request.
fn check_header(header: &str, has_date: bool) -> Result<(), ApiError> {
    // `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`: the words after
    // the algorithm, split at commas and spaces, each `key=value`; a later key wins.
    let mut params: Vec<(&str, &str)> = Vec::new();
    for word in header.split([',', ' ']).skip(1).filter(|w| !w.is_empty()) {
        let mut parts = word.trim().split('=');
        let key = parts.next().unwrap_or("");
        let value = parts.next().unwrap_or("");
        params.retain(|(k, _)| *k != key);
        params.push((key, value));
    }
    let mut message = String::new();
    for param in HEADER_PARAMS {
        if !params.iter().any(|(k, v)| *k == param && !v.is_empty()) {
            message.push_str(&format!(
                "Authorization header requires '{param}' parameter. "
            ));
        }
    }
    if !has_date {
        message.push_str(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
        );
    }
    if message.is_empty() {
        return Ok(());
    }
    message.push_str("Authorization=");
    message.push_str(header);
    Err(ApiError::incomplete_signature(message))
}

/// A pre-signed request must carry every `X-Amz-*` parameter, non-empty.
fn check_query(query: &[(String, String)]) -> Result<(), ApiError> {
    let mut message = String::new();
    for param in QUERY_PARAMS {
        if !query.iter().any(|(k, v)| k == param && !v.is_empty()) {
            message.push_str(&format!(
                "AWS query-string parameters must include '{param}'. "
            ));
        }
    }
    if message.is_empty() {
        return Ok(());
    }
    message.push_str("Re-examine the query-string parameters.");
    Err(ApiError::incomplete_signature(message))
}

/// HTTP's optional whitespace around a header value.
fn trim_ows(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// `a=1&b&c=%20x+y` into decoded pairs (`b` has the empty value).
fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Form-urlencoded decoding: `+` is a space, `%XX` a byte; a malformed escape stays as
/// it is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let digit = |j: usize| bytes.get(j).copied().and_then(hex);
                match (digit(i + 1), digit(i + 2)) {
                    (Some(hi), Some(lo)) => {
                        out.push(hi << 4 | lo);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(h: &str, date: bool) -> Result<(), ApiError> {
        check(&AuthInput {
            authorization: Some(h),
            has_date: date,
            ..Default::default()
        })
    }

    fn message(r: Result<(), ApiError>) -> String {
        r.unwrap_err().message.unwrap()
    }

    #[test]
    fn complete_header_passes() {
        let h = "AWS4-HMAC-SHA256 Credential=AKID/20130609/us-east-1/dynamodb/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature=abc";
        assert!(header(h, true).is_ok());
    }

    #[test]
    fn missing_parts_are_listed() {
        assert_eq!(
            message(header("AWS4-", false)),
            "Authorization header requires 'Credential' parameter. \
             Authorization header requires 'Signature' parameter. \
             Authorization header requires 'SignedHeaders' parameter. \
             Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
             Authorization=AWS4-"
        );
        assert_eq!(
            message(header("AWS4- Signature=b, Credential=a", true)),
            "Authorization header requires 'SignedHeaders' parameter. \
             Authorization=AWS4- Signature=b, Credential=a"
        );
    }

    #[test]
    fn header_not_aws4_is_missing_token() {
        let e = header("AWS4", true).unwrap_err();
        assert_eq!(e.short_name(), "MissingAuthenticationTokenException");
    }

    #[test]
    fn query_checks() {
        let q = |query: &str, auth: Option<&str>| {
            check(&AuthInput {
                authorization: auth,
                query: Some(query),
                ..Default::default()
            })
        };
        assert_eq!(
            q("X-Amz-Algorithm", Some("X")).unwrap_err().short_name(),
            "InvalidSignatureException"
        );
        assert_eq!(
            q("X-Amz-Algorith", Some("X")).unwrap_err().short_name(),
            "MissingAuthenticationTokenException"
        );
        assert_eq!(
            message(q(
                "X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d",
                None
            )),
            "AWS query-string parameters must include 'X-Amz-SignedHeaders'. \
             Re-examine the query-string parameters."
        );
        assert!(q(
            "X-Amz-Algorithm=a&X-Amz-Credential=b%2Fc&X-Amz-Signature=c&X-Amz-SignedHeaders=host&X-Amz-Date=d",
            None
        )
        .is_ok());
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%2Fb+c%"), "a/b c%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%41"), "A");
    }
}
