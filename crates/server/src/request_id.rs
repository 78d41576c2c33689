//! Request ids in AWS's form: 52 characters from `0-9A-Z`, sent as `x-amzn-RequestId`.
//!
//! They only need to be unique and unguessable enough to tell requests apart in logs, not
//! cryptographically random: a SplitMix64 stream over a per-process random seed and a
//! global counter gives that without a dependency.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// Length of a request id.
pub const REQUEST_ID_LEN: usize = 52;

const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| {
        // `RandomState` is seeded from the OS's randomness.
        let mut h = RandomState::new().build_hasher();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        h.write_u128(now);
        h.write_u32(std::process::id());
        h.finish()
    })
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A fresh request id.
pub fn new_request_id() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut state = seed() ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03);
    let mut id = String::with_capacity(REQUEST_ID_LEN);
    for _ in 0..REQUEST_ID_LEN {
        id.push(ALPHABET[(splitmix64(&mut state) % 36) as usize] as char);
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_aws_form_and_differ() {
        let a = new_request_id();
        let b = new_request_id();
        assert_eq!(a.len(), REQUEST_ID_LEN);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
