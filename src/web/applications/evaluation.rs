//! The evaluation summaries on a consortium's status page: one per released stage in which its
//! application had a result, newest stage first.

use crate::domain::competition::Competition;
use crate::domain::consensus::ConsensusKey;
use crate::domain::evaluation_summary::summary;
use crate::domain::ids::ApplicationId;
use crate::event_store::EventStore;
use crate::projections::written_consensus;
use crate::texts::evaluation_summary::{Rendered, render};
use crate::web::chrome::Chrome;

pub struct StageSummary {
    pub stage: String,
    pub r: Rendered,
}

/// The texts are read from the report's stream (the read model keeps none); a report that
/// cannot be read shows as no written evaluation, and is logged.
pub fn summaries(
    c: &Chrome,
    store: &EventStore,
    competition: &Competition,
    application: ApplicationId,
) -> Vec<StageSummary> {
    let mut stages: Vec<usize> = competition
        .decisions
        .keys()
        .filter(|(_, a)| *a == application)
        .map(|(stage, _)| *stage)
        .collect();
    stages.sort_unstable();
    stages.dedup();
    stages
        .into_iter()
        .rev()
        .filter_map(|stage| {
            let consensus = competition
                .released_at
                .contains_key(&stage)
                .then(|| written_consensus(store, ConsensusKey { application, stage }))
                .and_then(|read| {
                    read.inspect_err(|e| tracing::error!(%application, %e, "no evaluation summary"))
                        .ok()
                })
                .and_then(|(consensus, revision)| revision.map(|_| consensus));
            let written = summary(competition, stage, consensus.as_ref())?;
            Some(StageSummary {
                stage: competition
                    .setup
                    .as_ref()
                    .and_then(|s| s.stages.get(stage))
                    .map(|s| s.title.clone())
                    .unwrap_or_else(|| (stage + 1).to_string()),
                r: render(&written, c.lang),
            })
        })
        .collect()
}
