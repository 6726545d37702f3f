//! The real sync that sled 0.34 leaves out.
//!
//! sled's `flush()` writes its buffers and ends in `sync_file_range`, which does not survive a
//! power loss. After each flush the writer calls [`DirectorySync::sync`]: `fdatasync` on every
//! file sled keeps in its directory (on Linux any descriptor of a file flushes that file), and an
//! `fsync` of the directories whenever a file appeared or vanished, so new snapshot files and
//! renames are durable too. sled never syncs its `conf` file itself; this does.

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

pub struct DirectorySync {
    root: PathBuf,
    open: HashMap<PathBuf, File>,
}

impl DirectorySync {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            open: HashMap::new(),
        }
    }

    /// `fsync` of one directory, so an entry created or renamed in it survives a power loss.
    pub fn sync_dir(dir: &Path) -> io::Result<()> {
        File::open(dir)?.sync_all()
    }

    pub fn sync(&mut self) -> io::Result<()> {
        let mut present = Vec::new();
        let mut dirs = vec![self.root.clone()];
        collect_files(&self.root, &mut present, &mut dirs)?;

        let mut changed = present.len() != self.open.len();
        for path in &present {
            if !self.open.contains_key(path) {
                changed = true;
                match File::open(path) {
                    Ok(file) => {
                        self.open.insert(path.clone(), file);
                    }
                    // sled removed it between the listing and the open: nothing to sync.
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        if changed {
            self.open.retain(|path, _| present.contains(path));
        }
        for file in self.open.values() {
            file.sync_data()?;
        }
        if changed {
            for dir in dirs {
                File::open(&dir)?.sync_all()?;
            }
            // The store's own entry in the data directory: without it a power loss right after
            // the first commits could lose the whole directory.
            if let Some(parent) = self.root.parent().filter(|p| !p.as_os_str().is_empty()) {
                File::open(parent)?.sync_all()?;
            }
        }
        Ok(())
    }
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            dirs.push(entry.path());
            collect_files(&entry.path(), files, dirs)?;
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
    Ok(())
}
