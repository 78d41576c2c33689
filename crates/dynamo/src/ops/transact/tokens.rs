//! The `ClientRequestToken`s of TransactWriteItems calls that succeeded in the last ten
//! minutes, in memory.
//!
//! DynamoDB: a call with the token of a call that succeeded less than ten minutes ago
//! answers success without writing again if the request is the same, and
//! `IdempotentParameterMismatchException` if it is not. A token of a call that failed is
//! not remembered. The cache holds at most [`MAX_TOKENS`] tokens; past that, expired ones
//! are dropped first, then the oldest (a retry that late is a client's problem on DynamoDB
//! too: its window is ten minutes, not a number of calls).
//!
//! # Thread safety
//!
//! Each token has a slot with its own lock, held from the lookup until the call's result
//! is recorded: two concurrent calls with one token run one after the other, so the second
//! replays the first instead of writing again. The map of slots has a lock of its own, held
//! only to find or create a slot. Lock order: a token slot, then storage's item locks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long a token is remembered after its call succeeded.
pub const WINDOW: Duration = Duration::from_secs(10 * 60);

/// Most tokens remembered at once.
pub const MAX_TOKENS: usize = 100_000;

/// What a successful call left to answer its replays with.
#[derive(Debug, Clone)]
pub struct Completed {
    /// When it succeeded.
    pub at: Instant,
    /// Its `TransactItems`, to tell a replay from another request.
    pub request: Value,
    /// Per action, its table and the size of the larger of the old and new item: a
    /// replay reports reading them.
    pub sizes: Vec<(String, usize)>,
    /// Its `ItemCollectionMetrics`, if it reported them.
    pub metrics: Option<Value>,
}

impl Completed {
    /// Whether it is still within the idempotency window.
    pub fn fresh(&self) -> bool {
        self.at.elapsed() < WINDOW
    }
}

/// One token's slot: empty until a call with the token succeeds.
pub type Slot = Arc<Mutex<Option<Completed>>>;

/// The tokens of recent successful calls.
#[derive(Debug, Default)]
pub struct TokenCache {
    slots: Mutex<HashMap<String, Slot>>,
}

/// Locks `m`, whatever a panicking holder left (a slot's content is replaced whole).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl TokenCache {
    /// The slot of `token` (created empty if there is none).
    pub fn slot(&self, token: &str) -> Slot {
        let mut slots = lock(&self.slots);
        if !slots.contains_key(token) && slots.len() >= MAX_TOKENS {
            prune(&mut slots, MAX_TOKENS - 1);
        }
        slots.entry(token.to_owned()).or_default().clone()
    }

    /// How many tokens are held.
    #[cfg(test)]
    fn len(&self) -> usize {
        lock(&self.slots).len()
    }
}

/// Drops slots nobody uses that are empty or expired, then the oldest completed ones,
/// until at most `keep` remain. A slot in use (a call holds it) is never dropped.
fn prune(slots: &mut HashMap<String, Slot>, keep: usize) {
    let idle = |s: &Slot| Arc::strong_count(s) == 1;
    slots.retain(|_, s| {
        !idle(s)
            || s.try_lock()
                .map(|c| c.as_ref().is_some_and(Completed::fresh))
                .unwrap_or(true)
    });
    if slots.len() <= keep {
        return;
    }
    let mut by_age: Vec<(Instant, String)> = slots
        .iter()
        .filter(|(_, s)| idle(s))
        .filter_map(|(k, s)| {
            let at = s.try_lock().ok()?.as_ref()?.at;
            Some((at, k.clone()))
        })
        .collect();
    by_age.sort();
    let excess = slots.len() - keep;
    for (_, k) in by_age.into_iter().take(excess) {
        slots.remove(&k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completed(age: Duration) -> Completed {
        Completed {
            at: Instant::now().checked_sub(age).unwrap_or_else(Instant::now),
            request: Value::Null,
            sizes: Vec::new(),
            metrics: None,
        }
    }

    #[test]
    fn one_token_one_slot() {
        let cache = TokenCache::default();
        let a = cache.slot("t");
        *lock(&a) = Some(completed(Duration::ZERO));
        drop(a);
        assert!(lock(&cache.slot("t")).is_some());
        assert!(lock(&cache.slot("u")).is_none());
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn pruning_drops_expired_and_empty_then_oldest() {
        let mut slots: HashMap<String, Slot> = HashMap::new();
        let put = |slots: &mut HashMap<String, Slot>, k: &str, c: Option<Completed>| {
            slots.insert(k.to_owned(), Arc::new(Mutex::new(c)));
        };
        put(&mut slots, "empty", None);
        put(&mut slots, "expired", Some(completed(WINDOW * 2)));
        put(&mut slots, "old", Some(completed(Duration::from_secs(60))));
        put(&mut slots, "new", Some(completed(Duration::ZERO)));
        let busy: Slot = Arc::new(Mutex::new(None));
        slots.insert("busy".into(), busy.clone());
        prune(&mut slots, 2);
        let mut left: Vec<&str> = slots.keys().map(String::as_str).collect();
        left.sort_unstable();
        assert_eq!(left, ["busy", "new"]);
    }
}
