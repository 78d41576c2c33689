//! The write-ahead log and its record format, shared with the manifest.
//!
//! A log file is a sequence of 32 KiB blocks holding checksummed records, each stamped with
//! the low 32 bits of the log's number (see [`format`] and `docs/format/wal.md`):
//! - [`LogWriter`] appends logical records of any size, splitting them into fragments so that
//!   none straddles a block; one `append` per record, no implicit flush or sync.
//! - [`LogReader`] returns them back, ends cleanly at the end of the data, at zero-filled
//!   (preallocated) space, or at the stale tail of a recycled file (records with another log
//!   number), and reports anything else as [`crate::Error::Corruption`] with its offset.
//!
//! Recovery policy (the caller's, documented here because the reader is built for it): the
//! newest log is replayed up to its first bad record (a torn tail after a crash), a bad record
//! in any older log is an error.

pub mod format;
mod reader;
mod writer;

pub use format::{BLOCK_SIZE, HEADER_SIZE};
pub use reader::LogReader;
pub use writer::LogWriter;

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use rand::rngs::SmallRng;
    use rand::{Rng, SeedableRng};

    use super::format::{record_crc, Header};
    use super::*;
    use crate::fs::{FileSystem, MemFs};

    fn path(n: u64) -> PathBuf {
        Path::new("/db").join(format!("{n:06}.log"))
    }

    fn random_payload(rng: &mut SmallRng, len: usize) -> Vec<u8> {
        (0..len).map(|_| rng.gen()).collect()
    }

    /// Writes `records` as log `n` into a fresh file and returns the file's bytes.
    fn write_log(fs: &MemFs, n: u64, records: &[Vec<u8>]) -> Vec<u8> {
        let mut w = LogWriter::new(fs.create(&path(n)).unwrap(), n);
        for r in records {
            w.add_record(r).unwrap();
        }
        w.sync().unwrap();
        let data = fs.read_all(&path(n)).unwrap();
        assert_eq!(w.size(), data.len() as u64);
        data
    }

    /// Reads records until the log ends; the records and how it ended.
    fn read_all(data: Vec<u8>, n: u64) -> (Vec<Vec<u8>>, crate::Result<()>, u64) {
        let mut r = LogReader::new(data, n);
        let (out, end) = drain(&mut r);
        (out, end, r.last_record_end())
    }

    fn drain(r: &mut LogReader) -> (Vec<Vec<u8>>, crate::Result<()>) {
        let mut out = Vec::new();
        loop {
            match r.read_record() {
                Ok(Some(rec)) => out.push(rec),
                Ok(None) => return (out, Ok(())),
                Err(e) => return (out, Err(e)),
            }
        }
    }

    /// A physical record built by hand.
    fn raw(ty: u8, log: u32, payload: &[u8]) -> Vec<u8> {
        let h = Header {
            crc: record_crc(ty, log, payload),
            length: payload.len() as u16,
            ty,
            log_number: log,
        };
        let mut v = h.encode().to_vec();
        v.extend_from_slice(payload);
        v
    }

    /// Offsets of every header in a well-formed log.
    fn header_offsets(data: &[u8]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < data.len() {
            let left = BLOCK_SIZE - pos % BLOCK_SIZE;
            if left < HEADER_SIZE {
                pos += left;
                continue;
            }
            let h = Header::decode(&data[pos..]).unwrap();
            out.push(pos);
            pos += HEADER_SIZE + usize::from(h.length);
        }
        out
    }

    #[test]
    fn round_trip_of_edge_sizes() {
        let fs = MemFs::new();
        let mut rng = SmallRng::seed_from_u64(1);
        let mut records = Vec::new();
        let mut offset = 0usize;
        let mut push = |records: &mut Vec<Vec<u8>>, offset: &mut usize, len: usize| {
            records.push(random_payload(&mut rng, len));
            // Track where the writer will be (mirrors the block rule).
            let mut rest = len;
            loop {
                if BLOCK_SIZE - *offset % BLOCK_SIZE < HEADER_SIZE {
                    *offset += BLOCK_SIZE - *offset % BLOCK_SIZE;
                }
                let n = rest.min(BLOCK_SIZE - *offset % BLOCK_SIZE - HEADER_SIZE);
                *offset += HEADER_SIZE + n;
                rest -= n;
                if rest == 0 {
                    break;
                }
            }
        };
        for len in [0, 1, 100, 0, 1] {
            push(&mut records, &mut offset, len);
        }
        // Exactly fill the rest of the block.
        let fill = BLOCK_SIZE - offset % BLOCK_SIZE - HEADER_SIZE;
        push(&mut records, &mut offset, fill);
        assert_eq!(offset % BLOCK_SIZE, 0);
        // Leave 5 bytes in the block: a trailer the writer zero-fills.
        push(&mut records, &mut offset, BLOCK_SIZE - HEADER_SIZE - 5);
        push(&mut records, &mut offset, 7);
        // Leave exactly a header's worth: an empty FULL record fits.
        let fill = BLOCK_SIZE - offset % BLOCK_SIZE - 2 * HEADER_SIZE;
        push(&mut records, &mut offset, fill);
        push(&mut records, &mut offset, 0);
        push(&mut records, &mut offset, 100_000);
        push(&mut records, &mut offset, 3 * BLOCK_SIZE);
        push(&mut records, &mut offset, 1);
        let data = write_log(&fs, 3, &records);
        assert_eq!(data.len(), offset);
        let (got, end, last) = read_all(data, 3);
        end.unwrap();
        assert_eq!(got, records);
        assert_eq!(last, offset as u64);
    }

    #[test]
    fn round_trip_of_many_random_records() {
        let fs = MemFs::new();
        let mut rng = SmallRng::seed_from_u64(2);
        let records: Vec<Vec<u8>> = (0..2000)
            .map(|_| {
                let len = match rng.gen_range(0..10) {
                    0 => rng.gen_range(0..70_000),
                    1..=3 => rng.gen_range(0..3_000),
                    _ => rng.gen_range(0..40),
                };
                random_payload(&mut rng, len)
            })
            .collect();
        let (got, end, _) = read_all(write_log(&fs, 9, &records), 9);
        end.unwrap();
        assert_eq!(got, records);
    }

    #[test]
    fn empty_log_and_zero_tail_end_cleanly() {
        assert!(matches!(
            LogReader::new(Vec::new(), 1).read_record(),
            Ok(None)
        ));
        let fs = MemFs::new();
        let records = vec![b"one".to_vec(), vec![7; 40_000], b"three".to_vec()];
        let data = write_log(&fs, 4, &records);
        for zeros in [1, 5, HEADER_SIZE, 100, 3 * BLOCK_SIZE] {
            let mut d = data.clone();
            d.resize(d.len() + zeros, 0);
            let (got, end, last) = read_all(d, 4);
            end.unwrap();
            assert_eq!(got, records);
            assert_eq!(last, data.len() as u64);
        }
    }

    #[test]
    fn truncated_last_record_is_corruption() {
        // The third record ends 22 bytes before a block end, or in a 5-byte trailer.
        for third in [BLOCK_SIZE - 1060, BLOCK_SIZE - 1043] {
            truncated_after(vec![b"alpha".to_vec(), vec![1; 1000], vec![2; third]]);
        }
    }

    fn truncated_after(mut records: Vec<Vec<u8>>) {
        let fs = MemFs::new();
        let prev_len = write_log(&fs, 2, &records).len();
        records.push(vec![3; 50_000]);
        let data = write_log(&fs, 2, &records);
        for cut in prev_len + 1..data.len() {
            let near_block = (cut % BLOCK_SIZE).min(BLOCK_SIZE - cut % BLOCK_SIZE) < 24;
            if cut > prev_len + 64 && !near_block && cut % 101 != 0 {
                continue;
            }
            let mut r = LogReader::new(data[..cut].to_vec(), 2);
            let (got, end) = drain(&mut r);
            assert_eq!(got, &records[..3], "cut {cut}");
            assert_eq!(r.last_record_end(), prev_len as u64, "cut {cut}");
            let in_trailer = cut - prev_len <= BLOCK_SIZE - prev_len % BLOCK_SIZE
                && BLOCK_SIZE - prev_len % BLOCK_SIZE < HEADER_SIZE;
            match end {
                Err(e) => {
                    assert!(e.is_corruption());
                    assert!(e.to_string().contains("offset"), "{e}");
                    assert!(r.torn_tail(), "cut {cut}: {e}");
                }
                Ok(()) => assert!(in_trailer, "cut {cut} ended cleanly"),
            }
        }
    }

    #[test]
    fn every_byte_flip_keeps_a_prefix() {
        let fs = MemFs::new();
        let mut rng = SmallRng::seed_from_u64(3);
        let records: Vec<Vec<u8>> = [0, 10, 200, 1, 40_000, 30, 0]
            .iter()
            .map(|&n| random_payload(&mut rng, n))
            .collect();
        let data = write_log(&fs, 0x0102_0304_0506, &records);
        let headers = header_offsets(&data);
        let in_log_number = |i: usize| headers.iter().any(|&h| (h + 7..h + 11).contains(&i));
        for i in 0..data.len() {
            for mask in [0x01u8, 0xff] {
                let mut d = data.clone();
                d[i] ^= mask;
                let (got, end, last) = read_all(d, 0x0102_0304_0506);
                assert!(got.len() < records.len(), "flip at {i} went unnoticed");
                assert_eq!(got, &records[..got.len()], "flip at {i} changed a payload");
                assert!(last <= i as u64);
                if end.is_ok() {
                    assert!(in_log_number(i), "flip at {i} silently ended the log");
                }
            }
        }
    }

    #[test]
    fn recycled_file_ends_at_the_new_data() {
        for seed in 0..40u64 {
            let fs = MemFs::new();
            let mut rng = SmallRng::seed_from_u64(seed);
            let gen = |rng: &mut SmallRng, count: usize| -> Vec<Vec<u8>> {
                (0..count)
                    .map(|_| {
                        let len = if rng.gen_bool(0.1) {
                            rng.gen_range(0..50_000)
                        } else {
                            rng.gen_range(0..500)
                        };
                        random_payload(rng, len)
                    })
                    .collect()
            };
            let old = gen(&mut rng, 300);
            write_log(&fs, 5, &old);
            let count = rng.gen_range(0..100);
            let new = gen(&mut rng, count);
            let mut w = LogWriter::new(fs.reuse(&path(5), &path(6)).unwrap(), 6);
            for r in &new {
                w.add_record(r).unwrap();
            }
            w.sync().unwrap();
            let data = fs.read_all(&path(6)).unwrap();
            assert!(
                data.len() as u64 > w.size(),
                "seed {seed}: stale tail expected"
            );
            let (got, end, last) = read_all(data, 6);
            end.unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            assert_eq!(got, new, "seed {seed}");
            assert_eq!(last, w.size());
        }
    }

    #[test]
    fn fragment_sequence_errors() {
        let cases: Vec<(Vec<u8>, &str, bool)> = vec![
            (raw(3, 1, b"mid"), "without a FIRST", false),
            (raw(4, 1, b"last"), "without a FIRST", false),
            (
                [raw(2, 1, b"first"), raw(1, 1, b"full")].concat(),
                "inside the record",
                false,
            ),
            (
                [raw(2, 1, b"first"), raw(2, 1, b"again")].concat(),
                "inside the record",
                false,
            ),
            (raw(2, 1, b"first"), "incomplete", true),
            (
                [raw(2, 1, b"first"), raw(4, 7, b"stale")].concat(),
                "incomplete",
                true,
            ),
            (raw(9, 1, b"future"), "unknown record type", false),
            (raw(0, 1, b"zero type"), "unknown record type", false),
            (raw(1, 1, b"x")[..5].to_vec(), "truncated header", true),
            (raw(1, 1, b"xyz")[..13].to_vec(), "truncated record", true),
        ];
        for (data, want, torn) in cases {
            let mut r = LogReader::new(data, 1);
            let e = r.read_record().unwrap_err();
            assert!(
                e.is_corruption() && e.to_string().contains(want),
                "{e} !~ {want}"
            );
            assert_eq!(r.torn_tail(), torn, "{e}");
            assert!(r.read_record().is_err(), "errors are sticky");
            assert_eq!(r.last_record_end(), 0);
        }
        // A length running past its block.
        let mut data = raw(1, 1, &vec![5; BLOCK_SIZE - 100 - HEADER_SIZE]);
        let mut long = raw(1, 1, &[6; 200]);
        long.resize(BLOCK_SIZE + 200, 0);
        data.extend_from_slice(&long);
        let mut r = LogReader::new(data, 1);
        assert!(r.read_record().unwrap().is_some());
        let e = r.read_record().unwrap_err();
        assert!(e.to_string().contains("past the end of its block"), "{e}");
        assert_eq!(r.last_record_end(), (BLOCK_SIZE - 100) as u64);
        assert!(!r.torn_tail());
    }

    #[test]
    fn stale_header_prefix_at_the_end_is_clean() {
        let mut data = raw(1, 6, b"new");
        let stale = raw(1, 5, b"old");
        data.extend_from_slice(&stale[..9]); // crc, length, type, 2 bytes of log number 5
        let (got, end, _) = read_all(data.clone(), 6);
        assert_eq!(got, vec![b"new".to_vec()]);
        end.unwrap();
        // The same prefix with our own log number is a torn header.
        let mut torn = raw(1, 6, b"new");
        torn.extend_from_slice(&raw(1, 6, b"more")[..9]);
        assert!(read_all(torn, 6).1.is_err());
    }

    #[test]
    fn writer_error_poisons() {
        use crate::fs::{FaultKind, FaultyFs};
        let fs = FaultyFs::new(std::sync::Arc::new(MemFs::new()));
        let mut w = LogWriter::new(fs.create(&path(1)).unwrap(), 1);
        assert_eq!(w.log_number(), 1);
        w.add_record(b"ok").unwrap();
        assert_eq!(w.size(), (HEADER_SIZE + 2) as u64);
        fs.fail_after(FaultKind::Append, 0);
        assert!(w.add_record(b"lost").is_err());
        fs.heal();
        assert!(
            w.add_record(b"after").is_err(),
            "a failed writer stays failed"
        );
        assert!(w.sync().is_err());
        assert_eq!(w.size(), (HEADER_SIZE + 2) as u64);
    }
}
