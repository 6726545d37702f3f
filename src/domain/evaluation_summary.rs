//! The evaluation summary (Bewertungsbericht) a consortium receives when a stage's results are
//! released: per criterion the closed consensus report's comment and, where the competition
//! releases scores, its score; and the overall comment. Never an individual review, a juror's
//! name, an objection or the discussion: only what the rapporteur wrote for the consortium.
//! Nothing before the release; where no consensus was closed, the summary says that no
//! written evaluation is available ([`Summary::Unavailable`]).

use super::competition::Competition;
use super::consensus::Consensus;
use super::setup::Hundredths;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryLine {
    pub criterion: String,
    /// The score and the scale's top, where scores are released.
    pub score: Option<(u8, u8)>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Summary {
    /// The jury's closed consensus, as the consortium reads it.
    Written {
        lines: Vec<SummaryLine>,
        overall: String,
        /// The weighted consensus score, where scores are released.
        weighted: Option<Hundredths>,
    },
    /// Released, but no consensus was closed for the application in the stage.
    Unavailable,
}

/// The summary of the application's consensus in `stage`; `None` before the stage's results
/// are released.
pub fn summary(
    competition: &Competition,
    stage: usize,
    consensus: Option<&Consensus>,
) -> Option<Summary> {
    if !competition.released_at.contains_key(&stage) {
        return None;
    }
    let setup = competition.setup.as_ref()?;
    let criteria = &setup.stages.get(stage)?.criteria;
    let Some(draft) = consensus.and_then(Consensus::final_draft) else {
        return Some(Summary::Unavailable);
    };
    let scores = setup.release_scores;
    Some(Summary::Written {
        lines: criteria
            .iter()
            .zip(&draft.criteria)
            .map(|(criterion, given)| SummaryLine {
                criterion: criterion.name.clone(),
                score: scores.then_some((given.score, criterion.scale_max)),
                comment: given.comment.clone(),
            })
            .collect(),
        overall: draft.overall_comment.clone(),
        weighted: scores.then_some(draft.weighted),
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::consensus::{Closed, Closing, CriterionConsensus, Draft};
    use crate::domain::presets::Preset;

    fn competition(released: bool, scores: bool) -> Competition {
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
        let mut setup = Preset::InnoRegio.setup(at);
        setup.release_scores = scores;
        let mut competition = Competition {
            setup: Some(setup),
            ..Competition::default()
        };
        if released {
            competition.released_at.insert(0, at);
        }
        competition
    }

    fn consensus(closed: bool) -> Consensus {
        let at = Utc.with_ymd_and_hms(2026, 10, 2, 10, 0, 0).unwrap();
        let criteria = Preset::InnoRegio.setup(at).stages[0].criteria.len();
        Consensus {
            draft: Some(Draft {
                criteria: (0..criteria)
                    .map(|i| CriterionConsensus {
                        score: 3,
                        comment: format!("Kommentar {i}"),
                    })
                    .collect(),
                overall_comment: "Insgesamt solide.".into(),
                weighted: 300,
                at,
            }),
            closed: closed.then_some(Closed {
                state: Closing::Agreed,
                at,
            }),
            ..Consensus::default()
        }
    }

    #[test]
    fn nothing_before_the_release() {
        assert_eq!(
            summary(&competition(false, true), 0, Some(&consensus(true))),
            None
        );
    }

    #[test]
    fn an_open_or_missing_consensus_gives_no_written_evaluation() {
        let released = competition(true, true);
        assert_eq!(summary(&released, 0, None), Some(Summary::Unavailable));
        assert_eq!(
            summary(&released, 0, Some(&consensus(false))),
            Some(Summary::Unavailable)
        );
    }

    #[test]
    fn the_scores_only_where_the_competition_releases_them() {
        let Some(Summary::Written {
            lines, weighted, ..
        }) = summary(&competition(true, true), 0, Some(&consensus(true)))
        else {
            panic!("a written summary");
        };
        assert!(lines.iter().all(|l| l.score.is_some_and(|(s, _)| s == 3)));
        assert_eq!(weighted, Some(300));
        let Some(Summary::Written {
            lines,
            weighted,
            overall,
        }) = summary(&competition(true, false), 0, Some(&consensus(true)))
        else {
            panic!("a written summary");
        };
        assert!(
            lines
                .iter()
                .all(|l| l.score.is_none() && !l.comment.is_empty())
        );
        assert_eq!(weighted, None);
        assert_eq!(overall, "Insgesamt solide.");
    }
}
