//! Uploaded documents, stored content-addressed under `DATA/documents`, never in the log:
//! the log records only a document's SHA-256, name and size.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::cluster::SharedDatabase;
use crate::durable_file;
use crate::event_store::durability::DirectorySync;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadProblem {
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the file is not a PDF document")]
    NotPdf,
    #[error("no file was chosen")]
    Empty,
}

/// Checks by content, not by name or declared type: a PDF starts with `%PDF-` and has an
/// end-of-file marker near its end.
/// The SHA-256 of a document's bytes, in hex: its name in the store.
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub fn check_pdf(bytes: &[u8]) -> Result<(), UploadProblem> {
    if bytes.is_empty() {
        return Err(UploadProblem::Empty);
    }
    if infer::get(bytes).map(|t| t.mime_type()) != Some("application/pdf") {
        return Err(UploadProblem::NotPdf);
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(UploadProblem::NotPdf);
    }
    Ok(())
}

/// The pages of a PDF, as its page tree lists them; `None` if it cannot be read. A malformed
/// file must not take the service down: a panic while parsing counts as unreadable, and lopdf
/// limits how far it decompresses.
pub fn page_count(bytes: &[u8]) -> Option<u32> {
    std::panic::catch_unwind(|| lopdf::Document::load_mem(bytes).ok())
        .ok()
        .flatten()
        .and_then(|doc| u32::try_from(doc.get_pages().len()).ok())
}

pub struct DocumentStore {
    dir: PathBuf,
    /// Several instances on PostgreSQL keep documents there, where each of them reaches them.
    shared: Option<Arc<SharedDatabase>>,
}

/// A shared document younger than this is kept by a prune: its event may still be on its way
/// from another instance.
const PRUNE_GRACE_SECONDS: f64 = 3600.0;

/// What a prune found: files kept, files removed (or that would be) and their bytes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub kept: usize,
    pub removed: usize,
    pub bytes: u64,
}

impl DocumentStore {
    pub fn open(data: &Path) -> std::io::Result<Self> {
        let dir = data.join("documents");
        durable_file::create_dir_all(&dir)?;
        Ok(Self { dir, shared: None })
    }

    /// Documents in the shared database (content-addressed rows), committed before the event
    /// that names them is appended, as files are synced.
    pub fn shared(data: &Path, database: Arc<SharedDatabase>) -> Self {
        Self {
            dir: data.join("documents"),
            shared: Some(database),
        }
    }

    fn path(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| self.dir.join(&sha256[..2]).join(sha256))
    }

    /// Writes the bytes durably (file and directory synced) before returning their SHA-256, so
    /// an event that refers to them never refers to nothing.
    pub fn save(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha256 = digest(bytes);
        if let Some(database) = &self.shared {
            let (name, stored) = (sha256.clone(), bytes.to_vec());
            database
                .run(move |client| {
                    client.execute(
                        // Stored again: the grace period of a prune starts over, as an
                        // event naming it may follow now.
                        "INSERT INTO wettbewerb_documents (sha256, bytes) VALUES ($1, $2) \
                         ON CONFLICT (sha256) DO UPDATE SET stored = now()",
                        &[&name, &stored],
                    )
                })
                .map_err(std::io::Error::other)?;
            return Ok(sha256);
        }
        let path = self.path(&sha256).expect("a digest is a valid name");
        if path.exists() {
            return Ok(sha256);
        }
        let parent = path.parent().expect("a document lives in a folder");
        durable_file::create_dir_all(parent)?;
        durable_file::write(&path, bytes)?;
        // The folder itself may be new.
        DirectorySync::sync_dir(&self.dir)?;
        Ok(sha256)
    }

    /// Removes every stored file whose digest is not in `referenced`, and the temporary files
    /// of writes a crash interrupted. Only for a store no service is writing to: a document is
    /// stored before the event that names it is appended.
    pub fn prune(
        &self,
        referenced: &std::collections::HashSet<String>,
        dry_run: bool,
    ) -> std::io::Result<Pruned> {
        if let Some(database) = &self.shared {
            return prune_shared(database, referenced, dry_run);
        }
        let mut pruned = Pruned::default();
        for folder in std::fs::read_dir(&self.dir)? {
            let folder = folder?;
            if !folder.file_type()?.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(folder.path())? {
                let file = file?;
                let name = file.file_name().to_string_lossy().into_owned();
                if referenced.contains(&name) {
                    pruned.kept += 1;
                    continue;
                }
                pruned.removed += 1;
                pruned.bytes += file.metadata()?.len();
                if !dry_run {
                    std::fs::remove_file(file.path())?;
                }
            }
            if !dry_run {
                DirectorySync::sync_dir(&folder.path())?;
            }
        }
        Ok(pruned)
    }

    pub fn read(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let not_found = || std::io::Error::new(std::io::ErrorKind::NotFound, "no such document");
        if let Some(database) = &self.shared {
            let name = sha256.to_owned();
            let row = database
                .run(move |client| {
                    client.query_opt(
                        "SELECT bytes FROM wettbewerb_documents WHERE sha256 = $1",
                        &[&name],
                    )
                })
                .map_err(std::io::Error::other)?;
            return row.map(|row| row.get(0)).ok_or_else(not_found);
        }
        let path = self
            .path(sha256)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such document"))?;
        std::fs::read(path)
    }
}

/// Deletes the rows no event names, past the grace period that covers uploads in flight on
/// any instance.
fn prune_shared(
    database: &SharedDatabase,
    referenced: &std::collections::HashSet<String>,
    dry_run: bool,
) -> std::io::Result<Pruned> {
    let referenced: Vec<String> = referenced.iter().cloned().collect();
    database
        .run(move |client| {
            let mut transaction = client.transaction()?;
            let counted = transaction.query_one(
                "SELECT count(*) FILTER (WHERE sha256 = ANY($1)), \
                 count(*) FILTER (WHERE NOT sha256 = ANY($1) \
                    AND stored < now() - make_interval(secs => $2)), \
                 coalesce(sum(length(bytes)) FILTER (WHERE NOT sha256 = ANY($1) \
                    AND stored < now() - make_interval(secs => $2)), 0)::bigint \
                 FROM wettbewerb_documents",
                &[&referenced, &PRUNE_GRACE_SECONDS],
            )?;
            if !dry_run {
                transaction.execute(
                    "DELETE FROM wettbewerb_documents WHERE NOT sha256 = ANY($1) \
                     AND stored < now() - make_interval(secs => $2)",
                    &[&referenced, &PRUNE_GRACE_SECONDS],
                )?;
            }
            transaction.commit()?;
            Ok(Pruned {
                kept: counted.get::<_, i64>(0) as usize,
                removed: counted.get::<_, i64>(1) as usize,
                bytes: counted.get::<_, i64>(2) as u64,
            })
        })
        .map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

    #[test]
    fn pdfs_are_recognised_by_content() {
        assert_eq!(check_pdf(PDF), Ok(()));
        assert_eq!(check_pdf(b"GIF89a...."), Err(UploadProblem::NotPdf));
        assert_eq!(
            check_pdf(b"%PDF-1.4 but cut off"),
            Err(UploadProblem::NotPdf)
        );
        assert_eq!(check_pdf(b""), Err(UploadProblem::Empty));
    }

    #[test]
    fn saved_documents_are_found_by_their_digest() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocumentStore::open(dir.path()).unwrap();
        let sha = store.save(PDF).unwrap();
        assert_eq!(store.save(PDF).unwrap(), sha);
        assert_eq!(store.read(&sha).unwrap(), PDF);
        assert!(store.read("../../etc/passwd").is_err());
    }
}
