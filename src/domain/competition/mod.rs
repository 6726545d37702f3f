//! The competition aggregate: state, events, commands, errors and the dispatch to its jobs.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::budget::PerYear;
use super::ids::{AccountId, ApplicationId, CompetitionId};
use super::money::Cents;
use super::recommendation::{DepartureError, Recommendation};
use super::setup::{CompetitionSetup, SetupProblem, Stage};

mod decisions;
mod lifecycle;
mod reminders;
#[cfg(test)]
mod tests;

pub use decisions::{Candidate, Outcome};
pub use lifecycle::{MovedDeadline, Progress};
pub use reminders::{
    REMINDER_LEAD_DAYS, REQUESTED_REMINDER_GAP_HOURS, ReminderKind, ReminderOrigin,
};

/// drafted → published → stage open → stage closed → in review → results decided →
/// results released → next stage open … → completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Phase {
    #[default]
    NotCreated,
    Drafted,
    Published,
    StageOpen,
    StageClosed,
    InReview,
    ResultsDecided,
    ResultsReleased,
    Completed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum CompetitionEvent {
    CompetitionDrafted {
        competition_id: CompetitionId,
        setup: CompetitionSetup,
        at: DateTime<Utc>,
    },
    CompetitionSetupChanged {
        setup: CompetitionSetup,
        at: DateTime<Utc>,
    },
    CompetitionPublished {
        at: DateTime<Utc>,
    },
    StageOpened {
        stage: usize,
        deadline: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    SubmissionDeadlineExtended {
        stage: usize,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    /// Staff moved the open stage's deadlines earlier; `None` leaves one as it was.
    DeadlinesShortened {
        stage: usize,
        submission: Option<MovedDeadline>,
        review: Option<MovedDeadline>,
        at: DateTime<Utc>,
    },
    /// A draft that was never published removed by staff; `by` is the staff account.
    CompetitionDeleted {
        by: AccountId,
        at: DateTime<Utc>,
    },
    StageClosed {
        stage: usize,
        at: DateTime<Utc>,
    },
    ReviewStarted {
        stage: usize,
        at: DateTime<Utc>,
    },
    DecisionRecorded {
        stage: usize,
        application_id: ApplicationId,
        outcome: Outcome,
        at: DateTime<Utc>,
        /// An award's amounts per budget year, adding up to it; empty for every other outcome
        /// and for awards recorded before years (`budget.rs`).
        #[serde(
            default,
            skip_serializing_if = "BTreeMap::is_empty",
            with = "crate::domain::financing::year_map"
        )]
        years: PerYear,
        /// Why the decision departs from the jury's recommendation (`recommendation.rs`);
        /// `None` when it follows it, when none was recorded, and for decisions before it.
        #[serde(default)]
        reason: Option<String>,
    },
    ResultsDecided {
        stage: usize,
        at: DateTime<Utc>,
    },
    ResultsReleased {
        stage: usize,
        at: DateTime<Utc>,
    },
    CompetitionCompleted {
        at: DateTime<Utc>,
    },
    /// A funded consortium gave up its award before the grant (declined the funding or withdrew
    /// its application); the award is freed for the reserve list (`reserve.rs`).
    AwardDeclined {
        stage: usize,
        application_id: ApplicationId,
        amount: Cents,
        at: DateTime<Utc>,
    },
    /// The first waiting on the reserve list moved up into funding of its requested amount.
    MovedUpFromReserve {
        stage: usize,
        application_id: ApplicationId,
        /// Its place on the reserve list before it moved up.
        place: u32,
        amount: Cents,
        at: DateTime<Utc>,
        /// The award per budget year: what it requested per year.
        #[serde(
            default,
            skip_serializing_if = "BTreeMap::is_empty",
            with = "crate::domain::financing::year_map"
        )]
        years: PerYear,
    },
    /// Consortia with unfinished drafts are reminded of the submission deadline.
    DraftRemindersDue {
        stage: usize,
        deadline: DateTime<Utc>,
        at: DateTime<Utc>,
        /// Sent at staff's request rather than by the scheduler (the scheduled reminder
        /// still follows); recorded as the flag `requested`.
        #[serde(rename = "requested", default)]
        origin: ReminderOrigin,
    },
    /// Jurors with unfinished reviews are reminded of the review deadline.
    ReviewRemindersDue {
        stage: usize,
        deadline: DateTime<Utc>,
        at: DateTime<Utc>,
        #[serde(rename = "requested", default)]
        origin: ReminderOrigin,
    },
}

impl CompetitionEvent {
    /// Whether the event only records that people were reminded, leaving the phase, the
    /// deadlines and every decision as they were: a step confirmed before it still acts on what
    /// was confirmed.
    pub fn leaves_outcomes_as_they_were(&self) -> bool {
        matches!(
            self,
            CompetitionEvent::DraftRemindersDue { .. }
                | CompetitionEvent::ReviewRemindersDue { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum CompetitionCommand {
    Draft {
        competition_id: CompetitionId,
        setup: CompetitionSetup,
        now: DateTime<Utc>,
    },
    ChangeSetup {
        setup: CompetitionSetup,
        now: DateTime<Utc>,
    },
    Publish {
        now: DateTime<Utc>,
    },
    OpenNextStage {
        now: DateTime<Utc>,
    },
    ExtendDeadline {
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    },
    /// Moves the open stage's submission deadline, its review deadline or both earlier.
    ShortenDeadlines {
        submission: Option<DateTime<Utc>>,
        review: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    },
    /// Removes a draft competition; `by` is the staff account.
    Delete {
        by: AccountId,
        now: DateTime<Utc>,
    },
    CloseStage {
        now: DateTime<Utc>,
    },
    StartReview {
        now: DateTime<Utc>,
    },
    Decide {
        candidate: Candidate,
        outcome: Outcome,
        now: DateTime<Utc>,
    },
    /// An award with its amounts per budget year as staff set them; `None` takes what the
    /// plan requests per year (as `Decide` with `Outcome::Funded` does).
    Award {
        candidate: Candidate,
        amount: Cents,
        years: Option<PerYear>,
        now: DateTime<Utc>,
    },
    /// A decision (`Decide` or `Award`) on an application the jury recommended at its meeting:
    /// one that departs from the recommendation is recorded with its reason, and refused
    /// without one.
    Justified {
        decision: Box<CompetitionCommand>,
        recommended: Recommendation,
        reason: String,
    },
    /// Ends deciding; every entry of the stage without a decision is recorded as not going on.
    FinaliseResults {
        entries: Vec<ApplicationId>,
        now: DateTime<Utc>,
    },
    ReleaseResults {
        now: DateTime<Utc>,
    },
    Complete {
        now: DateTime<Utc>,
    },
    /// The funded consortium gives up its award (after the last stage's release).
    DeclineAward {
        application_id: ApplicationId,
        now: DateTime<Utc>,
    },
    /// Staff move the first waiting on the reserve list up into funding.
    MoveUp {
        candidate: Candidate,
        now: DateTime<Utc>,
    },
    /// Issued by the scheduler; refused until reminders are due, and once they were sent.
    RemindDrafts {
        now: DateTime<Utc>,
    },
    RemindReviewers {
        now: DateTime<Utc>,
    },
    /// Staff send reminders of this kind now.
    SendReminders {
        kind: ReminderKind,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompetitionError {
    #[error("the competition already exists")]
    AlreadyExists,
    #[error("the competition does not exist")]
    NotFound,
    #[error("the set-up is incomplete: {0:?}")]
    InvalidSetup(Vec<SetupProblem>),
    /// A text or a count over its limit (`setup_limits.rs`); even a draft keeps to them.
    #[error("the set-up is over a limit: {0:?}")]
    OverLimits(Vec<SetupProblem>),
    #[error("this is not possible while the competition is {0:?}")]
    WrongPhase(Phase),
    #[error("the set-up can only be changed before publication")]
    AlreadyPublished,
    #[error("there is no further stage")]
    NoFurtherStage,
    #[error("the submission deadline {deadline} has already passed")]
    DeadlinePassed { deadline: DateTime<Utc> },
    #[error("the submission deadline {deadline} has not passed yet")]
    DeadlineNotReached { deadline: DateTime<Utc> },
    #[error("the new deadline must be later than the current one ({current})")]
    DeadlineNotLater { current: DateTime<Utc> },
    #[error("the new deadline must be before the review ends ({review_deadline})")]
    DeadlineAfterReview { review_deadline: DateTime<Utc> },
    #[error("the new deadline must be earlier than the current one ({current})")]
    DeadlineNotEarlier { current: DateTime<Utc> },
    #[error("the new review deadline must be earlier than the current one ({current})")]
    ReviewDeadlineNotEarlier { current: DateTime<Utc> },
    #[error("a new deadline must lie in the future (now is {now})")]
    DeadlineNotInFuture { now: DateTime<Utc> },
    #[error("the review must end after the submission deadline ({submission})")]
    ReviewBeforeSubmission { submission: DateTime<Utc> },
    #[error("no new deadline was given")]
    NoNewDeadline,
    #[error("only a draft that was never published can be deleted")]
    NotADraft,
    #[error("the application is not in review in this stage")]
    NotInReview,
    #[error("this outcome belongs to {} stage", if *.last { "the last" } else { "an earlier" })]
    OutcomeForOtherStage {
        /// The outcome is one of the last stage's (funding), not an earlier one's (shortlist).
        last: bool,
    },
    #[error("at most {limit} applications can go on from this stage")]
    TooMany { limit: u32 },
    #[error("the award {award} exceeds the amount requested ({requested})")]
    AwardAboveRequest { award: Cents, requested: Cents },
    #[error("the award {award} exceeds the maximum per application ({max})")]
    AwardAboveMaximum { award: Cents, max: Cents },
    #[error(
        "the award {award} would overrun the budget: {used} of {budget} are awarded, {left} are left"
    )]
    BudgetExceeded {
        award: Cents,
        used: Cents,
        left: Cents,
        budget: Cents,
    },
    #[error(
        "the award of {award} in {year} would overrun that year's budget: {awarded} of {budget} are awarded, {left} are left"
    )]
    BudgetYearExceeded {
        year: i32,
        award: Cents,
        awarded: Cents,
        left: Cents,
        budget: Cents,
    },
    #[error("the budget has no money in {year}")]
    YearOutsideBudget { year: i32 },
    #[error("the amounts per year add up to {sum}, not to the award {award}")]
    YearsDoNotAddUp { sum: Cents, award: Cents },
    #[error("the amount for {year} is below zero ({amount})")]
    NegativeYear { year: i32, amount: Cents },
    #[error("an award must be more than zero")]
    ZeroAward,
    #[error("{0}")]
    Departure(DepartureError),
    #[error("only a decision on an application can be justified")]
    NotADecision,
    #[error("reserve place {0} is taken")]
    ReservePlaceTaken(u32),
    #[error(
        "the reserve list is used only after the last stage's results are released and before the competition is completed"
    )]
    ReserveNotOpen,
    #[error("the application has no award to give up")]
    NoAward,
    #[error("the award was given up already")]
    AwardAlreadyDeclined,
    #[error("the application is not on the reserve list")]
    NotOnReserve,
    #[error("all {places} places are taken; someone moves up only when an award is given up")]
    PlacesTaken { places: u32 },
    #[error("place {first} of the reserve list comes first")]
    NotFirstOnReserve { first: u32 },
    #[error("no reminder is due")]
    NoReminderDue,
    #[error("reminders of this kind can be sent only before the deadline of the current stage")]
    RemindersNotPossible { kind: ReminderKind },
    #[error("reminders of this kind were sent at {at}; the next can be sent at {next}")]
    RemindedRecently {
        at: DateTime<Utc>,
        next: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Competition {
    pub id: Option<CompetitionId>,
    pub setup: Option<CompetitionSetup>,
    pub phase: Phase,
    /// Index of the current stage; meaningful once a stage has opened.
    pub stage: usize,
    pub opened_any_stage: bool,
    /// The current stage's deadline with every extension.
    pub deadline: Option<DateTime<Utc>>,
    pub decisions: BTreeMap<(usize, ApplicationId), Outcome>,
    /// The awards' amounts per budget year, for awards that have them.
    #[serde(default)]
    pub award_years: BTreeMap<(usize, ApplicationId), PerYear>,
    /// Why a decision departs from the jury's recommendation, where it does.
    #[serde(default)]
    pub departure_reasons: BTreeMap<(usize, ApplicationId), String>,
    /// When each decision was last recorded (staff's history of an application).
    pub decided_at: BTreeMap<(usize, ApplicationId), DateTime<Utc>>,
    /// When each stage's results were released (the consortia's history).
    pub released_at: BTreeMap<usize, DateTime<Utc>>,
    /// Awards given up: the amount and when. They no longer count as awarded.
    pub declined: BTreeMap<ApplicationId, (Cents, DateTime<Utc>)>,
    /// Applications that moved up from the reserve list: their former place and when.
    pub moved_up: BTreeMap<ApplicationId, (u32, DateTime<Utc>)>,
    /// Reminders sent: (kind, stage, deadline). A new deadline gets its own reminder.
    pub reminded: std::collections::BTreeSet<(ReminderKind, usize, DateTime<Utc>)>,
    /// When staff last asked for reminders: (kind, stage) → time.
    pub requested_reminders: BTreeMap<(ReminderKind, usize), DateTime<Utc>>,
    /// Deleted as a draft: no page shows it and no command accepts it.
    pub deleted: bool,
}

impl Competition {
    pub fn current_stage(&self) -> Option<&Stage> {
        self.setup.as_ref()?.stages.get(self.stage)
    }

    pub fn progress(&self) -> Progress {
        Progress {
            stage: self.stage,
            phase: self.phase,
        }
    }

    /// Until when applications of `stage` may be submitted and withdrawn: while the stage is
    /// open its current deadline (extended or shortened), otherwise the set-up's.
    pub fn submission_deadline(&self, stage: usize) -> Option<DateTime<Utc>> {
        if self.stage == stage && self.phase == Phase::StageOpen {
            return self.deadline;
        }
        self.setup
            .as_ref()
            .and_then(|s| s.stages.get(stage))
            .map(|s| s.submission_deadline)
    }

    pub fn is_last_stage(&self) -> bool {
        self.setup
            .as_ref()
            .is_some_and(|s| self.stage + 1 == s.stages.len())
    }

    pub(super) fn expect(&self, phase: Phase) -> Result<(), CompetitionError> {
        match self.phase {
            Phase::NotCreated => Err(CompetitionError::NotFound),
            p if p == phase => Ok(()),
            p => Err(CompetitionError::WrongPhase(p)),
        }
    }
}

impl Aggregate for Competition {
    type Command = CompetitionCommand;
    type Event = CompetitionEvent;
    type Error = CompetitionError;
    const CATEGORY: &'static str = "competition";

    fn apply(&mut self, event: &CompetitionEvent) {
        use CompetitionEvent as E;
        match event {
            E::CompetitionDrafted {
                competition_id,
                setup,
                ..
            } => {
                self.id = Some(*competition_id);
                self.setup = Some(setup.clone());
                self.phase = Phase::Drafted;
            }
            E::CompetitionSetupChanged { setup, .. } => self.setup = Some(setup.clone()),
            E::CompetitionPublished { .. } => self.phase = Phase::Published,
            E::StageOpened {
                stage, deadline, ..
            } => {
                self.stage = *stage;
                self.opened_any_stage = true;
                self.deadline = Some(*deadline);
                self.phase = Phase::StageOpen;
            }
            E::SubmissionDeadlineExtended { to, .. } => self.deadline = Some(*to),
            E::DeadlinesShortened {
                stage,
                submission,
                review,
                ..
            } => {
                if let Some(moved) = submission {
                    self.deadline = Some(moved.to);
                }
                // The set-up is what every page and reminder reads the review deadline from.
                if let Some(moved) = review
                    && let Some(s) = self.setup.as_mut().and_then(|s| s.stages.get_mut(*stage))
                {
                    s.review_deadline = moved.to;
                }
            }
            E::CompetitionDeleted { .. } => {
                // Gone for every command and page; the events stay in the log.
                *self = Competition {
                    id: self.id,
                    deleted: true,
                    ..Competition::default()
                };
            }
            E::StageClosed { .. } => self.phase = Phase::StageClosed,
            E::ReviewStarted { .. } => self.phase = Phase::InReview,
            E::DecisionRecorded {
                stage,
                application_id,
                outcome,
                at,
                years,
                reason,
            } => {
                match reason {
                    Some(reason) => {
                        self.departure_reasons
                            .insert((*stage, *application_id), reason.clone());
                    }
                    None => {
                        self.departure_reasons.remove(&(*stage, *application_id));
                    }
                }
                self.decisions.insert((*stage, *application_id), *outcome);
                self.decided_at.insert((*stage, *application_id), *at);
                self.note_years(*stage, *application_id, years);
            }
            E::ResultsDecided { .. } => self.phase = Phase::ResultsDecided,
            E::ResultsReleased { stage, at } => {
                self.phase = Phase::ResultsReleased;
                self.released_at.insert(*stage, *at);
            }
            E::CompetitionCompleted { .. } => self.phase = Phase::Completed,
            E::AwardDeclined {
                application_id,
                amount,
                at,
                ..
            } => {
                self.declined.insert(*application_id, (*amount, *at));
            }
            E::MovedUpFromReserve {
                stage,
                application_id,
                place,
                amount,
                at,
                years,
                ..
            } => {
                self.decisions.insert(
                    (*stage, *application_id),
                    Outcome::Funded { amount: *amount },
                );
                self.note_years(*stage, *application_id, years);
                self.moved_up.insert(*application_id, (*place, *at));
            }
            E::DraftRemindersDue {
                stage,
                deadline,
                at,
                origin,
            } => self.note_reminders(ReminderKind::Drafts, *stage, *deadline, *at, *origin),
            E::ReviewRemindersDue {
                stage,
                deadline,
                at,
                origin,
            } => self.note_reminders(ReminderKind::Reviews, *stage, *deadline, *at, *origin),
        }
    }

    fn handle(
        &self,
        command: CompetitionCommand,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        use CompetitionCommand as C;
        match command {
            C::Draft {
                competition_id,
                setup,
                now,
            } => self.draft(competition_id, setup, now),
            C::ChangeSetup { setup, now } => self.change_setup(setup, now),
            C::Publish { now } => self.publish(now),
            C::OpenNextStage { now } => self.open_next_stage(now),
            C::ExtendDeadline { to, now } => self.extend_deadline(to, now),
            C::ShortenDeadlines {
                submission,
                review,
                now,
            } => self.shorten(submission, review, now),
            C::Delete { by, now } => self.delete(by, now),
            C::CloseStage { now } => self.close_stage(now),
            C::StartReview { now } => self.start_review(now),
            C::Decide {
                candidate,
                outcome,
                now,
            } => self.decide(candidate, outcome, None, now),
            C::Award {
                candidate,
                amount,
                years,
                now,
            } => self.decide(candidate, Outcome::Funded { amount }, years, now),
            C::Justified {
                decision,
                recommended,
                reason,
            } => self.justified(*decision, recommended, &reason),
            C::FinaliseResults { entries, now } => self.finalise_results(entries, now),
            C::ReleaseResults { now } => self.release_results(now),
            C::Complete { now } => self.complete(now),
            C::DeclineAward {
                application_id,
                now,
            } => self.decline_award(application_id, now),
            C::MoveUp { candidate, now } => self.move_up(candidate, now),
            C::RemindDrafts { now } => self.reminder(ReminderKind::Drafts, now),
            C::RemindReviewers { now } => self.reminder(ReminderKind::Reviews, now),
            C::SendReminders { kind, now } => self.requested_reminders(kind, now),
        }
    }
}
