//! Merging iterator.
use super::InternalIterator;
/// Placeholder.
pub struct MergingIterator;
