//! Attempt counters every instance shares (logins, mail requests, registrations): a fixed
//! window per limiter and key in `wettbewerb_attempts`, so that N instances admit what one
//! would, whichever of them a request reaches.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::database::{SharedDatabase, SharedError};

/// Old windows are deleted once per this many counts.
const SWEEP_EVERY: usize = 1000;

#[derive(Clone)]
pub struct SharedAttempts {
    database: Arc<SharedDatabase>,
    counted: Arc<AtomicUsize>,
}

impl SharedAttempts {
    pub fn new(database: Arc<SharedDatabase>) -> Self {
        Self {
            database,
            counted: Default::default(),
        }
    }

    /// Counts one attempt in the current window of `window_seconds`; returns the window's count
    /// with this one, and the time until the window ends (the database's clock decides).
    pub fn count(
        &self,
        limiter: &str,
        key: &str,
        window_seconds: u64,
    ) -> Result<(i64, Duration), SharedError> {
        let (limiter, key) = (limiter.to_owned(), key.to_owned());
        let window = i64::try_from(window_seconds.max(1)).unwrap_or(i64::MAX);
        let sweep = self
            .counted
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(SWEEP_EVERY);
        self.database.run(move |client| {
            let row = client.query_one(
                "WITH now AS (SELECT extract(epoch FROM now())::bigint AS s) \
                 INSERT INTO wettbewerb_attempts (limiter, key, window_start, count) \
                 SELECT $1, $2, s - s % $3, 1 FROM now \
                 ON CONFLICT (limiter, key, window_start) \
                 DO UPDATE SET count = wettbewerb_attempts.count + 1 \
                 RETURNING count, window_start + $3 - (SELECT s FROM now)",
                &[&limiter, &key, &window],
            )?;
            if sweep {
                client.execute(
                    "DELETE FROM wettbewerb_attempts \
                     WHERE window_start < extract(epoch FROM now())::bigint - 2 * $1::bigint",
                    &[&window],
                )?;
            }
            let count: i32 = row.get(0);
            let left: i64 = row.get(1);
            Ok((i64::from(count), Duration::from_secs(left.max(1) as u64)))
        })
    }
}
