//! Secrets every instance must hold alike (the service secret that signs cookies and links,
//! the pseudonym key of account ids): made once by whichever instance starts first, then read.

use rand::RngCore;

use super::database::{SharedDatabase, SharedError};

/// Replaces the secret called `name` (an import restoring a backup's pseudonym key into a new
/// log).
pub fn replace_secret(
    database: &SharedDatabase,
    name: &str,
    value: Vec<u8>,
) -> Result<(), SharedError> {
    let name = name.to_owned();
    database.run(move |client| {
        client.execute(
            "INSERT INTO wettbewerb_secrets (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
            &[&name, &value],
        )?;
        Ok(())
    })
}

/// The secret called `name`, created with `len` random bytes if the database has none.
pub fn shared_secret(
    database: &SharedDatabase,
    name: &str,
    len: usize,
) -> Result<Vec<u8>, SharedError> {
    let mut candidate = vec![0u8; len];
    rand::rng().fill_bytes(&mut candidate);
    let name = name.to_owned();
    database.run(move |client| {
        client.execute(
            "INSERT INTO wettbewerb_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            &[&name, &candidate],
        )?;
        let row = client.query_one("SELECT value FROM wettbewerb_secrets WHERE name = $1", &[&name])?;
        Ok(row.get::<_, Vec<u8>>(0))
    })
}
