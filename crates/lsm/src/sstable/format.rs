//! The physical layout of a table: block handles, the block trailer and the footer.
//!
//! Every block (data, filter, index) is stored as `contents ++ trailer`, where the 5-byte
//! trailer is the compression type (0 none, 1 LZ4) and the masked CRC32C of
//! `contents ++ type`. A [`BlockHandle`] locates the contents (the trailer follows them).
//! The fixed-size [`Footer`] at the end of the file locates the index and filter blocks.
//! Byte diagrams: `docs/format/sstable.md`.
//!
//! Invariant: [`read_block`] returns only bytes whose checksum verified and that decompressed
//! cleanly; anything else is [`Error::Corruption`]. It never allocates more than the handle's
//! size (bounded by the file) or 64 MiB for a decompressed block.

use crate::coding::{decode_fixed32, decode_fixed64, mask_crc, put_fixed32, put_fixed64, Decoder};
use crate::fs::RandomAccessFile;
use crate::{Error, Result};

use super::Compression;

/// Length of the trailer after each block: type byte + masked CRC32C.
pub const BLOCK_TRAILER_LEN: usize = 5;
/// Length of the footer at the end of every table.
pub const FOOTER_LEN: usize = 48;
/// The table magic number: the bytes `cairnSST` as stored (little-endian).
pub const TABLE_MAGIC: u64 = u64::from_le_bytes(*b"cairnSST");
/// The table format version written by this code.
pub const FORMAT_VERSION: u32 = 1;
/// Largest decompressed block accepted, in bytes.
pub const MAX_DECOMPRESSED_LEN: usize = 64 << 20;

/// Block type byte for uncompressed contents.
pub const TYPE_NONE: u8 = 0;
/// Block type byte for LZ4 contents (`decompressed_len: u32 le ++ lz4 block`).
pub const TYPE_LZ4: u8 = 1;

/// Where a block's contents are in the file (its trailer follows them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BlockHandle {
    /// Offset of the first byte of the contents.
    pub offset: u64,
    /// Length of the contents, without the trailer.
    pub size: u64,
}

impl BlockHandle {
    /// Appends the handle as two varints (offset, size): the form used in index entries.
    pub fn encode_to(&self, dst: &mut Vec<u8>) {
        crate::coding::put_varint64(dst, self.offset);
        crate::coding::put_varint64(dst, self.size);
    }

    /// Decodes a varint-encoded handle that must fill `src` exactly.
    pub fn decode(src: &[u8]) -> Result<Self> {
        let mut d = Decoder::new(src);
        match (d.varint64(), d.varint64()) {
            (Some(offset), Some(size)) if d.is_empty() => Ok(Self { offset, size }),
            _ => Err(Error::corruption("bad block handle")),
        }
    }
}

/// The fixed-size tail of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footer {
    /// The index block.
    pub index: BlockHandle,
    /// The filter block; `None` if the table has no filter.
    pub filter: Option<BlockHandle>,
}

impl Footer {
    /// The footer's [`FOOTER_LEN`] bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(FOOTER_LEN);
        put_fixed64(&mut b, self.index.offset);
        put_fixed64(&mut b, self.index.size);
        let filter = self.filter.unwrap_or_default();
        put_fixed64(&mut b, filter.offset);
        put_fixed64(&mut b, filter.size);
        put_fixed32(&mut b, FORMAT_VERSION);
        let crc = crate::coding::masked_crc(&b);
        put_fixed32(&mut b, crc);
        put_fixed64(&mut b, TABLE_MAGIC);
        b
    }

    /// Decodes and verifies a footer (magic, checksum, version).
    pub fn decode(src: &[u8]) -> Result<Self> {
        if src.len() != FOOTER_LEN {
            return Err(Error::corruption("table footer has the wrong length"));
        }
        if decode_fixed64(src.get(40..).unwrap_or_default()) != Some(TABLE_MAGIC) {
            return Err(Error::corruption("not a table (bad magic number)"));
        }
        let body = src.get(..36).unwrap_or_default();
        if decode_fixed32(src.get(36..).unwrap_or_default())
            != Some(crate::coding::masked_crc(body))
        {
            return Err(Error::corruption("table footer checksum mismatch"));
        }
        let mut d = Decoder::new(body);
        let mut fixed = || d.fixed64().ok_or_else(|| Error::corruption("short footer"));
        let index = BlockHandle {
            offset: fixed()?,
            size: fixed()?,
        };
        let filter = BlockHandle {
            offset: fixed()?,
            size: fixed()?,
        };
        let version = d.fixed32();
        if version != Some(FORMAT_VERSION) {
            return Err(Error::corruption(format!(
                "unsupported table format version {version:?}"
            )));
        }
        let filter = (filter != BlockHandle::default()).then_some(filter);
        Ok(Self { index, filter })
    }
}

/// The masked CRC32C stored in a block trailer: over the contents, then the type byte.
pub fn block_checksum(contents: &[u8], block_type: u8) -> u32 {
    mask_crc(crc32c::crc32c_append(
        crc32c::crc32c(contents),
        &[block_type],
    ))
}

/// Prepares a block for writing: returns the bytes to store (the input or its compressed
/// form in `scratch`) and the trailer. LZ4 is used only if it saves at least 12.5%.
pub fn seal_block<'a>(
    raw: &'a [u8],
    compression: Compression,
    scratch: &'a mut Vec<u8>,
) -> (&'a [u8], [u8; BLOCK_TRAILER_LEN]) {
    let (contents, block_type): (&[u8], u8) = match compression {
        Compression::Lz4 => {
            *scratch = lz4_flex::block::compress_prepend_size(raw);
            if scratch.len() <= raw.len() - raw.len() / 8 {
                (scratch, TYPE_LZ4)
            } else {
                (raw, TYPE_NONE)
            }
        }
        Compression::None => (raw, TYPE_NONE),
    };
    let mut trailer = [block_type, 0, 0, 0, 0];
    trailer[1..].copy_from_slice(&block_checksum(contents, block_type).to_le_bytes());
    (contents, trailer)
}

/// Reads the block at `handle`, verifies its checksum and decompresses it. `limit` is the
/// offset the block and its trailer must end at or before (the footer's start).
pub fn read_block(
    file: &dyn RandomAccessFile,
    handle: &BlockHandle,
    limit: u64,
) -> Result<Vec<u8>> {
    let end = handle
        .offset
        .checked_add(handle.size)
        .and_then(|e| e.checked_add(BLOCK_TRAILER_LEN as u64))
        .filter(|&e| e <= limit)
        .ok_or_else(|| Error::corruption("block handle points outside the table"))?;
    let total =
        usize::try_from(end - handle.offset).map_err(|_| Error::corruption("block too large"))?;
    let mut buf = vec![0u8; total];
    file.read_exact_at(&mut buf, handle.offset)?;
    let n = total - BLOCK_TRAILER_LEN;
    let (contents, trailer) = buf.split_at(n);
    let block_type = trailer.first().copied().unwrap_or(u8::MAX);
    if decode_fixed32(trailer.get(1..).unwrap_or_default())
        != Some(block_checksum(contents, block_type))
    {
        return Err(Error::corruption(format!(
            "block checksum mismatch at offset {}",
            handle.offset
        )));
    }
    match block_type {
        TYPE_NONE => {
            buf.truncate(n);
            Ok(buf)
        }
        TYPE_LZ4 => decompress(contents),
        t => Err(Error::corruption(format!(
            "unknown block compression type {t}"
        ))),
    }
}

/// Decompresses `decompressed_len: u32 le ++ lz4 block`, rejecting declared sizes above
/// [`MAX_DECOMPRESSED_LEN`] before allocating.
pub fn decompress(contents: &[u8]) -> Result<Vec<u8>> {
    let declared = decode_fixed32(contents).ok_or_else(|| Error::corruption("short lz4 block"))?;
    if declared as usize > MAX_DECOMPRESSED_LEN {
        return Err(Error::corruption(format!(
            "lz4 block declares {declared} bytes"
        )));
    }
    let out = lz4_flex::block::decompress_size_prepended(contents)
        .map_err(|e| Error::corruption(format!("lz4 block does not decompress: {e}")))?;
    if out.len() != declared as usize {
        return Err(Error::corruption(
            "lz4 block decompressed to the wrong length",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::{FileSystem, MemFs};
    use std::path::Path;

    #[test]
    fn footer_round_trip_and_damage() {
        let f = Footer {
            index: BlockHandle {
                offset: 1000,
                size: 77,
            },
            filter: Some(BlockHandle {
                offset: 5,
                size: 900,
            }),
        };
        let bytes = f.encode();
        assert_eq!(bytes.len(), FOOTER_LEN);
        assert_eq!(&bytes[40..], b"cairnSST");
        assert_eq!(Footer::decode(&bytes).unwrap(), f);
        let none = Footer {
            index: f.index,
            filter: None,
        };
        assert_eq!(Footer::decode(&none.encode()).unwrap(), none);
        for i in 0..FOOTER_LEN {
            let mut b = bytes.clone();
            b[i] ^= 0x10;
            assert!(Footer::decode(&b).unwrap_err().is_corruption(), "byte {i}");
        }
        assert!(Footer::decode(&bytes[1..]).is_err());
    }

    #[test]
    fn handle_round_trip() {
        let h = BlockHandle {
            offset: 1 << 40,
            size: 300,
        };
        let mut b = Vec::new();
        h.encode_to(&mut b);
        assert_eq!(BlockHandle::decode(&b).unwrap(), h);
        assert!(BlockHandle::decode(&b[..b.len() - 1]).is_err());
        b.push(0);
        assert!(BlockHandle::decode(&b).is_err());
    }

    #[test]
    fn blocks_round_trip_compressed_or_not() {
        let fs = MemFs::new();
        let mut w = fs.create(Path::new("t")).unwrap();
        let compressible = vec![7u8; 5000];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let random: Vec<u8> = (0..5000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect();
        let mut handles = Vec::new();
        let mut scratch = Vec::new();
        for (data, c) in [
            (&compressible, Compression::Lz4),
            (&random, Compression::Lz4),
            (&random, Compression::None),
        ] {
            let (contents, trailer) = seal_block(data, c, &mut scratch);
            let offset = w.position();
            handles.push((
                BlockHandle {
                    offset,
                    size: contents.len() as u64,
                },
                trailer[0],
            ));
            w.append(contents).unwrap();
            w.append(&trailer).unwrap();
        }
        assert_eq!(
            handles.iter().map(|h| h.1).collect::<Vec<_>>(),
            [TYPE_LZ4, TYPE_NONE, TYPE_NONE]
        );
        let len = w.position();
        let r = fs.open(Path::new("t")).unwrap();
        for ((h, _), data) in handles.iter().zip([&compressible, &random, &random]) {
            assert_eq!(&read_block(&*r, h, len).unwrap(), data);
        }
        let beyond = BlockHandle {
            offset: handles[2].0.offset,
            size: handles[2].0.size + 1,
        };
        assert!(read_block(&*r, &beyond, len).unwrap_err().is_corruption());
        let huge = BlockHandle {
            offset: u64::MAX - 2,
            size: 10,
        };
        assert!(read_block(&*r, &huge, len).unwrap_err().is_corruption());
    }

    #[test]
    fn oversized_lz4_declaration_is_corruption() {
        let mut b = Vec::new();
        put_fixed32(&mut b, (MAX_DECOMPRESSED_LEN + 1) as u32);
        b.extend_from_slice(&[0; 16]);
        assert!(decompress(&b).unwrap_err().is_corruption());
        assert!(decompress(&[1, 0]).unwrap_err().is_corruption());
        let mut bad = lz4_flex::block::compress_prepend_size(&[1u8; 100]);
        bad[0] = 200; // declared length disagrees with the stream
        assert!(decompress(&bad).unwrap_err().is_corruption());
    }
}
