//! Files closeout writes besides its database (`export --output`, the sync file): written whole
//! or not at all, and private.

use crate::error::refuse;
use crate::msg::Msg;
use anyhow::{Context, Result};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The mode of a file closeout creates.
#[cfg(unix)]
const PRIVATE: u32 = 0o600;

/// Writes `path` through a temporary file in the same folder that is renamed over it once
/// complete and on disk: a reader (or a sync tool) never sees half a file, and a failure leaves
/// the old file as it was. The file is created 0600; replacing an existing file never widens its
/// mode (a 0400 file stays 0400, a 0644 one becomes 0600).
pub fn write_whole<T>(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let Some(name) = path.file_name() else {
        refuse!("{}", Msg::NamesNoFile { path: &shown(path) });
    };
    if path.is_dir() {
        refuse!("{}", Msg::FolderNotFile { path: &shown(path) });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        refuse!(
            "{}",
            Msg::NoSuchFolder {
                path: &shown(path),
                folder: &shown(&dir)
            }
        );
    }
    // A name no other process picks (sync tools skip names that start with a dot).
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        uuid::Uuid::now_v7().simple()
    ));
    let result = (|| -> Result<T> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE);
        let file = options.open(&temp).with_context(|| {
            Msg::CannotCreate {
                path: &shown(&temp),
            }
            .to_string()
        })?;
        let mut buffered = BufWriter::with_capacity(1 << 16, file);
        let value = fill(&mut buffered)?;
        let file = buffered
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| {
                Msg::CannotWrite {
                    path: &shown(&temp),
                }
                .to_string()
            })?;
        keep_narrower_mode(&file, path)?;
        file.sync_all().with_context(|| {
            Msg::CannotWrite {
                path: &shown(&temp),
            }
            .to_string()
        })?;
        fs::rename(&temp, path)
            .with_context(|| Msg::CannotReplace { path: &shown(path) }.to_string())?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    } else if let Ok(d) = fs::File::open(&dir) {
        // The rename survives a crash once the folder is on disk; failing here loses nothing
        // that was asked for.
        let _ = d.sync_all();
    }
    result
}

/// Gives the new file the existing file's mode where that is narrower than 0600.
#[cfg(unix)]
fn keep_narrower_mode(file: &fs::File, existing: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = fs::metadata(existing) {
        let mode = meta.permissions().mode() & PRIVATE;
        if mode != PRIVATE {
            file.set_permissions(fs::Permissions::from_mode(mode))
                .with_context(|| {
                    Msg::CannotSetMode {
                        path: &shown(existing),
                    }
                    .to_string()
                })?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_narrower_mode(_file: &fs::File, _existing: &Path) -> Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).expect("metadata").permissions().mode() & 0o777
    }

    #[test]
    fn new_files_are_private_and_modes_never_widen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.json");
        write_whole(&path, |f| Ok(f.write_all(b"one")?)).expect("write");
        assert_eq!(mode(&path), 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        write_whole(&path, |f| Ok(f.write_all(b"two")?)).expect("write");
        assert_eq!(mode(&path), 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).expect("chmod");
        write_whole(&path, |f| Ok(f.write_all(b"three")?)).expect("write");
        assert_eq!(mode(&path), 0o400);
        assert_eq!(fs::read(&path).expect("read"), b"three");
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.json");
        fs::write(&path, "old").expect("write");
        let failed: Result<()> = write_whole(&path, |f| {
            f.write_all(b"half")?;
            anyhow::bail!("stopped")
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }
}
