//! The physical record format shared by the write-ahead log and the manifest.
//!
//! ```text
//! file   = block*                       (the last block may be short)
//! block  = record* trailer?             (BLOCK_SIZE bytes)
//! record = header payload
//! header = masked_crc: u32 LE | length: u16 LE | type: u8 | log_number: u32 LE
//! ```
//!
//! The CRC is [`crate::coding::mask_crc`] of CRC32C over `type ++ log_number ++ payload`, so a
//! record copied from a log with another number (a recycled file's stale tail) never
//! verifies as ours. A record never straddles a block boundary; a trailer of fewer than
//! [`HEADER_SIZE`] bytes at the end of a block is zero-filled by the writer and skipped by the
//! reader. See `docs/format/wal.md`.
//!
//! On-disk: never renumber [`RecordType`] and never change the sizes here.

/// Size of a block: records never straddle a multiple of this offset.
pub const BLOCK_SIZE: usize = 32 * 1024;

/// Size of a record header.
pub const HEADER_SIZE: usize = 11;

/// The largest payload one fragment can carry (a whole block minus its header).
pub const MAX_FRAGMENT: usize = BLOCK_SIZE - HEADER_SIZE;

/// What part of a logical record a physical record (fragment) carries. On-disk: never
/// renumber; 0 is reserved for zero-filled (preallocated) space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum RecordType {
    /// The whole logical record.
    Full = 1,
    /// The first fragment of a logical record.
    First = 2,
    /// A fragment that is neither the first nor the last.
    Middle = 3,
    /// The last fragment of a logical record.
    Last = 4,
}

impl RecordType {
    /// Decodes a type byte; `None` for 0 (zero fill) and unknown values.
    pub fn from_u8(b: u8) -> Option<Self> {
        match b {
            1 => Some(RecordType::Full),
            2 => Some(RecordType::First),
            3 => Some(RecordType::Middle),
            4 => Some(RecordType::Last),
            _ => None,
        }
    }
}

/// The low 32 bits of a log number, as stored in every header.
pub fn stored_log_number(log_number: u64) -> u32 {
    log_number as u32
}

/// The raw (unmasked) CRC32C of `type ++ log_number`: the seed a record's CRC extends over its
/// payload. Writers precompute it per type.
pub fn type_crc(ty: u8, log_number: u32) -> u32 {
    let [a, b, c, d] = log_number.to_le_bytes();
    crc32c::crc32c(&[ty, a, b, c, d])
}

/// The masked CRC stored in the header of a record of type byte `ty` in log `log_number`.
pub fn record_crc(ty: u8, log_number: u32, payload: &[u8]) -> u32 {
    crate::coding::mask_crc(crc32c::crc32c_append(type_crc(ty, log_number), payload))
}

/// A decoded record header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The stored masked CRC.
    pub crc: u32,
    /// Payload length.
    pub length: u16,
    /// The raw type byte (may be 0 or unknown).
    pub ty: u8,
    /// The low 32 bits of the log number of the log that wrote the record.
    pub log_number: u32,
}

impl Header {
    /// Encodes the header into its 11 bytes.
    pub fn encode(&self) -> [u8; HEADER_SIZE] {
        let mut out = [0u8; HEADER_SIZE];
        out[..4].copy_from_slice(&self.crc.to_le_bytes());
        out[4..6].copy_from_slice(&self.length.to_le_bytes());
        out[6] = self.ty;
        out[7..].copy_from_slice(&self.log_number.to_le_bytes());
        out
    }

    /// Decodes a header from the start of `src`; `None` if `src` is shorter than a header.
    pub fn decode(src: &[u8]) -> Option<Self> {
        let h = src.get(..HEADER_SIZE)?;
        Some(Header {
            crc: u32::from_le_bytes([h[0], h[1], h[2], h[3]]),
            length: u16::from_le_bytes([h[4], h[5]]),
            ty: h[6],
            log_number: u32::from_le_bytes([h[7], h[8], h[9], h[10]]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip() {
        let h = Header {
            crc: 0xdead_beef,
            length: 513,
            ty: 3,
            log_number: 0x0102_0304,
        };
        let bytes = h.encode();
        assert_eq!(bytes[6], 3);
        assert_eq!(Header::decode(&bytes), Some(h));
        assert_eq!(Header::decode(&bytes[..10]), None);
    }

    #[test]
    fn crc_depends_on_type_and_log_number() {
        let base = record_crc(1, 7, b"payload");
        assert_ne!(base, record_crc(2, 7, b"payload"));
        assert_ne!(base, record_crc(1, 8, b"payload"));
        let mut raw = vec![1u8];
        raw.extend_from_slice(&7u32.to_le_bytes());
        raw.extend_from_slice(b"payload");
        assert_eq!(base, crate::coding::masked_crc(&raw));
    }

    #[test]
    fn fragment_fits_in_u16() {
        assert!(MAX_FRAGMENT <= usize::from(u16::MAX));
    }
}
