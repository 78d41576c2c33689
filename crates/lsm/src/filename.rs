//! Names of the files in a database directory (see `docs/format/manifest.md`).
//!
//! ```text
//! 000123.log        write-ahead log number 123
//! 000124.sst        table number 124
//! MANIFEST-000002   manifest (log of version edits) number 2
//! CURRENT           name of the live manifest, one line
//! LOCK              held (flock) while a process has the database open
//! *.tmp             a file being written before an atomic rename; deleted at open
//! ```

use std::path::{Path, PathBuf};

/// The kinds of files in a database directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    /// A write-ahead log.
    Log,
    /// A table.
    Table,
    /// A manifest.
    Manifest,
    /// The CURRENT pointer.
    Current,
    /// The lock file.
    Lock,
    /// An unfinished temporary file.
    Temp,
}

/// `dir/NNNNNN.log`.
pub fn log_file(dir: &Path, number: u64) -> PathBuf {
    dir.join(format!("{number:06}.log"))
}

/// `dir/NNNNNN.sst`.
pub fn table_file(dir: &Path, number: u64) -> PathBuf {
    dir.join(format!("{number:06}.sst"))
}

/// `MANIFEST-NNNNNN` (a name, relative to the directory).
pub fn manifest_name(number: u64) -> String {
    format!("MANIFEST-{number:06}")
}

/// `dir/CURRENT`.
pub fn current_file(dir: &Path) -> PathBuf {
    dir.join("CURRENT")
}

/// `dir/LOCK`.
pub fn lock_file(dir: &Path) -> PathBuf {
    dir.join("LOCK")
}

/// Classifies a directory entry; `None` for names the engine does not own.
pub fn parse(name: &str) -> Option<(FileType, u64)> {
    match name {
        "CURRENT" => return Some((FileType::Current, 0)),
        "LOCK" => return Some((FileType::Lock, 0)),
        _ => {}
    }
    if name.ends_with(".tmp") {
        return Some((FileType::Temp, 0));
    }
    if let Some(n) = name.strip_prefix("MANIFEST-") {
        return Some((FileType::Manifest, n.parse().ok()?));
    }
    if let Some(n) = name.strip_suffix(".log") {
        return Some((FileType::Log, n.parse().ok()?));
    }
    if let Some(n) = name.strip_suffix(".sst") {
        return Some((FileType::Table, n.parse().ok()?));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let dir = Path::new("/d");
        let name = |p: PathBuf| p.file_name().unwrap().to_str().unwrap().to_owned();
        assert_eq!(parse(&name(log_file(dir, 7))), Some((FileType::Log, 7)));
        assert_eq!(
            parse(&name(table_file(dir, 1234567))),
            Some((FileType::Table, 1234567))
        );
        assert_eq!(parse(&manifest_name(3)), Some((FileType::Manifest, 3)));
        assert_eq!(parse("CURRENT"), Some((FileType::Current, 0)));
        assert_eq!(parse("x.log.bak"), None);
        assert_eq!(parse("CURRENT.tmp"), Some((FileType::Temp, 0)));
    }
}
