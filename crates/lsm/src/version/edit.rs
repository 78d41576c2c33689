//! Version edits: the records of the manifest.
//!
//! A [`VersionEdit`] is the difference between two versions (files added and removed per
//! level) plus the counters recovery needs (log number, next file number, last sequence) and
//! compaction pointers. The manifest is a log file (the record format of [`crate::wal`], log
//! number = the manifest's file number) whose every record is one encoded edit; replaying
//! them in order from an empty version rebuilds the current one.
//!
//! Encoding (`docs/format/manifest.md`): a sequence of fields, each a varint tag followed by
//! that tag's values, closed by the END tag (0) as the last byte. The END tag makes every
//! strict prefix of an encoding invalid, so a truncated edit is never mistaken for a shorter
//! one. Decoding is strict: an unknown tag, a level `>= NUM_LEVELS`, a repeated scalar field,
//! truncated values or bytes after END are [`crate::Error::Corruption`]. On-disk: never
//! renumber the tags.

use crate::coding::{put_length_prefixed, put_varint32, put_varint64, Decoder};
use crate::{Error, Result};

/// Number of levels of the tree.
pub const NUM_LEVELS: usize = 7;

/// Ends an edit; must be its last byte.
const TAG_END: u32 = 0;
/// `varint64`: the oldest log still needed (older logs are obsolete).
const TAG_LOG_NUMBER: u32 = 1;
/// `varint64`: the next file number to allocate.
const TAG_NEXT_FILE_NUMBER: u32 = 2;
/// `varint64`: the last sequence number used.
const TAG_LAST_SEQUENCE: u32 = 3;
/// `varint32 level, length-prefixed internal key`: where the next compaction of a level starts.
const TAG_COMPACT_POINTER: u32 = 4;
/// `varint32 level, varint64 file number`: a file removed from a level.
const TAG_DELETED_FILE: u32 = 5;
/// `varint32 level` then the [`FileMeta`] fields: a file added to a level.
const TAG_NEW_FILE: u32 = 6;

/// A table file's metadata as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    /// File number (the table is `NNNNNN.sst`).
    pub number: u64,
    /// File size in bytes.
    pub size: u64,
    /// Smallest internal key in the table.
    pub smallest: Vec<u8>,
    /// Largest internal key in the table.
    pub largest: Vec<u8>,
    /// Number of entries (values and tombstones).
    pub num_entries: u64,
    /// Number of tombstones.
    pub num_deletions: u64,
    /// Smallest sequence number in the table.
    pub smallest_seq: u64,
    /// Largest sequence number in the table.
    pub largest_seq: u64,
}

/// A change to the set of live files, and the counters recovery needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionEdit {
    /// Logs with a smaller number are no longer needed.
    pub log_number: Option<u64>,
    /// The next file number to allocate.
    pub next_file_number: Option<u64>,
    /// The last sequence number used.
    pub last_sequence: Option<u64>,
    /// `(level, internal key)`: where the next compaction of the level starts.
    pub compact_pointers: Vec<(usize, Vec<u8>)>,
    /// `(level, file number)`: files removed.
    pub deleted_files: Vec<(usize, u64)>,
    /// `(level, file)`: files added.
    pub new_files: Vec<(usize, FileMeta)>,
}

impl VersionEdit {
    /// An empty edit.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `meta` is added to `level`.
    pub fn add_file(&mut self, level: usize, meta: FileMeta) {
        self.new_files.push((level, meta));
    }

    /// Records that file `number` is removed from `level`.
    pub fn delete_file(&mut self, level: usize, number: u64) {
        self.deleted_files.push((level, number));
    }

    /// Records the compaction pointer of `level`.
    pub fn set_compact_pointer(&mut self, level: usize, key: Vec<u8>) {
        self.compact_pointers.push((level, key));
    }

    /// Encodes the edit (see the module docs).
    pub fn encode(&self) -> Vec<u8> {
        let mut dst = Vec::with_capacity(32 + self.new_files.len() * 64);
        for (tag, value) in [
            (TAG_LOG_NUMBER, self.log_number),
            (TAG_NEXT_FILE_NUMBER, self.next_file_number),
            (TAG_LAST_SEQUENCE, self.last_sequence),
        ] {
            if let Some(v) = value {
                put_varint32(&mut dst, tag);
                put_varint64(&mut dst, v);
            }
        }
        for (level, key) in &self.compact_pointers {
            put_varint32(&mut dst, TAG_COMPACT_POINTER);
            put_level(&mut dst, *level);
            put_length_prefixed(&mut dst, key);
        }
        for &(level, number) in &self.deleted_files {
            put_varint32(&mut dst, TAG_DELETED_FILE);
            put_level(&mut dst, level);
            put_varint64(&mut dst, number);
        }
        for (level, f) in &self.new_files {
            put_varint32(&mut dst, TAG_NEW_FILE);
            put_level(&mut dst, *level);
            put_varint64(&mut dst, f.number);
            put_varint64(&mut dst, f.size);
            put_length_prefixed(&mut dst, &f.smallest);
            put_length_prefixed(&mut dst, &f.largest);
            put_varint64(&mut dst, f.num_entries);
            put_varint64(&mut dst, f.num_deletions);
            put_varint64(&mut dst, f.smallest_seq);
            put_varint64(&mut dst, f.largest_seq);
        }
        put_varint32(&mut dst, TAG_END);
        dst
    }

    /// Decodes an edit; [`Error::Corruption`] if `src` is not exactly one valid encoding.
    pub fn decode(src: &[u8]) -> Result<VersionEdit> {
        let mut edit = VersionEdit::default();
        let mut d = Decoder::new(src);
        loop {
            let at = src.len() - d.remaining().len();
            let tag = d
                .varint32()
                .ok_or_else(|| corrupt(at, "missing tag or end marker"))?;
            match tag {
                TAG_END => {
                    if !d.is_empty() {
                        return Err(corrupt(at, "bytes after the end marker"));
                    }
                    return Ok(edit);
                }
                TAG_LOG_NUMBER => set_once(&mut edit.log_number, &mut d, at, "log number")?,
                TAG_NEXT_FILE_NUMBER => {
                    set_once(&mut edit.next_file_number, &mut d, at, "next file number")?
                }
                TAG_LAST_SEQUENCE => {
                    set_once(&mut edit.last_sequence, &mut d, at, "last sequence")?
                }
                TAG_COMPACT_POINTER => {
                    let level = get_level(&mut d, at)?;
                    let key = d
                        .length_prefixed()
                        .ok_or_else(|| corrupt(at, "compact pointer"))?;
                    edit.compact_pointers.push((level, key.to_vec()));
                }
                TAG_DELETED_FILE => {
                    let level = get_level(&mut d, at)?;
                    let number = d.varint64().ok_or_else(|| corrupt(at, "deleted file"))?;
                    edit.deleted_files.push((level, number));
                }
                TAG_NEW_FILE => {
                    let level = get_level(&mut d, at)?;
                    let meta = get_file_meta(&mut d).ok_or_else(|| corrupt(at, "new file"))?;
                    edit.new_files.push((level, meta));
                }
                unknown => return Err(corrupt(at, &format!("unknown tag {unknown}"))),
            }
        }
    }
}

fn put_level(dst: &mut Vec<u8>, level: usize) {
    debug_assert!(level < NUM_LEVELS, "level {level} out of range");
    put_varint64(dst, level as u64);
}

fn get_level(d: &mut Decoder<'_>, at: usize) -> Result<usize> {
    match d.varint32() {
        Some(level) if (level as usize) < NUM_LEVELS => Ok(level as usize),
        Some(level) => Err(corrupt(at, &format!("level {level} out of range"))),
        None => Err(corrupt(at, "truncated level")),
    }
}

fn set_once(field: &mut Option<u64>, d: &mut Decoder<'_>, at: usize, what: &str) -> Result<()> {
    if field.is_some() {
        return Err(corrupt(at, &format!("{what} given twice")));
    }
    *field = Some(d.varint64().ok_or_else(|| corrupt(at, what))?);
    Ok(())
}

fn get_file_meta(d: &mut Decoder<'_>) -> Option<FileMeta> {
    Some(FileMeta {
        number: d.varint64()?,
        size: d.varint64()?,
        smallest: d.length_prefixed()?.to_vec(),
        largest: d.length_prefixed()?.to_vec(),
        num_entries: d.varint64()?,
        num_deletions: d.varint64()?,
        smallest_seq: d.varint64()?,
        largest_seq: d.varint64()?,
    })
}

fn corrupt(at: usize, what: &str) -> Error {
    Error::corruption(format!("version edit: offset {at}: bad {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::{internal_key, ValueKind};

    fn meta(n: u64) -> FileMeta {
        FileMeta {
            number: n,
            size: 1 << 40 | n,
            smallest: internal_key(b"apple", n, ValueKind::Value),
            largest: internal_key(b"zebra\xff", u64::from(u32::MAX) + n, ValueKind::Deletion),
            num_entries: 1000 + n,
            num_deletions: 10 + n,
            smallest_seq: n,
            largest_seq: u64::from(u32::MAX) + n,
        }
    }

    fn full_edit() -> VersionEdit {
        let mut e = VersionEdit {
            log_number: Some(12),
            next_file_number: Some(u64::MAX),
            last_sequence: Some(crate::key::MAX_SEQUENCE),
            ..VersionEdit::default()
        };
        e.set_compact_pointer(0, internal_key(b"k", 3, ValueKind::Value));
        e.set_compact_pointer(NUM_LEVELS - 1, Vec::new());
        e.delete_file(1, 7);
        e.delete_file(NUM_LEVELS - 1, u64::MAX);
        e.add_file(0, meta(20));
        e.add_file(3, meta(21));
        e.add_file(NUM_LEVELS - 1, meta(22));
        e
    }

    #[test]
    fn round_trip() {
        for e in [VersionEdit::new(), full_edit()] {
            let bytes = e.encode();
            assert_eq!(VersionEdit::decode(&bytes).unwrap(), e);
        }
        let only_seq = VersionEdit {
            last_sequence: Some(0),
            ..VersionEdit::default()
        };
        assert_eq!(VersionEdit::decode(&only_seq.encode()).unwrap(), only_seq);
    }

    #[test]
    fn every_truncation_is_rejected() {
        let bytes = full_edit().encode();
        for n in 0..bytes.len() {
            let e = VersionEdit::decode(&bytes[..n]).unwrap_err();
            assert!(e.is_corruption(), "{n}: {e}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(VersionEdit::decode(&longer).unwrap_err().is_corruption());
    }

    #[test]
    fn unknown_tags_bad_levels_and_repeats_are_rejected() {
        for tag in [7u8, 8, 9, 100, 0x7f] {
            let mut bytes = vec![tag, 1];
            bytes.extend_from_slice(&VersionEdit::new().encode());
            let e = VersionEdit::decode(&bytes).unwrap_err();
            assert!(e.to_string().contains("unknown tag"), "{e}");
        }
        // A multi-byte tag varint (tag 128).
        assert!(VersionEdit::decode(&[0x80, 0x01, 0]).is_err());
        // Level out of range.
        let mut bad = vec![TAG_DELETED_FILE as u8, NUM_LEVELS as u8, 5, 0];
        assert!(VersionEdit::decode(&bad)
            .unwrap_err()
            .to_string()
            .contains("level"));
        bad[1] = (NUM_LEVELS - 1) as u8;
        assert!(VersionEdit::decode(&bad).is_ok());
        // A scalar given twice.
        let twice = [TAG_LOG_NUMBER as u8, 1, TAG_LOG_NUMBER as u8, 2, 0];
        assert!(VersionEdit::decode(&twice).is_err());
    }

    #[test]
    fn byte_flips_never_panic() {
        let bytes = full_edit().encode();
        for i in 0..bytes.len() {
            for mask in [0x01u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= mask;
                if let Ok(e) = VersionEdit::decode(&b) {
                    assert_eq!(VersionEdit::decode(&e.encode()).unwrap(), e);
                }
            }
        }
    }
}
