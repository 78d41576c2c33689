//! A concatenating iterator over the tables of one level ≥ 1.
//!
//! The tables of such a level are sorted and disjoint, so the level reads as one sorted run:
//! the iterator opens one table at a time (through the table cache) and moves to the
//! neighbour when it runs off either end. With a prefix, tables whose prefix filter rules it
//! out are read as empty.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::InternalIterator;
use crate::key::compare_internal;
use crate::table_cache::TableCache;
use crate::version::FileMeta;
use crate::Result;

/// An iterator over a sorted run of disjoint tables.
pub struct LevelIterator {
    files: Vec<Arc<FileMeta>>,
    tables: Arc<TableCache>,
    prefix: Option<Vec<u8>>,
    /// Counts tables skipped by the prefix filter.
    skipped: Option<Arc<AtomicU64>>,
    index: usize,
    current: Option<Box<dyn InternalIterator>>,
    error: Option<crate::Error>,
}

impl LevelIterator {
    /// An unpositioned iterator over `files` (sorted by key, disjoint).
    pub fn new(
        files: Vec<Arc<FileMeta>>,
        tables: Arc<TableCache>,
        prefix: Option<Vec<u8>>,
    ) -> Self {
        Self {
            files,
            tables,
            prefix,
            skipped: None,
            index: 0,
            current: None,
            error: None,
        }
    }

    /// Counts the tables the prefix filter skips in `counter`.
    pub fn count_skips(mut self, counter: Arc<AtomicU64>) -> Self {
        self.skipped = Some(counter);
        self
    }

    fn open(&mut self, index: usize) {
        self.index = index;
        self.current = None;
        let Some(meta) = self.files.get(index) else {
            return;
        };
        match self.tables.get(meta) {
            Ok(table) => {
                if let Some(p) = &self.prefix {
                    if !table.may_contain_prefix(p) {
                        if let Some(n) = &self.skipped {
                            n.fetch_add(1, Ordering::Relaxed);
                        }
                        self.current = Some(Box::new(super::VecIterator::default()));
                        return;
                    }
                }
                self.current = Some(Box::new(table.iter()));
            }
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }

    fn check_current(&mut self) -> bool {
        match &self.current {
            Some(c) if c.valid() => true,
            Some(c) => {
                if let Err(e) = c.status() {
                    self.error.get_or_insert(e);
                    self.current = None;
                }
                false
            }
            None => false,
        }
    }

    fn skip_forward(&mut self) {
        while self.current.is_some() && !self.check_current() {
            if self.error.is_some() || self.index + 1 >= self.files.len() {
                self.current = None;
                return;
            }
            self.open(self.index + 1);
            if let Some(c) = &mut self.current {
                c.seek_to_first();
            }
        }
    }

    fn skip_backward(&mut self) {
        while self.current.is_some() && !self.check_current() {
            if self.error.is_some() || self.index == 0 {
                self.current = None;
                return;
            }
            self.open(self.index - 1);
            if let Some(c) = &mut self.current {
                c.seek_to_last();
            }
        }
    }
}

impl InternalIterator for LevelIterator {
    fn valid(&self) -> bool {
        self.current.as_ref().is_some_and(|c| c.valid())
    }
    fn seek_to_first(&mut self) {
        self.open(0);
        if let Some(c) = &mut self.current {
            c.seek_to_first();
        }
        self.skip_forward();
    }
    fn seek_to_last(&mut self) {
        let Some(last) = self.files.len().checked_sub(1) else {
            self.current = None;
            return;
        };
        self.open(last);
        if let Some(c) = &mut self.current {
            c.seek_to_last();
        }
        self.skip_backward();
    }
    fn seek(&mut self, target: &[u8]) {
        let i = self
            .files
            .partition_point(|f| compare_internal(&f.largest, target).is_lt());
        if i >= self.files.len() {
            self.current = None;
            return;
        }
        self.open(i);
        if let Some(c) = &mut self.current {
            c.seek(target);
        }
        self.skip_forward();
    }
    fn next(&mut self) {
        if let Some(c) = &mut self.current {
            c.next();
        }
        self.skip_forward();
    }
    fn prev(&mut self) {
        if let Some(c) = &mut self.current {
            c.prev();
        }
        self.skip_backward();
    }
    fn key(&self) -> &[u8] {
        self.current.as_ref().map_or(&[], |c| c.key())
    }
    fn value(&self) -> &[u8] {
        self.current.as_ref().map_or(&[], |c| c.value())
    }
    fn status(&self) -> Result<()> {
        match &self.error {
            Some(e) => Err(e.clone()),
            None => self.current.as_ref().map_or(Ok(()), |c| c.status()),
        }
    }
}
