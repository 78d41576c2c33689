//! What the benchmarks write and read: keys, values and the random order of both.
//!
//! Everything is derived from `--seed`, so two runs (and two engines in one run) see the same
//! sequence of operations.

use std::ops::Range;

/// SplitMix64: turns any seed (including 0 and small consecutive integers) into a
/// well-mixed 64-bit state. Used to derive per-benchmark and per-thread seeds.
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// xorshift64* (Vigna): a fast generator, good enough to pick keys and fill values.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose stream is a function of `seed` only.
    pub fn new(seed: u64) -> Self {
        // The state must never be zero.
        let state = splitmix64(seed) | 1;
        Self { state }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A uniform integer in `[0, n)` (Lemire's multiply-shift; the bias is below 2^-32 for
    /// any `n` a benchmark uses). `n` must be positive.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A random permutation of `0..n` (Fisher-Yates).
    pub fn permutation(&mut self, n: u64) -> Vec<u64> {
        let mut v: Vec<u64> = (0..n).collect();
        for i in (1..v.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
        v
    }
}

/// Writes the decimal `index`, zero-padded on the left to `out.len()` bytes, into `out`
/// (db_bench's `%016d` for the default 16-byte keys). `out` must be long enough for every
/// digit: `Config` checks that `--key_size` fits `--num`.
pub fn format_key(index: u64, out: &mut [u8]) {
    let mut n = index;
    for b in out.iter_mut().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
    debug_assert_eq!(n, 0, "key_size too small for index {index}");
}

/// Number of decimal digits of `n` (1 for 0).
pub fn decimal_digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// Values for the benchmarks: slices of a pre-built buffer of partly compressible data,
/// handed out at advancing offsets (as db_bench's `RandomGenerator` does).
///
/// The buffer is made of pieces of `piece` bytes; each piece is `ratio * piece` random
/// printable bytes repeated to fill it, so a compressor can shrink it to roughly `ratio` of
/// its size.
#[derive(Debug, Clone)]
pub struct ValueGen {
    data: Vec<u8>,
    pos: usize,
}

impl ValueGen {
    /// A generator for values of up to `value_size` bytes compressing to about `ratio`.
    pub fn new(seed: u64, value_size: usize, ratio: f64) -> Self {
        let mut rng = Rng::new(seed);
        let total = (1 << 20).max(value_size * 2);
        let piece = 100.max(value_size.min(4096));
        let raw_len = ((piece as f64 * ratio).ceil() as usize).clamp(1, piece);
        let mut data = Vec::with_capacity(total + piece);
        let mut raw = vec![0u8; raw_len];
        while data.len() < total {
            for b in raw.iter_mut() {
                // Printable ASCII, like db_bench's RandomString.
                *b = b' ' + rng.below(95) as u8;
            }
            let mut filled = 0;
            while filled < piece {
                let n = raw_len.min(piece - filled);
                data.extend_from_slice(&raw[..n]);
                filled += n;
            }
        }
        Self { data, pos: 0 }
    }

    /// The range in [`ValueGen::data`] of the next value of `len` bytes.
    pub fn next_range(&mut self, len: usize) -> Range<usize> {
        if self.pos + len > self.data.len() {
            self.pos = 0;
        }
        let r = self.pos..self.pos + len;
        self.pos += len;
        r
    }

    /// The next value of `len` bytes.
    pub fn next_value(&mut self, len: usize) -> &[u8] {
        let r = self.next_range(len);
        &self.data[r]
    }

    /// The buffer that [`ValueGen::next_range`] indexes.
    pub fn data(&self) -> &[u8] {
        &self.data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_zero_padded_decimal() {
        let mut k = [0u8; 16];
        format_key(42, &mut k);
        assert_eq!(&k, b"0000000000000042");
        let mut k = [0u8; 3];
        format_key(999, &mut k);
        assert_eq!(&k, b"999");
        assert_eq!(decimal_digits(0), 1);
        assert_eq!(decimal_digits(999_999), 6);
        assert_eq!(decimal_digits(1_000_000), 7);
    }

    #[test]
    fn permutation_is_a_permutation() {
        let mut p = Rng::new(7).permutation(1000);
        assert_ne!(p, (0..1000).collect::<Vec<_>>());
        p.sort_unstable();
        assert_eq!(p, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn below_stays_in_range_and_is_deterministic() {
        let mut a = Rng::new(1);
        let mut b = Rng::new(1);
        for _ in 0..10_000 {
            let x = a.below(17);
            assert!(x < 17);
            assert_eq!(x, b.below(17));
        }
    }

    #[test]
    fn values_have_the_requested_length_and_repeat() {
        let mut g = ValueGen::new(3, 100, 0.5);
        let v = g.next_value(100).to_vec();
        assert_eq!(v.len(), 100);
        assert_eq!(v[..50], v[50..]);
        for _ in 0..100_000 {
            assert_eq!(g.next_value(100).len(), 100);
        }
    }
}
