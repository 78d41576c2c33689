//! Reads the versions of the engines under test from the workspace's `Cargo.lock`, so the
//! benchmark can print them (`FJALL_VERSION`, `LSM_TREE_VERSION`).

use std::path::Path;

fn locked_version(lock: &str, name: &str) -> String {
    let needle = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return v.trim_matches('"').to_string();
            }
        }
    }
    "unknown".to_string()
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let lock_path = Path::new(&manifest).join("../../Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock_path.display());
    let lock = std::fs::read_to_string(&lock_path).unwrap_or_default();
    println!(
        "cargo:rustc-env=FJALL_VERSION={}",
        locked_version(&lock, "fjall")
    );
    println!(
        "cargo:rustc-env=LSM_TREE_VERSION={}",
        locked_version(&lock, "lsm-tree")
    );
}
