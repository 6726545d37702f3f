//! The links to each stage a competition has started, as the round page and the ranking show
//! them above their content.

use crate::domain::competition::Competition;
use crate::domain::setup::CompetitionSetup;

/// A link to one started stage's page.
pub struct StageLink {
    pub number: usize,
    pub title: String,
    pub current: bool,
}

impl StageLink {
    /// Every stage up to the current one, `shown` marked; none before the first has opened.
    pub fn started(setup: &CompetitionSetup, competition: &Competition, shown: usize) -> Vec<Self> {
        if !competition.opened_any_stage {
            return Vec::new();
        }
        setup
            .stages
            .iter()
            .take(competition.stage.saturating_add(1))
            .enumerate()
            .map(|(i, s)| StageLink {
                number: i + 1,
                title: s.title.clone(),
                current: i == shown,
            })
            .collect()
    }
}
