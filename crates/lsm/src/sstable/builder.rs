//! Writes a table: data blocks, then the filter block, the index block and the footer.
//!
//! Contract: keys are internal keys added in strictly increasing
//! [`compare_internal`] order (checked: a violation is [`Error::InvalidArgument`]). A data
//! block is cut once its encoded size reaches `block_size`. Its index entry is written when
//! the next key is known, with a separator `s` such that `last key of block <= s < first
//! key of next block` (a shortened user key with the maximal trailer when that is shorter,
//! else the last key itself); the final block is indexed by its last key. After an I/O error
//! every later call returns that error; the half-written file must be discarded.

use crate::fs::WritableFile;
use crate::key::{
    compare_internal, pack_trailer, user_key, KIND_FOR_SEEK, MAX_SEQUENCE, TRAILER_LEN,
};
use crate::{Error, Result};

use super::bloom::BloomBuilder;
use super::format::{seal_block, BlockHandle, Footer};
use super::{BlockBuilder, Compression, TableOptions};

/// What a finished table holds.
#[derive(Debug, Clone)]
pub struct TableSummary {
    /// Size of the file in bytes.
    pub file_size: u64,
    /// Number of entries.
    pub num_entries: u64,
    /// The smallest internal key (empty if the table has no entries).
    pub smallest: Vec<u8>,
    /// The largest internal key (empty if the table has no entries).
    pub largest: Vec<u8>,
}

/// Builds one table file.
pub struct TableBuilder {
    file: Box<dyn WritableFile>,
    opts: TableOptions,
    data: BlockBuilder,
    index: BlockBuilder,
    filter: Option<BloomBuilder>,
    offset: u64,
    num_entries: u64,
    smallest: Vec<u8>,
    last_key: Vec<u8>,
    /// The last data block written, whose index entry awaits the next key.
    pending: Option<BlockHandle>,
    scratch: Vec<u8>,
    separator: Vec<u8>,
    error: Option<Error>,
}

/// Sets `out` to a key `s` with `last <= s < next`, shorter than `last` where possible.
fn find_separator(last: &[u8], next: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let (lu, nu) = (user_key(last), user_key(next));
    let common = lu.iter().zip(nu).take_while(|(a, b)| a == b).count();
    if let (Some(&l), Some(&n)) = (lu.get(common), nu.get(common)) {
        // `lu[..common] ++ [l + 1]` is > lu, and < nu when its last byte is below nu's
        // byte there or when it is a proper prefix of nu.
        if common + 1 < lu.len() && l < 0xff && (l + 1 < n || nu.len() > common + 1) {
            out.extend_from_slice(&lu[..common]);
            out.push(l + 1);
            out.extend_from_slice(&pack_trailer(MAX_SEQUENCE, KIND_FOR_SEEK).to_le_bytes());
            return;
        }
    }
    out.extend_from_slice(last);
}

impl TableBuilder {
    /// A builder writing to `file` from its current position (normally a new, empty file).
    pub fn new(file: Box<dyn WritableFile>, opts: TableOptions) -> Self {
        let filter =
            (opts.bloom_bits_per_key > 0).then(|| BloomBuilder::new(opts.bloom_bits_per_key));
        Self {
            offset: file.position(),
            file,
            data: BlockBuilder::new(opts.restart_interval),
            index: BlockBuilder::new(1),
            filter,
            opts,
            num_entries: 0,
            smallest: Vec::new(),
            last_key: Vec::new(),
            pending: None,
            scratch: Vec::new(),
            separator: Vec::new(),
            error: None,
        }
    }

    /// Adds an entry. REQUIRES: `ikey` sorts strictly after the previous key by
    /// [`compare_internal`]. Keys are internal keys (user key + 8-byte trailer).
    pub fn add(&mut self, ikey: &[u8], value: &[u8]) -> Result<()> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if ikey.len() < TRAILER_LEN
            || ikey.len() > u32::MAX as usize
            || value.len() > u32::MAX as usize
        {
            return Err(Error::InvalidArgument(
                "bad key or value length for a table".into(),
            ));
        }
        let first = self.num_entries == 0;
        if !first && compare_internal(ikey, &self.last_key).is_le() {
            return Err(Error::InvalidArgument(
                "table keys added out of order".into(),
            ));
        }
        if let Some(handle) = self.pending.take() {
            find_separator(&self.last_key, ikey, &mut self.separator);
            self.scratch.clear();
            handle.encode_to(&mut self.scratch);
            self.index.add(&self.separator, &self.scratch);
        }
        if let Some(filter) = &mut self.filter {
            let uk = user_key(ikey);
            let prev = (!first).then(|| user_key(&self.last_key));
            if prev != Some(uk) {
                filter.add_key(uk);
                if let Some(px) = &self.opts.prefix_extractor {
                    if let Some(p) = px.prefix(uk) {
                        if prev.and_then(|u| px.prefix(u)) != Some(p) {
                            filter.add_prefix(p);
                        }
                    }
                }
            }
        }
        if first {
            self.smallest = ikey.to_vec();
        }
        self.data.add(ikey, value);
        self.last_key.clear();
        self.last_key.extend_from_slice(ikey);
        self.num_entries += 1;
        if self.data.size_estimate() >= self.opts.block_size {
            self.flush_data()?;
        }
        Ok(())
    }

    /// Bytes written so far plus the pending data block.
    pub fn estimated_size(&self) -> u64 {
        let pending = if self.data.is_empty() {
            0
        } else {
            self.data.size_estimate()
        };
        self.offset + pending as u64
    }

    /// Number of entries added.
    pub fn num_entries(&self) -> u64 {
        self.num_entries
    }

    /// Writes `contents` plus trailer at the current offset.
    fn write(
        file: &mut dyn WritableFile,
        offset: &mut u64,
        scratch: &mut Vec<u8>,
        raw: &[u8],
        compression: Compression,
    ) -> Result<BlockHandle> {
        let (contents, trailer) = seal_block(raw, compression, scratch);
        let handle = BlockHandle {
            offset: *offset,
            size: contents.len() as u64,
        };
        file.append(contents)?;
        file.append(&trailer)?;
        *offset += (contents.len() + trailer.len()) as u64;
        Ok(handle)
    }

    fn record<T>(&mut self, r: Result<T>) -> Result<T> {
        if let Err(e) = &r {
            self.error.get_or_insert_with(|| e.clone());
        }
        r
    }

    fn flush_data(&mut self) -> Result<()> {
        if self.data.is_empty() {
            return Ok(());
        }
        let raw = self.data.finish();
        let r = Self::write(
            &mut *self.file,
            &mut self.offset,
            &mut self.scratch,
            raw,
            self.opts.compression,
        );
        let handle = self.record(r)?;
        self.pending = Some(handle);
        self.data.reset();
        Ok(())
    }

    /// Writes the last data block, the filter, the index and the footer, then syncs
    /// (fdatasync) the file.
    pub fn finish(mut self) -> Result<TableSummary> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.flush_data()?;
        let filter = match self.filter.take() {
            Some(f) => {
                let name = self.opts.prefix_extractor.as_ref().map_or("", |p| p.name());
                let block = f.finish(name);
                Some(Self::write(
                    &mut *self.file,
                    &mut self.offset,
                    &mut self.scratch,
                    &block,
                    Compression::None,
                )?)
            }
            None => None,
        };
        if let Some(handle) = self.pending.take() {
            self.scratch.clear();
            handle.encode_to(&mut self.scratch);
            self.index.add(&self.last_key, &self.scratch);
        }
        let raw = self.index.finish();
        let mut scratch = std::mem::take(&mut self.scratch);
        let index = Self::write(
            &mut *self.file,
            &mut self.offset,
            &mut scratch,
            raw,
            self.opts.compression,
        )?;
        let footer = Footer { index, filter }.encode();
        self.file.append(&footer)?;
        self.offset += footer.len() as u64;
        self.file.flush()?;
        self.file.sync()?;
        Ok(TableSummary {
            file_size: self.offset,
            num_entries: self.num_entries,
            smallest: self.smallest,
            largest: self.last_key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::{internal_key, ValueKind};

    #[test]
    fn separators_sit_between_blocks() {
        let mut out = Vec::new();
        let cases: [(&[u8], &[u8]); 6] = [
            (b"apple_pie", b"banana"),
            (b"abcdef", b"abzz"),
            (b"abc", b"abd"),
            (b"abc", b"abcd"),
            (b"a\xffz", b"b"),
            (b"same", b"same"),
        ];
        for (l, n) in cases {
            let last = internal_key(l, 9, ValueKind::Value);
            let next = internal_key(n, 3, ValueKind::Value);
            find_separator(&last, &next, &mut out);
            assert!(compare_internal(&last, &out).is_le(), "{l:?}");
            assert!(compare_internal(&out, &next).is_lt(), "{l:?}");
            assert!(out.len() <= last.len());
        }
        find_separator(
            &internal_key(b"apple_pie", 1, ValueKind::Value),
            &internal_key(b"banana", 1, ValueKind::Value),
            &mut out,
        );
        assert_eq!(user_key(&out), b"b");
    }

    #[test]
    fn rejects_out_of_order_keys() {
        let fs = crate::fs::MemFs::new();
        let file = crate::fs::FileSystem::create(&fs, std::path::Path::new("t")).unwrap();
        let mut b = TableBuilder::new(file, TableOptions::default());
        b.add(&internal_key(b"b", 5, ValueKind::Value), b"")
            .unwrap();
        let again = b.add(&internal_key(b"b", 5, ValueKind::Value), b"");
        assert!(matches!(again, Err(Error::InvalidArgument(_))));
        assert!(b
            .add(&internal_key(b"a", 9, ValueKind::Value), b"")
            .is_err());
        assert!(b.add(b"short", b"").is_err());
        b.add(&internal_key(b"b", 4, ValueKind::Value), b"")
            .unwrap();
        assert_eq!(b.num_entries(), 2);
        let s = b.finish().unwrap();
        assert_eq!(s.num_entries, 2);
        assert_eq!(s.smallest, internal_key(b"b", 5, ValueKind::Value));
        assert_eq!(s.largest, internal_key(b"b", 4, ValueKind::Value));
    }
}
