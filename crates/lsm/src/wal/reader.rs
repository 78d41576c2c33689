//! Reading logical records back from a whole log file.
//!
//! Contract of [`LogReader::read_record`]:
//! - `Ok(Some(payload))` for each complete logical record, in write order.
//! - `Ok(None)` at a clean end of the log: the end of the data (or of a block trailer at the
//!   end of the data), an all-zero header (preallocated or zero-filled space), or a header
//!   carrying another log number (the stale tail of a recycled file). After the last record of
//!   a recycled file the reader may land in the middle of an old record, so a foreign log
//!   number ends the log whether or not its record verifies: the old bytes there need not be
//!   a header at all.
//! - `Err(Error::Corruption)` for anything else, with the byte offset: a checksum mismatch, a
//!   length running past its block or past the data, an unknown type, a fragment out of
//!   sequence, a truncated header or payload (a torn write), or a fragmented record the log
//!   ends inside of.
//!
//! Once it has returned `Ok(None)` or an error, the reader keeps returning the same.
//! [`LogReader::last_record_end`] is the offset just past the last record returned: what a
//! recovery that stops at a torn tail keeps. Which corruptions are tolerated is the caller's
//! policy (see `docs/format/wal.md`).

use super::format::{
    record_crc, stored_log_number, type_crc, Header, RecordType, BLOCK_SIZE, HEADER_SIZE,
};
use crate::{Error, Result};

/// The length of the shortest prefix of `bytes` that a record of type byte `ty` in log `log`
/// with checksum `crc` would have as its payload, if any.
fn verified_prefix(ty: u8, log: u32, crc: u32, bytes: &[u8]) -> Option<usize> {
    let mut c = type_crc(ty, log);
    for n in 0..=bytes.len() {
        if crate::coding::mask_crc(c) == crc {
            return Some(n);
        }
        if let Some(b) = bytes.get(n) {
            c = crc32c::crc32c_append(c, std::slice::from_ref(b));
        }
    }
    None
}

/// Offset of the log-number field inside a header.
const LOG_NUMBER_OFFSET: usize = 7;

/// A fragment found by [`LogReader::read_physical`].
struct Fragment {
    ty: RecordType,
    /// Offset of the fragment's header.
    offset: usize,
    /// Range of the payload in the data.
    start: usize,
    end: usize,
}

/// Reads the records of one log file held in memory.
#[derive(Debug)]
pub struct LogReader {
    data: Vec<u8>,
    log_number: u64,
    /// Offset of the next physical record (or block trailer).
    pos: usize,
    last_record_end: u64,
    /// Set once the log has ended: `Ok(())` for a clean end, or the error.
    finished: Option<Result<()>>,
    /// The error (if any) was the log ending inside a record.
    torn: bool,
}

impl LogReader {
    /// A reader over the whole contents of the file of log `log_number`.
    pub fn new(data: Vec<u8>, log_number: u64) -> Self {
        Self {
            data,
            log_number,
            pos: 0,
            last_record_end: 0,
            finished: None,
            torn: false,
        }
    }

    /// The log number the reader accepts records of.
    pub fn log_number(&self) -> u64 {
        self.log_number
    }

    /// Offset just past the last complete record returned (0 before the first).
    pub fn last_record_end(&self) -> u64 {
        self.last_record_end
    }

    /// True if the reader stopped at an error that is a *truncation*: the data (or the log,
    /// for a fragmented record) ends inside a header, a payload or a fragmented record. This
    /// is the mark of a write a crash cut short. A checksum mismatch, a bad length, type or
    /// fragment order is not a truncation.
    pub fn torn_tail(&self) -> bool {
        self.torn
    }

    /// The next logical record: `Ok(None)` at a clean end of the log, `Err(Corruption)` at a
    /// damaged or torn record (see the module docs).
    pub fn read_record(&mut self) -> Result<Option<Vec<u8>>> {
        if let Some(finished) = &self.finished {
            return finished.clone().map(|()| None);
        }
        let result = self.assemble();
        match &result {
            Ok(Some(_)) => {}
            Ok(None) => self.finished = Some(Ok(())),
            Err(e) => self.finished = Some(Err(e.clone())),
        }
        result
    }

    /// Joins fragments into the next logical record.
    fn assemble(&mut self) -> Result<Option<Vec<u8>>> {
        // Offset of the FIRST fragment of the record being assembled, if any.
        let mut first_at: Option<usize> = None;
        let mut record = Vec::new();
        loop {
            let Some(f) = self.read_physical()? else {
                return match first_at {
                    None => Ok(None),
                    Some(at) => Err(self.torn(format!(
                        "log {}: record starting at offset {at} is incomplete: the log ends at \
                         offset {}",
                        self.log_number, self.pos
                    ))),
                };
            };
            let payload = self.data.get(f.start..f.end).unwrap_or_default();
            match (f.ty, first_at) {
                (RecordType::Full, None) => {
                    self.last_record_end = f.end as u64;
                    return Ok(Some(payload.to_vec()));
                }
                (RecordType::First, None) => {
                    record.extend_from_slice(payload);
                    first_at = Some(f.offset);
                }
                (RecordType::Middle, Some(_)) => record.extend_from_slice(payload),
                (RecordType::Last, Some(_)) => {
                    record.extend_from_slice(payload);
                    self.last_record_end = f.end as u64;
                    return Ok(Some(record));
                }
                (ty @ (RecordType::Full | RecordType::First), Some(at)) => {
                    return Err(Error::corruption(format!(
                        "log {}: {ty:?} fragment at offset {} inside the record started at \
                         offset {at}",
                        self.log_number, f.offset
                    )));
                }
                (ty @ (RecordType::Middle | RecordType::Last), None) => {
                    return Err(Error::corruption(format!(
                        "log {}: {ty:?} fragment at offset {} without a FIRST fragment",
                        self.log_number, f.offset
                    )));
                }
            }
        }
    }

    /// The next verified fragment of this log, or `None` at a clean end.
    fn read_physical(&mut self) -> Result<Option<Fragment>> {
        let stored = stored_log_number(self.log_number);
        loop {
            let offset = self.pos;
            let left_in_block = BLOCK_SIZE - offset % BLOCK_SIZE;
            if left_in_block < HEADER_SIZE {
                // Block trailer: zero fill the writer left; the data may end inside it.
                self.pos = offset + left_in_block;
                continue;
            }
            let rest = self.data.get(offset..).unwrap_or_default();
            if rest.is_empty() {
                return Ok(None);
            }
            let Some(header) = Header::decode(rest) else {
                return self.truncated_header(offset, stored);
            };
            if rest.iter().take(HEADER_SIZE).all(|&b| b == 0) {
                return Ok(None); // preallocated / zero-filled space
            }
            if header.log_number != stored {
                return Ok(None); // stale bytes of a recycled file
            }
            let len = usize::from(header.length);
            if HEADER_SIZE + len > left_in_block {
                return Err(self.corrupt(
                    offset,
                    format!("length {len} runs past the end of its block"),
                ));
            }
            if HEADER_SIZE + len > rest.len() {
                // Cut short by a crash, unless a shorter payload matches the checksum: then the
                // length field is damaged and the data goes on past this record.
                let present = rest.get(HEADER_SIZE..).unwrap_or_default();
                if let Some(n) = verified_prefix(header.ty, stored, header.crc, present) {
                    return Err(self.corrupt(
                        offset,
                        format!(
                            "length {len} runs past the data, but {n} bytes match the checksum"
                        ),
                    ));
                }
                return Err(self.torn_at(
                    offset,
                    format!(
                        "truncated record: {len} payload bytes declared, {} present",
                        rest.len() - HEADER_SIZE
                    ),
                ));
            }
            let start = offset + HEADER_SIZE;
            let end = start + len;
            let payload = self.data.get(start..end).unwrap_or_default();
            if record_crc(header.ty, stored, payload) != header.crc {
                return Err(self.corrupt(offset, "checksum mismatch".to_string()));
            }
            let Some(ty) = RecordType::from_u8(header.ty) else {
                return Err(self.corrupt(offset, format!("unknown record type {}", header.ty)));
            };
            self.pos = end;
            return Ok(Some(Fragment {
                ty,
                offset,
                start,
                end,
            }));
        }
    }

    /// The data ends less than a header after `offset`.
    fn truncated_header(&mut self, offset: usize, stored: u32) -> Result<Option<Fragment>> {
        let rest = self.data.get(offset..).unwrap_or_default();
        if rest.iter().all(|&b| b == 0) {
            return Ok(None); // zero fill
        }
        let present = rest.get(LOG_NUMBER_OFFSET..).unwrap_or_default();
        let ours = stored.to_le_bytes();
        if ours
            .get(..present.len())
            .is_some_and(|prefix| prefix != present)
        {
            return Ok(None); // the beginning of a stale header of another log
        }
        let what = format!(
            "truncated header: {} of {HEADER_SIZE} bytes present",
            rest.len()
        );
        Err(self.torn_at(offset, what))
    }

    /// A truncation error: sets [`LogReader::torn_tail`].
    fn torn(&mut self, msg: String) -> Error {
        self.torn = true;
        Error::corruption(msg)
    }

    /// A truncation error at `offset`.
    fn torn_at(&mut self, offset: usize, what: String) -> Error {
        self.torn = true;
        self.corrupt(offset, what)
    }

    fn corrupt(&self, offset: usize, what: String) -> Error {
        Error::corruption(format!("log {}: offset {offset}: {what}", self.log_number))
    }
}
