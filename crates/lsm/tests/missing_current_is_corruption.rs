//! A directory that holds tables or logs but no `CURRENT` is reported as corruption, and
//! nothing in it is deleted (creating a new database there would throw the tables away).

use std::path::Path;
use std::sync::Arc;

use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::{Db, Error, Options, WriteOptions};

#[test]
fn open_without_current_keeps_the_files() {
    let fs = MemFs::new();
    let opts = Options {
        fs: Arc::new(fs.clone()),
        ..Options::default()
    };
    let db = Db::open("/db", opts.clone()).unwrap();
    db.put(b"k", b"v", WriteOptions { sync: true }).unwrap();
    db.flush().unwrap();
    db.close().unwrap();
    drop(db);

    let dir = Path::new("/db");
    fs.remove(&dir.join("CURRENT")).unwrap();
    let mut before = fs.list(dir).unwrap();
    before.sort();

    match Db::open(dir, opts) {
        Err(Error::Corruption(msg)) => assert!(msg.contains("CURRENT"), "{msg}"),
        other => panic!("expected Corruption, got {other:?}"),
    }
    let mut after = fs.list(dir).unwrap();
    after.sort();
    assert_eq!(before, after);
}
