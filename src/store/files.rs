//! The files closeout writes: created private (0600, in 0700 folders) whatever the umask, written
//! under a temporary name and published only once complete, never over a file that is there.

use crate::msg::Msg;
use anyhow::{Context, Result};
use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The folder a file lives in (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Creates the missing folders of `dir`, each 0700. Folders that exist keep their mode: closeout
/// never changes the permissions of anything it did not create.
pub(crate) fn ensure_private_dir(dir: &Path) -> Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .filter(|d| !d.as_os_str().is_empty())
        .take_while(|d| !d.exists())
        .collect();
    for d in missing.into_iter().rev() {
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(d) {
            Ok(()) => set_private(d, 0o700),
            // Another process made it first: it is theirs, leave its mode alone.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(e),
        }
        .with_context(|| {
            Msg::FolderNotCreated {
                path: &d.display().to_string(),
            }
            .to_string()
        })?;
    }
    Ok(())
}

/// Creates `path` as an empty 0600 file unless it exists. Returns whether it was created here.
pub(crate) fn create_private_file(path: &Path) -> Result<bool> {
    match new_private_file(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| {
            Msg::CannotCreate {
                path: &path.display().to_string(),
            }
            .to_string()
        }),
    }
}

/// Creates the new file `path` (failing with `AlreadyExists` if it is there) with mode 0600.
pub(crate) fn new_private_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // The umask can only take bits away from 0600; a strict one (0277) would leave a file its
    // owner cannot write. The file is new and ours, so set the mode exactly.
    set_private(path, 0o600)?;
    Ok(file)
}

#[cfg(unix)]
fn set_private(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_private(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// A private file being written under a temporary name beside its final place. Dropped without
/// `publish`, it is removed. While it lives, it holds an exclusive lock on the file: a process
/// that is killed leaves the file unlocked, which is how a later run knows it may remove it.
pub(crate) struct TempFile {
    path: PathBuf,
    _lock: File,
}

/// What a temporary file's name says: `.{target}.tmp-{pid}-{n}` gives `target`.
fn temp_target(file_name: &str) -> Option<&str> {
    let rest = file_name.strip_prefix('.')?;
    let (target, tail) = rest.rsplit_once(".tmp-")?;
    let (pid, n) = tail.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n)).then_some(target)
}

/// Removes the temporary files in `dir` that a killed closeout left while writing a file whose
/// name `wanted` accepts: only unlocked ones (no live process is writing them) that have not
/// been touched for a while (a new one is locked the moment it is made). Best effort.
pub(crate) fn sweep(dir: &Path, wanted: impl Fn(&str) -> bool) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let old_enough = |m: &fs::Metadata| {
        m.modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(2))
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(target) = name.to_str().and_then(temp_target) else {
            continue;
        };
        if !wanted(target) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = OpenOptions::new().read(true).open(&path) else {
            continue;
        };
        let unused =
            file.metadata().is_ok_and(|m| m.is_file() && old_enough(&m)) && file.try_lock().is_ok();
        if unused {
            remove_with_sidecars(&path);
        }
    }
}

/// Removes `path` and what SQLite may have made beside it, had it been opened as a database.
fn remove_with_sidecars(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(PathBuf::from(side));
    }
}

impl TempFile {
    /// A new, empty, private file in the folder of `target`, which is created (0700) if missing.
    /// Temporary files a killed run left there for the same target are removed first.
    pub(crate) fn beside(target: &Path) -> Result<TempFile> {
        let dir = folder_of(target);
        ensure_private_dir(dir)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "closeout".to_string());
        sweep(dir, |t| t == name);
        for n in 0..100 {
            let path = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
            match new_private_file(&path) {
                Ok(file) => {
                    // Locked for as long as this process writes it (released on exit, however
                    // the process ends). A file system without locks still gets the file.
                    let _ = file.try_lock();
                    return Ok(TempFile { path, _lock: file });
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e).with_context(|| {
                        Msg::CannotCreateIn {
                            path: &dir.display().to_string(),
                        }
                        .to_string()
                    });
                }
            }
        }
        anyhow::bail!(
            "cannot find a free temporary name in {}; remove old .{name}.tmp-* files there",
            dir.display()
        )
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Gives the finished file its final name (see `Naming`) without ever replacing a file.
    pub(crate) fn publish(self, wanted: &Path, naming: Naming) -> Result<PathBuf> {
        File::open(&self.path)
            .and_then(|f| f.sync_all())
            .with_context(|| {
                Msg::CannotSave {
                    path: &self.path.display().to_string(),
                }
                .to_string()
            })?;
        let named = link_unused(&self.path, wanted, naming)?;
        // The file lives on under its final name; the temporary name goes with the drop.
        Ok(named)
    }
}

/// Gives the file `from` a second name: `wanted` itself, or with `Naming::FirstFree` the first
/// of `wanted`, `wanted.2`, `wanted.3`, … that is unused. Never replaces a file.
pub(crate) fn link_unused(from: &Path, wanted: &Path, naming: Naming) -> Result<PathBuf> {
    let tries = match naming {
        Naming::Exactly => 1,
        Naming::FirstFree => 1000,
    };
    for n in 1..=tries {
        let candidate = if n == 1 {
            wanted.to_path_buf()
        } else {
            let mut name = wanted.as_os_str().to_owned();
            name.push(format!(".{n}"));
            PathBuf::from(name)
        };
        match link_new(from, &candidate) {
            Ok(()) => {
                sync_dir(folder_of(&candidate));
                return Ok(candidate);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e).with_context(|| {
                    Msg::CannotCreate {
                        path: &candidate.display().to_string(),
                    }
                    .to_string()
                });
            }
        }
    }
    match naming {
        Naming::Exactly => Err(crate::error::Failure::Refused(
            crate::msg::Msg::FileExists {
                path: &wanted.display().to_string(),
            }
            .to_string(),
        )
        .into()),
        Naming::FirstFree => anyhow::bail!(
            "too many copies named {}.*; move some away",
            wanted.display()
        ),
    }
}

/// Moves a damaged database (and its -wal, which belongs to it) to the first unused name of
/// `<db>.bak`, `<db>.bak.2`, …, so that a new database can take its place. Nothing is deleted
/// but the -shm index, which SQLite rebuilds from the other two.
pub(crate) fn set_aside(path: &Path) -> Result<PathBuf> {
    let mut wanted = path.as_os_str().to_owned();
    wanted.push(".bak");
    let aside = link_unused(path, Path::new(&wanted), Naming::FirstFree)?;
    let wal = wal_of(path);
    if wal.exists() {
        link_unused(&wal, &wal_of(&aside), Naming::Exactly)?;
        fs::remove_file(&wal).with_context(|| {
            Msg::CannotMove {
                path: &wal.display().to_string(),
            }
            .to_string()
        })?;
    }
    fs::remove_file(path).with_context(|| {
        Msg::CannotMove {
            path: &path.display().to_string(),
        }
        .to_string()
    })?;
    let mut shm = path.as_os_str().to_owned();
    shm.push("-shm");
    let _ = fs::remove_file(PathBuf::from(shm));
    sync_dir(folder_of(path));
    Ok(aside)
}

impl Drop for TempFile {
    fn drop(&mut self) {
        remove_with_sidecars(&self.path);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Naming {
    /// This name or nothing.
    Exactly,
    /// The first free name of `name`, `name.2`, `name.3`, …
    FirstFree,
}

/// Gives `from` the new name `to`, failing with `AlreadyExists` rather than replacing a file. A
/// hard link does this atomically; where the file system has none, a rename after a check.
fn link_new(from: &Path, to: &Path) -> std::io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(e),
        Err(_) if to.exists() => Err(ErrorKind::AlreadyExists.into()),
        Err(_) => fs::rename(from, to),
    }
}

/// Makes a new name in `dir` durable. Best effort: not every system can sync a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Whether this process may write the existing file `path`: the answer of the operating system,
/// which knows about permissions, read-only mounts and immutable files. Opening for writing
/// without truncating changes nothing.
pub(crate) fn writable(path: &Path) -> std::io::Result<()> {
    OpenOptions::new().write(true).open(path).map(|_| ())
}

/// The `-wal` file SQLite keeps beside a database in WAL mode.
pub(crate) fn wal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// A `file:` URI for `path` with query parameters, escaping the characters a URI gives meaning.
pub(crate) fn file_uri(path: &Path, query: &str) -> Option<String> {
    let text = path.to_str()?;
    let mut uri = String::from("file:");
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            _ => uri.push(c),
        }
    }
    uri.push('?');
    uri.push_str(query);
    Some(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).expect("metadata").permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn new_folders_are_0700_and_existing_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let open = dir.path().join("open");
        fs::create_dir(&open).expect("mkdir");
        fs::set_permissions(&open, fs::Permissions::from_mode(0o755)).expect("chmod");
        ensure_private_dir(&open.join("a/b")).expect("create");
        assert_eq!(mode(&open), 0o755);
        assert_eq!(mode(&open.join("a")), 0o700);
        assert_eq!(mode(&open.join("a/b")), 0o700);
    }

    #[test]
    fn publishing_never_replaces_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let wanted = dir.path().join("copy.db");
        fs::write(&wanted, b"mine").expect("write");
        let temp = TempFile::beside(&wanted).expect("temp");
        let err = temp.publish(&wanted, Naming::Exactly).expect_err("exists");
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(fs::read(&wanted).expect("read"), b"mine");

        let temp = TempFile::beside(&wanted).expect("temp");
        let temp_path = temp.path().to_path_buf();
        let got = temp.publish(&wanted, Naming::FirstFree).expect("free name");
        assert_eq!(got, dir.path().join("copy.db.2"));
        assert!(!temp_path.exists());
        assert_eq!(fs::read(&wanted).expect("read"), b"mine");
    }

    #[test]
    fn a_dropped_temp_file_is_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let temp = TempFile::beside(&dir.path().join("x.db")).expect("temp");
        let path = temp.path().to_path_buf();
        assert!(path.exists());
        drop(temp);
        assert!(!path.exists());
    }

    #[test]
    fn only_names_closeout_gives_temporary_files_are_taken_for_them() {
        assert_eq!(temp_target(".copy.db.tmp-123-0"), Some("copy.db"));
        assert_eq!(temp_target(".a.tmp-b.tmp-1-22"), Some("a.tmp-b"));
        for other in [
            "copy.db.tmp-123-0",
            ".copy.db.tmp-123",
            ".copy.db.tmp-x-0",
            ".copy.db.tmp-1-0-wal",
            ".copy.db",
        ] {
            assert_eq!(temp_target(other), None, "{other}");
        }
    }

    #[test]
    fn uris_escape_what_a_uri_would_read() {
        assert_eq!(
            file_uri(Path::new("/a b/x?y#z%.db"), "mode=ro").as_deref(),
            Some("file:/a b/x%3fy%23z%25.db?mode=ro")
        );
    }
}
