//! The service's secret: signs session cookies and e-mail links.
//!
//! Taken from `session_secret` when configured; otherwise created once under the data
//! directory, so sessions and links survive a restart without any set-up.

use std::path::Path;

use anyhow::{Context, bail};
use rand::RngCore;

use crate::durable_file;

pub const SECRET_LEN: usize = 64;

#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    pub fn from_configured(text: &str) -> anyhow::Result<Self> {
        if text.len() < SECRET_LEN {
            bail!(
                "session_secret has {} bytes; it needs at least {SECRET_LEN}",
                text.len()
            );
        }
        Ok(Self(text.as_bytes().to_vec()))
    }

    /// A secret held elsewhere (the database instances share).
    pub fn from_bytes(bytes: Vec<u8>) -> anyhow::Result<Self> {
        if bytes.len() < SECRET_LEN {
            bail!(
                "the shared secret has {} bytes; it needs at least {SECRET_LEN}",
                bytes.len()
            );
        }
        Ok(Self(bytes))
    }

    /// Reads `DATA/secret.key`, creating it (readable by the owner only) if it is missing.
    ///
    /// The key is written durably (temporary file, sync, rename, folder sync), so a crash at the
    /// first start leaves no key or the whole key. An empty file can only be left by a crash of
    /// an older version that wrote the key in place: no key was ever kept in it, so it is
    /// replaced. A key that is there but too short is refused, as someone put it there.
    /// Two processes never create it at once: the service opens the event log first, and the
    /// log admits one process per data directory.
    pub fn load_or_create(data: &Path) -> anyhow::Result<Self> {
        let path = data.join("secret.key");
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() >= SECRET_LEN => return Ok(Self(bytes)),
            Ok(bytes) if bytes.is_empty() => {
                tracing::warn!(path = %path.display(), "the secret file is empty; a new secret replaces it");
            }
            Ok(_) => bail!("{} is shorter than {SECRET_LEN} bytes", path.display()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        }
        durable_file::create_dir_all(data)?;
        let mut bytes = vec![0u8; SECRET_LEN];
        rand::rng().fill_bytes(&mut bytes);
        durable_file::write(&path, &bytes)
            .with_context(|| format!("creating {}", path.display()))?;
        Ok(Self(bytes))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_created_secret_is_kept_across_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let first = Secret::load_or_create(dir.path()).unwrap();
        let second = Secret::load_or_create(dir.path()).unwrap();
        assert_eq!(first.bytes(), second.bytes());
        assert_eq!(first.bytes().len(), SECRET_LEN);
    }

    /// What a crash at the first start could leave: a temporary file cut off at any length
    /// beside no key, or (from versions that wrote the key in place) an empty key file.
    #[test]
    fn a_crash_while_creating_the_secret_does_not_keep_the_service_from_starting() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".secret.key.0194a1b2.tmp"), b"").unwrap();
        std::fs::write(dir.path().join(".secret.key.0194a1b3.tmp"), [7u8; 20]).unwrap();
        let created = Secret::load_or_create(dir.path()).unwrap();
        assert_eq!(created.bytes().len(), SECRET_LEN);
        assert_eq!(
            std::fs::read(dir.path().join("secret.key")).unwrap(),
            created.bytes()
        );

        let empty = tempfile::tempdir().unwrap();
        std::fs::write(empty.path().join("secret.key"), b"").unwrap();
        let replaced = Secret::load_or_create(empty.path()).unwrap();
        assert_eq!(
            Secret::load_or_create(empty.path()).unwrap().bytes(),
            replaced.bytes()
        );
        assert_eq!(replaced.bytes().len(), SECRET_LEN);
    }

    #[test]
    fn a_cut_off_secret_someone_put_there_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.key"), [7u8; 20]).unwrap();
        assert!(Secret::load_or_create(dir.path()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn the_created_secret_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        Secret::load_or_create(dir.path()).unwrap();
        let mode = std::fs::metadata(dir.path().join("secret.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_short_configured_secret_is_refused() {
        assert!(Secret::from_configured("kurz").is_err());
    }
}
