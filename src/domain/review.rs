//! One juror's review of one application in one stage: scores per criterion with comments and an
//! overall comment; saved as a draft until the juror submits it.
//!
//! **A submitted review is final.** Submitting unseals the other jurors' reviews of the
//! application (see [`may_see_other_reviews`]), so a juror who could still change their own
//! afterwards could bring it into line with the others, and the jury's judgements would no
//! longer be independent. A change after submission needs programme staff to reopen the review
//! with a stated reason, which is recorded; the juror then revises and submits again. While a
//! reopened review is being revised, the version last submitted still counts.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::competition::Competition;
use super::confidence::Confidence;
use super::ids::{ApplicationId, JurorId};
use super::jury::Jury;
use super::setup::{Criterion, Hundredths};

/// Identifies a review; its stream is `review-{application}.{stage}.{juror}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReviewKey {
    pub application: ApplicationId,
    pub stage: usize,
    pub juror: JurorId,
}

impl fmt::Display for ReviewKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.application, self.stage, self.juror)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CriterionScore {
    pub score: Option<u8>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scores {
    pub criteria: Vec<CriterionScore>,
    pub overall_comment: String,
    /// The juror's confidence in the review: optional in a draft, required on submission.
    /// Reviews from before it was asked hold none.
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

/// What the service knows when a juror saves: from the competition and the jury.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewContext {
    pub criteria: Vec<Criterion>,
    /// The stage is in review and its review deadline has not passed.
    pub open: bool,
    pub assigned: bool,
    pub conflicted: bool,
    /// The fewest characters each criterion's comment needs on submission (the competition's
    /// set-up); 0 asks for none.
    pub min_comment_chars: u32,
}

impl ReviewContext {
    /// What the competition and its jury say about `key`'s review at `now`: the stage's
    /// criteria, whether its review is open, and whether the juror is assigned to the
    /// application and free of conflict with it. Built from both aggregates as they are when
    /// the juror saves, so that the review's own refusals guard scoring.
    pub fn of(competition: &Competition, jury: &Jury, key: ReviewKey, now: DateTime<Utc>) -> Self {
        let setup = competition.setup.as_ref();
        Self {
            criteria: setup
                .and_then(|s| s.stages.get(key.stage))
                .map(|s| s.criteria.clone())
                .unwrap_or_default(),
            open: competition.review_open(key.stage, now),
            assigned: jury.is_assigned(key.stage, key.juror, key.application),
            conflicted: jury.is_conflicted(key.juror, key.application),
            min_comment_chars: setup.map_or(0, |s| s.review.min_comment_chars),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum ReviewEvent {
    ReviewDraftSaved {
        key: ReviewKey,
        scores: Scores,
        at: DateTime<Utc>,
    },
    ReviewSubmitted {
        key: ReviewKey,
        scores: Scores,
        weighted: Hundredths,
        at: DateTime<Utc>,
    },
    /// A reopened review submitted again. (Logs from before reviews were final also hold
    /// revisions without a reopening; they read the same.)
    ReviewRevised {
        key: ReviewKey,
        scores: Scores,
        weighted: Hundredths,
        at: DateTime<Utc>,
    },
    /// Programme staff gave a submitted review back to its juror for revision.
    ReviewReopened {
        key: ReviewKey,
        reason: String,
        at: DateTime<Utc>,
    },
}

impl ReviewEvent {
    pub fn key(&self) -> ReviewKey {
        match self {
            Self::ReviewDraftSaved { key, .. }
            | Self::ReviewSubmitted { key, .. }
            | Self::ReviewRevised { key, .. }
            | Self::ReviewReopened { key, .. } => *key,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReviewCommand {
    Save {
        key: ReviewKey,
        scores: Scores,
        context: ReviewContext,
        now: DateTime<Utc>,
    },
    Submit {
        key: ReviewKey,
        scores: Scores,
        context: ReviewContext,
        now: DateTime<Utc>,
    },
    /// By programme staff: `open` says whether the stage is still in review, so that the
    /// juror can still revise.
    Reopen {
        key: ReviewKey,
        reason: String,
        open: bool,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReviewError {
    #[error("the juror is not assigned to this application")]
    NotAssigned,
    #[error("the juror has a conflict of interest with this application")]
    Conflicted,
    #[error("the review is closed")]
    Closed,
    #[error("the form has {got} criteria, the stage {expected}")]
    WrongCriteria { got: usize, expected: usize },
    #[error("{criterion}: scores run from {min} to {max}")]
    OutOfScale { criterion: String, min: u8, max: u8 },
    #[error("scores are missing for: {}", .0.join(", "))]
    Incomplete(Vec<String>),
    /// A submitted review says how sure its juror is.
    #[error("the juror's confidence is missing")]
    NoConfidence,
    /// A submitted review justifies every score: these criteria's comments are shorter than
    /// the competition asks.
    #[error("comments of at least {min} characters are needed for: {}", .criteria.join(", "))]
    Unjustified { min: u32, criteria: Vec<String> },
    #[error("the review is submitted and final")]
    Final,
    #[error("only a submitted review can be reopened")]
    NotSubmitted,
    #[error("the review is reopened already")]
    AlreadyReopened,
    #[error("the review of the stage is over; a review can be reopened only while it runs")]
    TooLateToReopen,
    #[error("a reopening needs a reason")]
    NoReason,
    #[error("the reason is refused: {0}")]
    BadReason(super::text::TextError),
    /// The comment on this criterion, or the overall comment (`None`), is too long.
    #[error("a comment is refused: {problem}")]
    BadComment {
        criterion: Option<String>,
        problem: super::text::TextError,
    },
}

/// Why and when staff reopened a submitted review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reopening {
    pub reason: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub key: Option<ReviewKey>,
    /// The draft before the first submission; after it, the version last submitted.
    pub scores: Scores,
    /// When the review was first submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the version that counts was submitted (the first submission, or the last revision).
    pub changed_at: Option<DateTime<Utc>>,
    pub weighted: Option<Hundredths>,
    /// Set while staff have reopened the submitted review for revision.
    pub reopened: Option<Reopening>,
    /// The juror's saved revision of a reopened review, not yet submitted.
    pub revision_draft: Option<Scores>,
    /// How often the review was reopened.
    pub reopenings: u32,
}

impl Review {
    /// Whether the juror still owes a submission, and so may change the review: never
    /// submitted, or reopened.
    pub fn awaits_juror(&self) -> bool {
        awaits_juror(self.submitted_at.is_some(), self.reopened.is_some())
    }

    /// What the juror's form shows: the revision in progress, else the review as it stands.
    pub fn form_scores(&self) -> &Scores {
        self.revision_draft.as_ref().unwrap_or(&self.scores)
    }
}

/// The rule behind [`Review::awaits_juror`], for the review and its standing alike.
pub(super) fn awaits_juror(submitted: bool, reopened: bool) -> bool {
    !submitted || reopened
}

/// Σ score·weight ÷ Σ weight, in hundredths, rounded half up.
pub fn weighted_score(criteria: &[Criterion], scores: &[u8]) -> Hundredths {
    let total_weight: u64 = criteria.iter().map(|c| u64::from(c.weight)).sum();
    if total_weight == 0 {
        return 0;
    }
    let sum: u64 = criteria
        .iter()
        .zip(scores)
        .map(|(c, s)| u64::from(c.weight) * u64::from(*s) * 100)
        .sum();
    ((sum * 2 + total_weight) / (2 * total_weight)) as Hundredths
}

fn check(scores: &Scores, context: &ReviewContext, complete: bool) -> Result<Vec<u8>, ReviewError> {
    if context.conflicted {
        return Err(ReviewError::Conflicted);
    }
    if !context.assigned {
        return Err(ReviewError::NotAssigned);
    }
    if !context.open {
        return Err(ReviewError::Closed);
    }
    if scores.criteria.len() != context.criteria.len() {
        return Err(ReviewError::WrongCriteria {
            got: scores.criteria.len(),
            expected: context.criteria.len(),
        });
    }
    for (criterion, given) in context.criteria.iter().zip(&scores.criteria) {
        super::text::check_text(&given.comment).map_err(|problem| ReviewError::BadComment {
            criterion: Some(criterion.name.clone()),
            problem,
        })?;
    }
    super::text::check_text(&scores.overall_comment).map_err(|problem| {
        ReviewError::BadComment {
            criterion: None,
            problem,
        }
    })?;
    let mut missing = Vec::new();
    let mut values = Vec::new();
    for (criterion, given) in context.criteria.iter().zip(&scores.criteria) {
        match given.score {
            Some(s) if s < criterion.scale_min || s > criterion.scale_max => {
                return Err(ReviewError::OutOfScale {
                    criterion: criterion.name.clone(),
                    min: criterion.scale_min,
                    max: criterion.scale_max,
                });
            }
            Some(s) => values.push(s),
            None => missing.push(criterion.name.clone()),
        }
    }
    if complete && !missing.is_empty() {
        return Err(ReviewError::Incomplete(missing));
    }
    if complete && scores.confidence.is_none() {
        return Err(ReviewError::NoConfidence);
    }
    if complete {
        let min = context.min_comment_chars;
        let unjustified: Vec<String> = context
            .criteria
            .iter()
            .zip(&scores.criteria)
            .filter(|(_, given)| given.comment.trim().chars().count() < min as usize)
            .map(|(criterion, _)| criterion.name.clone())
            .collect();
        if !unjustified.is_empty() {
            return Err(ReviewError::Unjustified {
                min,
                criteria: unjustified,
            });
        }
    }
    Ok(values)
}

impl Aggregate for Review {
    type Command = ReviewCommand;
    type Event = ReviewEvent;
    type Error = ReviewError;
    const CATEGORY: &'static str = "review";

    fn apply(&mut self, event: &ReviewEvent) {
        match event {
            ReviewEvent::ReviewDraftSaved { key, scores, .. } => {
                self.key = Some(*key);
                if self.submitted_at.is_some() {
                    self.revision_draft = Some(scores.clone());
                } else {
                    self.scores = scores.clone();
                }
            }
            ReviewEvent::ReviewSubmitted {
                key,
                scores,
                weighted,
                at,
            } => {
                self.key = Some(*key);
                self.scores = scores.clone();
                self.weighted = Some(*weighted);
                self.submitted_at = Some(*at);
                self.changed_at = Some(*at);
            }
            ReviewEvent::ReviewRevised {
                scores,
                weighted,
                at,
                ..
            } => {
                self.scores = scores.clone();
                self.weighted = Some(*weighted);
                self.changed_at = Some(*at);
                self.reopened = None;
                self.revision_draft = None;
            }
            ReviewEvent::ReviewReopened { reason, at, .. } => {
                self.reopened = Some(Reopening {
                    reason: reason.clone(),
                    at: *at,
                });
                self.reopenings += 1;
            }
        }
    }

    fn handle(&self, command: ReviewCommand) -> Result<Vec<ReviewEvent>, ReviewError> {
        match command {
            ReviewCommand::Save {
                key,
                scores,
                context,
                now,
            } => {
                check(&scores, &context, false)?;
                if !self.awaits_juror() {
                    return Err(ReviewError::Final);
                }
                Ok(vec![ReviewEvent::ReviewDraftSaved {
                    key,
                    scores,
                    at: now,
                }])
            }
            ReviewCommand::Submit {
                key,
                scores,
                context,
                now,
            } => {
                let values = check(&scores, &context, true)?;
                if !self.awaits_juror() {
                    return Err(ReviewError::Final);
                }
                let weighted = weighted_score(&context.criteria, &values);
                if self.submitted_at.is_some() {
                    return Ok(vec![ReviewEvent::ReviewRevised {
                        key,
                        scores,
                        weighted,
                        at: now,
                    }]);
                }
                Ok(vec![ReviewEvent::ReviewSubmitted {
                    key,
                    scores,
                    weighted,
                    at: now,
                }])
            }
            ReviewCommand::Reopen {
                key,
                reason,
                open,
                now,
            } => {
                if self.submitted_at.is_none() {
                    return Err(ReviewError::NotSubmitted);
                }
                if self.reopened.is_some() {
                    return Err(ReviewError::AlreadyReopened);
                }
                if !open {
                    return Err(ReviewError::TooLateToReopen);
                }
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(ReviewError::NoReason);
                }
                super::text::check_text(reason).map_err(ReviewError::BadReason)?;
                Ok(vec![ReviewEvent::ReviewReopened {
                    key,
                    reason: reason.to_owned(),
                    at: now,
                }])
            }
        }
    }
}

/// Reviews are sealed: a juror sees the other jurors' scores on an application only once their
/// own review of it is submitted, and never while conflicted with it.
pub fn may_see_other_reviews(own: Option<&Review>, conflicted: bool) -> bool {
    !conflicted && own.is_some_and(|review| review.submitted_at.is_some())
}
