//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ops::{Bound, Range};
use std::sync::Arc;

use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::{Db, Options, ReadOptions, TableOptions, WriteBatch, WriteOptions};
use rand::Rng;

/// Options that make a small workload flush and compact a lot.
pub fn small_options(fs: Arc<dyn FileSystem>) -> Options {
    Options {
        fs,
        write_buffer_size: 8 << 10,
        max_immutable_memtables: 2,
        block_cache_bytes: 64 << 10,
        max_open_files: 20,
        table: TableOptions {
            block_size: 256,
            ..TableOptions::default()
        },
        target_file_size: 16 << 10,
        max_bytes_for_level_base: 32 << 10,
        level_size_multiplier: 4,
        wal_preallocate_bytes: 0,
        recycle_log_files: 2,
        ..Options::default()
    }
}

pub fn mem_options() -> (MemFs, Options) {
    let fs = MemFs::new();
    let opts = small_options(Arc::new(fs.clone()));
    (fs, opts)
}

pub fn key(i: u64) -> Vec<u8> {
    format!("key{i:06}").into_bytes()
}

// ---------------------------------------------------------------------------------------
// Helpers for the tests that check a database against a model.

/// What a database should hold: every key and its value.
pub type Model = BTreeMap<Vec<u8>, Vec<u8>>;

/// Key-value pairs, as a scan yields them.
pub type Pairs = Vec<(Vec<u8>, Vec<u8>)>;

/// Puts `k = v` in `db` (not synced) and in `model`.
pub fn put(db: &Db, model: &mut Model, k: Vec<u8>, v: Vec<u8>) {
    db.put(&k, &v, WriteOptions::default()).unwrap();
    model.insert(k, v);
}

/// Deletes `k` from `db` (not synced) and from `model`.
pub fn delete(db: &Db, model: &mut Model, k: Vec<u8>) {
    db.delete(&k, WriteOptions::default()).unwrap();
    model.remove(&k);
}

/// Writes one batch (not synced) of `rng.gen_range(len)` writes, each to a key drawn by
/// `key`: a put of a value drawn by `value` with probability `put_ratio`, else a delete; and
/// applies them to `model`. (`len` is an `i32` range: the draw must stay the same for the
/// seeds to keep their workloads.)
pub fn random_batch<R: Rng>(
    db: &Db,
    model: &mut Model,
    rng: &mut R,
    len: Range<i32>,
    put_ratio: f64,
    mut key: impl FnMut(&mut R) -> Vec<u8>,
    mut value: impl FnMut(&mut R) -> Vec<u8>,
) {
    let mut b = WriteBatch::new();
    for _ in 0..rng.gen_range(len) {
        let k = key(rng);
        if rng.gen_bool(put_ratio) {
            let v = value(rng);
            b.put(&k, &v);
            model.insert(k, v);
        } else {
            b.delete(&k);
            model.remove(&k);
        }
    }
    db.write(b, WriteOptions::default()).unwrap();
}

/// The pairs of `model` in `[lower, upper)`, ascending (none if `lower >= upper`).
pub fn model_range(model: &Model, lower: Option<&[u8]>, upper: Option<&[u8]>) -> Pairs {
    if let (Some(l), Some(u)) = (lower, upper) {
        if l >= u {
            return Vec::new();
        }
    }
    let lo = lower.map_or(Bound::Unbounded, Bound::Included);
    let hi = upper.map_or(Bound::Unbounded, Bound::Excluded);
    model
        .range::<[u8], _>((lo, hi))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Every pair a scan of `[lower, upper)` at `opts` yields, in the order it yields them
/// (descending if `reverse`); panics on an error.
pub fn scan_pairs(
    db: &Db,
    opts: &ReadOptions,
    lower: Option<&[u8]>,
    upper: Option<&[u8]>,
    reverse: bool,
) -> Pairs {
    db.scan(opts, lower, upper, reverse)
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Scans `[lower, upper)` at `opts` forward, then backward, and hands each result to `check`
/// with its direction (`"forward"`, `"reverse"`), in ascending order both times (so that both
/// can be compared with [`model_range`]).
pub fn check_scans(
    db: &Db,
    opts: &ReadOptions,
    lower: Option<&[u8]>,
    upper: Option<&[u8]>,
    mut check: impl FnMut(&str, Pairs),
) {
    check("forward", scan_pairs(db, opts, lower, upper, false));
    let mut rev = scan_pairs(db, opts, lower, upper, true);
    rev.reverse();
    check("reverse", rev);
}

/// Checks that a `get` at `opts` of each `key(i)`, `i` in `keys`, returns what `model` holds.
pub fn check_gets(db: &Db, opts: &ReadOptions, model: &Model, keys: Range<u64>, what: &str) {
    for i in keys {
        let k = key(i);
        assert_eq!(
            db.get(&k, opts).unwrap().as_ref(),
            model.get(&k),
            "{what}: get key {i}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Helpers for the crash, corruption and recovery tests.

/// How many seeds (or iterations) a randomized test runs: `$var` if set, else `default`.
pub fn seeds(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Runs `run` on the one seed `$one` names if it is set (to rerun a failure), else on the
/// seeds `0..seeds(many, default)`. A failure names its seed and how to rerun it alone.
pub fn for_each_seed(one: &str, many: &str, default: u64, run: impl Fn(u64)) {
    let run = |seed: u64| {
        let _guard = OnPanic(format!("seed {seed} (rerun one seed with {one}={seed})"));
        run(seed);
    };
    if let Some(seed) = std::env::var(one).ok().and_then(|s| s.parse().ok()) {
        return run(seed);
    }
    for seed in 0..seeds(many, default) {
        run(seed);
    }
}

/// Prints what it names if the thread panics while it is alive (so a failing randomized test
/// always reports its seed, whatever assertion or `unwrap` fired).
pub struct OnPanic(pub String);

impl Drop for OnPanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("FAILED AT: {}", self.0);
        }
    }
}

/// A fresh `MemFs` holding a copy of every file of `dir` in `src` (current contents, all
/// durable).
pub fn copy_dir(src: &dyn FileSystem, dir: &std::path::Path) -> MemFs {
    let dst = MemFs::new();
    dst.create_dir_all(dir).unwrap();
    for name in src.list(dir).unwrap() {
        let path = dir.join(&name);
        let data = src.read_all(&path).unwrap();
        write_file(&dst, &path, &data);
    }
    dst.sync_dir(dir).unwrap();
    dst
}

/// Replaces the contents of `path` with `data` through the `FileSystem` trait (create,
/// append, sync, then sync the directory).
pub fn write_file(fs: &dyn FileSystem, path: &std::path::Path, data: &[u8]) {
    let mut f = fs.create(path).unwrap();
    f.append(data).unwrap();
    f.sync().unwrap();
    drop(f);
    fs.sync_dir(path.parent().unwrap()).unwrap();
}

/// XORs the byte at `pos` of `path` with `mask` (non-zero).
pub fn flip_byte(fs: &dyn FileSystem, path: &std::path::Path, pos: usize, mask: u8) {
    assert_ne!(mask, 0);
    let mut data = fs.read_all(path).unwrap();
    data[pos] ^= mask;
    write_file(fs, path, &data);
}

/// The files of `dir` of type `ty`, as `(number, path)` sorted by number.
pub fn files_of_type(
    fs: &dyn FileSystem,
    dir: &std::path::Path,
    ty: cairn_lsm::filename::FileType,
) -> Vec<(u64, std::path::PathBuf)> {
    let mut out: Vec<_> = fs
        .list(dir)
        .unwrap()
        .into_iter()
        .filter_map(|name| match cairn_lsm::filename::parse(&name) {
            Some((t, n)) if t == ty => Some((n, dir.join(name))),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

/// Every `(key, value)` of the database, ascending.
pub fn scan_all(db: &Db) -> cairn_lsm::Result<Pairs> {
    db.scan(&ReadOptions::default(), None, None, false)?
        .collect()
}

/// The edits of the manifest `CURRENT` names, decoded.
pub fn read_manifest(
    fs: &dyn FileSystem,
    dir: &std::path::Path,
) -> Vec<cairn_lsm::version::VersionEdit> {
    let current = fs.read_all(&dir.join("CURRENT")).unwrap();
    let name = std::str::from_utf8(&current).unwrap().trim_end().to_owned();
    let Some((cairn_lsm::filename::FileType::Manifest, number)) = cairn_lsm::filename::parse(&name)
    else {
        panic!("CURRENT names {name:?}");
    };
    let mut reader = cairn_lsm::wal::LogReader::new(fs.read_all(&dir.join(&name)).unwrap(), number);
    let mut edits = Vec::new();
    while let Some(record) = reader.read_record().unwrap() {
        edits.push(cairn_lsm::version::VersionEdit::decode(&record).unwrap());
    }
    edits
}

/// Writes (or overwrites from offset 0, keeping any longer old bytes, as log recycling does)
/// the log file `number` in `dir` with `records`, synced, its name synced.
pub fn write_log(fs: &dyn FileSystem, dir: &std::path::Path, number: u64, records: &[Vec<u8>]) {
    let path = cairn_lsm::filename::log_file(dir, number);
    let old = if fs.exists(&path) {
        fs.read_all(&path).unwrap()
    } else {
        Vec::new()
    };
    let mem = MemFs::new();
    let mut w = cairn_lsm::wal::LogWriter::new(mem.create(&path).unwrap(), number);
    for r in records {
        w.add_record(r).unwrap();
    }
    w.sync().unwrap();
    let mut data = mem.read_all(&path).unwrap();
    if old.len() > data.len() {
        data.extend_from_slice(&old[data.len()..]);
    }
    write_file(fs, &path, &data);
}

/// The encoding of a write batch (a log record) putting `puts`, numbered from `sequence`.
pub fn batch_record(sequence: u64, puts: &[(&[u8], &[u8])]) -> Vec<u8> {
    let mut b = cairn_lsm::WriteBatch::new();
    for (k, v) in puts {
        b.put(k, v);
    }
    b.set_sequence(sequence);
    b.data().to_vec()
}

/// The last value of each counter recorded in the manifest: `(log_number, next_file_number,
/// last_sequence)`.
pub fn manifest_counters(fs: &dyn FileSystem, dir: &std::path::Path) -> (u64, u64, u64) {
    let edits = read_manifest(fs, dir);
    let last = |f: fn(&cairn_lsm::version::VersionEdit) -> Option<u64>| {
        edits.iter().rev().find_map(f).expect("manifest counter")
    };
    (
        last(|e| e.log_number),
        last(|e| e.next_file_number),
        last(|e| e.last_sequence),
    )
}

/// The sequence number the next write would get: one past the last record of every log in
/// `dir` (and past the manifest's last sequence).
pub fn next_sequence(fs: &dyn FileSystem, dir: &std::path::Path) -> u64 {
    let mut next = manifest_counters(fs, dir).2 + 1;
    for (number, path) in files_of_type(fs, dir, cairn_lsm::filename::FileType::Log) {
        let mut reader = cairn_lsm::wal::LogReader::new(fs.read_all(&path).unwrap(), number);
        while let Ok(Some(record)) = reader.read_record() {
            let b = cairn_lsm::WriteBatch::from_data(record).unwrap();
            next = next.max(b.sequence() + u64::from(b.count()));
        }
    }
    next
}

/// A file system whose `sync` and `remove` of files with the given extension take at least
/// `delay` (a slow disk): makes flushes slower than writers, lets writers queue behind a log
/// sync, or widens race windows, without any assertion on time.
#[derive(Debug, Clone)]
pub struct SlowSyncFs {
    pub inner: MemFs,
    pub extension: &'static str,
    pub delay: std::time::Duration,
}

struct SlowWritable {
    inner: Box<dyn cairn_lsm::fs::WritableFile>,
    delay: Option<std::time::Duration>,
}

impl cairn_lsm::fs::WritableFile for SlowWritable {
    fn append(&mut self, data: &[u8]) -> cairn_lsm::Result<()> {
        self.inner.append(data)
    }
    fn flush(&mut self) -> cairn_lsm::Result<()> {
        self.inner.flush()
    }
    fn sync(&mut self) -> cairn_lsm::Result<()> {
        if let Some(d) = self.delay {
            std::thread::sleep(d);
        }
        self.inner.sync()
    }
    fn preallocate(&mut self, len: u64) -> cairn_lsm::Result<()> {
        self.inner.preallocate(len)
    }
    fn position(&self) -> u64 {
        self.inner.position()
    }
}

impl SlowSyncFs {
    fn wrap(
        &self,
        path: &std::path::Path,
        inner: Box<dyn cairn_lsm::fs::WritableFile>,
    ) -> Box<dyn cairn_lsm::fs::WritableFile> {
        let slow = path.extension().is_some_and(|e| e == self.extension);
        Box::new(SlowWritable {
            inner,
            delay: slow.then_some(self.delay),
        })
    }
}

impl FileSystem for SlowSyncFs {
    fn create(
        &self,
        path: &std::path::Path,
    ) -> cairn_lsm::Result<Box<dyn cairn_lsm::fs::WritableFile>> {
        Ok(self.wrap(path, self.inner.create(path)?))
    }
    fn reuse(
        &self,
        old: &std::path::Path,
        new: &std::path::Path,
    ) -> cairn_lsm::Result<Box<dyn cairn_lsm::fs::WritableFile>> {
        Ok(self.wrap(new, self.inner.reuse(old, new)?))
    }
    fn open(
        &self,
        path: &std::path::Path,
    ) -> cairn_lsm::Result<Arc<dyn cairn_lsm::fs::RandomAccessFile>> {
        self.inner.open(path)
    }
    fn rename(&self, from: &std::path::Path, to: &std::path::Path) -> cairn_lsm::Result<()> {
        self.inner.rename(from, to)
    }
    fn remove(&self, path: &std::path::Path) -> cairn_lsm::Result<()> {
        if path.extension().is_some_and(|e| e == self.extension) {
            std::thread::sleep(self.delay);
        }
        self.inner.remove(path)
    }
    fn list(&self, dir: &std::path::Path) -> cairn_lsm::Result<Vec<String>> {
        self.inner.list(dir)
    }
    fn create_dir_all(&self, dir: &std::path::Path) -> cairn_lsm::Result<()> {
        self.inner.create_dir_all(dir)
    }
    fn sync_dir(&self, dir: &std::path::Path) -> cairn_lsm::Result<()> {
        self.inner.sync_dir(dir)
    }
    fn exists(&self, path: &std::path::Path) -> bool {
        self.inner.exists(path)
    }
    fn file_size(&self, path: &std::path::Path) -> cairn_lsm::Result<u64> {
        self.inner.file_size(path)
    }
    fn lock(&self, path: &std::path::Path) -> cairn_lsm::Result<Box<dyn cairn_lsm::fs::FileLock>> {
        self.inner.lock(path)
    }
}
