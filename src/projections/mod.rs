//! Read models: the pages' view of the log, kept in memory and fed by a catch-up subscription to
//! `$all`. One projection per purpose (accounts and sessions, applications, competitions, juries
//! and reviews, ranking versions), each with its own lock and position; an application's history
//! (`timeline.rs`), the jurors' comments on a review (`written_review.rs`) and the texts of a
//! consensus report (`written_consensus.rs`) are read from their streams on demand. A start begins from the projections'
//! snapshots where they are trusted (`snapshot.rs`) and replays only what came after.

mod accounts;
mod applications;
mod competitions;
mod juries;
mod projection;
mod projector;
mod rankings;
mod read_models;
pub mod snapshot;
mod timeline;
mod views;
mod written_consensus;
mod written_review;

pub use accounts::{Accounts, password_hash_of};
pub use applications::{ApplicationView, Applications, RedressView};
pub use competitions::{CompetitionView, Competitions};
pub use juries::{ConsensusView, Juries};
pub use projection::{Projection, Read};
pub use projector::{catch_up, run_projector, run_snapshots};
pub use rankings::RankingCache;
pub use read_models::{FoundSnapshots, ReadModels};
pub use timeline::{TimelineEntry, timeline};
pub use views::Views;
pub use written_consensus::written_consensus;
pub use written_review::{WrittenReview, written_review};

use crate::event_store::RecordedEvent;

/// The id of the event's stream, for the categories whose ids are uuids.
fn stream_uuid(event: &RecordedEvent) -> Option<uuid::Uuid> {
    event
        .stream
        .id()
        .and_then(|id| uuid::Uuid::parse_str(id).ok())
}

fn skipped(event: &RecordedEvent, reason: impl std::fmt::Display) {
    tracing::error!(position = event.position.0, %reason, "a read model skipped an event");
}

#[cfg(test)]
pub(crate) mod test_log {
    use std::path::Path;

    use crate::demo::{Options, fill};
    use crate::domain::presets::Preset;
    use crate::event_store::{EventStore, StoreOptions};

    /// A whole competition run through the real commands: accounts, applications, the jury,
    /// reviews, decisions, and a few open drafts.
    pub(crate) async fn demo_log(dir: &Path) -> EventStore {
        let store = EventStore::open(StoreOptions::new(dir.join("events")).unwrap()).unwrap();
        let options = Options {
            preset: Preset::BioRegio,
            scale: 1,
            seed: 7,
            open_drafts: 5,
        };
        fill(&store, options, &|_| {}).await.unwrap();
        store
    }
}
