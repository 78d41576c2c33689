//! Fuzzes manifest reading: arbitrary bytes as a version edit, and as a manifest log whose
//! records are edits.
//!
//! Properties: decoding never panics; whatever decodes re-encodes to something that decodes
//! to the same edit; every strict prefix of an encoding is rejected.

#![no_main]

use cairn_lsm::version::VersionEdit;
use cairn_lsm::wal::LogReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_edit(data);
    // The same bytes as a manifest file (manifest number 1).
    let mut reader = LogReader::new(data.to_vec(), 1);
    while let Ok(Some(record)) = reader.read_record() {
        check_edit(&record);
    }
});

fn check_edit(bytes: &[u8]) {
    let Ok(edit) = VersionEdit::decode(bytes) else {
        return;
    };
    let encoded = edit.encode();
    let again = VersionEdit::decode(&encoded).expect("an encoded edit decodes");
    assert_eq!(again, edit);
    for n in 0..encoded.len() {
        assert!(
            VersionEdit::decode(&encoded[..n]).is_err(),
            "prefix of length {n} decoded"
        );
    }
}
