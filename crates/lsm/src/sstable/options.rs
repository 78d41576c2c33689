//! How tables are built: block size, restart interval, bloom filter, compression and the
//! optional prefix extractor.
//!
//! Only [`TableOptions::prefix_extractor`] matters to a reader (it decides whether the
//! table's prefix filter may be consulted); every other option is recorded in the table
//! itself (per-block compression type, filter parameters) so a table is readable whatever
//! options it was built with.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use parking_lot::Mutex;

/// How data blocks are compressed. Stored per block (see `docs/format/sstable.md`), so
/// changing it never affects reading existing tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Blocks are stored as built.
    None,
    /// Blocks are compressed with LZ4 (block format) when that saves at least 12.5%.
    Lz4,
}

/// Maps a user key to its prefix, for prefix bloom filters.
///
/// Contract: the prefix of a key must be a prefix of the key, and every key with a given
/// prefix must sort contiguously (true of any "first n bytes"-style extractor). The name
/// identifies the mapping: a table built with an extractor of another name never consults
/// its prefix filter, so renaming an extractor whenever its mapping changes keeps old tables
/// correct.
pub trait PrefixExtractor: Send + Sync + std::fmt::Debug {
    /// A name identifying the mapping; stored in each table's filter block.
    fn name(&self) -> &str;
    /// The prefix of `user_key`, or `None` if the key has none (it is then not added to the
    /// prefix filter).
    fn prefix<'a>(&self, user_key: &'a [u8]) -> Option<&'a [u8]>;
}

/// The first `n` bytes of a key; keys shorter than `n` have no prefix.
/// Its name is `cairn.fixed_prefix.<n>`.
#[derive(Debug)]
pub struct FixedPrefix(pub usize);

/// Interned `cairn.fixed_prefix.<n>` names: one small leaked string per distinct `n` used by
/// the process, so that [`PrefixExtractor::name`] can return a borrowed `&str`.
fn fixed_prefix_name(n: usize) -> &'static str {
    static NAMES: OnceLock<Mutex<HashMap<usize, &'static str>>> = OnceLock::new();
    let mut names = NAMES.get_or_init(Default::default).lock();
    names
        .entry(n)
        .or_insert_with(|| Box::leak(format!("cairn.fixed_prefix.{n}").into_boxed_str()))
}

impl PrefixExtractor for FixedPrefix {
    fn name(&self) -> &str {
        fixed_prefix_name(self.0)
    }

    fn prefix<'a>(&self, user_key: &'a [u8]) -> Option<&'a [u8]> {
        user_key.get(..self.0)
    }
}

/// Options for building (and, for the prefix extractor, reading) tables.
#[derive(Clone, Debug)]
pub struct TableOptions {
    /// Target uncompressed size of a data block; a block is cut once it reaches this size.
    /// Default 4096.
    pub block_size: usize,
    /// Entries between restart points in data blocks (index blocks always use 1).
    /// Default 16. Values below 1 are treated as 1.
    pub restart_interval: usize,
    /// Bloom filter bits per key; 0 builds no filter (whole-key or prefix). Default 10.
    pub bloom_bits_per_key: u32,
    /// Compression of data and index blocks. Default [`Compression::None`].
    pub compression: Compression,
    /// Adds each key's prefix to the filter when building; enables
    /// `Table::may_contain_prefix` when reading a table built with the same extractor name.
    /// Default `None`.
    pub prefix_extractor: Option<Arc<dyn PrefixExtractor>>,
}

impl Default for TableOptions {
    fn default() -> Self {
        Self {
            block_size: 4096,
            restart_interval: 16,
            bloom_bits_per_key: 10,
            compression: Compression::None,
            prefix_extractor: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_prefix() {
        let p = FixedPrefix(3);
        assert_eq!(p.prefix(b"abcd"), Some(&b"abc"[..]));
        assert_eq!(p.prefix(b"abc"), Some(&b"abc"[..]));
        assert_eq!(p.prefix(b"ab"), None);
        assert_eq!(p.name(), "cairn.fixed_prefix.3");
        assert_eq!(FixedPrefix(12).name(), "cairn.fixed_prefix.12");
        assert!(std::ptr::eq(p.name(), FixedPrefix(3).name()));
        let d = TableOptions::default();
        assert_eq!(
            (d.block_size, d.restart_interval, d.bloom_bits_per_key),
            (4096, 16, 10)
        );
        assert_eq!(d.compression, Compression::None);
    }
}
