//! Feeds the read models from the log: everything at start, then each commit as it happens.

use std::sync::Arc;
use std::time::Duration;

use super::read_models::ReadModels;
use super::snapshot::Snapshots;
use crate::event_store::{Direction, EventStore, Position, ReadFrom, StoreError};

const PAGE: usize = 4096;

/// Reads everything after what the read models have seen; returns how many events it folded.
pub fn catch_up(store: &EventStore, models: &ReadModels) -> Result<usize, StoreError> {
    let mut count = 0;
    loop {
        let from = models
            .applied()
            .map_or(ReadFrom::Start, |p| ReadFrom::At(p.0 + 1));
        let page = store.read_all(Direction::Forwards, from, PAGE)?;
        if page.is_empty() {
            return Ok(count);
        }
        count += page.len();
        models.apply(&page);
    }
}

/// Runs for the life of the process.
pub async fn run_projector(store: EventStore, models: Arc<ReadModels>) {
    let mut committed = store.committed_receiver();
    loop {
        committed.borrow_and_update();
        if let Err(error) = catch_up(&store, &models) {
            tracing::error!(%error, "the read models could not catch up; retrying");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            continue;
        }
        if committed.changed().await.is_err() {
            return;
        }
    }
}

/// Writes the projections' snapshots now and then every `every`, whenever the log has moved
/// since the last ones; `written` is where the snapshots on disk stand already.
pub async fn run_snapshots(
    store: EventStore,
    models: Arc<ReadModels>,
    snapshots: Arc<Snapshots>,
    every: Duration,
    mut written: Option<Position>,
) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let applied = models.applied();
        if applied == written {
            continue;
        }
        let (store, models, snapshots) = (store.clone(), models.clone(), snapshots.clone());
        match tokio::task::spawn_blocking(move || models.save(&snapshots, &store)).await {
            Ok(Ok(())) => written = applied,
            Ok(Err(error)) => {
                tracing::error!(%error, "the read models' snapshots were not written")
            }
            Err(error) => tracing::error!(%error, "writing the read models' snapshots failed"),
        }
    }
}
