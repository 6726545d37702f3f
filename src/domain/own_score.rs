//! What a juror's overview says of their own review of one application: the weighted score as
//! it stands, and whether that is a saved draft rather than the submitted version.
//!
//! The weighting is the competition's, computed by [`weighted_score`] as everywhere else, so the
//! overview never shows a figure the ranking would not.

use super::review::weighted_score;
use super::review_standing::ReviewStanding;
use super::setup::{Criterion, Hundredths};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnScore {
    /// The draft's weighted score once every criterion is scored, or else the submitted one;
    /// `None` while a draft lacks a score.
    pub weighted: Option<Hundredths>,
    /// A saved draft (before the first submission, or a revision after a reopening) is not
    /// submitted yet.
    pub draft: bool,
}

/// The juror's own score of a review, on the stage's criteria.
pub fn own_score(review: &ReviewStanding, criteria: &[Criterion]) -> OwnScore {
    let draft = if review.submitted_at.is_none() {
        Some(&review.scores)
    } else {
        review.revision_draft.as_ref()
    };
    match draft {
        Some(scores) => OwnScore {
            weighted: complete(criteria, scores).map(|values| weighted_score(criteria, &values)),
            draft: true,
        },
        None => OwnScore {
            weighted: review.weighted,
            draft: false,
        },
    }
}

/// Every criterion's score, when each is given and on its scale.
fn complete(criteria: &[Criterion], scores: &[Option<u8>]) -> Option<Vec<u8>> {
    if criteria.len() != scores.len() {
        return None;
    }
    criteria
        .iter()
        .zip(scores)
        .map(|(k, s)| s.filter(|v| (k.scale_min..=k.scale_max).contains(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::aggregate::testing::given;
    use crate::domain::ids::{ApplicationId, JurorId};
    use crate::domain::review::{CriterionScore, Review, ReviewEvent as E, ReviewKey, Scores};

    /// Two criteria on the scale 0 to 5, weighted 3 : 1 (taken from a preset, so that the test
    /// does not depend on every field of a criterion).
    fn criteria() -> Vec<Criterion> {
        let setup = crate::domain::presets::Preset::InnoRegio.setup(at());
        let mut criterion = setup.stages[0].criteria[0].clone();
        criterion.scale_min = 0;
        criterion.scale_max = 5;
        criterion.pass_mark = None;
        let mut second = criterion.clone();
        criterion.weight = 3;
        second.weight = 1;
        vec![criterion, second]
    }

    fn key() -> ReviewKey {
        ReviewKey {
            application: ApplicationId::from_uuid(uuid::Uuid::from_u128(1)),
            stage: 0,
            juror: JurorId::from_uuid(uuid::Uuid::from_u128(2)),
        }
    }

    fn scores(values: &[Option<u8>]) -> Scores {
        Scores {
            criteria: values
                .iter()
                .map(|v| CriterionScore {
                    score: *v,
                    comment: "begründet".into(),
                })
                .collect(),
            overall_comment: String::new(),
            confidence: None,
        }
    }

    /// The standing of the review the events make, as the juror's overview reads it.
    fn standing(events: Vec<E>) -> ReviewStanding {
        ReviewStanding::of(given::<Review>(events).state())
    }

    fn at() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap()
    }

    #[test]
    fn an_incomplete_draft_has_no_score_and_a_complete_one_is_weighted_as_the_competition_weights()
    {
        // Given a draft with one score missing
        let incomplete = standing(vec![E::ReviewDraftSaved {
            key: key(),
            scores: scores(&[Some(4), None]),
            at: at(),
        }]);
        // Then it is a draft without a score
        assert_eq!(
            own_score(&incomplete, &criteria()),
            OwnScore {
                weighted: None,
                draft: true
            }
        );
        // Given every score, when weighted 3 : 1, then (4·3 + 2·1) / 4 = 3.50
        let complete = standing(vec![E::ReviewDraftSaved {
            key: key(),
            scores: scores(&[Some(4), Some(2)]),
            at: at(),
        }]);
        assert_eq!(
            own_score(&complete, &criteria()),
            OwnScore {
                weighted: Some(350),
                draft: true
            }
        );
    }

    #[test]
    fn a_submitted_review_shows_its_recorded_score_and_a_revision_in_progress_is_a_draft() {
        let submitted = vec![E::ReviewSubmitted {
            key: key(),
            scores: scores(&[Some(4), Some(2)]),
            weighted: 350,
            at: at(),
        }];
        assert_eq!(
            own_score(&standing(submitted.clone()), &criteria()),
            OwnScore {
                weighted: Some(350),
                draft: false
            }
        );
        // Reopened, and a revision saved: the revision is the draft the juror works on.
        let mut revised = submitted;
        revised.push(E::ReviewReopened {
            key: key(),
            reason: "Kriterium 2 prüfen".into(),
            at: at(),
        });
        revised.push(E::ReviewDraftSaved {
            key: key(),
            scores: scores(&[Some(4), Some(5)]),
            at: at(),
        });
        assert_eq!(
            own_score(&standing(revised), &criteria()),
            OwnScore {
                weighted: Some(425),
                draft: true
            }
        );
    }
}
