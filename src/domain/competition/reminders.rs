//! Reminders of the deadlines: the scheduler's before each deadline, and those staff ask for.

use chrono::{DateTime, Utc};

use super::{Competition, CompetitionError, CompetitionEvent, Phase};

/// Staff may ask for reminders of one kind once in this many hours, so a double click or an
/// impatient afternoon does not flood the consortia.
pub const REQUESTED_REMINDER_GAP_HOURS: i64 = 24;

/// How long before a deadline reminders go out.
pub const REMINDER_LEAD_DAYS: i64 = 3;

impl Competition {
    pub(super) fn reminder(
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
    pub(super) fn reminder_deadline(&self, review: bool) -> Option<DateTime<Utc>> {
        if review {
            self.current_stage()
                .map(|s| s.review_deadline)
                .filter(|_| matches!(self.phase, Phase::StageClosed | Phase::InReview))
        } else {
            self.deadline.filter(|_| self.phase == Phase::StageOpen)
        }
    }

    pub(super) fn requested_reminders(
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
    pub(super) fn note_reminders(
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
