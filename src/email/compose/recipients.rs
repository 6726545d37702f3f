//! Who receives a message: the applications of a competition (an index kept as the log grows,
//! instead of a scan of every `ApplicationCreated` per reminder), a person's language and name
//! from their account, a juror's address.

use std::collections::HashMap;

use super::Composer;
use super::reads::Reads;
use crate::app::decode;
use crate::domain::account::{Account, Language, account_id_for, legacy_account_id_for};
use crate::domain::application::{Application, ApplicationEvent};
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::{CompetitionId, JurorId};
use crate::domain::jury::Juror;
use crate::event_store::{Direction, ReadFrom, RecordedEvent, StreamName};

/// The application streams of each competition with the `$all` position they were created at.
#[derive(Default)]
pub(super) struct ApplicationIndex {
    /// The next position of the log not looked at yet.
    read_to: u64,
    by_competition: HashMap<CompetitionId, Vec<(u64, StreamName)>>,
}

impl Composer {
    /// The applications to the competition created before `event`, as they are now.
    pub(super) fn applications_of(
        &self,
        competition: CompetitionId,
        event: &RecordedEvent,
        reads: &Reads,
    ) -> Result<Vec<std::sync::Arc<Application>>, String> {
        let streams: Vec<StreamName> = {
            let mut index = self
                .applications
                .lock()
                .map_err(|_| "the index of applications is poisoned".to_owned())?;
            let created = self
                .store
                .read_event_type(
                    "ApplicationCreated",
                    Direction::Forwards,
                    ReadFrom::At(index.read_to),
                    usize::MAX,
                )
                .map_err(|e| e.to_string())?;
            for recorded in &created {
                let ApplicationEvent::ApplicationCreated { competition_id, .. } =
                    decode::<Application>(recorded).map_err(|e| e.to_string())?
                else {
                    continue;
                };
                index
                    .by_competition
                    .entry(competition_id)
                    .or_default()
                    .push((recorded.position.0, recorded.stream.clone()));
                index.read_to = recorded.position.0 + 1;
            }
            index
                .by_competition
                .get(&competition)
                .into_iter()
                .flatten()
                .filter(|(position, _)| *position < event.position.0)
                .map(|(_, stream)| stream.clone())
                .collect()
        };
        streams.iter().map(|s| reads.current(s)).collect()
    }

    /// The language the person with this address chose; German for everyone else.
    pub(super) fn language_of(&self, reads: &Reads, email: &EmailAddress) -> Language {
        account_of(reads, email)
            .map(|a| a.language)
            .unwrap_or_default()
    }

    /// The name of the account with this address; empty if there is none.
    pub(super) fn account_name(&self, reads: &Reads, email: &EmailAddress) -> String {
        account_of(reads, email)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }
}

/// The account of the address: under its id, or under the unkeyed id an older version gave it.
fn account_of(reads: &Reads, email: &EmailAddress) -> Option<std::sync::Arc<Account>> {
    reads
        .of::<Account>(&account_id_for(email))
        .ok()
        .filter(|a| a.id.is_some())
        .or_else(|| reads.of::<Account>(&legacy_account_id_for(email)).ok())
}

/// The juror's address; `None` (and a warning) if what is stored is not one.
pub(super) fn juror_address(id: JurorId, juror: &Juror, what: &str) -> Option<EmailAddress> {
    let address = Some(juror.email.clone()).filter(EmailAddress::is_address);
    if address.is_none() {
        tracing::warn!(juror = %id, "a juror without a valid address gets no {what}");
    }
    address
}

impl Composer {
    /// The name of the application's owner, whom its mail greets; empty if unknown.
    pub(super) fn owner_name(&self, reads: &Reads, application: &Application) -> String {
        application
            .owner
            .and_then(|owner| reads.of::<Account>(&owner).ok())
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }
}
