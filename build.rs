//! Builds the table of files the binary carries (see `src/cli/builtin.rs`): every
//! file under `rules/` (the rulesets and `rules/overlays/`) and `data/tinh-mau/`
//! (the sample province), as `(path relative to the repository, include_bytes!)`,
//! sorted by path so the table, and the fingerprint taken over it, is the same on
//! every machine.

use std::fmt::Write as _;
use std::path::Path;

/// The directories built in, relative to the manifest.
const BUILT_IN: [&str; 2] = ["rules", "data/tinh-mau"];

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=build.rs");
    let mut files = Vec::new();
    for dir in BUILT_IN {
        // A directory makes cargo rerun this script when anything under it changes.
        println!("cargo:rerun-if-changed={dir}");
        collect(Path::new(&manifest), Path::new(dir), &mut files);
    }
    files.sort();
    let mut table = String::from("&[\n");
    for relative in &files {
        let absolute = Path::new(&manifest).join(relative);
        let absolute = absolute.to_str().expect("the repository's path is UTF-8");
        writeln!(table, "    ({relative:?}, include_bytes!({absolute:?})),").expect("a String");
    }
    table.push_str("]\n");
    std::fs::write(Path::new(&out_dir).join("builtin_files.rs"), table)
        .expect("OUT_DIR is writable");
}

/// Adds every regular file under `manifest/dir` as a `/`-separated path relative
/// to the manifest. Hidden files and editor backups (`.x`, `x~`) are left out.
fn collect(manifest: &Path, dir: &Path, files: &mut Vec<String>) {
    let entries = std::fs::read_dir(manifest.join(dir))
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("a directory entry");
        let name = entry.file_name();
        let name = name.to_str().expect("built-in file names are UTF-8");
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let relative = dir.join(name);
        let kind = std::fs::metadata(entry.path()).expect("metadata of a built-in file");
        if kind.is_dir() {
            collect(manifest, &relative, files);
        } else if kind.is_file() {
            let text = relative.to_str().expect("UTF-8 path");
            files.push(text.replace('\\', "/"));
        }
    }
}
