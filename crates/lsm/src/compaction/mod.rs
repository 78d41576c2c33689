//! Compaction: the policy (which tables to merge) apart from the job (the I/O).

mod job;
mod picker;

pub use job::{run_compaction, CompactionContext, CompactionOutcome};
pub(crate) use job::{Dropper, OutputTable};
pub use picker::{level_targets, pick, pick_range, CompactionTask, LAST_LEVEL};
