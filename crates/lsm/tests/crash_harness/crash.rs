//! Crashing and reopening: power loss with optional partial write-back, process crash,
//! reopen and recover with the checks.

use super::*;

/// Simulates the power loss: `MemFs::crash` keeps what was synced. With `writeback`, the
/// operating system had also written back a random prefix of each log's and manifest's
/// unsynced bytes before the power went (so they may end in torn records, and unsynced
/// writes may survive).
pub fn power_loss(mem: &cairn_lsm::fs::MemFs, rng: &mut SmallRng, writeback: bool) {
    use cairn_lsm::fs::FileSystem;
    let dir = std::path::Path::new(DIR);
    use cairn_lsm::filename::FileType;
    let logs: Vec<_> = if writeback {
        let files = |ty| crate::common::files_of_type(mem, dir, ty);
        files(FileType::Log)
            .into_iter()
            .chain(files(FileType::Manifest))
            .map(|(_, path)| {
                let data = mem.read_all(&path).unwrap();
                (path, data)
            })
            .collect()
    } else {
        Vec::new()
    };
    mem.crash();
    for (path, written) in logs {
        if !mem.exists(&path) || rng.gen_bool(0.3) {
            continue;
        }
        let mut durable = mem.read_all(&path).unwrap();
        let len = rng.gen_range(0..=written.len());
        if durable.len() < len {
            durable.resize(len, 0);
        }
        durable[..len].copy_from_slice(&written[..len]);
        crate::common::write_file(mem, &path, &durable);
    }
}

/// The crash, once the database is dropped: after a [`Durability::PowerLoss`] only what
/// [`power_loss`] keeps survives (with write-back for one draw of `rng` in two); after a
/// [`Durability::ProcessCrash`] everything does. Either way `faulty` is healed. Returns
/// whether unsynced bytes were written back.
pub fn crash(mem: &MemFs, faulty: &FaultyFs, rng: &mut SmallRng, durability: Durability) -> bool {
    let writeback = durability == Durability::PowerLoss && rng.gen_bool(0.5);
    if durability == Durability::PowerLoss {
        power_loss(mem, rng, writeback);
    }
    faulty.heal();
    writeback
}

/// Opens the database on `mem` (no faults) with small options.
pub fn reopen(mem: &MemFs) -> cairn_lsm::Result<Db> {
    Db::open(DIR, crate::common::small_options(Arc::new(mem.clone())))
}

/// What every crash test checks after the [`crash`]: the database reopens on `mem` (`what`
/// names that open in its failure); it holds a state `h` allows under `durability`
/// ([`check`]), which `inspect` may look at further; and it works ([`check_usable`]). Returns
/// the open database and the recovered contents.
pub fn recover(
    mem: &MemFs,
    h: &History,
    durability: Durability,
    what: &str,
    inspect: impl FnOnce(&Db, &BTreeMap<Vec<u8>, Vec<u8>>),
) -> (Db, BTreeMap<Vec<u8>, Vec<u8>>) {
    let db = reopen(mem).unwrap_or_else(|e| panic!("{what} failed: {e}"));
    let recovered = check(&db, h, durability);
    inspect(&db, &recovered);
    check_usable(&db, &recovered);
    (db, recovered)
}

/// Closes `db` and checks that the directory holds no table the database does not use (a
/// failed flush or compaction leaves none behind once the database was reopened).
pub fn close_and_check_no_orphan_tables(db: &Db, fs: &dyn cairn_lsm::fs::FileSystem) {
    db.close().expect("close");
    let used: usize = db.stats().levels.iter().map(|l| l.files).sum();
    let on_disk = crate::common::files_of_type(
        fs,
        std::path::Path::new(DIR),
        cairn_lsm::filename::FileType::Table,
    );
    assert_eq!(
        on_disk.len(),
        used,
        "tables on disk {on_disk:?} vs {used} in the version"
    );
}
