//! An application as it stands in one stage of its competition: whether it took part, its
//! status there, and the figures it had there. The round's list shows one stage at a time; an
//! earlier stage keeps what its applications said then, and an application that went on to the
//! next stage reads as shortlisted in the one it came from.

use chrono::{DateTime, Utc};

use super::application::{Application, Status};
use super::competition::Competition;
use super::field::TechnologyField;
use super::money::Cents;
use super::partner::Partner;
use super::status::{ApplicationStatus, Viewer, status};

/// The latest stage the application reached (it starts in the first).
pub fn reached(application: &Application) -> Option<usize> {
    match application.status {
        Status::NotCreated => None,
        Status::Draft { stage }
        | Status::Submitted { stage }
        | Status::Withdrawn { stage }
        | Status::FormallyRejected { stage } => Some(stage),
    }
}

/// The application's status in `stage`, or `None` if it never took part in it. In its latest
/// stage that is its status now; in an earlier one it was shortlisted, as it would not have
/// gone on otherwise.
pub fn status_in(
    application: &Application,
    competition: &Competition,
    stage: usize,
    viewer: Viewer,
) -> Option<ApplicationStatus> {
    let latest = reached(application)?;
    if stage > latest {
        None
    } else if stage == latest {
        status(application, competition, viewer)
    } else {
        Some(ApplicationStatus::Shortlisted { stage })
    }
}

/// What an application said in one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageFigures<'a> {
    pub title: &'a str,
    pub field: Option<TechnologyField>,
    pub requested: Cents,
    pub cofinancing: Cents,
    pub coordinator: Option<&'a Partner>,
    pub partners: &'a [Partner],
    /// When it was submitted in that stage; `None` for a draft.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// The figures of `stage`: as submitted there for an earlier stage, as they stand now for the
/// latest (a draft is still being written). `None` if it never took part in the stage.
pub fn figures_in(application: &Application, stage: usize) -> Option<StageFigures<'_>> {
    let latest = reached(application)?;
    let submitted = application.submissions.get(&stage);
    if stage > latest {
        return None;
    }
    if stage < latest
        && let Some(v) = submitted
    {
        return Some(StageFigures {
            title: &v.title,
            field: v.field,
            requested: v.requested,
            cofinancing: v.cofinancing,
            coordinator: v.coordinator.as_ref(),
            partners: &v.partners,
            submitted_at: Some(v.at),
        });
    }
    Some(StageFigures {
        title: &application.title,
        field: application.field,
        requested: application.requested,
        cofinancing: application.cofinancing,
        coordinator: application.coordinator.as_ref(),
        partners: &application.partners,
        submitted_at: submitted.map(|v| v.at),
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::aggregate::Aggregate;
    use crate::domain::application::{ApplicationEvent as A, Details};
    use crate::domain::competition::CompetitionEvent as E;
    use crate::domain::ids::{AccountId, ApplicationId, CompetitionId};
    use crate::domain::land::Land;
    use crate::domain::partner::PartnerKind;
    use crate::domain::presets::Preset;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
    }

    fn details(requested: i64) -> Details {
        Details {
            title: "Sensorik Lausitz".into(),
            summary: String::new(),
            field: None,
            requested: Some(Cents::million_euros(requested)),
            cofinancing: Some(Cents::million_euros(1)),
        }
    }

    /// Submitted a concept asking for 38 M, invited to the full proposal, now asking for 35 M.
    fn moved_on() -> Application {
        Application::from_events(&[
            A::ApplicationCreated {
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
                at: at(),
            },
            A::DetailsChanged {
                details: details(38),
                at: at(),
            },
            A::ApplicationSubmitted { stage: 0, at: at() },
            A::NextStageStarted { stage: 1, at: at() },
            A::DetailsChanged {
                details: details(35),
                at: at(),
            },
        ])
    }

    #[test]
    fn an_application_in_the_full_proposal_reads_as_shortlisted_with_its_concept_s_figures() {
        let application = moved_on();
        let competition = Competition::from_events(&[
            E::CompetitionDrafted {
                competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
                setup: Preset::Spitzencluster.setup(at()),
                at: at(),
            },
            E::CompetitionPublished { at: at() },
        ]);
        assert_eq!(
            status_in(&application, &competition, 0, Viewer::Staff),
            Some(ApplicationStatus::Shortlisted { stage: 0 })
        );
        assert_eq!(
            status_in(&application, &competition, 1, Viewer::Staff),
            Some(ApplicationStatus::Draft { stage: 1 })
        );
        assert_eq!(
            status_in(&application, &competition, 2, Viewer::Staff),
            None
        );

        let concept = figures_in(&application, 0).unwrap();
        assert_eq!(concept.requested, Cents::million_euros(38));
        assert_eq!(concept.submitted_at, Some(at()));
        let proposal = figures_in(&application, 1).unwrap();
        assert_eq!(proposal.requested, Cents::million_euros(35));
        assert_eq!(proposal.submitted_at, None);
        assert!(figures_in(&application, 2).is_none());
    }
}
