//! A database: storage, the catalog of tables, and the operations over them.
//!
//! [`Database::execute`] is the one entry point: an operation name and its JSON request in,
//! the JSON response or a typed [`DynamoError`] out. It is synchronous (storage calls block)
//! and safe to call from many threads at once.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::error::{DynamoError, Result};
use crate::ops;
use crate::storage::lsm::{Location, LsmStorage};
use crate::storage::Storage;
use crate::table::Catalog;

/// How a database behaves where DynamoDB leaves room.
#[derive(Debug, Clone)]
pub struct DatabaseOptions {
    /// Region in ARNs.
    pub region: String,
    /// Account id in ARNs.
    pub account: String,
    /// How long a new table stays `CREATING` (and a new global index `CREATING`). Zero
    /// makes CreateTable answer with an `ACTIVE` table, as DynamoDB Local does.
    pub create_delay: Duration,
    /// How long a deleted table stays `DELETING` before it is gone.
    pub delete_delay: Duration,
    /// How long UpdateTable leaves a table `UPDATING`.
    pub update_delay: Duration,
}

impl Default for DatabaseOptions {
    fn default() -> Self {
        DatabaseOptions {
            region: "us-east-1".to_owned(),
            account: "000000000000".to_owned(),
            create_delay: Duration::ZERO,
            delete_delay: Duration::ZERO,
            update_delay: Duration::ZERO,
        }
    }
}

/// A DynamoDB database over item storage.
pub struct Database {
    pub(crate) storage: Arc<dyn Storage>,
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) options: DatabaseOptions,
    /// TransactWriteItems' `ClientRequestToken`s of the last ten minutes.
    pub(crate) tokens: ops::transact::TokenCache,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Database {
    /// Opens the database stored in `storage`: loads the catalog, drops the data of
    /// tables whose deletion was interrupted and resumes interrupted table updates.
    pub fn open(storage: Arc<dyn Storage>, options: DatabaseOptions) -> Result<Database> {
        let catalog = Arc::new(Catalog::load(storage.clone())?);
        let live = catalog.ids();
        for id in storage.stored_table_ids()? {
            if !live.contains(&id) {
                storage.drop_table(id)?;
            }
        }
        let db = Database {
            storage,
            catalog,
            options,
            tokens: ops::transact::TokenCache::default(),
        };
        ops::update_table::resume(&db);
        Ok(db)
    }

    /// A new, empty database in memory (an engine on an in-memory file system): for tests
    /// and for embedding; `cairn serve --in-memory` runs on the same.
    pub fn in_memory(options: DatabaseOptions) -> Result<Database> {
        let storage = LsmStorage::open(Location::Memory, false)
            .map_err(|e| DynamoError::internal(format!("opening the in-memory database: {e}")))?;
        Database::open(Arc::new(storage), options)
    }

    /// Runs operation `op` (e.g. `"PutItem"`) on request `body`.
    pub fn execute(&self, op: &str, body: Value) -> Result<Value> {
        ops::execute(self, op, body)
    }

    /// The options the database runs with.
    pub fn options(&self) -> &DatabaseOptions {
        &self.options
    }

    /// Makes every write durable and closes storage.
    pub fn close(&self) -> Result<()> {
        self.storage.close()
    }

    /// Runs `task` after `delay` on a background thread (at once, on this thread, if the
    /// delay is zero). Used for table status transitions.
    pub(crate) fn after(&self, delay: Duration, task: impl FnOnce() + Send + 'static) {
        if delay.is_zero() {
            task();
        } else {
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                task();
            });
        }
    }
}
