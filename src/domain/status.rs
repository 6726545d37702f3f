//! An application's whole status. The consortium's own steps live in the application's stream,
//! the review and the decisions in the competition's; this combines both. Applicants see a
//! decision only once the stage's results are released; staff see it as soon as it is made.

use serde::Serialize;

use super::application::{Application, Status};
use super::competition::{Competition, Outcome, Phase};
use super::money::Cents;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ApplicationStatus {
    Draft { stage: usize },
    Submitted { stage: usize },
    Withdrawn { stage: usize },
    FormallyRejected { stage: usize },
    InReview { stage: usize },
    Shortlisted { stage: usize },
    NotShortlisted { stage: usize },
    Funded { amount: Cents },
    NotFunded,
    Reserve { rank: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Applicant,
    Staff,
}

pub fn status(
    application: &Application,
    competition: &Competition,
    viewer: Viewer,
) -> Option<ApplicationStatus> {
    use ApplicationStatus as S;
    let stage = match application.status {
        Status::NotCreated => return None,
        Status::Draft { stage } => return Some(S::Draft { stage }),
        Status::Withdrawn { stage } => return Some(S::Withdrawn { stage }),
        Status::FormallyRejected { stage } => return Some(S::FormallyRejected { stage }),
        Status::Submitted { stage } => stage,
    };
    let id = application.id?;
    let released = competition.stage > stage
        || (competition.stage == stage
            && matches!(competition.phase, Phase::ResultsReleased | Phase::Completed));
    let visible = released || viewer == Viewer::Staff;
    if let Some(outcome) = competition.decisions.get(&(stage, id)).filter(|_| visible) {
        return Some(match *outcome {
            Outcome::Shortlisted => S::Shortlisted { stage },
            Outcome::NotShortlisted => S::NotShortlisted { stage },
            Outcome::Funded { amount } => S::Funded { amount },
            Outcome::NotFunded => S::NotFunded,
            Outcome::Reserve { rank } => S::Reserve { rank },
        });
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
        Application::from_events(&[
            ApplicationEvent::ApplicationCreated {
                application_id: ApplicationId::from_uuid(uuid::Uuid::from_u128(5)),
                competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
                owner: AccountId::from_uuid(uuid::Uuid::from_u128(2)),
                coordinator: Partner {
                    name: "K e.V.".into(),
                    kind: PartnerKind::Other,
                    land: Land::Sachsen,
                },
                contact: crate::email::address::EmailAddress::parse("k@verein.de").unwrap(),
                title: "T".into(),
                at,
            },
            ApplicationEvent::ApplicationSubmitted { stage: 0, at },
        ])
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
                stage: 0,
                application_id: application.id.unwrap(),
                outcome: Outcome::Funded {
                    amount: Cents::million_euros(20),
                },
                at: deadline,
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
