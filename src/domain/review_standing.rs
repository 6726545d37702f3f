//! Where a review stands, without what its juror wrote: the scores per criterion, when it was
//! submitted and last changed, its weighted score, whether staff reopened it and whether a
//! revision is in progress. It is what lists, the ranking and the checks read of a review, and
//! what the read model keeps of every review; the comments (and a reopening's reason) are read
//! from the review's stream by the few pages that show them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::confidence::Confidence;
use super::review::{CriterionScore, Reopening, Review, ReviewEvent, ReviewKey, Scores};
use super::setup::Hundredths;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewStanding {
    pub key: Option<ReviewKey>,
    /// The score per criterion of the draft before the first submission; after it, of the
    /// version last submitted (as [`Review::scores`]).
    pub scores: Vec<Option<u8>>,
    /// The juror's confidence, of the same version as `scores`; `None` when not given (a
    /// draft, or a review from before it was asked).
    pub confidence: Option<Confidence>,
    /// When the review was first submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the version that counts was submitted.
    pub changed_at: Option<DateTime<Utc>>,
    pub weighted: Option<Hundredths>,
    /// When staff reopened the submitted review, while it is reopened.
    pub reopened_at: Option<DateTime<Utc>>,
    /// The scores of the juror's saved revision of a reopened review, not yet submitted.
    pub revision_draft: Option<Vec<Option<u8>>>,
    /// How often the review was reopened.
    pub reopenings: u32,
}

/// The scores without their comments.
fn scores_of(scores: &Scores) -> Vec<Option<u8>> {
    scores.criteria.iter().map(|c| c.score).collect()
}

impl ReviewStanding {
    /// The one derivation of a standing from the review.
    pub fn of(review: &Review) -> Self {
        Self {
            key: review.key,
            scores: scores_of(&review.scores),
            confidence: review.scores.confidence,
            submitted_at: review.submitted_at,
            changed_at: review.changed_at,
            weighted: review.weighted,
            reopened_at: review.reopened.as_ref().map(|r| r.at),
            revision_draft: review.revision_draft.as_ref().map(scores_of),
            reopenings: review.reopenings,
        }
    }

    /// Folds one more of the review's events in, by the review's own [`Review::apply`]: onto
    /// the review as far as the standing knows it (every comment and reason empty), then taking
    /// the standing of the result. That gives the standing of the whole review because `apply`
    /// reads nothing of the state it starts from but what a standing keeps (whether the review
    /// was submitted, how often it was reopened, and the fields it leaves as they were); the
    /// test `folding_the_standing_gives_the_standing_of_the_folded_review` holds it to that.
    pub fn apply(&mut self, event: &ReviewEvent) {
        let mut review = self.as_review();
        review.apply(event);
        *self = Self::of(&review);
    }

    /// Whether the juror still owes a submission (as [`Review::awaits_juror`]).
    pub fn awaits_juror(&self) -> bool {
        super::review::awaits_juror(self.submitted_at.is_some(), self.reopened_at.is_some())
    }

    /// The review with what the standing keeps; nothing the juror or staff wrote.
    fn as_review(&self) -> Review {
        let unwritten = |scores: &[Option<u8>], confidence| Scores {
            criteria: scores
                .iter()
                .map(|&score| CriterionScore {
                    score,
                    comment: String::new(),
                })
                .collect(),
            overall_comment: String::new(),
            confidence,
        };
        Review {
            key: self.key,
            scores: unwritten(&self.scores, self.confidence),
            submitted_at: self.submitted_at,
            changed_at: self.changed_at,
            weighted: self.weighted,
            reopened: self.reopened_at.map(|at| Reopening {
                reason: String::new(),
                at,
            }),
            revision_draft: self
                .revision_draft
                .as_deref()
                .map(|draft| unwritten(draft, None)),
            reopenings: self.reopenings,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::ids::{ApplicationId, JurorId};

    fn key() -> ReviewKey {
        ReviewKey {
            application: ApplicationId::from_uuid(uuid::Uuid::from_u128(1)),
            stage: 0,
            juror: JurorId::from_uuid(uuid::Uuid::from_u128(2)),
        }
    }

    fn written(values: &[Option<u8>], comment: &str) -> Scores {
        Scores {
            criteria: values
                .iter()
                .map(|&score| CriterionScore {
                    score,
                    comment: format!("{comment}: Kriterium begründet"),
                })
                .collect(),
            overall_comment: format!("{comment}: Gesamturteil"),
            confidence: Some(Confidence::Familiar),
        }
    }

    /// A review's whole life: drafts, a submission, two reopenings with a revision between.
    fn life() -> Vec<ReviewEvent> {
        let at =
            |hours| Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap() + Duration::hours(hours);
        vec![
            ReviewEvent::ReviewDraftSaved {
                key: key(),
                scores: written(&[Some(2), None], "Entwurf"),
                at: at(0),
            },
            ReviewEvent::ReviewSubmitted {
                key: key(),
                scores: written(&[Some(2), Some(4)], "Eingereicht"),
                weighted: 280,
                at: at(1),
            },
            ReviewEvent::ReviewReopened {
                key: key(),
                reason: "Kriterium 2 bitte begründen".into(),
                at: at(2),
            },
            ReviewEvent::ReviewDraftSaved {
                key: key(),
                scores: written(&[Some(3), Some(4)], "Überarbeitung"),
                at: at(3),
            },
            ReviewEvent::ReviewRevised {
                key: key(),
                scores: written(&[Some(3), Some(5)], "Überarbeitet"),
                weighted: 380,
                at: at(4),
            },
            ReviewEvent::ReviewReopened {
                key: key(),
                reason: "noch einmal".into(),
                at: at(5),
            },
            ReviewEvent::ReviewDraftSaved {
                key: key(),
                scores: written(&[Some(1), None], "Zweite Überarbeitung"),
                at: at(6),
            },
        ]
    }

    #[test]
    fn folding_the_standing_gives_the_standing_of_the_folded_review() {
        let mut review = Review::default();
        let mut standing = ReviewStanding::default();
        for (i, event) in life().iter().enumerate() {
            review.apply(event);
            standing.apply(event);
            assert_eq!(standing, ReviewStanding::of(&review), "after event {i}");
        }
        // It stands as the review does: the submitted version counts while a revision is saved.
        assert_eq!(standing.scores, [Some(3), Some(5)]);
        assert_eq!(standing.weighted, Some(380));
        assert_eq!(standing.revision_draft, Some(vec![Some(1), None]));
        assert_eq!(standing.reopenings, 2);
        assert!(standing.reopened_at.is_some() && standing.awaits_juror());
        assert_eq!(standing.awaits_juror(), review.awaits_juror());
    }

    #[test]
    fn a_standing_holds_nothing_its_juror_or_staff_wrote() {
        let mut standing = ReviewStanding::default();
        for event in life() {
            standing.apply(&event);
        }
        let held = format!("{standing:?}");
        for written in ["begründet", "Gesamturteil", "Überarbeitung", "noch einmal"] {
            assert!(!held.contains(written), "{written} in {held}");
        }
    }
}
