//! Who sends which message. Every instance follows the log into its own outbox (the same
//! messages under the same Message-IDs); before sending one, an instance claims it here. The
//! claim is a row per Message-ID: whoever holds an unexpired claim sends, and marks the row
//! sent. The others mark their copy sent without sending.
//!
//! At least once, not exactly once: an instance that dies after the mail server accepted a
//! message but before the row is marked leaves a claim that expires after [`CLAIM_SECONDS`];
//! then another instance sends that message again. Nothing else is sent twice.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::database::{SharedDatabase, SharedError};

/// How long a claim keeps others from sending: longer than a send takes (the SMTP client
/// gives up sooner), short enough that a dead instance's messages go out within seconds.
pub const CLAIM_SECONDS: f64 = 20.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// This instance sends it now.
    Mine,
    /// Another instance sent it at that time.
    SentElsewhere(DateTime<Utc>),
    /// Another instance is sending it.
    Busy,
}

#[derive(Clone)]
pub struct Deliveries {
    database: Arc<SharedDatabase>,
    /// The instance that holds it sends; the others only learn what was sent. The claims keep
    /// a message from going out twice while the lease changes hands.
    lease: super::lease::Lease,
}

impl Deliveries {
    pub fn new(database: Arc<SharedDatabase>, lease: super::lease::Lease) -> Self {
        Self { database, lease }
    }

    /// Whether this instance sends now.
    pub fn sends(&self) -> bool {
        self.lease.is_held()
    }

    pub fn claim(&self, message_id: &str) -> Result<Claim, SharedError> {
        let (id, me) = (message_id.to_owned(), self.database.instance());
        self.database.run(move |client| {
            let claimed = client.query_opt(
                "INSERT INTO wettbewerb_deliveries (message_id, claimed_by, claimed_until) \
                 VALUES ($1, $2, now() + make_interval(secs => $3)) \
                 ON CONFLICT (message_id) DO UPDATE \
                 SET claimed_by = EXCLUDED.claimed_by, claimed_until = EXCLUDED.claimed_until \
                 WHERE wettbewerb_deliveries.sent IS NULL \
                   AND (wettbewerb_deliveries.claimed_until < now() \
                        OR wettbewerb_deliveries.claimed_by = EXCLUDED.claimed_by) \
                 RETURNING 1",
                &[&id, &me, &CLAIM_SECONDS],
            )?;
            if claimed.is_some() {
                return Ok(Claim::Mine);
            }
            let sent = client.query_opt(
                "SELECT sent FROM wettbewerb_deliveries WHERE message_id = $1",
                &[&id],
            )?;
            Ok(
                match sent.and_then(|row| row.get::<_, Option<DateTime<Utc>>>(0)) {
                    Some(at) => Claim::SentElsewhere(at),
                    None => Claim::Busy,
                },
            )
        })
    }

    /// Which of these messages some instance has sent, and when: how an instance that does not
    /// send learns it, in one query for all its waiting messages.
    pub fn sent_among(
        &self,
        message_ids: Vec<String>,
    ) -> Result<Vec<(String, DateTime<Utc>)>, SharedError> {
        self.database.run(move |client| {
            let rows = client.query(
                "SELECT message_id, sent FROM wettbewerb_deliveries \
                 WHERE message_id = ANY($1) AND sent IS NOT NULL",
                &[&message_ids],
            )?;
            Ok(rows
                .into_iter()
                .map(|row| (row.get(0), row.get(1)))
                .collect())
        })
    }

    /// The mail server accepted it.
    pub fn sent(&self, message_id: &str) -> Result<(), SharedError> {
        let (id, me) = (message_id.to_owned(), self.database.instance());
        self.database.run(move |client| {
            client.execute(
                "UPDATE wettbewerb_deliveries SET sent = now() \
                 WHERE message_id = $1 AND claimed_by = $2",
                &[&id, &me],
            )?;
            Ok(())
        })
    }

    /// Sending failed: any instance may try it again when its copy is due.
    pub fn release(&self, message_id: &str) -> Result<(), SharedError> {
        let (id, me) = (message_id.to_owned(), self.database.instance());
        self.database.run(move |client| {
            client.execute(
                "UPDATE wettbewerb_deliveries SET claimed_until = now() \
                 WHERE message_id = $1 AND claimed_by = $2 AND sent IS NULL",
                &[&id, &me],
            )?;
            Ok(())
        })
    }
}
