//! Staff assign the jury of a competition's current stage: automatically (k jurors per
//! application, balanced, free of conflict, matching fields) with a preview first, or one juror
//! to one application by hand; then they announce the hand assignments. The stage is read from
//! the competition, and each application (whether it is in review in the stage, its field, its
//! coordinator's and partners' names for the conflicts) from its own stream, as they are now:
//! the jury's append is refused if any of them moved in between (an application withdrawn or
//! formally rejected at the same moment), and the assignment is then planned again on what is
//! there now.
//!
//! Which applications belong to the competition the caller says (the read model's index by
//! competition): that never changes once an application is created. The caller may hand over
//! its copies of them too (`KnownApplication`): a copy behind its stream only has the append
//! refused and the plan made again on the streams.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Context, KnownApplication, load_applications};
use crate::app::{
    Actor, ExecuteError, Executed, Facts, Seen, execute_deciding, execute_deciding_off_worker,
    preview_deciding, stream_of,
};
use crate::domain::application::Application;
use crate::domain::competition::Competition;
use crate::domain::ids::{ApplicationId, CompetitionId, JurorId};
use crate::domain::jury::{ApplicationFacts, Jury, JuryCommand, JuryError, JuryEvent};

/// An automatic assignment of the competition's current stage.
#[derive(Debug, Clone)]
pub struct Automatic {
    pub competition: CompetitionId,
    /// The competition's applications; those in review in its current stage are assigned.
    pub applications: Vec<KnownApplication>,
    pub per_application: usize,
    pub now: DateTime<Utc>,
}

/// Replaces the current stage's assignments with a balanced plan. Reading thousands of
/// applications and planning take a while: both run on the blocking pool.
pub async fn assign_automatically(
    context: Context<'_>,
    actor: &Actor,
    automatic: Automatic,
) -> Result<Executed<Jury>, ExecuteError<JuryError>> {
    execute_deciding_off_worker::<Jury, _>(
        context.store,
        context.facts,
        &stream_of::<Jury>(&automatic.competition),
        // The plan replaces whatever the jury holds: it depends on no page's state of it.
        Seen::Latest,
        actor,
        move |_, facts| automatic_command(facts, &automatic),
    )
    .await
}

/// What the automatic assignment would do, without writing anything: the jury as it is, and
/// the events the plan would append (none if it changes nothing).
pub async fn preview(
    context: Context<'_>,
    automatic: Automatic,
) -> Result<(Jury, Vec<JuryEvent>), ExecuteError<JuryError>> {
    preview_deciding::<Jury, _>(
        context.store,
        context.facts,
        &stream_of::<Jury>(&automatic.competition),
        move |_, facts| automatic_command(facts, &automatic),
    )
    .await
}

/// The decision: the plan's command, for the applications in review in the current stage as
/// they are now.
pub fn automatic_command(
    facts: &mut Facts<'_>,
    automatic: &Automatic,
) -> Result<JuryCommand, ExecuteError<JuryError>> {
    let round: Arc<Competition> = facts.load(&stream_of::<Competition>(&automatic.competition))?;
    let applications = load_applications(facts, &automatic.applications)?;
    Ok(JuryCommand::AssignAutomatically {
        stage: round.stage,
        applications: ApplicationFacts::in_review(
            &round,
            applications.iter().map(|(id, a)| (*id, &**a)),
        ),
        per_application: automatic.per_application,
        now: automatic.now,
    })
}

/// What staff do by hand with one juror and one application in the current stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hand {
    Assign,
    Remove,
}

#[derive(Debug, Clone, Copy)]
pub struct ByHand {
    pub competition: CompetitionId,
    pub juror: JurorId,
    pub application: ApplicationId,
    pub hand: Hand,
    pub now: DateTime<Utc>,
}

/// Assigns one juror to one application in the current stage, or removes that assignment.
pub async fn by_hand(
    context: Context<'_>,
    actor: &Actor,
    by_hand: ByHand,
) -> Result<Executed<Jury>, ExecuteError<JuryError>> {
    execute_deciding::<Jury>(
        context.store,
        context.facts,
        &stream_of::<Jury>(&by_hand.competition),
        Seen::Latest,
        actor,
        |_, facts| hand_command(facts, &by_hand),
    )
    .await
}

/// The decision: the jury's command in the current stage, with the application's field and
/// organisations as they are now (a conflict they reveal refuses the assignment).
pub fn hand_command(
    facts: &mut Facts<'_>,
    by_hand: &ByHand,
) -> Result<JuryCommand, ExecuteError<JuryError>> {
    let ByHand {
        competition,
        juror,
        application,
        hand,
        now,
    } = *by_hand;
    let stage = facts
        .load::<Competition, JuryError>(&stream_of::<Competition>(&competition))?
        .stage;
    Ok(match hand {
        Hand::Remove => JuryCommand::Unassign {
            stage,
            juror_id: juror,
            application_id: application,
            now,
        },
        Hand::Assign => {
            let submitted: Arc<Application> =
                facts.load(&stream_of::<Application>(&application))?;
            JuryCommand::Assign {
                stage,
                juror_id: juror,
                application: ApplicationFacts::of(application, &submitted),
                now,
            }
        }
    })
}

/// Tells every juror of the current stage's hand assignments not told yet, one notice each.
pub async fn announce(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    now: DateTime<Utc>,
) -> Result<Executed<Jury>, ExecuteError<JuryError>> {
    execute_deciding::<Jury>(
        context.store,
        context.facts,
        &stream_of::<Jury>(&competition),
        Seen::Latest,
        actor,
        |_, facts| {
            let stage = facts
                .load::<Competition, JuryError>(&stream_of::<Competition>(&competition))?
                .stage;
            Ok(JuryCommand::AnnounceAssignments { stage, now })
        },
    )
    .await
}
