//! The service's secret: signs session cookies and e-mail links.
//!
//! Taken from `session_secret` when configured; otherwise created once under the data
//! directory, so sessions and links survive a restart without any set-up.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use rand::RngCore;

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

    /// Reads `DATA/secret.key`, creating it (readable by the owner only) if it is missing.
    pub fn load_or_create(data: &Path) -> anyhow::Result<Self> {
        let path = data.join("secret.key");
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() >= SECRET_LEN => return Ok(Self(bytes)),
            Ok(_) => bail!("{} is shorter than {SECRET_LEN} bytes", path.display()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        }
        std::fs::create_dir_all(data)?;
        let mut bytes = vec![0u8; SECRET_LEN];
        rand::rng().fill_bytes(&mut bytes);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options
            .open(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        file.write_all(&bytes)?;
        file.sync_all()?;
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

    #[test]
    fn a_short_configured_secret_is_refused() {
        assert!(Secret::from_configured("kurz").is_err());
    }
}
