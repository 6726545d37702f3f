//! Files under the data directory that must be complete or absent after a crash or a power
//! loss (the service secret, mail files, documents), readable by the service's user only.
//!
//! A file is written under a temporary name in its final folder, synced, renamed into place and
//! the folder synced: a crash at any step leaves the old state (no file) or the whole file,
//! never an empty or cut-off one. A leftover temporary file is hidden (its name begins with a
//! dot) and ends in `.tmp`; nothing reads it.
//!
//! Files are created `0600` and folders `0700` whatever the umask, so documents, mail and the
//! secret stay private even where the code runs inside another program (the tests). The binary
//! also sets the umask to `077` (`main.rs`), which covers the files sled creates itself.

use std::fs::{DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use crate::event_store::durability::DirectorySync;

/// Mode of every file the service creates under the data directory.
pub const FILE_MODE: u32 = 0o600;
/// Mode of every folder the service creates under the data directory.
pub const DIR_MODE: u32 = 0o700;

/// Writes `bytes` to `path` so that after a crash `path` is either as before or holds all of
/// `bytes`. Replaces an existing file.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a file needs a name"))?
        .to_string_lossy();
    let temporary = folder.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4()));
    let written = write_synced(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = written {
        // Best effort: the temporary file is harmless if it stays.
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    DirectorySync::sync_dir(folder)
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `create_dir_all` with folders readable by the service's user only. Each folder it creates
/// is made durable too (the folder holding it synced): a file synced into a folder whose own
/// entry a power loss takes away is lost with it.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
        .collect();
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)?;
    for created in missing.iter().rev() {
        let holder = match created.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        DirectorySync::sync_dir(holder)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_written_file_is_complete_private_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data").join("mail");
        create_dir_all(&folder).unwrap();
        create_dir_all(&folder).unwrap();
        let path = folder.join("brief.eml");
        write(&path, b"erste Fassung").unwrap();
        write(&path, b"zweite Fassung").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"zweite Fassung");
        let names: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("brief.eml")]);
        #[cfg(unix)]
        {
            assert_eq!(mode(&path), FILE_MODE);
            assert_eq!(mode(&folder), DIR_MODE);
            assert_eq!(mode(&dir.path().join("data")), DIR_MODE);
        }
    }

    #[test]
    fn a_write_into_a_missing_folder_fails_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fehlt").join("brief.eml");
        assert!(write(&path, b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
