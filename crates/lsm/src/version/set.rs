//! The version set: the current [`Version`], the manifest that makes it durable, and the
//! counters (next file number, last sequence, live log) recorded with it.
//!
//! Every change goes through [`VersionSet::log_and_apply`]: the edit is appended to the
//! manifest and synced *before* the new version is installed, so a table is referenced on
//! disk only after it was fully written and synced, and deleted only after no version on disk
//! or in memory references it.
//!
//! Thread-safety: the engine keeps the set behind a mutex; file numbers come from an atomic
//! counter so that writers can allocate a log number without taking that mutex.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use super::{Version, VersionEdit, NUM_LEVELS};
use crate::filename::{current_file, manifest_name};
use crate::fs::FileSystem;
use crate::wal::{LogReader, LogWriter};
use crate::{Error, Result};

/// A manifest larger than this is rewritten as one snapshot edit into a new file.
const MAX_MANIFEST_BYTES: u64 = 64 << 20;

/// The current version and its durable record.
pub struct VersionSet {
    fs: Arc<dyn FileSystem>,
    dir: PathBuf,
    current: Arc<Version>,
    manifest: Option<LogWriter>,
    next_file_number: Arc<AtomicU64>,
    /// Logs numbered below this hold nothing that is not in a table.
    log_number: u64,
    last_sequence: u64,
    compact_pointers: Vec<Vec<u8>>,
    live: Vec<Weak<Version>>,
}

impl std::fmt::Debug for VersionSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VersionSet")
            .field("dir", &self.dir)
            .field("log_number", &self.log_number)
            .field("last_sequence", &self.last_sequence)
            .finish_non_exhaustive()
    }
}

impl VersionSet {
    /// Reads `CURRENT` and replays its manifest. `Ok(None)` if there is no database here.
    pub fn recover(fs: Arc<dyn FileSystem>, dir: &Path) -> Result<Option<VersionSet>> {
        let current_path = current_file(dir);
        if !fs.exists(&current_path) {
            return Ok(None);
        }
        let current = fs.read_all(&current_path)?;
        let name = std::str::from_utf8(&current)
            .ok()
            .and_then(|s| s.strip_suffix('\n'))
            .filter(|s| !s.contains('/'))
            .ok_or_else(|| Error::corruption("CURRENT does not name a manifest"))?;
        let number = match crate::filename::parse(name) {
            Some((crate::filename::FileType::Manifest, n)) => n,
            _ => return Err(Error::corruption(format!("CURRENT names {name:?}"))),
        };
        let data = fs.read_all(&dir.join(name))?;
        let len = data.len();
        let mut reader = LogReader::new(data, number);
        let mut version = Version::new();
        let (mut log_number, mut next_file, mut last_seq) = (None, None, None);
        let mut compact_pointers = vec![Vec::new(); NUM_LEVELS];
        loop {
            let record = match reader.read_record() {
                Ok(Some(r)) => r,
                Ok(None) => {
                    // A manifest is never recycled nor preallocated: its log ends at the end
                    // of the data (or in zeros a crash left). A "clean end" before other bytes
                    // is a damaged header (its log number) hiding the edits after it.
                    let end = reader.last_record_end() as usize;
                    if end < len && fs.read_all(&dir.join(name))?[end..].iter().any(|&b| b != 0) {
                        return Err(Error::corruption(format!(
                            "{name}: unreadable record at offset {end}"
                        )));
                    }
                    break;
                }
                // An edit is acknowledged only once synced whole; a record cut short at the
                // end of the file is one whose sync never completed.
                Err(_) if reader.torn_tail() => break,
                Err(e) => return Err(e),
            };
            let edit = VersionEdit::decode(&record)?;
            version = version.apply(&edit)?;
            log_number = edit.log_number.or(log_number);
            next_file = edit.next_file_number.or(next_file);
            last_seq = edit.last_sequence.or(last_seq);
            for (level, key) in edit.compact_pointers {
                if let Some(p) = compact_pointers.get_mut(level) {
                    *p = key;
                }
            }
        }
        let (Some(log_number), Some(next_file), Some(last_seq)) = (log_number, next_file, last_seq)
        else {
            return Err(Error::corruption(
                "manifest lacks log number, next file or sequence",
            ));
        };
        let max_file = version
            .all_files()
            .map(|(_, f)| f.number)
            .max()
            .unwrap_or(0);
        let next = next_file.max(max_file + 1).max(number + 1);
        let mut set = VersionSet {
            fs,
            dir: dir.to_owned(),
            current: Arc::new(version),
            manifest: None,
            next_file_number: Arc::new(AtomicU64::new(next)),
            log_number,
            last_sequence: last_seq,
            compact_pointers,
            live: Vec::new(),
        };
        set.live.push(Arc::downgrade(&set.current));
        Ok(Some(set))
    }

    /// A version set for a new, empty database (nothing is written until
    /// [`VersionSet::write_new_manifest`]).
    pub fn create(fs: Arc<dyn FileSystem>, dir: &Path) -> VersionSet {
        let current = Arc::new(Version::new());
        VersionSet {
            fs,
            dir: dir.to_owned(),
            live: vec![Arc::downgrade(&current)],
            current,
            manifest: None,
            next_file_number: Arc::new(AtomicU64::new(1)),
            log_number: 0,
            last_sequence: 0,
            compact_pointers: vec![Vec::new(); NUM_LEVELS],
        }
    }

    /// Starts a new manifest holding one edit that describes the whole current state, then
    /// points `CURRENT` at it (write temp, sync, rename, sync directory).
    pub fn write_new_manifest(&mut self) -> Result<()> {
        self.write_new_manifest_then(None)
    }

    /// [`VersionSet::write_new_manifest`], with `then` recorded after the snapshot under the
    /// same sync, before `CURRENT` names the file: a new manifest costs one sync of its own.
    fn write_new_manifest_then(&mut self, then: Option<&VersionEdit>) -> Result<()> {
        let number = self.new_file_number();
        let path = self.dir.join(manifest_name(number));
        let mut writer = LogWriter::new(self.fs.create(&path)?, number);
        let mut edit = VersionEdit {
            log_number: Some(self.log_number),
            next_file_number: Some(self.next_file_number.load(Ordering::SeqCst)),
            last_sequence: Some(self.last_sequence),
            ..VersionEdit::default()
        };
        for (level, f) in self.current.all_files() {
            edit.new_files.push((level, (**f).clone()));
        }
        for (level, key) in self.compact_pointers.iter().enumerate() {
            if !key.is_empty() {
                edit.compact_pointers.push((level, key.clone()));
            }
        }
        writer.add_record(&edit.encode())?;
        if let Some(then) = then {
            writer.add_record(&then.encode())?;
        }
        writer.sync()?;
        let tmp = self.dir.join("CURRENT.tmp");
        let mut f = self.fs.create(&tmp)?;
        f.append(format!("{}\n", manifest_name(number)).as_bytes())?;
        f.sync()?;
        drop(f);
        self.fs.rename(&tmp, &current_file(&self.dir))?;
        self.fs.sync_dir(&self.dir)?;
        self.manifest = Some(writer);
        Ok(())
    }

    /// Number of the manifest being written.
    pub fn manifest_number(&self) -> Option<u64> {
        self.manifest.as_ref().map(LogWriter::log_number)
    }

    /// Records `edit` in the manifest (synced), then installs the version it makes.
    /// `last_sequence` is the engine's last used sequence number, recorded with the edit.
    pub fn log_and_apply(
        &mut self,
        mut edit: VersionEdit,
        last_sequence: u64,
    ) -> Result<Arc<Version>> {
        let version = self.current.apply(&edit)?;
        if let Some(n) = edit.log_number {
            debug_assert!(n >= self.log_number);
        }
        self.last_sequence = self.last_sequence.max(last_sequence);
        edit.last_sequence = Some(self.last_sequence);
        edit.next_file_number = Some(self.next_file_number.load(Ordering::SeqCst));
        if self
            .manifest
            .as_ref()
            .is_none_or(|m| m.size() > MAX_MANIFEST_BYTES)
        {
            // The snapshot describes the state *before* this edit, which follows it.
            self.write_new_manifest_then(Some(&edit))?;
        } else {
            let manifest = self.manifest.as_mut().ok_or(Error::Closed)?;
            manifest.add_record(&edit.encode())?;
            manifest.sync()?;
        }
        if let Some(n) = edit.log_number {
            self.log_number = n;
        }
        for (level, key) in &edit.compact_pointers {
            if let Some(p) = self.compact_pointers.get_mut(*level) {
                p.clone_from(key);
            }
        }
        let version = Arc::new(version);
        self.live.push(Arc::downgrade(&version));
        self.current = version.clone();
        Ok(version)
    }

    /// The current version.
    pub fn current(&self) -> Arc<Version> {
        self.current.clone()
    }

    /// Allocates a file number.
    pub fn new_file_number(&self) -> u64 {
        self.next_file_number.fetch_add(1, Ordering::SeqCst)
    }

    /// The shared file-number counter.
    pub fn file_numbers(&self) -> Arc<AtomicU64> {
        self.next_file_number.clone()
    }

    /// Logs below this number are no longer needed.
    pub fn log_number(&self) -> u64 {
        self.log_number
    }

    /// The last sequence number recorded in the manifest.
    pub fn last_sequence(&self) -> u64 {
        self.last_sequence
    }

    /// Where the last compaction of `level` ended (an internal key; empty = start).
    pub fn compact_pointer(&self, level: usize) -> &[u8] {
        self.compact_pointers
            .get(level)
            .map_or(&[], |p| p.as_slice())
    }

    /// Numbers of all tables referenced by any version still in use.
    pub fn live_files(&mut self) -> HashSet<u64> {
        self.live.retain(|w| w.strong_count() > 0);
        let mut live = HashSet::new();
        for v in self.live.iter().filter_map(Weak::upgrade) {
            live.extend(v.all_files().map(|(_, f)| f.number));
        }
        live
    }
}
