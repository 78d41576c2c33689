//! [`Storage`] over cairn's LSM engine: every table, index and the catalog in one ordered
//! key space (layout: `docs/format/keys.md`), items in their binary stored form
//! (`docs/format/items.md`), the catalog as JSON records (`docs/format/catalog.md`).
//!
//! # Atomicity and isolation
//!
//! A write locks the items it addresses (a fixed array of lock stripes, chosen by a hash of
//! the item's engine key, taken in ascending stripe order so two writes never wait on each
//! other in a cycle), reads them, applies the caller's decision and commits the item and
//! every index entry it implies as one engine [`WriteBatch`]: the engine's WAL makes the
//! batch all-or-nothing across a crash, the lock makes the read-modify-write atomic with
//! respect to other writes of the same items. Reads take no lock: engine reads are
//! consistent at a sequence number, and a batch becomes visible at once.
//!
//! # Durability
//!
//! With `sync` on (the default of `cairn serve` on disk), a write returns after the WAL
//! record holding its batch is on disk (`fdatasync`); concurrent writes share one sync
//! (group commit). Catalog changes are always synced.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use cairn_lsm::{Db, Options, ReadOptions, WriteBatch, WriteOptions};

use super::{Change, Decide, ItemCursor, ItemRef, SortRange, Source, Storage, Usage};
use crate::error::{DynamoError, Result};
use crate::keys::layout::{
    catalog_key, index_entry_key, index_prefix, item_key, partition_prefix, partition_prefix_of,
    prefix_end, segment_hash_range, BASE_TABLE, NS_CATALOG, NS_ITEM,
};
use crate::keys::{encode_key_prefix, encode_key_value, KeyError};
use crate::table::{IndexSchema, TableSchema};
use crate::types::{decode_stored_item, encode_stored_item, item_size, AttributeValue, Item};

/// Number of lock stripes. Two items share a stripe with probability 1/4096: a write may
/// then wait for an unrelated one, never more.
const STRIPES: usize = 4096;

/// Items deleted per engine batch when a table or index is dropped.
const DROP_BATCH: usize = 1024;

/// The engine's prefix extractor for item keys: the partition prefix, so a Query skips
/// tables whose prefix filter lacks its partition.
#[derive(Debug)]
struct PartitionPrefix;

impl cairn_lsm::PrefixExtractor for PartitionPrefix {
    fn name(&self) -> &str {
        "cairn.dynamo.partition.1"
    }

    fn prefix<'a>(&self, user_key: &'a [u8]) -> Option<&'a [u8]> {
        partition_prefix_of(user_key)
    }
}

/// Where an LSM store keeps its data.
#[derive(Debug, Clone)]
pub enum Location<'a> {
    /// In a directory (created if missing).
    Dir(&'a Path),
    /// In memory: gone when the process exits.
    Memory,
}

/// Item storage on the LSM engine.
pub struct LsmStorage {
    db: Db,
    write: WriteOptions,
    stripes: Box<[Mutex<()>]>,
}

impl std::fmt::Debug for LsmStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LsmStorage")
            .field("db", &self.db)
            .field("sync", &self.write.sync)
            .finish()
    }
}

fn storage_error(e: cairn_lsm::Error) -> DynamoError {
    DynamoError::internal(format!("storage failure: {e}"))
}

fn key_error(e: KeyError) -> DynamoError {
    DynamoError::internal(format!("bad key: {e}"))
}

fn decode(bytes: &[u8]) -> Result<Item> {
    decode_stored_item(bytes).map_err(|e| DynamoError::internal(format!("damaged item: {e}")))
}

impl LsmStorage {
    /// Opens (or creates) a store. With `sync`, every item write is durable when it
    /// returns; without, it survives a crash of the process but not of the machine.
    pub fn open(location: Location<'_>, sync: bool) -> Result<LsmStorage, cairn_lsm::Error> {
        let mut opts = match location {
            Location::Memory => Options::in_memory(),
            Location::Dir(_) => Options::default(),
        };
        opts.table.prefix_extractor = Some(std::sync::Arc::new(PartitionPrefix));
        if !sync {
            // Zero-filling the log ahead only makes synced appends cheaper; item writes that
            // are not synced would pay its syncs for nothing.
            opts.wal_preallocate_bytes = 0;
        }
        let db = match location {
            Location::Dir(p) => Db::open(p, opts)?,
            Location::Memory => Db::open("/cairn", opts)?,
        };
        Ok(Self::with_db(db, sync))
    }

    /// A store on an engine opened by the caller (tests use this to inject faults). The
    /// engine should use this module's prefix extractor for partition-prefix skipping.
    pub fn with_db(db: Db, sync: bool) -> LsmStorage {
        LsmStorage {
            db,
            write: WriteOptions { sync },
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
        }
    }

    /// The engine, for statistics and administration.
    pub fn engine(&self) -> &Db {
        &self.db
    }

    fn stripe_of(key: &[u8]) -> usize {
        // FNV-1a: cheap and spreads adjacent keys.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in key {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        (h % STRIPES as u64) as usize
    }

    fn lock(&self, keys: &[Vec<u8>]) -> Vec<MutexGuard<'_, ()>> {
        let mut stripes: Vec<usize> = keys.iter().map(|k| Self::stripe_of(k)).collect();
        stripes.sort_unstable();
        stripes.dedup();
        stripes
            .into_iter()
            .map(|s| self.stripes[s].lock().unwrap_or_else(|p| p.into_inner()))
            .collect()
    }

    fn get_raw(&self, key: &[u8]) -> Result<Option<Item>> {
        match self
            .db
            .get(key, &ReadOptions::default())
            .map_err(storage_error)?
        {
            Some(bytes) => Ok(Some(decode(&bytes)?)),
            None => Ok(None),
        }
    }

    fn cursor(
        &self,
        lower: Vec<u8>,
        upper: Option<Vec<u8>>,
        reverse: bool,
        prefix: Option<Vec<u8>>,
    ) -> Result<ItemCursor> {
        let opts = ReadOptions {
            snapshot: None,
            prefix,
        };
        let scan = self
            .db
            .scan(&opts, Some(&lower), upper.as_deref(), reverse)
            .map_err(storage_error)?;
        Ok(Box::new(scan.map(|r| match r {
            Ok((_, v)) => decode(&v),
            Err(e) => Err(storage_error(e)),
        })))
    }

    /// Deletes every key in `[lower, upper)` in batches.
    fn delete_range(&self, lower: &[u8], upper: Option<&[u8]>) -> Result<()> {
        let mut scan = self
            .db
            .scan(&ReadOptions::default(), Some(lower), upper, false)
            .map_err(storage_error)?;
        loop {
            let mut batch = WriteBatch::new();
            for r in scan.by_ref().take(DROP_BATCH) {
                let (k, _) = r.map_err(storage_error)?;
                batch.delete(&k);
            }
            if batch.is_empty() {
                return Ok(());
            }
            self.db
                .write(batch, WriteOptions { sync: false })
                .map_err(storage_error)?;
        }
    }

    fn sync_point(&self) -> Result<()> {
        // An empty synced batch makes every earlier write durable (the WAL is in order).
        self.db
            .write(WriteBatch::new(), WriteOptions { sync: true })
            .map_err(storage_error)
    }
}

/// The engine key of the item with key attributes taken from `item` in `table`.
fn base_key(table: &TableSchema, item: &Item) -> Result<Vec<u8>> {
    let (h, r) = table
        .key
        .values_of(item)
        .ok_or_else(|| DynamoError::internal("item without its key attributes"))?;
    item_key(table.id, BASE_TABLE, h, r, &[]).map_err(key_error)
}

/// The engine key of `index`'s entry for `item`, if the item is in the index.
fn index_key(table: &TableSchema, index: &IndexSchema, item: &Item) -> Result<Option<Vec<u8>>> {
    let Some((ih, ir)) = index.key.values_of(item) else {
        return Ok(None);
    };
    let (th, tr) = table
        .key
        .values_of(item)
        .ok_or_else(|| DynamoError::internal("item without its key attributes"))?;
    index_entry_key(table.id, index.id, ih, ir, th, tr)
        .map(Some)
        .map_err(key_error)
}

/// The key of `start_after` in `source`: an item key of the table, or an index key.
fn source_key(table: &TableSchema, source: Source<'_>, start_after: &Item) -> Result<Vec<u8>> {
    match source {
        None => base_key(table, start_after),
        Some(index) => index_key(table, index, start_after)?
            .ok_or_else(|| DynamoError::internal("start key without the index's key")),
    }
}

/// Adds to `batch` the changes of every index entry when an item goes from `old` to `new`.
fn index_changes(
    batch: &mut WriteBatch,
    table: &TableSchema,
    old: Option<&Item>,
    new: Option<&Item>,
) -> Result<()> {
    for index in &table.indexes {
        let old_key = match old {
            Some(o) => index_key(table, index, o)?,
            None => None,
        };
        let new_entry = match new {
            Some(n) => match index_key(table, index, n)? {
                Some(k) => table.index_entry(index, n).map(|e| (k, e)),
                None => None,
            },
            None => None,
        };
        if let Some(ok) = &old_key {
            if new_entry.as_ref().is_none_or(|(nk, _)| nk != ok) {
                batch.delete(ok);
            }
        }
        if let Some((nk, entry)) = new_entry {
            let unchanged = old_key.as_ref() == Some(&nk)
                && old.and_then(|o| table.index_entry(index, o)).as_ref() == Some(&entry);
            if !unchanged {
                batch.put(&nk, &encode_stored_item(&entry));
            }
        }
    }
    Ok(())
}

/// The smallest key greater than `key`.
fn successor(key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(key.len() + 1);
    k.extend_from_slice(key);
    k.push(0);
    k
}

fn with(prefix: &[u8], value: &AttributeValue) -> Result<Vec<u8>> {
    let mut k = prefix.to_vec();
    encode_key_value(&mut k, value).map_err(key_error)?;
    Ok(k)
}

fn end_of(prefix: &[u8]) -> Vec<u8> {
    // Item keys start with NS_ITEM (< 0xFF), so every prefix of one has an end.
    prefix_end(prefix).expect("an item key prefix has an end")
}

impl Storage for LsmStorage {
    fn catalog(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let lower = [NS_CATALOG];
        let upper = [NS_CATALOG + 1];
        let scan = self
            .db
            .scan(&ReadOptions::default(), Some(&lower), Some(&upper), false)
            .map_err(storage_error)?;
        let mut out = Vec::new();
        for r in scan {
            let (k, v) = r.map_err(storage_error)?;
            if k.len() == 1 {
                continue; // the catalog's own record
            }
            let name = String::from_utf8(k[1..].to_vec())
                .map_err(|_| DynamoError::internal("damaged catalog key"))?;
            out.push((name, v));
        }
        Ok(out)
    }

    fn put_catalog(&self, name: &str, record: &[u8]) -> Result<()> {
        self.db
            .put(&catalog_key(name), record, WriteOptions { sync: true })
            .map_err(storage_error)
    }

    fn delete_catalog(&self, name: &str) -> Result<()> {
        self.db
            .delete(&catalog_key(name), WriteOptions { sync: true })
            .map_err(storage_error)
    }

    fn catalog_meta(&self) -> Result<Option<Vec<u8>>> {
        self.db
            .get(&[NS_CATALOG], &ReadOptions::default())
            .map_err(storage_error)
    }

    fn put_catalog_meta(&self, record: &[u8]) -> Result<()> {
        self.db
            .put(&[NS_CATALOG], record, WriteOptions { sync: true })
            .map_err(storage_error)
    }

    fn get_item(&self, table: &TableSchema, key: &Item) -> Result<Option<Item>> {
        self.get_raw(&base_key(table, key)?)
    }

    fn get_items(&self, refs: &[ItemRef<'_>]) -> Result<Vec<Option<Item>>> {
        let snapshot = self.db.snapshot();
        let opts = ReadOptions {
            snapshot: Some(snapshot.sequence()),
            prefix: None,
        };
        refs.iter()
            .map(|r| {
                let key = base_key(r.table, r.key)?;
                match self.db.get(&key, &opts).map_err(storage_error)? {
                    Some(bytes) => Ok(Some(decode(&bytes)?)),
                    None => Ok(None),
                }
            })
            .collect()
    }

    fn write_items(
        &self,
        refs: &[ItemRef<'_>],
        decide: &mut Decide<'_>,
    ) -> Result<Vec<Option<Item>>> {
        let keys = refs
            .iter()
            .map(|r| base_key(r.table, r.key))
            .collect::<Result<Vec<_>>>()?;
        let _guards = self.lock(&keys);
        let old = keys
            .iter()
            .map(|k| self.get_raw(k))
            .collect::<Result<Vec<_>>>()?;
        let changes = decide(&old)?;
        debug_assert_eq!(changes.len(), refs.len());
        let mut batch = WriteBatch::new();
        for ((r, key), (old, change)) in refs.iter().zip(&keys).zip(old.iter().zip(&changes)) {
            match change {
                Change::Keep => {}
                Change::Put(item) => {
                    batch.put(key, &encode_stored_item(item));
                    index_changes(&mut batch, r.table, old.as_ref(), Some(item))?;
                }
                Change::Delete => {
                    if old.is_some() {
                        batch.delete(key);
                        index_changes(&mut batch, r.table, old.as_ref(), None)?;
                    }
                }
            }
        }
        if !batch.is_empty() {
            self.db.write(batch, self.write).map_err(storage_error)?;
        }
        Ok(old)
    }

    fn query(
        &self,
        table: &TableSchema,
        source: Source<'_>,
        partition: &AttributeValue,
        sort: &SortRange,
        forward: bool,
        start_after: Option<&Item>,
    ) -> Result<ItemCursor> {
        let index_id = source.map_or(BASE_TABLE, |i| i.id);
        let p = partition_prefix(table.id, index_id, partition).map_err(key_error)?;
        let (mut lower, mut upper) = match sort {
            SortRange::All => (p.clone(), end_of(&p)),
            SortRange::Eq(v) => {
                let k = with(&p, v)?;
                let end = end_of(&k);
                (k, end)
            }
            SortRange::Lt(v) => (p.clone(), with(&p, v)?),
            SortRange::Le(v) => (p.clone(), end_of(&with(&p, v)?)),
            SortRange::Gt(v) => (end_of(&with(&p, v)?), end_of(&p)),
            SortRange::Ge(v) => (with(&p, v)?, end_of(&p)),
            SortRange::Between(lo, hi) => (with(&p, lo)?, end_of(&with(&p, hi)?)),
            SortRange::BeginsWith(v) => {
                let mut k = p.clone();
                encode_key_prefix(&mut k, v).map_err(key_error)?;
                let end = end_of(&k);
                (k, end)
            }
        };
        if let Some(start) = start_after {
            let k = source_key(table, source, start)?;
            if forward {
                lower = lower.max(successor(&k));
            } else {
                upper = upper.min(k);
            }
        }
        if lower >= upper {
            return Ok(Box::new(std::iter::empty()));
        }
        self.cursor(lower, Some(upper), !forward, Some(p))
    }

    fn scan(
        &self,
        table: &TableSchema,
        source: Source<'_>,
        segment: u32,
        total: u32,
        start_after: Option<&Item>,
    ) -> Result<ItemCursor> {
        let index_id = source.map_or(BASE_TABLE, |i| i.id);
        let prefix = index_prefix(table.id, index_id);
        let Some((lo, hi)) = segment_hash_range(segment, total) else {
            return Ok(Box::new(std::iter::empty()));
        };
        let mut lower = prefix.clone();
        lower.extend_from_slice(&lo.to_be_bytes());
        let upper = match hi.checked_add(1) {
            Some(next) => {
                let mut u = prefix.clone();
                u.extend_from_slice(&next.to_be_bytes());
                u
            }
            None => end_of(&prefix),
        };
        if let Some(start) = start_after {
            lower = lower.max(successor(&source_key(table, source, start)?));
        }
        if lower >= upper {
            return Ok(Box::new(std::iter::empty()));
        }
        self.cursor(lower, Some(upper), false, None)
    }

    fn usage(&self, table: &TableSchema, source: Source<'_>) -> Result<Usage> {
        let mut usage = Usage::default();
        for item in self.scan(table, source, 0, 1, None)? {
            usage.items += 1;
            usage.bytes += item_size(&item?) as u64;
        }
        Ok(usage)
    }

    fn backfill_index(&self, table: &TableSchema, index: &IndexSchema) -> Result<()> {
        for item in self.scan(table, None, 0, 1, None)? {
            let item = item?;
            let key = base_key(table, &item)?;
            let _guard = self.lock(std::slice::from_ref(&key));
            // The item as it is now: a write since the scan's snapshot wrote its own entry.
            let Some(current) = self.get_raw(&key)? else {
                continue;
            };
            if let (Some(k), Some(entry)) = (
                index_key(table, index, &current)?,
                table.index_entry(index, &current),
            ) {
                self.db
                    .put(
                        &k,
                        &encode_stored_item(&entry),
                        WriteOptions { sync: false },
                    )
                    .map_err(storage_error)?;
            }
        }
        self.sync_point()
    }

    fn drop_index(&self, table: &TableSchema, index: &IndexSchema) -> Result<()> {
        let prefix = index_prefix(table.id, index.id);
        self.delete_range(&prefix, Some(&end_of(&prefix)))?;
        self.sync_point()
    }

    fn drop_table(&self, table_id: u32) -> Result<()> {
        let mut prefix = vec![NS_ITEM];
        prefix.extend_from_slice(&table_id.to_be_bytes());
        self.delete_range(&prefix, Some(&end_of(&prefix)))?;
        self.sync_point()
    }

    fn stored_table_ids(&self) -> Result<Vec<u32>> {
        let mut ids = Vec::new();
        let mut it = self
            .db
            .iter(
                &ReadOptions::default(),
                Some(&[NS_ITEM]),
                Some(&[NS_ITEM + 1]),
            )
            .map_err(storage_error)?;
        it.seek(&[NS_ITEM]);
        while it.valid() {
            let Some(id) = it.key().get(1..5) else {
                break;
            };
            let id = u32::from_be_bytes(id.try_into().expect("4 bytes"));
            ids.push(id);
            let Some(next) = id.checked_add(1) else {
                break;
            };
            let mut target = vec![NS_ITEM];
            target.extend_from_slice(&next.to_be_bytes());
            it.seek(&target);
        }
        it.status().map_err(storage_error)?;
        Ok(ids)
    }

    fn close(&self) -> Result<()> {
        self.db.close().map_err(storage_error)
    }
}
