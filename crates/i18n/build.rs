#![allow(clippy::unwrap_used, clippy::panic)]
//! Embeds every catalogue under `templates/locales/` (one `<tag>.ftl` per language), so that a
//! new language is one new file and a rebuild.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../templates/locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut tags: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    tags.sort();
    let mut out = String::from("/// Each embedded catalogue: its language tag and its text.\npub const CATALOGUES: &[(&str, &str)] = &[\n");
    for (tag, path) in &tags {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({tag:?}, include_str!({:?})),",
            path.canonicalize().unwrap().display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("catalogues.rs");
    std::fs::write(dest, out).unwrap();
}
