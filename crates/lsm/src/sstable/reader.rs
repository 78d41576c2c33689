//! Reads a table: point lookups and a two-level iterator (index block -> data blocks).
//!
//! [`Table::open`] reads and verifies the footer, the index block and the filter block and
//! keeps them in memory; data blocks are read on demand, verified, and shared through the
//! [`BlockCache`] when one is given (keyed by file number and block offset). Every malformed
//! byte surfaces as [`Error::Corruption`], never as a panic or wrong data.
//!
//! Cost of [`Table::get`]: a filter probe (one cache line), a binary search of the in-memory
//! index (restart interval 1, so no key is copied), then a binary search and short scan of
//! one data block. On a block-cache hit it allocates only the returned key and value (and at
//! most one key buffer on a miss); a cache miss also allocates the block it reads. Index
//! lookups go through `IndexSearch`, a compact array of 8-byte key windows built at open,
//! so a search touches few cache lines.

use std::sync::Arc;

use crate::cache::BlockCache;
use crate::fs::RandomAccessFile;
use crate::iter::InternalIterator;
use crate::key::user_key;
use crate::{Error, Result};

use super::block::{Block, BlockIter, KeyLocation};
use super::bloom::BloomFilter;
use super::format::{read_block, BlockHandle, Footer, FOOTER_LEN};
use super::TableOptions;

/// A cache-friendly search structure over the index block, built at open when every index
/// entry is a restart point (as the builder writes it). All index keys share the user-key
/// prefix `common` (the one of the first and last keys); `windows[i]` holds the next 8
/// user-key bytes of entry `i` (big-endian, zero-padded), a non-decreasing sequence. A
/// lookup binary-searches the windows and compares whole keys only among equal windows.
#[derive(Debug)]
struct IndexSearch {
    common: Vec<u8>,
    windows: Vec<u64>,
}

/// The 8 bytes of `key` after `skip`, big-endian, zero-padded.
fn window(key: &[u8], skip: usize) -> u64 {
    let mut w = [0u8; 8];
    let tail = key.get(skip..).unwrap_or_default();
    let n = tail.len().min(8);
    w[..n].copy_from_slice(&tail[..n]);
    u64::from_be_bytes(w)
}

impl IndexSearch {
    /// `None` if the index block is not one restart per entry (then the generic block
    /// search is used).
    fn build(index: &Block) -> Result<Option<Self>> {
        let n = index.num_restarts();
        if index.is_empty() || index.count_entries()? != n {
            return Ok(None);
        }
        let (first, last) = (
            user_key(index.restart_entry(0)?.0),
            user_key(index.restart_entry(n - 1)?.0),
        );
        let c = first.iter().zip(last).take_while(|(a, b)| a == b).count();
        let mut windows = Vec::with_capacity(n);
        for i in 0..n {
            windows.push(window(user_key(index.restart_entry(i)?.0), c));
        }
        Ok(Some(Self {
            common: first[..c].to_vec(),
            windows,
        }))
    }

    /// Number of the first index entry whose key is `>= target`, if any.
    fn find(&self, index: &Block, target: &[u8]) -> Result<Option<usize>> {
        let uk = user_key(target);
        let c = self.common.len();
        let head = &uk[..uk.len().min(c)];
        let (mut lo, mut hi) = match head.cmp(&self.common[..head.len()]) {
            std::cmp::Ordering::Less => (0, 0),
            std::cmp::Ordering::Greater => return Ok(None),
            std::cmp::Ordering::Equal if uk.len() < c => (0, 0),
            std::cmp::Ordering::Equal => {
                let w = window(uk, c);
                let lo = self.windows.partition_point(|&x| x < w);
                let hi = lo
                    + self
                        .windows
                        .get(lo..)
                        .unwrap_or_default()
                        .partition_point(|&x| x <= w);
                (lo, hi)
            }
        };
        // Entries before `lo` are smaller than the target, entries from `hi` on larger.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if crate::key::compare_internal(index.restart_entry(mid)?.0, target).is_lt() {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Ok((lo < self.windows.len()).then_some(lo))
    }
}

/// An open table; shared between readers (`Send + Sync`).
pub struct Table {
    file: Arc<dyn RandomAccessFile>,
    file_number: u64,
    file_size: u64,
    /// Blocks must end before this offset (the footer's start).
    data_limit: u64,
    cache: Option<Arc<BlockCache>>,
    index: Arc<Block>,
    index_search: Option<IndexSearch>,
    filter: Option<BloomFilter>,
    /// True if the filter holds prefixes made by the extractor named in the reader's options.
    prefix_filter: bool,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("file_number", &self.file_number)
            .field("file_size", &self.file_size)
            .finish()
    }
}

impl Table {
    /// Reads and verifies footer, index block and filter. Corrupt or short files are
    /// [`Error::Corruption`] (never a panic).
    pub fn open(
        file: Arc<dyn RandomAccessFile>,
        file_number: u64,
        cache: Option<Arc<BlockCache>>,
        opts: &TableOptions,
    ) -> Result<Arc<Table>> {
        let file_size = file.len();
        let data_limit = file_size.checked_sub(FOOTER_LEN as u64).ok_or_else(|| {
            Error::corruption(format!(
                "table {file_number} is too short ({file_size} bytes)"
            ))
        })?;
        let mut footer = [0u8; FOOTER_LEN];
        file.read_exact_at(&mut footer, data_limit)?;
        let footer = Footer::decode(&footer)?;
        let index = Arc::new(Block::new(read_block(&*file, &footer.index, data_limit)?)?);
        let index_search = IndexSearch::build(&index)?;
        let filter = match &footer.filter {
            Some(h) => Some(BloomFilter::parse(read_block(&*file, h, data_limit)?)?),
            None => None,
        };
        let prefix_filter = match (&filter, &opts.prefix_extractor) {
            (Some(f), Some(px)) => !f.prefix_name().is_empty() && f.prefix_name() == px.name(),
            _ => false,
        };
        Ok(Arc::new(Table {
            file,
            file_number,
            file_size,
            data_limit,
            cache,
            index,
            index_search,
            filter,
            prefix_filter,
        }))
    }

    /// The file number given at open (the block cache key).
    pub fn file_number(&self) -> u64 {
        self.file_number
    }

    /// Number of data blocks (entries of the index block).
    pub fn num_data_blocks(&self) -> usize {
        match &self.index_search {
            Some(s) => s.windows.len(),
            None => self.index.count_entries().unwrap_or(0),
        }
    }

    /// The file's size in bytes.
    pub fn file_size(&self) -> u64 {
        self.file_size
    }

    /// Whole-key bloom check: false only if no entry has `user_key`. True without a filter.
    pub fn may_contain(&self, user_key: &[u8]) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|f| f.may_contain_key(user_key))
    }

    /// Prefix bloom check: false only if no key has `prefix` (as made by the extractor).
    /// True if the table has no prefix filter or was built with an extractor of another name
    /// than the one in the options given at open.
    pub fn may_contain_prefix(&self, prefix: &[u8]) -> bool {
        match &self.filter {
            Some(f) if self.prefix_filter => f.may_contain_prefix(prefix),
            _ => true,
        }
    }

    /// Reads (or finds in the cache) the data block at `handle`.
    fn data_block(&self, handle: &BlockHandle) -> Result<Arc<Block>> {
        if let Some(cache) = &self.cache {
            if let Some(b) = cache.get(self.file_number, handle.offset) {
                return Ok(b);
            }
        }
        let block = Arc::new(Block::new(read_block(
            &*self.file,
            handle,
            self.data_limit,
        )?)?);
        if let Some(cache) = &self.cache {
            cache.insert(self.file_number, handle.offset, block.clone());
        }
        Ok(block)
    }

    /// Point lookup: checks the whole-key bloom filter on `user_key(lookup)` first; then
    /// returns the first entry whose internal key is `>= lookup` if its user key equals
    /// `user_key(lookup)`. Returns `(internal key, value)`.
    pub fn get(&self, lookup: &[u8]) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        let wanted = user_key(lookup);
        if !self.may_contain(wanted) {
            return Ok(None);
        }
        let mut scratch = Vec::new();
        let handle = match &self.index_search {
            Some(search) => match search.find(&self.index, lookup)? {
                Some(i) => BlockHandle::decode(self.index.restart_entry(i)?.1)?,
                None => return Ok(None),
            },
            None => match self.index.seek_ge(lookup, &mut scratch)? {
                Some((_, value)) => {
                    BlockHandle::decode(self.index.data().get(value).unwrap_or_default())?
                }
                None => return Ok(None),
            },
        };
        let block = self.data_block(&handle)?;
        let Some((loc, value)) = block.seek_ge(lookup, &mut scratch)? else {
            return Ok(None);
        };
        let data = block.data();
        // The returned key is `scratch` itself: one allocation whatever the key's location.
        if let KeyLocation::InBlock(r) = loc {
            scratch.clear();
            scratch.extend_from_slice(data.get(r).unwrap_or_default());
        }
        if user_key(&scratch) != wanted {
            return Ok(None);
        }
        Ok(Some((
            scratch,
            data.get(value).unwrap_or_default().to_vec(),
        )))
    }

    /// Makes `table` use the generic index-block search (tests of the fallback path).
    #[cfg(test)]
    pub(crate) fn drop_index_search(table: &mut Arc<Table>) {
        if let Some(t) = Arc::get_mut(table) {
            t.index_search = None;
        }
    }

    /// An iterator over the whole table.
    pub fn iter(self: &Arc<Self>) -> TableIterator {
        TableIterator {
            index: self.index.iter(),
            table: self.clone(),
            data: None,
            data_offset: None,
            err: None,
        }
    }
}

/// A two-level iterator over a table: the index block picks a data block, a [`BlockIter`]
/// walks it. Owns an `Arc<Table>`. After a read error it is invalid for good and
/// `status()` reports the error.
pub struct TableIterator {
    table: Arc<Table>,
    index: BlockIter,
    data: Option<BlockIter>,
    /// Offset of the block `data` iterates.
    data_offset: Option<u64>,
    err: Option<Error>,
}

impl TableIterator {
    fn fail(&mut self, e: Error) {
        self.err.get_or_insert(e);
        self.data_offset = None;
    }

    /// Points `data` at the block the index is on (or unpositions it). False on error.
    fn init_data_block(&mut self) -> bool {
        if !self.index.valid() {
            self.data_offset = None;
            return true;
        }
        let handle = match BlockHandle::decode(self.index.value()) {
            Ok(h) => h,
            Err(e) => {
                self.fail(e);
                return false;
            }
        };
        if self.data_offset == Some(handle.offset) {
            return true;
        }
        match self.table.data_block(&handle) {
            Ok(block) => {
                match &mut self.data {
                    Some(d) => d.reset(block),
                    None => self.data = Some(BlockIter::new(block)),
                }
                self.data_offset = Some(handle.offset);
                true
            }
            Err(e) => {
                self.fail(e);
                false
            }
        }
    }

    fn data_valid(&self) -> bool {
        self.data_offset.is_some() && self.data.as_ref().is_some_and(|d| d.valid())
    }

    /// Checks the sub-iterators for errors; true if there was none.
    fn check(&mut self) -> bool {
        let e = match (&self.data, self.index.status()) {
            (_, Err(e)) => Some(e),
            (Some(d), _) => d.status().err(),
            _ => None,
        };
        match e {
            Some(e) => {
                self.fail(e);
                false
            }
            None => self.err.is_none(),
        }
    }

    /// Moves forward past exhausted data blocks.
    fn skip_forward(&mut self) {
        while self.check() && !self.data_valid() {
            if !self.index.valid() {
                self.data_offset = None;
                return;
            }
            self.index.next();
            if self.init_data_block() && self.data_offset.is_some() {
                if let Some(d) = &mut self.data {
                    d.seek_to_first();
                }
            }
        }
    }

    /// Moves backward past exhausted data blocks.
    fn skip_backward(&mut self) {
        while self.check() && !self.data_valid() {
            if !self.index.valid() {
                self.data_offset = None;
                return;
            }
            self.index.prev();
            if self.init_data_block() && self.data_offset.is_some() {
                if let Some(d) = &mut self.data {
                    d.seek_to_last();
                }
            }
        }
    }

    /// Positions the index with `f`, loads its block and positions that with `g`.
    fn position(&mut self, f: impl FnOnce(&mut BlockIter), g: impl FnOnce(&mut BlockIter)) -> bool {
        if self.err.is_some() {
            return false;
        }
        f(&mut self.index);
        if self.init_data_block() && self.data_offset.is_some() {
            if let Some(d) = &mut self.data {
                g(d);
            }
        }
        true
    }
}

impl InternalIterator for TableIterator {
    fn valid(&self) -> bool {
        self.err.is_none() && self.data_valid()
    }

    fn seek_to_first(&mut self) {
        if self.position(|i| i.seek_to_first(), |d| d.seek_to_first()) {
            self.skip_forward();
        }
    }

    fn seek_to_last(&mut self) {
        if self.position(|i| i.seek_to_last(), |d| d.seek_to_last()) {
            self.skip_backward();
        }
    }

    fn seek(&mut self, target: &[u8]) {
        let found = match &self.table.index_search {
            Some(search) => match search.find(&self.table.index, target) {
                Ok(found) => Some(found.unwrap_or(usize::MAX)),
                Err(e) => return self.fail(e),
            },
            None => None,
        };
        let seek_index = |i: &mut BlockIter| match found {
            Some(n) => i.seek_to_restart_entry(n),
            None => i.seek(target),
        };
        if self.position(seek_index, |d| d.seek(target)) {
            self.skip_forward();
        }
    }

    fn next(&mut self) {
        if !self.valid() {
            return;
        }
        if let Some(d) = &mut self.data {
            d.next();
            self.skip_forward();
        }
    }

    fn prev(&mut self) {
        if !self.valid() {
            return;
        }
        if let Some(d) = &mut self.data {
            d.prev();
            self.skip_backward();
        }
    }

    fn key(&self) -> &[u8] {
        self.data.as_ref().map_or(&[], |d| d.key())
    }

    fn value(&self) -> &[u8] {
        self.data.as_ref().map_or(&[], |d| d.value())
    }

    fn status(&self) -> Result<()> {
        self.err.clone().map_or(Ok(()), Err)
    }
}
