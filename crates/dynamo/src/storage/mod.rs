//! The item-level storage trait that every operation is written against, and its
//! implementation over cairn's LSM engine.
//!
//! Operations never see engine keys or bytes: they read and write items of a
//! [`TableSchema`]. A backend keeps secondary index entries in step with items, makes every
//! change atomic with its index entries, and serializes read-modify-writes of one item, so a
//! second backend (a SQL database, say) can be added without touching an operation.
//!
//! # Contracts
//!
//! - [`Storage::write_items`] is the only way items change. For the keys it is given (any
//!   number, any tables), it reads the current items, hands them to `decide`, and applies
//!   what `decide` returns, all atomically and isolated: no other write to those items
//!   interleaves between the read and the write, and after a crash either every change
//!   (items and index entries) is there or none is. That one call serves a conditional
//!   PutItem, an UpdateItem (read, evaluate, write), a BatchWriteItem and, later, a
//!   transaction across tables; a change record (a stream) can be added to the same batch.
//! - Reads ([`Storage::get_item`], [`Storage::query`], [`Storage::scan`]) see a consistent
//!   state: a cursor reads at the point it was opened, whatever is written meanwhile.
//! - Items handed in are already validated (keys present with the schema's types, size
//!   within limits); a backend does not re-check DynamoDB rules.

pub mod lsm;

#[cfg(test)]
mod tests;

use crate::error::Result;
use crate::table::{IndexSchema, TableSchema};
use crate::types::{AttributeValue, Item};

/// What to do with one item of a [`Storage::write_items`] call.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Leave it as it is.
    Keep,
    /// Store this item (it carries the key it was addressed by).
    Put(Item),
    /// Delete it (a no-op if it does not exist).
    Delete,
}

/// One item addressed by a write: its table and its key attributes.
#[derive(Debug, Clone, Copy)]
pub struct ItemRef<'a> {
    /// The table.
    pub table: &'a TableSchema,
    /// The item's key attributes (exactly the table's key, with the schema's types).
    pub key: &'a Item,
}

/// The sort key condition of a query, over resolved values.
#[derive(Debug, Clone, PartialEq)]
pub enum SortRange {
    /// Every item of the partition.
    All,
    /// `sk = v`.
    Eq(AttributeValue),
    /// `sk < v`.
    Lt(AttributeValue),
    /// `sk <= v`.
    Le(AttributeValue),
    /// `sk > v`.
    Gt(AttributeValue),
    /// `sk >= v`.
    Ge(AttributeValue),
    /// `lo <= sk <= hi`.
    Between(AttributeValue, AttributeValue),
    /// `begins_with(sk, v)` (`S` or `B`).
    BeginsWith(AttributeValue),
}

/// Where a query or scan reads: the table itself or one of its secondary indexes.
pub type Source<'a> = Option<&'a IndexSchema>;

/// Items in storage order, read at one point in time. A secondary index yields its
/// projected entries. Errors are storage failures (corruption, I/O).
pub type ItemCursor = Box<dyn Iterator<Item = Result<Item>> + Send>;

/// The decision of a [`Storage::write_items`] call: the current items in, one [`Change`]
/// each out, or an error that cancels the write.
pub type Decide<'a> = dyn FnMut(&[Option<Item>]) -> Result<Vec<Change>> + 'a;

/// Counts for DescribeTable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Items (or index entries).
    pub items: u64,
    /// Their total size by DynamoDB's rules.
    pub bytes: u64,
}

/// Item-level storage. Implementations are shared between threads.
pub trait Storage: Send + Sync {
    /// Every table description record of the catalog, with its table name.
    fn catalog(&self) -> Result<Vec<(String, Vec<u8>)>>;

    /// Stores (creates or replaces) the description record of table `name`, durably.
    fn put_catalog(&self, name: &str, record: &[u8]) -> Result<()>;

    /// Removes the description record of table `name`, durably.
    fn delete_catalog(&self, name: &str) -> Result<()>;

    /// The catalog's own record (the next table id, ...), if stored.
    fn catalog_meta(&self) -> Result<Option<Vec<u8>>>;

    /// Stores the catalog's own record, durably.
    fn put_catalog_meta(&self, record: &[u8]) -> Result<()>;

    /// The item with `key` in `table`, if any.
    fn get_item(&self, table: &TableSchema, key: &Item) -> Result<Option<Item>>;

    /// The items at `refs` (any tables), all read at one point in time: a write of several
    /// of them (one [`Storage::write_items`]) is seen whole or not at all. For
    /// TransactGetItems.
    fn get_items(&self, refs: &[ItemRef<'_>]) -> Result<Vec<Option<Item>>>;

    /// Atomically reads the items at `refs`, asks `decide` what to do with them (it gets the
    /// current items in the order of `refs`, and returns one [`Change`] each) and applies the
    /// changes, with every index entry they imply, as one atomic write. If `decide` fails,
    /// nothing is written and its error is returned. Returns the items as they were.
    ///
    /// `refs` must not address one item twice.
    fn write_items(
        &self,
        refs: &[ItemRef<'_>],
        decide: &mut Decide<'_>,
    ) -> Result<Vec<Option<Item>>>;

    /// The items of one partition of `table` or of its index `source`, in sort key order
    /// (descending if not `forward`), restricted by `sort`, starting after the item whose
    /// key attributes (the index's and the table's) are `start_after`.
    fn query(
        &self,
        table: &TableSchema,
        source: Source<'_>,
        partition: &AttributeValue,
        sort: &SortRange,
        forward: bool,
        start_after: Option<&Item>,
    ) -> Result<ItemCursor>;

    /// The items of segment `segment` of `total` of `table` or of its index `source`, in
    /// storage order (partitions in hash order), starting after the item whose key
    /// attributes are `start_after` (which must lie in the segment).
    fn scan(
        &self,
        table: &TableSchema,
        source: Source<'_>,
        segment: u32,
        total: u32,
        start_after: Option<&Item>,
    ) -> Result<ItemCursor>;

    /// Item count and total size of `table` or of its index `source`.
    fn usage(&self, table: &TableSchema, source: Source<'_>) -> Result<Usage>;

    /// Writes the entries of `index` (already part of `table`) for every item of the table.
    /// Writes racing with the backfill keep the index right: each write maintains the
    /// index itself, and the backfill writes an entry only from the item as it is.
    fn backfill_index(&self, table: &TableSchema, index: &IndexSchema) -> Result<()>;

    /// Deletes every entry of `index` of `table` (dropped from the schema already).
    fn drop_index(&self, table: &TableSchema, index: &IndexSchema) -> Result<()>;

    /// Deletes every item and index entry of table id `table_id` (removed from the catalog
    /// already). May take a while; callers run it in the background.
    fn drop_table(&self, table_id: u32) -> Result<()>;

    /// Table ids that have data in storage, for cleaning up after an interrupted drop.
    fn stored_table_ids(&self) -> Result<Vec<u32>>;

    /// Makes everything written so far durable and releases resources. Further calls fail.
    fn close(&self) -> Result<()>;
}
