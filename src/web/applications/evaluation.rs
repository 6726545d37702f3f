//! The evaluation summaries on a consortium's status page: one per released stage in which its
//! application had a result, newest stage first.

use crate::domain::competition::Competition;
use crate::domain::consensus::ConsensusKey;
use crate::domain::evaluation_summary::summary;
use crate::domain::ids::ApplicationId;
use crate::projections::Views;
use crate::texts::evaluation_summary::{Rendered, render};
use crate::web::chrome::Chrome;

pub struct StageSummary {
    pub stage: String,
    pub r: Rendered,
}

pub fn summaries(
    c: &Chrome,
    views: &Views,
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
            let consensus = views
                .juries
                .consensus
                .get(&ConsensusKey { application, stage })
                .map(|v| &v.state);
            let written = summary(competition, stage, consensus)?;
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
