//! Fuzzes the log reader with arbitrary file contents, and the writer/reader pair with
//! arbitrary records.
//!
//! Input: byte 0 selects the mode, bytes 1..9 the log number, the rest is the file (mode
//! even) or a list of records cut at every 0xff byte (mode odd). Properties: the reader never
//! panics, never reports a record end beyond the data, keeps returning its end once reached,
//! and reads back exactly what the writer wrote.

#![no_main]

use std::path::Path;

use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::wal::{LogReader, LogWriter};
use libfuzzer_sys::fuzz_target;

/// Longest record the round-trip mode writes.
const MAX_RECORD: usize = 150_000;

fuzz_target!(|input: &[u8]| {
    let Some((&mode, rest)) = input.split_first() else {
        return;
    };
    let Some((number, body)) = rest.split_first_chunk::<8>() else {
        return;
    };
    let log_number = u64::from_le_bytes(*number);
    if mode % 2 == 0 {
        read_arbitrary(body, log_number);
    } else {
        round_trip(body, log_number);
    }
});

fn read_arbitrary(data: &[u8], log_number: u64) {
    let mut reader = LogReader::new(data.to_vec(), log_number);
    let mut total = 0usize;
    let ended_with_error = loop {
        match reader.read_record() {
            Ok(Some(record)) => {
                total += record.len();
                assert!(total <= data.len());
                assert!(reader.last_record_end() <= data.len() as u64);
            }
            Ok(None) => break false,
            Err(e) => {
                assert!(e.is_corruption());
                break true;
            }
        }
    };
    assert!(reader.last_record_end() <= data.len() as u64);
    // The end is sticky.
    assert_eq!(reader.read_record().is_err(), ended_with_error);
}

fn round_trip(body: &[u8], log_number: u64) {
    // Stretch the input so records span blocks: each piece is repeated as its first byte
    // says, up to a bound that keeps runs fast.
    let records: Vec<Vec<u8>> = body
        .split(|&b| b == 0xff)
        .map(|piece| {
            let times = piece.first().map_or(1, |&b| usize::from(b) * 37 + 1);
            let len = (piece.len() * times).min(MAX_RECORD);
            piece.iter().copied().cycle().take(len).collect()
        })
        .collect();
    let fs = MemFs::new();
    let path = Path::new("/db/000001.log");
    let Ok(file) = fs.create(path) else { return };
    let mut writer = LogWriter::new(file, log_number);
    for r in &records {
        if writer.add_record(r).is_err() {
            return;
        }
    }
    let Ok(data) = fs.read_all(path) else { return };
    assert_eq!(data.len() as u64, writer.size());
    let mut reader = LogReader::new(data, log_number);
    for r in &records {
        assert_eq!(reader.read_record().ok().flatten().as_ref(), Some(r));
    }
    assert!(matches!(reader.read_record(), Ok(None)));
    assert_eq!(reader.last_record_end(), writer.size());
}
