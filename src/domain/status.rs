//! An application's whole status. The consortium's own steps live in the application's stream,
//! the review and the decisions in the competition's; this combines both. Applicants see a
//! decision only once the stage's results are released; staff see it as soon as it is made.
//! Every page that names an application's state takes it from here.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::application::{Application, Status};
use super::competition::{Competition, Outcome, Phase};
use super::money::Cents;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ApplicationStatus {
    Draft {
        stage: usize,
    },
    /// A draft whose stage's submission is over: it was never submitted (a final state).
    NotSubmitted {
        stage: usize,
    },
    Submitted {
        stage: usize,
    },
    Withdrawn {
        stage: usize,
    },
    FormallyRejected {
        stage: usize,
    },
    InReview {
        stage: usize,
    },
    Shortlisted {
        stage: usize,
    },
    NotShortlisted {
        stage: usize,
    },
    Funded {
        amount: Cents,
    },
    NotFunded,
    Reserve {
        rank: u32,
    },
    /// The consortium gave up the award it had (declined the funding or withdrew).
    Declined {
        amount: Cents,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Applicant,
    Staff,
}

/// Whether the results of `stage` are known to the consortia.
fn released(competition: &Competition, stage: usize) -> bool {
    competition.stage > stage
        || (competition.stage == stage
            && matches!(competition.phase, Phase::ResultsReleased | Phase::Completed))
}

fn of_outcome(outcome: Outcome, stage: usize) -> ApplicationStatus {
    use ApplicationStatus as S;
    match outcome {
        Outcome::Shortlisted => S::Shortlisted { stage },
        Outcome::NotShortlisted => S::NotShortlisted { stage },
        Outcome::Funded { amount } => S::Funded { amount },
        Outcome::NotFunded => S::NotFunded,
        Outcome::Reserve { rank } => S::Reserve { rank },
    }
}

pub fn status(
    application: &Application,
    competition: &Competition,
    viewer: Viewer,
) -> Option<ApplicationStatus> {
    use ApplicationStatus as S;
    let stage = match application.status {
        Status::NotCreated => return None,
        Status::Draft { stage } if competition.progress().submission_closed(stage) => {
            return Some(S::NotSubmitted { stage });
        }
        Status::Draft { stage } => return Some(S::Draft { stage }),
        Status::Withdrawn { stage } => return Some(S::Withdrawn { stage }),
        Status::FormallyRejected { stage } => return Some(S::FormallyRejected { stage }),
        Status::Submitted { stage } => stage,
    };
    let id = application.id?;
    let visible = released(competition, stage) || viewer == Viewer::Staff;
    if let Some(outcome) = competition.decisions.get(&(stage, id)).filter(|_| visible) {
        if let Some((amount, _)) = competition.declined.get(&id) {
            return Some(S::Declined { amount: *amount });
        }
        return Some(of_outcome(*outcome, stage));
    }
    let reviewing = competition.stage == stage
        && matches!(
            competition.phase,
            Phase::StageClosed | Phase::InReview | Phase::ResultsDecided
        );
    Some(
        if reviewing || (competition.stage == stage && competition.phase == Phase::ResultsReleased)
        {
            S::InReview { stage }
        } else {
            S::Submitted { stage }
        },
    )
}

/// What the competition's stream adds to an application's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultNews {
    /// The stage's result: for staff when decided, for the consortium when released.
    Decided(ApplicationStatus),
    /// Moved up from the reserve list into funding.
    MovedUp { amount: Cents },
    /// The consortium gave up its award.
    Declined { amount: Cents },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultLine {
    pub at: DateTime<Utc>,
    pub news: ResultNews,
}

/// The results of every stage the application had, oldest first, as `viewer` may know them.
pub fn results_history(
    application: &Application,
    competition: &Competition,
    viewer: Viewer,
) -> Vec<ResultLine> {
    let Some(id) = application.id else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for stage in 0..=competition.stage {
        let Some(outcome) = competition.decisions.get(&(stage, id)) else {
            continue;
        };
        let at = match viewer {
            Viewer::Staff => competition.decided_at.get(&(stage, id)),
            Viewer::Applicant => competition
                .released_at
                .get(&stage)
                .filter(|_| released(competition, stage)),
        };
        let Some(at) = at else {
            continue;
        };
        // Giving up and moving up happen only in the last stage, after its release.
        let last = stage == competition.stage && competition.is_last_stage();
        let moved = competition.moved_up.get(&id).filter(|_| last);
        // An application that moved up was first on the reserve list.
        let first = match moved {
            Some((place, _)) => Outcome::Reserve { rank: *place },
            None => *outcome,
        };
        lines.push(ResultLine {
            at: *at,
            news: ResultNews::Decided(of_outcome(first, stage)),
        });
        if let (Some((_, at)), Outcome::Funded { amount }) = (moved, outcome) {
            lines.push(ResultLine {
                at: *at,
                news: ResultNews::MovedUp { amount: *amount },
            });
        }
        if let Some((amount, at)) = competition.declined.get(&id).filter(|_| last) {
            lines.push(ResultLine {
                at: *at,
                news: ResultNews::Declined { amount: *amount },
            });
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::aggregate::Aggregate;
    use crate::domain::application::ApplicationEvent;
    use crate::domain::competition::CompetitionEvent as E;
    use crate::domain::ids::{AccountId, ApplicationId, CompetitionId};
    use crate::domain::land::Land;
    use crate::domain::partner::{Partner, PartnerKind};
    use crate::domain::presets::Preset;

    fn submitted_application() -> Application {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let mut events = created();
        events.push(ApplicationEvent::ApplicationSubmitted { stage: 0, at });
        Application::from_events(&events)
    }

    fn created() -> Vec<ApplicationEvent> {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        vec![ApplicationEvent::ApplicationCreated {
            application_id: ApplicationId::from_uuid(uuid::Uuid::from_u128(5)),
            competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
            owner: AccountId::from_uuid(uuid::Uuid::from_u128(2)),
            coordinator: Partner {
                name: "K e.V.".into(),
                kind: PartnerKind::Other,
                land: Land::Sachsen,
            },
            contact: crate::domain::email_address::EmailAddress::parse("k@verein.de").unwrap(),
            title: "T".into(),
            at,
        }]
    }

    /// BioRegio's one stage, open, then closed by staff after the deadline.
    fn opened_and_closed() -> (Vec<E>, chrono::DateTime<Utc>) {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let setup = Preset::BioRegio.setup(at);
        let deadline = setup.stages[0].submission_deadline;
        let events = vec![
            E::CompetitionDrafted {
                competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
                setup,
                at,
            },
            E::CompetitionPublished { at },
            E::StageOpened {
                stage: 0,
                deadline,
                at,
            },
            E::StageClosed {
                stage: 0,
                at: deadline,
            },
        ];
        (events, deadline)
    }

    #[test]
    fn a_draft_not_submitted_by_the_close_of_its_stage_reads_not_submitted() {
        let draft = Application::from_events(&created());
        let (mut events, deadline) = opened_and_closed();
        let closed = events.pop().unwrap();
        let open = Competition::from_events(&events);
        assert_eq!(
            status(&draft, &open, Viewer::Applicant),
            Some(ApplicationStatus::Draft { stage: 0 })
        );
        assert!(!draft.past_submission(open.progress()));
        events.push(closed);
        events.extend([
            E::ReviewStarted {
                stage: 0,
                at: deadline,
            },
            E::ResultsDecided {
                stage: 0,
                at: deadline,
            },
            E::ResultsReleased {
                stage: 0,
                at: deadline,
            },
            E::CompetitionCompleted { at: deadline },
        ]);
        for upto in [4, events.len()] {
            let competition = Competition::from_events(&events[..upto]);
            assert!(draft.past_submission(competition.progress()));
            for viewer in [Viewer::Applicant, Viewer::Staff] {
                assert_eq!(
                    status(&draft, &competition, viewer),
                    Some(ApplicationStatus::NotSubmitted { stage: 0 })
                );
            }
        }
    }

    #[test]
    fn the_history_has_the_result_for_staff_when_decided_for_the_consortium_when_released() {
        let application = submitted_application();
        let id = application.id.unwrap();
        let (mut events, deadline) = opened_and_closed();
        let decided = deadline + chrono::Duration::days(10);
        let released = deadline + chrono::Duration::days(20);
        let amount = Cents::million_euros(20);
        events.extend([
            E::ReviewStarted {
                stage: 0,
                at: deadline,
            },
            E::DecisionRecorded {
                years: Default::default(),
                stage: 0,
                application_id: id,
                outcome: Outcome::Funded { amount },
                at: decided,
                reason: None,
            },
            E::ResultsDecided {
                stage: 0,
                at: decided,
            },
        ]);
        let before = Competition::from_events(&events);
        assert_eq!(
            results_history(&application, &before, Viewer::Applicant),
            vec![]
        );
        let funded = ResultNews::Decided(ApplicationStatus::Funded { amount });
        assert_eq!(
            results_history(&application, &before, Viewer::Staff),
            vec![ResultLine {
                at: decided,
                news: funded
            }]
        );
        events.push(E::ResultsReleased {
            stage: 0,
            at: released,
        });
        let after = Competition::from_events(&events);
        assert_eq!(
            results_history(&application, &after, Viewer::Applicant),
            vec![ResultLine {
                at: released,
                news: funded
            }]
        );

        // Giving the award up shows in the status and in the history.
        events.push(E::AwardDeclined {
            stage: 0,
            application_id: id,
            amount,
            at: released,
        });
        let declined = Competition::from_events(&events);
        assert_eq!(
            status(&application, &declined, Viewer::Applicant),
            Some(ApplicationStatus::Declined { amount })
        );
        assert_eq!(
            results_history(&application, &declined, Viewer::Applicant)
                .last()
                .map(|l| l.news),
            Some(ResultNews::Declined { amount })
        );
    }

    #[test]
    fn applicants_see_a_decision_only_after_release_staff_at_once() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let application = submitted_application();
        let setup = Preset::BioRegio.setup(at);
        let deadline = setup.stages[0].submission_deadline;
        let mut events = vec![
            E::CompetitionDrafted {
                competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
                setup,
                at,
            },
            E::CompetitionPublished { at },
            E::StageOpened {
                stage: 0,
                deadline,
                at,
            },
        ];
        let competition = Competition::from_events(&events);
        assert_eq!(
            status(&application, &competition, Viewer::Applicant),
            Some(ApplicationStatus::Submitted { stage: 0 })
        );

        events.extend([
            E::StageClosed {
                stage: 0,
                at: deadline,
            },
            E::ReviewStarted {
                stage: 0,
                at: deadline,
            },
            E::DecisionRecorded {
                years: Default::default(),
                stage: 0,
                application_id: application.id.unwrap(),
                outcome: Outcome::Funded {
                    amount: Cents::million_euros(20),
                },
                at: deadline,
                reason: None,
            },
        ]);
        let decided = Competition::from_events(&events);
        assert_eq!(
            status(&application, &decided, Viewer::Applicant),
            Some(ApplicationStatus::InReview { stage: 0 })
        );
        assert_eq!(
            status(&application, &decided, Viewer::Staff),
            Some(ApplicationStatus::Funded {
                amount: Cents::million_euros(20)
            })
        );

        events.extend([
            E::ResultsDecided {
                stage: 0,
                at: deadline,
            },
            E::ResultsReleased {
                stage: 0,
                at: deadline,
            },
        ]);
        let released = Competition::from_events(&events);
        assert_eq!(
            status(&application, &released, Viewer::Applicant),
            Some(ApplicationStatus::Funded {
                amount: Cents::million_euros(20)
            })
        );
    }
}
