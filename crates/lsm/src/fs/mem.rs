//! An in-memory file system that also models what survives a crash.
//!
//! Each file is an inode holding its current bytes and its *durable* bytes: `sync` copies the
//! range written since the last sync into the durable copy. The namespace (name → inode) also
//! has a durable copy per directory, updated by `sync_dir`. [`MemFs::crash`] throws away
//! everything not durable: names go back to the last `sync_dir`, contents to the last `sync`.
//!
//! Thread-safety: one mutex guards the namespace, one per inode its bytes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::Mutex;

use super::{not_found, FileLock, FileSystem, RandomAccessFile, WritableFile};
use crate::{Error, Result};

#[derive(Debug, Default)]
struct Contents {
    data: Vec<u8>,
    durable: Vec<u8>,
    /// Byte range written since the last sync, as `[lo, hi)`.
    dirty: Option<(usize, usize)>,
}

type Inode = Arc<Mutex<Contents>>;

#[derive(Debug, Default)]
struct Namespace {
    files: HashMap<PathBuf, Inode>,
    durable_files: HashMap<PathBuf, Inode>,
    dirs: HashSet<PathBuf>,
    locks: HashSet<PathBuf>,
}

/// An in-memory file system; cheap to clone (clones share the files).
#[derive(Debug, Clone, Default)]
pub struct MemFs {
    ns: Arc<Mutex<Namespace>>,
}

impl MemFs {
    /// An empty file system.
    pub fn new() -> Self {
        Self::default()
    }

    /// Simulates a power failure: every file goes back to its last synced contents and every
    /// directory to its last synced entries. Writers still open keep writing into the void
    /// (their inodes are detached); callers drop the database first.
    pub fn crash(&self) {
        let mut ns = self.ns.lock();
        let mut files = HashMap::new();
        for (path, inode) in &ns.durable_files {
            let durable = inode.lock().durable.clone();
            let fresh = Arc::new(Mutex::new(Contents {
                data: durable.clone(),
                durable,
                dirty: None,
            }));
            files.insert(path.clone(), fresh);
        }
        ns.durable_files = files.clone();
        ns.files = files;
        ns.locks.clear();
    }

    /// Total bytes of all files (for tests and statistics).
    pub fn total_bytes(&self) -> u64 {
        let ns = self.ns.lock();
        ns.files.values().map(|f| f.lock().data.len() as u64).sum()
    }

    fn inode(&self, path: &Path) -> Result<Inode> {
        self.ns
            .lock()
            .files
            .get(path)
            .cloned()
            .ok_or_else(|| not_found(path))
    }
}

struct MemWritable {
    inode: Inode,
    pos: usize,
}

impl WritableFile for MemWritable {
    fn append(&mut self, data: &[u8]) -> Result<()> {
        let mut c = self.inode.lock();
        let end = self.pos + data.len();
        if c.data.len() < end {
            c.data.resize(end, 0);
        }
        c.data[self.pos..end].copy_from_slice(data);
        c.dirty = Some(match c.dirty {
            Some((lo, hi)) => (lo.min(self.pos), hi.max(end)),
            None => (self.pos, end),
        });
        self.pos = end;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        Ok(())
    }

    fn sync(&mut self) -> Result<()> {
        let mut c = self.inode.lock();
        if let Some((lo, hi)) = c.dirty.take() {
            let Contents { data, durable, .. } = &mut *c;
            if durable.len() < data.len() {
                durable.resize(data.len(), 0);
            }
            durable[lo..hi].copy_from_slice(&data[lo..hi]);
        }
        Ok(())
    }

    fn preallocate(&mut self, _len: u64) -> Result<()> {
        Ok(())
    }

    fn position(&self) -> u64 {
        self.pos as u64
    }
}

struct MemRandom {
    inode: Inode,
}

impl RandomAccessFile for MemRandom {
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> Result<()> {
        let c = self.inode.lock();
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let end = start.checked_add(buf.len());
        match end.and_then(|end| c.data.get(start..end)) {
            Some(src) => {
                buf.copy_from_slice(src);
                Ok(())
            }
            None => Err(Error::Io(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "read past end of file",
            ))),
        }
    }

    fn len(&self) -> u64 {
        self.inode.lock().data.len() as u64
    }
}

struct MemLock {
    ns: Arc<Mutex<Namespace>>,
    path: PathBuf,
}

impl FileLock for MemLock {}

impl Drop for MemLock {
    fn drop(&mut self) {
        self.ns.lock().locks.remove(&self.path);
    }
}

impl FileSystem for MemFs {
    fn create(&self, path: &Path) -> Result<Box<dyn WritableFile>> {
        let inode: Inode = Arc::default();
        self.ns.lock().files.insert(path.to_owned(), inode.clone());
        Ok(Box::new(MemWritable { inode, pos: 0 }))
    }

    fn reuse(&self, old: &Path, new: &Path) -> Result<Box<dyn WritableFile>> {
        self.rename(old, new)?;
        Ok(Box::new(MemWritable {
            inode: self.inode(new)?,
            pos: 0,
        }))
    }

    fn open(&self, path: &Path) -> Result<Arc<dyn RandomAccessFile>> {
        Ok(Arc::new(MemRandom {
            inode: self.inode(path)?,
        }))
    }

    fn read_all(&self, path: &Path) -> Result<Vec<u8>> {
        Ok(self.inode(path)?.lock().data.clone())
    }

    fn rename(&self, from: &Path, to: &Path) -> Result<()> {
        let mut ns = self.ns.lock();
        let inode = ns.files.remove(from).ok_or_else(|| not_found(from))?;
        ns.files.insert(to.to_owned(), inode);
        Ok(())
    }

    fn remove(&self, path: &Path) -> Result<()> {
        self.ns
            .lock()
            .files
            .remove(path)
            .map(|_| ())
            .ok_or_else(|| not_found(path))
    }

    fn list(&self, dir: &Path) -> Result<Vec<String>> {
        let ns = self.ns.lock();
        Ok(ns
            .files
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .filter_map(|p| p.file_name()?.to_str().map(str::to_owned))
            .collect())
    }

    fn create_dir_all(&self, dir: &Path) -> Result<()> {
        self.ns.lock().dirs.insert(dir.to_owned());
        Ok(())
    }

    fn sync_dir(&self, dir: &Path) -> Result<()> {
        let mut ns = self.ns.lock();
        ns.durable_files.retain(|p, _| p.parent() != Some(dir));
        let entries: Vec<_> = ns
            .files
            .iter()
            .filter(|(p, _)| p.parent() == Some(dir))
            .map(|(p, i)| (p.clone(), i.clone()))
            .collect();
        ns.durable_files.extend(entries);
        Ok(())
    }

    fn exists(&self, path: &Path) -> bool {
        let ns = self.ns.lock();
        ns.files.contains_key(path) || ns.dirs.contains(path)
    }

    fn file_size(&self, path: &Path) -> Result<u64> {
        Ok(self.inode(path)?.lock().data.len() as u64)
    }

    fn lock(&self, path: &Path) -> Result<Box<dyn FileLock>> {
        let mut ns = self.ns.lock();
        if !ns.locks.insert(path.to_owned()) {
            return Err(Error::Io(std::io::Error::new(
                std::io::ErrorKind::WouldBlock,
                format!("{} is locked", path.display()),
            )));
        }
        Ok(Box::new(MemLock {
            ns: self.ns.clone(),
            path: path.to_owned(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crash_keeps_only_synced_bytes_and_names() {
        let fs = MemFs::new();
        let dir = Path::new("/db");
        fs.create_dir_all(dir).unwrap();
        let mut f = fs.create(&dir.join("a")).unwrap();
        f.append(b"hello").unwrap();
        f.sync().unwrap();
        f.append(b" world").unwrap();
        fs.sync_dir(dir).unwrap();
        let mut g = fs.create(&dir.join("b")).unwrap();
        g.append(b"lost").unwrap();
        g.sync().unwrap();
        fs.crash();
        assert_eq!(fs.read_all(&dir.join("a")).unwrap(), b"hello");
        assert!(
            !fs.exists(&dir.join("b")),
            "b was never made durable in its directory"
        );
    }

    #[test]
    fn reuse_overwrites_in_place() {
        let fs = MemFs::new();
        let dir = Path::new("/db");
        let mut f = fs.create(&dir.join("1.log")).unwrap();
        f.append(b"abcdef").unwrap();
        f.sync().unwrap();
        let mut g = fs.reuse(&dir.join("1.log"), &dir.join("2.log")).unwrap();
        g.append(b"XY").unwrap();
        g.sync().unwrap();
        fs.sync_dir(dir).unwrap();
        fs.crash();
        assert_eq!(fs.read_all(&dir.join("2.log")).unwrap(), b"XYcdef");
        assert!(!fs.exists(&dir.join("1.log")));
    }
}
