//! The competition aggregate: set-up, the lifecycle of its stages, and the staff's decisions.
//!
//! drafted → published → stage open → stage closed → in review → results decided →
//! results released → next stage open … → completed.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::ids::{AccountId, ApplicationId, CompetitionId};
use super::money::Cents;
use super::setup::{CompetitionSetup, SetupProblem, Stage};

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

/// Where a competition stands: its current stage and the phase of it. Commands of other
/// aggregates whose rules depend on it carry it as a fact the handler read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: usize,
    pub phase: Phase,
}

impl Progress {
    /// Whether submissions to `stage` are over for good: staff closed it, or the competition is
    /// past it. A draft of such a stage can no longer be submitted.
    pub fn submission_closed(&self, stage: usize) -> bool {
        stage < self.stage
            || (stage == self.stage
                && matches!(
                    self.phase,
                    Phase::StageClosed
                        | Phase::InReview
                        | Phase::ResultsDecided
                        | Phase::ResultsReleased
                        | Phase::Completed
                ))
    }

    /// Whether the jury's review of `stage` has begun (or that stage is over): from then on the
    /// formal check is past.
    pub fn review_started(&self, stage: usize) -> bool {
        stage < self.stage
            || (stage == self.stage
                && matches!(
                    self.phase,
                    Phase::InReview
                        | Phase::ResultsDecided
                        | Phase::ResultsReleased
                        | Phase::Completed
                ))
    }
}

/// What staff decided for one application in one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Shortlisted,
    NotShortlisted,
    Funded {
        amount: Cents,
    },
    NotFunded,
    /// Place on the reserve list, 1 first.
    Reserve {
        rank: u32,
    },
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
    },
    /// Consortia with unfinished drafts are reminded of the submission deadline.
    DraftRemindersDue {
        stage: usize,
        deadline: DateTime<Utc>,
        at: DateTime<Utc>,
        /// Sent at staff's request rather than by the scheduler; the scheduled reminder
        /// still follows.
        #[serde(default)]
        requested: bool,
    },
    /// Jurors with unfinished reviews are reminded of the review deadline.
    ReviewRemindersDue {
        stage: usize,
        deadline: DateTime<Utc>,
        at: DateTime<Utc>,
        #[serde(default)]
        requested: bool,
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

/// A deadline before and after staff moved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedDeadline {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// Staff may ask for reminders of one kind once in this many hours, so a double click or an
/// impatient afternoon does not flood the consortia.
pub const REQUESTED_REMINDER_GAP_HOURS: i64 = 24;

/// How long before a deadline reminders go out.
pub const REMINDER_LEAD_DAYS: i64 = 3;

/// What the service knows about an application when staff decide on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub application_id: ApplicationId,
    /// Whether it is in review in the current stage (submitted, not withdrawn or rejected).
    pub in_review: bool,
    pub requested: Cents,
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
    /// Staff send reminders now: to consortia with drafts while the stage is open
    /// (`review == false`), or to jurors with unfinished reviews during the review.
    SendReminders {
        review: bool,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompetitionError {
    #[error("the competition already exists")]
    AlreadyExists,
    #[error("the competition does not exist")]
    NotFound,
    #[error("the set-up is incomplete: {}", .0.iter().map(|p| p.en.as_str()).collect::<Vec<_>>().join(" "))]
    InvalidSetup(Vec<SetupProblem>),
    /// A text or a count over its limit (`setup_limits.rs`); even a draft keeps to them.
    #[error("the set-up is over a limit: {}", .0.iter().map(|p| p.en.as_str()).collect::<Vec<_>>().join(" "))]
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
    #[error("an award must be more than zero")]
    ZeroAward,
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
    RemindersNotPossible { review: bool },
    #[error("reminders of this kind were sent at {at}; the next can be sent at {next}")]
    RemindedRecently {
        at: DateTime<Utc>,
        next: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
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
    /// When each decision was last recorded (staff's history of an application).
    pub decided_at: BTreeMap<(usize, ApplicationId), DateTime<Utc>>,
    /// When each stage's results were released (the consortia's history).
    pub released_at: BTreeMap<usize, DateTime<Utc>>,
    /// Awards given up: the amount and when. They no longer count as awarded.
    pub declined: BTreeMap<ApplicationId, (Cents, DateTime<Utc>)>,
    /// Applications that moved up from the reserve list: their former place and when.
    pub moved_up: BTreeMap<ApplicationId, (u32, DateTime<Utc>)>,
    /// Reminders sent: (review?, stage, deadline). A new deadline gets its own reminder.
    pub reminded: std::collections::BTreeSet<(bool, usize, DateTime<Utc>)>,
    /// When staff last asked for reminders: (review?, stage) → time.
    pub requested_reminders: BTreeMap<(bool, usize), DateTime<Utc>>,
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

    pub fn is_last_stage(&self) -> bool {
        self.setup
            .as_ref()
            .is_some_and(|s| self.stage + 1 == s.stages.len())
    }

    pub fn budget(&self) -> Cents {
        self.setup.as_ref().map_or(Cents::ZERO, |s| s.budget)
    }

    /// Total awarded in every stage so far, without the awards given up.
    pub fn awarded(&self) -> Cents {
        self.decisions
            .iter()
            .filter(|((_, id), _)| !self.declined.contains_key(id))
            .map(|(_, o)| match o {
                Outcome::Funded { amount } => *amount,
                _ => Cents::ZERO,
            })
            .sum()
    }

    pub fn decisions_in(
        &self,
        stage: usize,
    ) -> impl Iterator<Item = (ApplicationId, Outcome)> + '_ {
        self.decisions
            .range((stage, ApplicationId::from_uuid(uuid::Uuid::nil()))..)
            .take_while(move |((s, _), _)| *s == stage)
            .map(|((_, id), o)| (*id, *o))
    }

    /// Whether submissions to the current stage are accepted at `now`.
    pub fn accepts_submissions(&self, now: DateTime<Utc>) -> bool {
        self.phase == Phase::StageOpen && self.deadline.is_some_and(|d| now < d)
    }

    /// Whether the submission deadline can be extended at `now`: while the stage is open and
    /// before its deadline, which is returned.
    pub fn extendable(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, CompetitionError> {
        self.expect(Phase::StageOpen)?;
        let current = self.deadline.ok_or(CompetitionError::NotFound)?;
        if now >= current {
            return Err(CompetitionError::DeadlinePassed { deadline: current });
        }
        Ok(current)
    }

    /// Whether the draft can be deleted: never published, so no consortium and no juror has
    /// seen it and no application exists (applications need an open stage).
    pub fn deletable(&self) -> Result<(), CompetitionError> {
        match self.phase {
            Phase::NotCreated => Err(CompetitionError::NotFound),
            Phase::Drafted if !self.opened_any_stage => Ok(()),
            _ => Err(CompetitionError::NotADraft),
        }
    }

    /// Moving deadlines earlier: only while the stage is open and before its submission
    /// deadline, each new deadline earlier than the one it replaces and still ahead of `now`,
    /// and the review ending after the submission deadline.
    fn shorten(
        &self,
        submission: Option<DateTime<Utc>>,
        review: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        let current = self.extendable(now)?;
        if submission.is_none() && review.is_none() {
            return Err(CompetitionError::NoNewDeadline);
        }
        let current_review = self
            .current_stage()
            .map(|s| s.review_deadline)
            .ok_or(CompetitionError::NotFound)?;
        for to in submission.iter().chain(review.iter()) {
            if *to <= now {
                return Err(CompetitionError::DeadlineNotInFuture { now });
            }
        }
        if let Some(to) = submission
            && to >= current
        {
            return Err(CompetitionError::DeadlineNotEarlier { current });
        }
        if let Some(to) = review
            && to >= current_review
        {
            return Err(CompetitionError::ReviewDeadlineNotEarlier {
                current: current_review,
            });
        }
        let new_submission = submission.unwrap_or(current);
        if review.unwrap_or(current_review) <= new_submission {
            return Err(CompetitionError::ReviewBeforeSubmission {
                submission: new_submission,
            });
        }
        Ok(vec![CompetitionEvent::DeadlinesShortened {
            stage: self.stage,
            submission: submission.map(|to| MovedDeadline { from: current, to }),
            review: review.map(|to| MovedDeadline {
                from: current_review,
                to,
            }),
            at: now,
        }])
    }

    pub(super) fn expect(&self, phase: Phase) -> Result<(), CompetitionError> {
        match self.phase {
            Phase::NotCreated => Err(CompetitionError::NotFound),
            p if p == phase => Ok(()),
            p => Err(CompetitionError::WrongPhase(p)),
        }
    }

    fn decide(
        &self,
        candidate: Candidate,
        outcome: Outcome,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        self.expect(Phase::InReview)?;
        if !candidate.in_review {
            return Err(CompetitionError::NotInReview);
        }
        let stage = self.current_stage().ok_or(CompetitionError::NotFound)?;
        let last = self.is_last_stage();
        let id = candidate.application_id;
        let others = || {
            self.decisions_in(self.stage)
                .filter(move |(other, _)| *other != id)
        };
        match outcome {
            Outcome::Shortlisted | Outcome::NotShortlisted if last => {
                return Err(CompetitionError::OutcomeForOtherStage { last: false });
            }
            Outcome::Funded { .. } | Outcome::NotFunded | Outcome::Reserve { .. } if !last => {
                return Err(CompetitionError::OutcomeForOtherStage { last: true });
            }
            Outcome::Shortlisted => {
                let taken = others().filter(|(_, o)| *o == Outcome::Shortlisted).count();
                if taken as u32 >= stage.advancing {
                    return Err(CompetitionError::TooMany {
                        limit: stage.advancing,
                    });
                }
            }
            Outcome::Funded { amount } => self.check_award(candidate, amount, stage.advancing)?,
            Outcome::Reserve { rank } => {
                if others().any(|(_, o)| o == Outcome::Reserve { rank }) {
                    return Err(CompetitionError::ReservePlaceTaken(rank));
                }
            }
            Outcome::NotShortlisted | Outcome::NotFunded => {}
        }
        Ok(vec![CompetitionEvent::DecisionRecorded {
            stage: self.stage,
            application_id: id,
            outcome,
            at: now,
        }])
    }

    fn reminder(
        &self,
        review: bool,
        deadline: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        let deadline = deadline.ok_or(CompetitionError::NoReminderDue)?;
        // A deadline too early to subtract from is not one to remind of.
        let due = deadline
            .checked_sub_signed(chrono::Duration::days(REMINDER_LEAD_DAYS))
            .is_some_and(|from| now >= from && now < deadline);
        if !due || self.reminded.contains(&(review, self.stage, deadline)) {
            return Err(CompetitionError::NoReminderDue);
        }
        let stage = self.stage;
        Ok(vec![reminders_due(review, stage, deadline, now, false)])
    }

    /// The deadline reminders of this kind point to, while they may be sent.
    fn reminder_deadline(&self, review: bool) -> Option<DateTime<Utc>> {
        if review {
            self.current_stage()
                .map(|s| s.review_deadline)
                .filter(|_| matches!(self.phase, Phase::StageClosed | Phase::InReview))
        } else {
            self.deadline.filter(|_| self.phase == Phase::StageOpen)
        }
    }

    fn requested_reminders(
        &self,
        review: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        let deadline = self
            .reminder_deadline(review)
            .filter(|d| now < *d)
            .ok_or(CompetitionError::RemindersNotPossible { review })?;
        if let Some(at) = self.requested_reminders.get(&(review, self.stage)) {
            let next = *at + chrono::Duration::hours(REQUESTED_REMINDER_GAP_HOURS);
            if now < next {
                return Err(CompetitionError::RemindedRecently { at: *at, next });
            }
        }
        Ok(vec![reminders_due(review, self.stage, deadline, now, true)])
    }

    fn check_award(
        &self,
        candidate: Candidate,
        award: Cents,
        winners: u32,
    ) -> Result<(), CompetitionError> {
        let id = candidate.application_id;
        if award <= Cents::ZERO {
            return Err(CompetitionError::ZeroAward);
        }
        if award > candidate.requested {
            return Err(CompetitionError::AwardAboveRequest {
                award,
                requested: candidate.requested,
            });
        }
        if let Some(max) = self.setup.as_ref().and_then(|s| s.rules.max_requested)
            && award > max
        {
            return Err(CompetitionError::AwardAboveMaximum { award, max });
        }
        let funded = self
            .decisions_in(self.stage)
            .filter(|(other, o)| *other != id && matches!(o, Outcome::Funded { .. }))
            .count();
        if funded as u32 >= winners {
            return Err(CompetitionError::TooMany { limit: winners });
        }
        let previous = match self.decisions.get(&(self.stage, id)) {
            Some(Outcome::Funded { amount }) => *amount,
            _ => Cents::ZERO,
        };
        let used = self.awarded() - previous;
        let budget = self.budget();
        if used + award > budget {
            return Err(CompetitionError::BudgetExceeded {
                award,
                used,
                left: budget - used,
                budget,
            });
        }
        Ok(())
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
            } => {
                self.decisions.insert((*stage, *application_id), *outcome);
                self.decided_at.insert((*stage, *application_id), *at);
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
            } => {
                self.decisions.insert(
                    (*stage, *application_id),
                    Outcome::Funded { amount: *amount },
                );
                self.moved_up.insert(*application_id, (*place, *at));
            }
            E::DraftRemindersDue {
                stage,
                deadline,
                at,
                requested,
            } => self.note_reminders(false, *stage, *deadline, *at, *requested),
            E::ReviewRemindersDue {
                stage,
                deadline,
                at,
                requested,
            } => self.note_reminders(true, *stage, *deadline, *at, *requested),
        }
    }

    fn handle(
        &self,
        command: CompetitionCommand,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        use CompetitionCommand as C;
        use CompetitionEvent as E;
        match command {
            C::Draft {
                competition_id,
                setup,
                now,
            } => {
                if self.phase != Phase::NotCreated || self.deleted {
                    return Err(CompetitionError::AlreadyExists);
                }
                // A draft may be incomplete (staff build it up from scratch); publication
                // checks it in full. Its texts and counts are bounded from the start, and
                // dates no competition can have are refused at once.
                within_limits(&setup)?;
                in_range(&setup)?;
                Ok(vec![E::CompetitionDrafted {
                    competition_id,
                    setup,
                    at: now,
                }])
            }
            C::ChangeSetup { setup, now } => {
                match self.phase {
                    Phase::NotCreated => return Err(CompetitionError::NotFound),
                    Phase::Drafted => {}
                    _ => return Err(CompetitionError::AlreadyPublished),
                }
                within_limits(&setup)?;
                in_range(&setup)?;
                Ok(vec![E::CompetitionSetupChanged { setup, at: now }])
            }
            C::Publish { now } => {
                self.expect(Phase::Drafted)?;
                if let Some(setup) = &self.setup {
                    valid(setup)?;
                    let first = &setup.stages[0];
                    if first.submission_deadline <= now {
                        return Err(CompetitionError::DeadlinePassed {
                            deadline: first.submission_deadline,
                        });
                    }
                }
                Ok(vec![E::CompetitionPublished { at: now }])
            }
            C::OpenNextStage { now } => {
                let next = match self.phase {
                    Phase::Published => 0,
                    Phase::ResultsReleased if !self.is_last_stage() => self.stage + 1,
                    Phase::ResultsReleased => return Err(CompetitionError::NoFurtherStage),
                    Phase::NotCreated => return Err(CompetitionError::NotFound),
                    p => return Err(CompetitionError::WrongPhase(p)),
                };
                let stage = &self
                    .setup
                    .as_ref()
                    .ok_or(CompetitionError::NotFound)?
                    .stages[next];
                if stage.submission_deadline <= now {
                    return Err(CompetitionError::DeadlinePassed {
                        deadline: stage.submission_deadline,
                    });
                }
                Ok(vec![E::StageOpened {
                    stage: next,
                    deadline: stage.submission_deadline,
                    at: now,
                }])
            }
            C::ExtendDeadline { to, now } => {
                let current = self.extendable(now)?;
                if to <= current {
                    return Err(CompetitionError::DeadlineNotLater { current });
                }
                let review_deadline = self.current_stage().map(|s| s.review_deadline);
                if let Some(review_deadline) = review_deadline.filter(|r| to >= *r) {
                    return Err(CompetitionError::DeadlineAfterReview { review_deadline });
                }
                Ok(vec![E::SubmissionDeadlineExtended {
                    stage: self.stage,
                    from: current,
                    to,
                    at: now,
                }])
            }
            C::ShortenDeadlines {
                submission,
                review,
                now,
            } => self.shorten(submission, review, now),
            C::Delete { by, now } => {
                self.deletable()?;
                Ok(vec![E::CompetitionDeleted { by, at: now }])
            }
            C::CloseStage { now } => {
                self.expect(Phase::StageOpen)?;
                let deadline = self.deadline.ok_or(CompetitionError::NotFound)?;
                if now < deadline {
                    return Err(CompetitionError::DeadlineNotReached { deadline });
                }
                Ok(vec![E::StageClosed {
                    stage: self.stage,
                    at: now,
                }])
            }
            C::StartReview { now } => {
                self.expect(Phase::StageClosed)?;
                Ok(vec![E::ReviewStarted {
                    stage: self.stage,
                    at: now,
                }])
            }
            C::Decide {
                candidate,
                outcome,
                now,
            } => self.decide(candidate, outcome, now),
            C::FinaliseResults { entries, now } => {
                self.expect(Phase::InReview)?;
                let not_going_on = if self.is_last_stage() {
                    Outcome::NotFunded
                } else {
                    Outcome::NotShortlisted
                };
                let mut events: Vec<E> = entries
                    .into_iter()
                    .filter(|id| !self.decisions.contains_key(&(self.stage, *id)))
                    .map(|application_id| E::DecisionRecorded {
                        stage: self.stage,
                        application_id,
                        outcome: not_going_on,
                        at: now,
                    })
                    .collect();
                events.push(E::ResultsDecided {
                    stage: self.stage,
                    at: now,
                });
                Ok(events)
            }
            C::ReleaseResults { now } => {
                self.expect(Phase::ResultsDecided)?;
                Ok(vec![E::ResultsReleased {
                    stage: self.stage,
                    at: now,
                }])
            }
            C::Complete { now } => {
                self.expect(Phase::ResultsReleased)?;
                if !self.is_last_stage() {
                    return Err(CompetitionError::WrongPhase(self.phase));
                }
                Ok(vec![E::CompetitionCompleted { at: now }])
            }
            C::DeclineAward {
                application_id,
                now,
            } => self.decline_award(application_id, now),
            C::MoveUp { candidate, now } => self.move_up(candidate, now),
            C::RemindDrafts { now } => self.reminder(false, self.reminder_deadline(false), now),
            C::RemindReviewers { now } => self.reminder(true, self.reminder_deadline(true), now),
            C::SendReminders { review, now } => self.requested_reminders(review, now),
        }
    }
}

fn within_limits(setup: &CompetitionSetup) -> Result<(), CompetitionError> {
    let problems = setup.over_limits();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CompetitionError::OverLimits(problems))
    }
}

fn in_range(setup: &CompetitionSetup) -> Result<(), CompetitionError> {
    let problems = setup.date_problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CompetitionError::InvalidSetup(problems))
    }
}

fn valid(setup: &CompetitionSetup) -> Result<(), CompetitionError> {
    let problems = setup.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CompetitionError::InvalidSetup(problems))
    }
}

fn reminders_due(
    review: bool,
    stage: usize,
    deadline: DateTime<Utc>,
    at: DateTime<Utc>,
    requested: bool,
) -> CompetitionEvent {
    if review {
        CompetitionEvent::ReviewRemindersDue {
            stage,
            deadline,
            at,
            requested,
        }
    } else {
        CompetitionEvent::DraftRemindersDue {
            stage,
            deadline,
            at,
            requested,
        }
    }
}

impl Competition {
    fn note_reminders(
        &mut self,
        review: bool,
        stage: usize,
        deadline: DateTime<Utc>,
        at: DateTime<Utc>,
        requested: bool,
    ) {
        if requested {
            self.requested_reminders.insert((review, stage), at);
        } else {
            self.reminded.insert((review, stage, deadline));
        }
    }
}
