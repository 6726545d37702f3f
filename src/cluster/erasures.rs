//! An erasure carried out by one instance reaches the others through the log: each of them
//! follows `$ce-erasure` and, for every person newly erased, drops the key it still holds,
//! the snapshots and mail files in its own data directory, and the read models and caches
//! that show the person's data.

use std::path::Path;
use std::time::Duration;

use actix_web::web::Data;

use crate::domain::erasure::{Erasure, ErasureEvent};
use crate::event_store::{Direction, EventStore, ReadFrom, StoreError};
use crate::web::state::AppState;

/// How often the log is looked at when no commit woke the follower.
const TICK: Duration = Duration::from_secs(2);
const PAGE: usize = 256;

/// The last erasure this data directory has carried out: at a start, snapshots written before
/// a later one may hold the person's data, and are not used.
const APPLIED_FILE: &str = "erasures.applied";

fn applied_path(data: &Path) -> std::path::PathBuf {
    crate::personal::keys_dir(data).join(APPLIED_FILE)
}

fn applied(data: &Path) -> Option<u64> {
    std::fs::read_to_string(applied_path(data))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn record_applied(data: &Path, position: u64) -> std::io::Result<()> {
    crate::durable_file::write(&applied_path(data), format!("{position}\n").as_bytes())
}

/// At a start on PostgreSQL: whether the log holds an erasure this directory has not carried
/// out (another instance erased while this one was down). Its snapshots may then show the
/// person, so they are dropped; the read models replay the log. Records the erasure as
/// carried out here: the replay and the keys read from the database do the rest.
pub fn catch_up_at_start(store: &EventStore, data: &Path) -> anyhow::Result<bool> {
    let last = store
        .read_category("erasure", Direction::Backwards, ReadFrom::End, 1)?
        .first()
        .map(|e| e.position.0);
    let Some(last) = last else {
        return Ok(false);
    };
    let missed = applied(data).is_none_or(|applied| applied < last);
    if missed {
        crate::personal::forget::forget(data, &[], false)?;
    }
    record_applied(data, last)?;
    Ok(missed)
}

/// Follows the erasures from `next` on (where the start's own check left off).
pub async fn follow(state: Data<AppState>, mut next: u64) {
    let mut committed = state.store.committed_receiver();
    loop {
        committed.borrow_and_update();
        match carry_out(&state, &mut next) {
            Ok(0) => {}
            Ok(persons) => {
                tracing::info!(persons, "an erasure by another instance carried out here")
            }
            Err(error) => {
                tracing::error!(%error, "an erasure could not be carried out here; retrying")
            }
        }
        tokio::select! {
            changed = committed.changed() => if changed.is_err() { return },
            _ = tokio::time::sleep(TICK) => {}
        }
    }
}

/// Applies the erasures recorded from `next` on; returns how many keys were still held here.
/// `next` moves past them only once all of it is done: a failure is tried again.
fn carry_out(state: &AppState, next: &mut u64) -> anyhow::Result<usize> {
    let mut persons = Vec::new();
    let mut reached = *next;
    let mut last_erasure = None;
    loop {
        let page = state
            .store
            .read_category("erasure", Direction::Forwards, ReadFrom::At(reached), PAGE)
            .map_err(|e: StoreError| anyhow::anyhow!(e))?;
        let Some(last) = page.last() else { break };
        reached = last.position.0 + 1;
        last_erasure = Some(last.position.0);
        for event in &page {
            if let Ok(ErasureEvent::PersonalDataErased {
                persons: erased, ..
            }) = crate::app::decode::<Erasure>(event)
            {
                persons.extend(erased);
            }
        }
    }
    let Some(last_erasure) = last_erasure else {
        return Ok(0);
    };
    let held = persons
        .iter()
        .filter(|person| state.personal.keys().holds_cached(**person))
        .count();
    state.personal.keys().evict(&persons);
    // The read models and snapshots may show the persons whether or not a key was held here
    // (it may have been read for a page only); they start over from the log.
    crate::personal::forget::forget(&state.data, &[], false)?;
    state.forget_erased()?;
    record_applied(&state.data, last_erasure)?;
    *next = reached;
    Ok(held)
}
