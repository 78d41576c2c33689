//! An atomic group of puts and deletes.
//!
//! A batch is applied all-or-nothing: it is one record in the write-ahead log and its entries
//! get consecutive sequence numbers starting at the batch's sequence.
//!
//! On-disk (it is the WAL record payload, see `docs/format/wal.md`):
//!
//! ```text
//! batch  = sequence: fixed64 | count: fixed32 | entry*count
//! entry  = kind: u8 (1 = put, 0 = delete) | key: varint len + bytes | [value: varint len + bytes, put only]
//! ```

use crate::coding::{decode_fixed32, decode_fixed64, put_length_prefixed, Decoder};
use crate::key::{SequenceNumber, ValueKind};
use crate::{Error, Result};

const HEADER: usize = 12;

/// An atomic group of writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteBatch {
    rep: Vec<u8>,
}

impl Default for WriteBatch {
    fn default() -> Self {
        Self::new()
    }
}

impl WriteBatch {
    /// An empty batch.
    pub fn new() -> Self {
        Self {
            rep: vec![0; HEADER],
        }
    }

    /// An empty batch with room for `bytes` of encoded entries.
    pub fn with_capacity(bytes: usize) -> Self {
        let mut rep = Vec::with_capacity(HEADER + bytes);
        rep.resize(HEADER, 0);
        Self { rep }
    }

    /// Adds `key -> value`.
    pub fn put(&mut self, key: &[u8], value: &[u8]) {
        self.set_count(self.count() + 1);
        self.rep.push(ValueKind::Value as u8);
        put_length_prefixed(&mut self.rep, key);
        put_length_prefixed(&mut self.rep, value);
    }

    /// Adds a deletion of `key`.
    pub fn delete(&mut self, key: &[u8]) {
        self.set_count(self.count() + 1);
        self.rep.push(ValueKind::Deletion as u8);
        put_length_prefixed(&mut self.rep, key);
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.rep.clear();
        self.rep.resize(HEADER, 0);
    }

    /// Number of entries.
    pub fn count(&self) -> u32 {
        decode_fixed32(&self.rep[8..]).unwrap_or(0)
    }

    /// True if the batch has no entries.
    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// Size of the encoded batch in bytes.
    pub fn size_bytes(&self) -> usize {
        self.rep.len()
    }

    /// Appends every entry of `other` to this batch.
    pub fn append(&mut self, other: &WriteBatch) {
        self.set_count(self.count() + other.count());
        self.rep.extend_from_slice(&other.rep[HEADER..]);
    }

    /// The sequence number of the first entry.
    pub fn sequence(&self) -> SequenceNumber {
        decode_fixed64(&self.rep).unwrap_or(0)
    }

    /// Sets the sequence number of the first entry.
    pub fn set_sequence(&mut self, seq: SequenceNumber) {
        self.rep[..8].copy_from_slice(&seq.to_le_bytes());
    }

    fn set_count(&mut self, n: u32) {
        self.rep[8..HEADER].copy_from_slice(&n.to_le_bytes());
    }

    /// The encoded batch.
    pub fn data(&self) -> &[u8] {
        &self.rep
    }

    /// Decodes and validates an encoded batch (a WAL record).
    pub fn from_data(data: Vec<u8>) -> Result<Self> {
        if data.len() < HEADER {
            return Err(Error::corruption("write batch shorter than its header"));
        }
        let batch = Self { rep: data };
        let mut n = 0u32;
        for entry in batch.iter() {
            entry?;
            n += 1;
        }
        if n != batch.count() {
            return Err(Error::corruption(format!(
                "write batch declares {} entries, holds {n}",
                batch.count()
            )));
        }
        Ok(batch)
    }

    /// The entries in order: `(kind, key, value)`; a delete has an empty value.
    pub fn iter(&self) -> BatchIter<'_> {
        BatchIter {
            d: Decoder::new(&self.rep[HEADER..]),
        }
    }
}

/// Iterator over the entries of a [`WriteBatch`].
#[derive(Debug)]
pub struct BatchIter<'a> {
    d: Decoder<'a>,
}

impl<'a> Iterator for BatchIter<'a> {
    type Item = Result<(ValueKind, &'a [u8], &'a [u8])>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.d.is_empty() {
            return None;
        }
        let entry = (|| {
            let kind = ValueKind::from_u8(self.d.u8()?)?;
            let key = self.d.length_prefixed()?;
            let value = match kind {
                ValueKind::Value => self.d.length_prefixed()?,
                ValueKind::Deletion => &[][..],
            };
            Some((kind, key, value))
        })();
        match entry {
            Some(e) => Some(Ok(e)),
            None => {
                self.d = Decoder::new(&[]);
                Some(Err(Error::corruption("malformed write batch entry")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut b = WriteBatch::new();
        b.put(b"k1", b"v1");
        b.delete(b"k2");
        b.put(b"", b"");
        b.set_sequence(77);
        let d = WriteBatch::from_data(b.data().to_vec()).unwrap();
        assert_eq!(d.sequence(), 77);
        let entries: Vec<_> = d.iter().map(Result::unwrap).collect();
        assert_eq!(
            entries,
            vec![
                (ValueKind::Value, &b"k1"[..], &b"v1"[..]),
                (ValueKind::Deletion, &b"k2"[..], &b""[..]),
                (ValueKind::Value, &b""[..], &b""[..]),
            ]
        );
    }

    #[test]
    fn append_and_corruption() {
        let mut a = WriteBatch::new();
        a.put(b"a", b"1");
        let mut b = WriteBatch::new();
        b.delete(b"b");
        a.append(&b);
        assert_eq!(a.count(), 2);
        let mut bad = a.data().to_vec();
        bad.truncate(bad.len() - 1);
        assert!(WriteBatch::from_data(bad).unwrap_err().is_corruption());
        let mut wrong_count = a.data().to_vec();
        wrong_count[8] = 3;
        assert!(WriteBatch::from_data(wrong_count).is_err());
    }
}
