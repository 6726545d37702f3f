//! What an erasure removes beside the keys: copies of the person's data outside the log. The
//! read models' snapshots hold what pages showed (they are written again from the log, where
//! the person now reads as erased), and mail written to files (`DATA/mail`, the embedded
//! delivery when no SMTP server is set) holds the messages sent to them.

use std::path::Path;

/// What was removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Forgotten {
    pub snapshots: usize,
    pub mail_files: usize,
}

/// Removes every snapshot (each may hold the person's data) and every mail file that names one
/// of `needles` (the person's address, their name). With `dry_run`, only counts.
pub fn forget(data: &Path, needles: &[String], dry_run: bool) -> std::io::Result<Forgotten> {
    let mut forgotten = Forgotten::default();
    for file in files_in(&data.join("snapshots"))? {
        forgotten.snapshots += 1;
        if !dry_run {
            std::fs::remove_file(&file)?;
        }
    }
    let needles: Vec<&[u8]> = needles
        .iter()
        .map(|n| n.trim().as_bytes())
        .filter(|n| n.len() >= 3)
        .collect();
    for file in files_in(&data.join("mail"))? {
        let bytes = std::fs::read(&file)?;
        if needles.iter().any(|n| contains(&bytes, n)) {
            forgotten.mail_files += 1;
            if !dry_run {
                std::fs::remove_file(&file)?;
            }
        }
    }
    if !dry_run {
        for dir in ["snapshots", "mail"] {
            let dir = data.join(dir);
            if dir.exists() {
                crate::event_store::durability::DirectorySync::sync_dir(&dir)?;
            }
        }
    }
    Ok(forgotten)
}

fn files_in(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    match std::fs::read_dir(dir) {
        Ok(entries) => Ok(entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Whether `needle` occurs in `haystack`, ignoring ASCII case (addresses are case-blind).
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_naming_the_person_and_every_snapshot_go_other_mail_stays() {
        let data = tempfile::tempdir().unwrap();
        for dir in ["snapshots", "mail"] {
            std::fs::create_dir_all(data.path().join(dir)).unwrap();
        }
        std::fs::write(data.path().join("snapshots/accounts.snapshot"), b"x").unwrap();
        std::fs::write(data.path().join("mail/1.eml"), b"To: Anna@Example.org\r\n").unwrap();
        std::fs::write(data.path().join("mail/2.eml"), b"To: ben@example.org\r\n").unwrap();
        let needles = vec!["anna@example.org".to_owned()];
        let counted = forget(data.path(), &needles, true).unwrap();
        assert_eq!(
            counted,
            Forgotten {
                snapshots: 1,
                mail_files: 1
            }
        );
        assert!(data.path().join("mail/1.eml").exists());
        forget(data.path(), &needles, false).unwrap();
        assert!(!data.path().join("mail/1.eml").exists());
        assert!(data.path().join("mail/2.eml").exists());
        assert!(!data.path().join("snapshots/accounts.snapshot").exists());
    }
}
