//! The rooms of the code and which way their doors open: only `store/` speaks SQL, only
//! `remote/` opens sockets, and printers, file formats and rules never reach into the store
//! (cmd → render/format → domain ← store). Read from the source, so that a stray import fails here.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file as (path under src/, text).
fn files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    sources(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            (name, std::fs::read_to_string(&p).expect("read"))
        })
        .collect()
}

/// Files outside `room` that name any of `words`.
fn outside(room: &str, words: &[&str]) -> Vec<String> {
    files()
        .into_iter()
        .filter(|(name, _)| !name.starts_with(room))
        .filter(|(_, text)| words.iter().any(|w| text.contains(w)))
        .map(|(name, _)| name)
        .collect()
}

/// Files inside `room` that name any of `words`.
fn inside(room: &str, words: &[&str]) -> Vec<String> {
    files()
        .into_iter()
        .filter(|(name, _)| name.starts_with(room))
        .filter(|(_, text)| words.iter().any(|w| text.contains(w)))
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn the_code_is_laid_out_as_docs_development_says() {
    assert!(files().len() > 50, "the sources were found");
    assert_eq!(
        outside("store/", &["rusqlite"]),
        Vec::<String>::new(),
        "SQL outside store/"
    );
    assert_eq!(
        outside("remote/", &["ureq", "std::net", "TcpStream", "rustls"]),
        Vec::<String>::new(),
        "a socket outside remote/"
    );
    for room in ["render/", "format/", "domain/"] {
        assert_eq!(
            inside(room, &["crate::store", "crate::cmd", "crate::remote"]),
            Vec::<String>::new(),
            "{room} reaches into the store, a command or the network"
        );
    }
    assert_eq!(
        inside("domain/", &["crate::render", "crate::format"]),
        Vec::<String>::new(),
        "the rules know how they are printed"
    );
}
