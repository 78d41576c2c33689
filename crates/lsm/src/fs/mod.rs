//! The file-system seam: every file the engine touches goes through [`FileSystem`].
//!
//! Three implementations:
//! - [`OsFs`]: the operating system (`pwrite`/`fdatasync`/`fallocate`, `flock` for the lock file).
//! - [`MemFs`]: in memory, for the in-memory mode and for tests. It also models what a crash
//!   keeps: only bytes made durable by [`WritableFile::sync`] and only names made durable by
//!   [`FileSystem::sync_dir`] survive [`MemFs::crash`].
//! - [`FaultyFs`]: wraps another file system and fails chosen operations, so tests can
//!   show that an I/O error is reported and never turns into lost or wrong data.
//!
//! Contract shared by all implementations: a [`WritableFile`] may buffer; `flush` hands the
//! buffer to the file system (visible to readers, not durable), `sync` makes everything
//! appended so far durable. Directory changes (create, rename, remove) are durable only after
//! `sync_dir` on the parent directory.

mod faulty;
mod mem;
mod os;

use std::path::Path;
use std::sync::Arc;

pub use faulty::{FaultKind, FaultyFs};
pub use mem::MemFs;
pub use os::OsFs;

use crate::Result;

/// A file system the engine can run on.
pub trait FileSystem: Send + Sync + std::fmt::Debug {
    /// Creates (or truncates) `path` for writing from offset 0.
    fn create(&self, path: &Path) -> Result<Box<dyn WritableFile>>;

    /// Renames `old` to `new` and opens it for writing from offset 0 *without* truncating:
    /// the old bytes stay until overwritten. Used to recycle write-ahead logs, whose
    /// records carry their log number so stale ones are recognised.
    fn reuse(&self, old: &Path, new: &Path) -> Result<Box<dyn WritableFile>>;

    /// Opens `path` for positional reads.
    fn open(&self, path: &Path) -> Result<Arc<dyn RandomAccessFile>>;

    /// Reads the whole file.
    fn read_all(&self, path: &Path) -> Result<Vec<u8>> {
        let file = self.open(path)?;
        let len = usize::try_from(file.len())
            .map_err(|_| crate::Error::InvalidArgument("file too large".into()))?;
        let mut buf = vec![0; len];
        file.read_exact_at(&mut buf, 0)?;
        Ok(buf)
    }

    /// Renames `from` to `to`, replacing `to` if it exists.
    fn rename(&self, from: &Path, to: &Path) -> Result<()>;

    /// Removes a file.
    fn remove(&self, path: &Path) -> Result<()>;

    /// Names (not paths) of the entries of `dir`.
    fn list(&self, dir: &Path) -> Result<Vec<String>>;

    /// Creates `dir` and its parents.
    fn create_dir_all(&self, dir: &Path) -> Result<()>;

    /// Makes the directory's entries (creates, renames, removes) durable.
    fn sync_dir(&self, dir: &Path) -> Result<()>;

    /// True if `path` exists.
    fn exists(&self, path: &Path) -> bool;

    /// Size of the file in bytes.
    fn file_size(&self, path: &Path) -> Result<u64>;

    /// Takes an exclusive lock on `path` (creating it), held until the guard drops. Fails if
    /// another holder has it.
    fn lock(&self, path: &Path) -> Result<Box<dyn FileLock>>;
}

/// A file being written sequentially.
pub trait WritableFile: Send {
    /// Appends `data` at the current position.
    fn append(&mut self, data: &[u8]) -> Result<()>;
    /// Hands buffered bytes to the file system (visible, not durable).
    fn flush(&mut self) -> Result<()>;
    /// Makes every appended byte durable (`fdatasync`).
    fn sync(&mut self) -> Result<()>;
    /// Reserves space for a file of `len` bytes so later appends and syncs need no
    /// allocation (the file may read as zeros up to `len` afterwards). Implementations may
    /// ignore it.
    fn preallocate(&mut self, len: u64) -> Result<()>;
    /// Bytes appended so far (the write position).
    fn position(&self) -> u64;
}

/// A file read at arbitrary offsets, shared between threads.
pub trait RandomAccessFile: Send + Sync {
    /// Fills `buf` from `offset`; fails if the file is shorter.
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> Result<()>;
    /// File length in bytes.
    fn len(&self) -> u64;
    /// True if the file is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Held while a lock is taken; dropping it releases the lock.
pub trait FileLock: Send {}

/// An error for a missing file, shared by the in-memory file systems.
pub(crate) fn not_found(path: &Path) -> crate::Error {
    crate::Error::Io(std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!("{}: no such file", path.display()),
    ))
}
