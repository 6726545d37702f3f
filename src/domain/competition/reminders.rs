//! Reminders of the deadlines: the scheduler's before each deadline, and those staff ask for.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Competition, CompetitionError, CompetitionEvent, Phase};

/// Why reminders went out. In the log it is the flag `requested` (absent in logs from before
/// staff could ask, which means scheduled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "bool", into = "bool")]
pub enum ReminderOrigin {
    /// The scheduler's, a few days before the deadline; once per deadline.
    #[default]
    Scheduled,
    /// Staff asked for them; the scheduled reminder still follows.
    Requested,
}

impl From<bool> for ReminderOrigin {
    fn from(requested: bool) -> Self {
        if requested {
            Self::Requested
        } else {
            Self::Scheduled
        }
    }
}

impl From<ReminderOrigin> for bool {
    fn from(origin: ReminderOrigin) -> Self {
        origin == ReminderOrigin::Requested
    }
}

/// Who is reminded of which deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReminderKind {
    /// Consortia with unfinished drafts, of the submission deadline while the stage is open.
    Drafts,
    /// Jurors with unfinished reviews, of the review deadline during the review.
    Reviews,
}

/// Staff may ask for reminders of one kind once in this many hours, so a double click or an
/// impatient afternoon does not flood the consortia.
pub const REQUESTED_REMINDER_GAP_HOURS: i64 = 24;

/// How long before a deadline reminders go out.
pub const REMINDER_LEAD_DAYS: i64 = 3;

impl Competition {
    pub(super) fn reminder(
        &self,
        kind: ReminderKind,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        let deadline = self
            .reminder_deadline(kind)
            .ok_or(CompetitionError::NoReminderDue)?;
        // A deadline too early to subtract from is not one to remind of.
        let due = deadline
            .checked_sub_signed(chrono::Duration::days(REMINDER_LEAD_DAYS))
            .is_some_and(|from| now >= from && now < deadline);
        if !due || self.reminded.contains(&(kind, self.stage, deadline)) {
            return Err(CompetitionError::NoReminderDue);
        }
        let stage = self.stage;
        Ok(vec![reminders_due(
            kind,
            stage,
            deadline,
            now,
            ReminderOrigin::Scheduled,
        )])
    }

    /// The deadline reminders of this kind point to, while they may be sent.
    fn reminder_deadline(&self, kind: ReminderKind) -> Option<DateTime<Utc>> {
        match kind {
            ReminderKind::Reviews => self
                .current_stage()
                .map(|s| s.review_deadline)
                .filter(|_| matches!(self.phase, Phase::StageClosed | Phase::InReview)),
            ReminderKind::Drafts => self.deadline.filter(|_| self.phase == Phase::StageOpen),
        }
    }

    pub(super) fn requested_reminders(
        &self,
        kind: ReminderKind,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        let deadline = self
            .reminder_deadline(kind)
            .filter(|d| now < *d)
            .ok_or(CompetitionError::RemindersNotPossible { kind })?;
        if let Some(at) = self.requested_reminders.get(&(kind, self.stage)) {
            let next = *at + chrono::Duration::hours(REQUESTED_REMINDER_GAP_HOURS);
            if now < next {
                return Err(CompetitionError::RemindedRecently { at: *at, next });
            }
        }
        Ok(vec![reminders_due(
            kind,
            self.stage,
            deadline,
            now,
            ReminderOrigin::Requested,
        )])
    }
}

fn reminders_due(
    kind: ReminderKind,
    stage: usize,
    deadline: DateTime<Utc>,
    at: DateTime<Utc>,
    origin: ReminderOrigin,
) -> CompetitionEvent {
    match kind {
        ReminderKind::Reviews => CompetitionEvent::ReviewRemindersDue {
            stage,
            deadline,
            at,
            origin,
        },
        ReminderKind::Drafts => CompetitionEvent::DraftRemindersDue {
            stage,
            deadline,
            at,
            origin,
        },
    }
}

impl Competition {
    pub(super) fn note_reminders(
        &mut self,
        kind: ReminderKind,
        stage: usize,
        deadline: DateTime<Utc>,
        at: DateTime<Utc>,
        origin: ReminderOrigin,
    ) {
        match origin {
            ReminderOrigin::Requested => {
                self.requested_reminders.insert((kind, stage), at);
            }
            ReminderOrigin::Scheduled => {
                self.reminded.insert((kind, stage, deadline));
            }
        }
    }
}
