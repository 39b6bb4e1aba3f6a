//! Reads the marks of each built-in template (`templates/*.toml`) at build time, so that choosing
//! a template for `add` does not scan their text every time: `src/catalog/scan.rs` reads them,
//! and `$OUT_DIR/built_in_marks.rs` holds what it found, which `src/catalog.rs` includes.

#[path = "src/catalog/scan.rs"]
mod scan;

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=templates");
    println!("cargo::rerun-if-changed=src/catalog/scan.rs");
    let mut files: Vec<_> = std::fs::read_dir("templates")
        .expect("the templates folder")
        .map(|entry| entry.expect("a file of templates").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// Each built-in template's file name, with its marks (name, `match` words, providers)\n\
         /// as `scan` read them from its text; `None` where it could not.\n\
         #[allow(clippy::type_complexity)]\n\
         const BUILT_IN_MARKS: &[(&str, Option<(&str, &[&str], &[&str])>)] = &[\n",
    );
    for path in &files {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name");
        let text = std::fs::read_to_string(path).expect("a template's text");
        let marks = match scan::scan(&text) {
            Some(m) => format!("Some(({:?}, &{:?}, &{:?}))", m.name, m.words, m.providers),
            None => "None".to_string(),
        };
        writeln!(out, "    ({stem:?}, {marks}),").expect("to a string");
    }
    out.push_str("];\n");
    let dir = std::env::var_os("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&dir).join("built_in_marks.rs"), out).expect("written");
}
