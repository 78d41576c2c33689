//! Reading request bodies under DynamoDB's size limit.
//!
//! DynamoDB refuses a request body over 16 MiB with `413` (dynalite's connection tests,
//! run against DynamoDB: 16 MiB + 1 byte is refused, 16 MiB exactly is not). A body is
//! refused as soon as it is known to be too large: at once when its `Content-Length` says
//! so, otherwise when the bytes read pass the limit.
//!
//! A refused body is then drained for a while (bounded in time and bytes) instead of
//! being dropped: closing a socket with unread data makes the kernel reset the
//! connection, and a client still writing its body would then lose the `413` it was sent.

use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::{Body, Bytes, Incoming};

/// The largest request body DynamoDB accepts: 16 MiB.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// How long a refused body is drained at most.
const DRAIN_TIME: Duration = Duration::from_secs(10);
/// How many bytes of a refused body are drained at most.
const DRAIN_BYTES: u64 = 64 * 1024 * 1024;
/// The most buffer reserved up front from a `Content-Length`.
const MAX_PREALLOCATION: u64 = 1024 * 1024;

/// The outcome of reading a body.
pub(crate) enum BodyRead {
    /// The whole body, within the limit.
    Complete(Bytes),
    /// The body is over the limit; what is left of it is returned for draining.
    TooLarge(Incoming),
    /// The connection failed while the body was read (the client went away, or sent a
    /// malformed chunk).
    Failed,
}

/// Reads `body` whole if it is at most `limit` bytes.
pub(crate) async fn read_limited(mut body: Incoming, limit: usize) -> BodyRead {
    let hint = body.size_hint();
    if hint.lower() > limit as u64 {
        return BodyRead::TooLarge(body);
    }
    let mut buf = Vec::with_capacity(hint.lower().min(MAX_PREALLOCATION) as usize);
    while let Some(frame) = body.frame().await {
        let frame = match frame {
            Ok(frame) => frame,
            Err(_) => return BodyRead::Failed,
        };
        if let Ok(data) = frame.into_data() {
            if buf.len() + data.len() > limit {
                return BodyRead::TooLarge(body);
            }
            if buf.is_empty() && hint.exact() == Some(data.len() as u64) {
                // The whole body in one frame: no copy.
                return BodyRead::Complete(data);
            }
            buf.extend_from_slice(&data);
        }
    }
    BodyRead::Complete(Bytes::from(buf))
}

/// Reads and discards what is left of a refused body, in the background, for at most
/// [`DRAIN_TIME`] and [`DRAIN_BYTES`].
pub(crate) fn drain(mut body: Incoming) {
    tokio::spawn(async move {
        let _ = tokio::time::timeout(DRAIN_TIME, async move {
            let mut drained = 0u64;
            while let Some(Ok(frame)) = body.frame().await {
                if let Ok(data) = frame.into_data() {
                    drained += data.len() as u64;
                    if drained > DRAIN_BYTES {
                        break;
                    }
                }
            }
        })
        .await;
    });
}
