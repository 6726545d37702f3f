//! Work that one instance does at a time (applying the retention periods): whoever holds the
//! lease does it. The lease is a PostgreSQL advisory lock on a connection of its own, so it
//! ends with the instance: a killed instance's connection closes, the server releases the lock
//! and another instance takes it within [`CHECK`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How often the holder checks that its connection (and so the lock) is alive, and the others
/// try to take it.
const CHECK: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Lease {
    held: Arc<AtomicBool>,
}

impl Lease {
    /// Starts competing for the lease `name` of the log `log_id` on the database at `url`,
    /// for the life of the process. Two logs in one database have leases of their own.
    pub fn compete(url: &str, log_id: &str, name: &str) -> std::io::Result<Self> {
        let held = Arc::new(AtomicBool::new(false));
        let key = lock_key(&format!("{log_id} {name}"));
        let (url, flag) = (url.to_owned(), held.clone());
        let name = name.to_owned();
        std::thread::Builder::new()
            .name(format!("lease-{name}"))
            .spawn(move || hold(&url, key, &name, &flag))?;
        Ok(Self { held })
    }

    /// A lease that is always held: on the embedded store there is only one instance.
    pub fn sole() -> Self {
        Self {
            held: Arc::new(AtomicBool::new(true)),
        }
    }

    pub fn is_held(&self) -> bool {
        self.held.load(Ordering::SeqCst)
    }
}

fn lock_key(name: &str) -> i64 {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(format!("wettbewerb lease {name}"));
    i64::from_be_bytes(digest[..8].try_into().unwrap_or_default())
}

fn hold(url: &str, key: i64, name: &str, held: &AtomicBool) {
    loop {
        let mut client = match super::connection::connect(url) {
            Ok(client) => client,
            Err(_) => {
                std::thread::sleep(CHECK);
                continue;
            }
        };
        loop {
            let check = if held.load(Ordering::SeqCst) {
                client.simple_query("SELECT 1").map(|_| true)
            } else {
                client
                    .query_one("SELECT pg_try_advisory_lock($1)", &[&key])
                    .map(|row| row.get::<_, bool>(0))
            };
            match check {
                Ok(true) => {
                    if !held.swap(true, Ordering::SeqCst) {
                        tracing::info!(lease = name, "this instance took the lease");
                    }
                }
                Ok(false) => {}
                Err(_) => {
                    if held.swap(false, Ordering::SeqCst) {
                        tracing::warn!(lease = name, "the lease was lost with its connection");
                    }
                    break;
                }
            }
            std::thread::sleep(CHECK);
        }
    }
}
