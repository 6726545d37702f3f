//! An erasure carried out by one instance reaches the others through the log: each of them
//! follows `$ce-erasure` and, for every person newly erased, drops the key it still holds,
//! the snapshots and mail files in its own data directory, and the read models and caches
//! that show the person's data.

use std::time::Duration;

use actix_web::web::Data;

use crate::domain::erasure::{Erasure, ErasureEvent};
use crate::event_store::{Direction, ReadFrom, StoreError};
use crate::web::state::AppState;

/// How often the log is looked at when no commit woke the follower.
const TICK: Duration = Duration::from_secs(2);
const PAGE: usize = 256;

pub async fn follow(state: Data<AppState>) {
    let mut committed = state.store.committed_receiver_public();
    // Erasures already in the log at the start were applied before the first page was served.
    let mut next = state.store.committed_count();
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
fn carry_out(state: &AppState, next: &mut u64) -> anyhow::Result<usize> {
    let mut persons = Vec::new();
    loop {
        let page = state
            .store
            .read_category("erasure", Direction::Forwards, ReadFrom::At(*next), PAGE)
            .map_err(|e: StoreError| anyhow::anyhow!(e))?;
        let Some(last) = page.last() else { break };
        *next = last.position.0 + 1;
        for event in &page {
            if let Ok(ErasureEvent::PersonalDataErased {
                persons: erased, ..
            }) = crate::app::decode::<Erasure>(event)
            {
                persons.extend(erased);
            }
        }
    }
    if persons.is_empty() {
        return Ok(0);
    }
    let held = persons
        .iter()
        .filter(|person| state.personal.keys().holds_cached(**person))
        .count();
    state.personal.keys().evict(&persons);
    if held > 0 {
        crate::personal::forget::forget(&state.data, &[], false)?;
        state.forget_erased()?;
    }
    Ok(held)
}
