//! Versions: the set of live tables, the manifest that records changes to it.

mod edit;
mod set;
#[allow(clippy::module_inception)]
mod version;

pub use edit::*;
pub use set::VersionSet;
pub use version::Version;
