//! Version edits.
