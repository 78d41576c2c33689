//! Versions: the set of live tables, the manifest that records changes to it.

mod edit;
pub use edit::*;
