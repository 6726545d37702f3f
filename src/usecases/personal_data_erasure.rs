//! Erasing a person (GDPR Art. 17): who they are in the log (their account and their seats on
//! juries, found by their address), what of theirs the log holds, the erasure recorded as an
//! event, their keys deleted, and what held their data outside the log removed.
//!
//! The event comes first and the keys go after it: a crash in between leaves the event, and
//! every start applies the recorded erasures to the key store again (`apply_recorded`), as an
//! import of a backup does.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::app::{Actor, ExecuteError, Executed, execute, stream_of};
use crate::domain::account::account_id_for;
use crate::domain::email_address::EmailAddress;
use crate::domain::erasure::{Erasure, ErasureCommand, ErasureError, ErasureEvent, Ground};
use crate::event_store::{Direction, EventStore, ReadFrom, StoreError};
use crate::personal::codec::PersonalCodec;
use crate::personal::forget::{Forgotten, forget};
use crate::projections::ReadModels;

const PAGE: usize = 4096;

/// What an erasure of one address takes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The person's ids: their account's (as it is and as an older version filed it) and
    /// their juror seats'.
    pub persons: Vec<Uuid>,
    /// The person's name as the service knows it, to find mail naming them.
    pub names: Vec<String>,
    /// Events holding the person's sealed fields, by event type.
    pub events: BTreeMap<String, usize>,
    /// The persons of `persons` that still have a key (not erased yet).
    pub with_keys: usize,
    /// What `forget` would remove beside the keys.
    pub outside: Forgotten,
}

impl Scope {
    pub fn event_count(&self) -> usize {
        self.events.values().sum()
    }

    /// Nothing of the person is held (any more).
    pub fn is_empty(&self) -> bool {
        self.with_keys == 0
    }
}

/// Who the address is in the log, from the read models: the ids its data is sealed under
/// (its account's, as it is and as an older version filed it, and its juror seats'), and the
/// names it goes by.
pub fn persons_of(models: &ReadModels, address: &EmailAddress) -> (Vec<Uuid>, Vec<String>) {
    let views = models.read();
    let mut persons = vec![account_id_for(address).as_uuid()];
    let mut names = Vec::new();
    let account = views.account_id_of(address);
    persons.push(account.as_uuid());
    if let Some(account) = views.accounts.get(&account) {
        names.push(account.name.clone());
    }
    for jury in views.juries.values() {
        for (id, juror) in &jury.jurors {
            if juror.email == *address {
                persons.push(id.as_uuid());
                names.push(juror.name.clone());
            }
        }
    }
    persons.sort();
    persons.dedup();
    names.retain(|n| !n.trim().is_empty());
    names.sort();
    names.dedup();
    (persons, names)
}

/// What erasing `address` takes, without changing anything: the dry run.
pub fn scope_of(
    store: &EventStore,
    codec: &PersonalCodec,
    models: &ReadModels,
    data: &Path,
    address: &EmailAddress,
) -> Result<Scope, StoreError> {
    let (persons, names) = persons_of(models, address);
    let mut events = BTreeMap::new();
    let mut next = 0;
    loop {
        let page = store.read_all_raw(Direction::Forwards, ReadFrom::At(next), PAGE)?;
        let Some(last) = page.last() else { break };
        next = last.position.0 + 1;
        for event in &page {
            let held = PersonalCodec::persons_in(event);
            if held.iter().any(|p| persons.binary_search(p).is_ok()) {
                *events.entry(event.event_type.clone()).or_insert(0) += 1;
            }
        }
    }
    let with_keys = persons.iter().filter(|p| codec.keys().holds(**p)).count();
    let outside = forget(data, &needles(address, &names), true)?;
    Ok(Scope {
        persons,
        names,
        events,
        with_keys,
        outside,
    })
}

fn needles(address: &EmailAddress, names: &[String]) -> Vec<String> {
    let mut needles = vec![address.as_str().to_owned()];
    needles.extend(names.iter().cloned());
    needles
}

#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error(transparent)]
    Refused(#[from] ExecuteError<ErasureError>),
    #[error("the keys could not be deleted: {0}")]
    Keys(#[from] std::io::Error),
}

/// Records the erasure of `scope`'s persons, deletes their keys, marks their pending mail as
/// never to be sent and removes the copies outside the log. The caller rebuilds what it holds
/// in memory (the read models, cached streams).
#[allow(clippy::too_many_arguments)]
pub async fn erase(
    store: &EventStore,
    codec: &PersonalCodec,
    data: &Path,
    address: &EmailAddress,
    scope: &Scope,
    ground: Ground,
    reason: String,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(Executed<Erasure>, Forgotten), EraseError> {
    let stream = stream_of::<Erasure>(&Uuid::now_v7());
    let executed = execute::<Erasure>(
        store,
        &stream,
        actor,
        ErasureCommand::Erase {
            persons: scope.persons.clone(),
            ground,
            reason,
            now,
        },
    )
    .await?;
    codec.keys().erase(&scope.persons)?;
    let forgotten = forget(data, &needles(address, &scope.names), false)?;
    Ok((executed, forgotten))
}

/// Applies every erasure recorded in the log to the key store: at every start and after an
/// import, so that a person erased after a backup was made stays erased when it is restored
/// together with the log's later events. Returns how many keys were deleted.
pub fn apply_recorded(store: &EventStore, codec: &PersonalCodec) -> Result<usize, EraseError> {
    let mut persons = Vec::new();
    let mut next = ReadFrom::Start;
    loop {
        let page = store.read_category("erasure", Direction::Forwards, next, PAGE)?;
        let Some(last) = page.last() else { break };
        next = ReadFrom::At(last.position.0 + 1);
        for event in &page {
            if let Ok(ErasureEvent::PersonalDataErased {
                persons: erased, ..
            }) = crate::app::decode::<Erasure>(event)
            {
                persons.extend(erased);
            }
        }
    }
    Ok(codec.keys().erase(&persons)?)
}

impl From<StoreError> for EraseError {
    fn from(e: StoreError) -> Self {
        EraseError::Refused(ExecuteError::from(e))
    }
}
