//! `OsFs` preallocation writes zeros ahead of the write position (so later synced appends
//! overwrite written blocks): the file grows to the reserved length and reads as what was
//! appended followed by zeros; appends continue at the write position, not at the end of the
//! reserved space; reserving less than is already there changes nothing; and a reused (renamed
//! old) file counts its old length as written, so its stale bytes are left alone.

use std::fs;

use cairn_lsm::fs::{FileSystem, OsFs};

#[test]
fn preallocation_zero_fills_ahead_of_the_write_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("000007.log");
    let fs = OsFs::new();
    let mut file = fs.create(&path).unwrap();
    file.append(b"head").unwrap();
    file.preallocate(10_000).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().len(), 10_000);
    file.append(b"tail").unwrap();
    file.sync().unwrap();
    assert_eq!(file.position(), 8);

    let bytes = fs::read(&path).unwrap();
    assert_eq!(bytes.len(), 10_000);
    assert_eq!(&bytes[..8], b"headtail");
    assert!(bytes[8..].iter().all(|&b| b == 0));

    // Less than is already reserved: nothing happens.
    file.preallocate(5_000).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().len(), 10_000);
    // More: zeros from the old end on, the appended bytes kept.
    file.preallocate(70_000 + 123).unwrap();
    let bytes = fs::read(&path).unwrap();
    assert_eq!(bytes.len(), 70_123);
    assert_eq!(&bytes[..8], b"headtail");
    assert!(bytes[8..].iter().all(|&b| b == 0));
}

#[test]
fn a_reused_file_keeps_its_stale_bytes_under_preallocation() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("000003.log");
    let new = dir.path().join("000009.log");
    fs::write(&old, vec![0xAB; 4096]).unwrap();
    let fs_ = OsFs::new();
    let mut file = fs_.reuse(&old, &new).unwrap();
    file.append(b"new").unwrap();
    file.preallocate(4096).unwrap();
    file.preallocate(6000).unwrap();
    file.sync().unwrap();
    let bytes = fs::read(&new).unwrap();
    assert_eq!(bytes.len(), 6000);
    assert_eq!(&bytes[..3], b"new");
    assert!(
        bytes[3..4096].iter().all(|&b| b == 0xAB),
        "stale bytes kept"
    );
    assert!(bytes[4096..].iter().all(|&b| b == 0));
}
