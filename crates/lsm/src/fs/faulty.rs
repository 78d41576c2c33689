//! A file system that fails chosen operations.
//!
//! [`FaultyFs`] wraps another file system and counts operations. Armed with
//! [`FaultyFs::fail_after`], it lets `n` more operations of a kind succeed and then fails every
//! later one of that kind (the disk "went away") until [`FaultyFs::heal`]. Combined with
//! [`super::MemFs::crash`] this gives crash tests: arm a fault at a random point, let the
//! database run into it, drop it, crash the memory file system, reopen.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

use super::{FileLock, FileSystem, RandomAccessFile, WritableFile};
use crate::{Error, Result};

/// Which operations a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Every operation that changes something: append, sync, create, rename, remove, sync_dir.
    AnyWrite,
    /// `WritableFile::append` and `flush`.
    Append,
    /// `WritableFile::sync`.
    Sync,
    /// `FileSystem::create`, `reuse`.
    Create,
    /// `FileSystem::rename`.
    Rename,
    /// `FileSystem::remove`.
    Remove,
    /// `FileSystem::sync_dir`.
    SyncDir,
    /// Reads of any kind.
    Read,
}

#[derive(Debug, Default)]
struct Injector {
    rule: Mutex<Option<(FaultKind, u64)>>,
    tripped: AtomicBool,
    ops: AtomicU64,
}

impl Injector {
    fn check(&self, kind: FaultKind) -> Result<()> {
        self.ops.fetch_add(1, Ordering::Relaxed);
        let mut rule = self.rule.lock();
        let Some((armed, left)) = rule.as_mut() else {
            return Ok(());
        };
        let applies = *armed == kind || (*armed == FaultKind::AnyWrite && kind != FaultKind::Read);
        if !applies {
            return Ok(());
        }
        if *left > 0 {
            *left -= 1;
            return Ok(());
        }
        self.tripped.store(true, Ordering::Relaxed);
        Err(Error::Io(std::io::Error::other(format!(
            "injected {kind:?} fault"
        ))))
    }
}

/// A fault-injecting wrapper around another file system.
#[derive(Debug, Clone)]
pub struct FaultyFs {
    inner: Arc<dyn FileSystem>,
    injector: Arc<Injector>,
}

impl FaultyFs {
    /// Wraps `inner`; no fault is armed.
    pub fn new(inner: Arc<dyn FileSystem>) -> Self {
        Self {
            inner,
            injector: Arc::default(),
        }
    }

    /// Lets `n` more operations of `kind` succeed, then fails every later one.
    pub fn fail_after(&self, kind: FaultKind, n: u64) {
        self.injector.tripped.store(false, Ordering::Relaxed);
        *self.injector.rule.lock() = Some((kind, n));
    }

    /// Disarms the fault.
    pub fn heal(&self) {
        *self.injector.rule.lock() = None;
    }

    /// True once an armed fault has failed an operation.
    pub fn tripped(&self) -> bool {
        self.injector.tripped.load(Ordering::Relaxed)
    }

    /// Operations seen so far (for choosing a fault point).
    pub fn op_count(&self) -> u64 {
        self.injector.ops.load(Ordering::Relaxed)
    }
}

struct FaultyWritable {
    inner: Box<dyn WritableFile>,
    injector: Arc<Injector>,
}

impl WritableFile for FaultyWritable {
    fn append(&mut self, data: &[u8]) -> Result<()> {
        self.injector.check(FaultKind::Append)?;
        self.inner.append(data)
    }
    fn flush(&mut self) -> Result<()> {
        self.injector.check(FaultKind::Append)?;
        self.inner.flush()
    }
    fn sync(&mut self) -> Result<()> {
        self.injector.check(FaultKind::Sync)?;
        self.inner.sync()
    }
    fn preallocate(&mut self, len: u64) -> Result<()> {
        self.inner.preallocate(len)
    }
    fn position(&self) -> u64 {
        self.inner.position()
    }
}

struct FaultyRandom {
    inner: Arc<dyn RandomAccessFile>,
    injector: Arc<Injector>,
}

impl RandomAccessFile for FaultyRandom {
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> Result<()> {
        self.injector.check(FaultKind::Read)?;
        self.inner.read_exact_at(buf, offset)
    }
    fn len(&self) -> u64 {
        self.inner.len()
    }
}

impl FileSystem for FaultyFs {
    fn create(&self, path: &Path) -> Result<Box<dyn WritableFile>> {
        self.injector.check(FaultKind::Create)?;
        let inner = self.inner.create(path)?;
        Ok(Box::new(FaultyWritable {
            inner,
            injector: self.injector.clone(),
        }))
    }
    fn reuse(&self, old: &Path, new: &Path) -> Result<Box<dyn WritableFile>> {
        self.injector.check(FaultKind::Create)?;
        let inner = self.inner.reuse(old, new)?;
        Ok(Box::new(FaultyWritable {
            inner,
            injector: self.injector.clone(),
        }))
    }
    fn open(&self, path: &Path) -> Result<Arc<dyn RandomAccessFile>> {
        self.injector.check(FaultKind::Read)?;
        let inner = self.inner.open(path)?;
        Ok(Arc::new(FaultyRandom {
            inner,
            injector: self.injector.clone(),
        }))
    }
    fn read_all(&self, path: &Path) -> Result<Vec<u8>> {
        self.injector.check(FaultKind::Read)?;
        self.inner.read_all(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> Result<()> {
        self.injector.check(FaultKind::Rename)?;
        self.inner.rename(from, to)
    }
    fn remove(&self, path: &Path) -> Result<()> {
        self.injector.check(FaultKind::Remove)?;
        self.inner.remove(path)
    }
    fn list(&self, dir: &Path) -> Result<Vec<String>> {
        self.inner.list(dir)
    }
    fn create_dir_all(&self, dir: &Path) -> Result<()> {
        self.inner.create_dir_all(dir)
    }
    fn sync_dir(&self, dir: &Path) -> Result<()> {
        self.injector.check(FaultKind::SyncDir)?;
        self.inner.sync_dir(dir)
    }
    fn exists(&self, path: &Path) -> bool {
        self.inner.exists(path)
    }
    fn file_size(&self, path: &Path) -> Result<u64> {
        self.inner.file_size(path)
    }
    fn lock(&self, path: &Path) -> Result<Box<dyn FileLock>> {
        self.inner.lock(path)
    }
}
