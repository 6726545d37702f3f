//! What an irreversible step of a stage leaves behind: the reviews still open, the places not
//! filled, a review deadline still ahead, and the result mails a release sends. The
//! confirmation pages name these facts before staff finalise or release; computed here, from
//! the state alone, so that the same numbers are shown and tested.

use chrono::{DateTime, Utc};

use super::competition::{Competition, Outcome};
use super::ids::{ApplicationId, JurorId};

/// One review assigned in the stage: by whom, and whether it is submitted (and not reopened).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssignedReview {
    pub juror: JurorId,
    pub submitted: bool,
}

/// What is missing in the current stage before its results are final.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gaps {
    /// Reviews assigned but not submitted.
    pub open_reviews: usize,
    /// Reviews assigned in the stage.
    pub assigned_reviews: usize,
    /// Jurors with at least one open review.
    pub jurors_with_open: usize,
    /// Applications chosen to go on (shortlisted, or funded in the last stage).
    pub chosen: usize,
    /// Places the stage has (how many may go on).
    pub places: u32,
    /// The review deadline, while it is still ahead.
    pub review_deadline_ahead: Option<DateTime<Utc>>,
}

impl Gaps {
    pub fn places_left(&self) -> usize {
        (self.places as usize).saturating_sub(self.chosen)
    }

    /// Nothing is missing: no confirmation needs to warn.
    pub fn is_empty(&self) -> bool {
        self.open_reviews == 0 && self.places_left() == 0 && self.review_deadline_ahead.is_none()
    }
}

/// The gaps of the competition's current stage at `now`, given its assigned reviews.
pub fn gaps(competition: &Competition, reviews: &[AssignedReview], now: DateTime<Utc>) -> Gaps {
    let open: Vec<JurorId> = reviews
        .iter()
        .filter(|r| !r.submitted)
        .map(|r| r.juror)
        .collect();
    let mut jurors = open.clone();
    jurors.sort();
    jurors.dedup();
    let stage = competition.current_stage();
    Gaps {
        open_reviews: open.len(),
        assigned_reviews: reviews.len(),
        jurors_with_open: jurors.len(),
        chosen: competition
            .decisions_in(competition.stage)
            .filter(|(_, o)| matches!(o, Outcome::Shortlisted | Outcome::Funded { .. }))
            .count(),
        places: stage.map_or(0, |s| s.advancing),
        review_deadline_ahead: stage.map(|s| s.review_deadline).filter(|d| now < *d),
    }
}

/// The decisions of a stage counted by outcome: each is one result mail when released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutcomeCounts {
    pub shortlisted: usize,
    pub not_shortlisted: usize,
    pub funded: usize,
    pub not_funded: usize,
    pub reserve: usize,
}

impl OutcomeCounts {
    pub fn total(&self) -> usize {
        self.shortlisted + self.not_shortlisted + self.funded + self.not_funded + self.reserve
    }
}

/// The decisions recorded in `stage`, by outcome.
pub fn outcomes(competition: &Competition, stage: usize) -> OutcomeCounts {
    let mut counts = OutcomeCounts::default();
    for (_, outcome) in competition.decisions_in(stage) {
        match outcome {
            Outcome::Shortlisted => counts.shortlisted += 1,
            Outcome::NotShortlisted => counts.not_shortlisted += 1,
            Outcome::Funded { .. } => counts.funded += 1,
            Outcome::NotFunded => counts.not_funded += 1,
            Outcome::Reserve { .. } => counts.reserve += 1,
        }
    }
    counts
}

/// The entries of the current stage without a decision: finalising records them as not going on.
pub fn undecided(competition: &Competition, entries: &[ApplicationId]) -> usize {
    entries
        .iter()
        .filter(|a| {
            !competition
                .decisions
                .contains_key(&(competition.stage, **a))
        })
        .count()
}
