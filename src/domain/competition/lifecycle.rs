//! The lifecycle: drafting and publishing, opening and closing stages, moving deadlines.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Competition, CompetitionError, CompetitionEvent, Phase};
use crate::domain::ids::{AccountId, CompetitionId};
use crate::domain::setup::CompetitionSetup;

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

/// A deadline before and after staff moved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedDeadline {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Competition {
    /// Whether jurors may score `stage` at `now`: it is the current stage, in review, and its
    /// review deadline has not passed. The review's own rules ask this of the competition as
    /// it is when the juror saves (`ReviewContext::of`).
    pub fn review_open(&self, stage: usize, now: DateTime<Utc>) -> bool {
        self.stage == stage
            && self.phase == Phase::InReview
            && self
                .current_stage()
                .is_some_and(|s| now < s.review_deadline)
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
    pub(super) fn shorten(
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

    pub(super) fn draft(
        &self,
        competition_id: CompetitionId,
        setup: CompetitionSetup,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        if self.phase != Phase::NotCreated || self.deleted {
            return Err(CompetitionError::AlreadyExists);
        }
        // A draft may be incomplete (staff build it up from scratch); publication
        // checks it in full. Its texts and counts are bounded from the start, and
        // dates no competition can have are refused at once.
        within_limits(&setup)?;
        in_range(&setup)?;
        Ok(vec![CompetitionEvent::CompetitionDrafted {
            competition_id,
            setup,
            at: now,
        }])
    }

    pub(super) fn change_setup(
        &self,
        setup: CompetitionSetup,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        match self.phase {
            Phase::NotCreated => return Err(CompetitionError::NotFound),
            Phase::Drafted => {}
            _ => return Err(CompetitionError::AlreadyPublished),
        }
        within_limits(&setup)?;
        in_range(&setup)?;
        Ok(vec![CompetitionEvent::CompetitionSetupChanged {
            setup,
            at: now,
        }])
    }

    pub(super) fn publish(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
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
        Ok(vec![CompetitionEvent::CompetitionPublished { at: now }])
    }

    pub(super) fn open_next_stage(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
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
        Ok(vec![CompetitionEvent::StageOpened {
            stage: next,
            deadline: stage.submission_deadline,
            at: now,
        }])
    }

    pub(super) fn extend_deadline(
        &self,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        let current = self.extendable(now)?;
        if to <= current {
            return Err(CompetitionError::DeadlineNotLater { current });
        }
        let review_deadline = self.current_stage().map(|s| s.review_deadline);
        if let Some(review_deadline) = review_deadline.filter(|r| to >= *r) {
            return Err(CompetitionError::DeadlineAfterReview { review_deadline });
        }
        Ok(vec![CompetitionEvent::SubmissionDeadlineExtended {
            stage: self.stage,
            from: current,
            to,
            at: now,
        }])
    }

    pub(super) fn delete(
        &self,
        by: AccountId,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        self.deletable()?;
        Ok(vec![CompetitionEvent::CompetitionDeleted { by, at: now }])
    }

    pub(super) fn close_stage(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        self.expect(Phase::StageOpen)?;
        let deadline = self.deadline.ok_or(CompetitionError::NotFound)?;
        if now < deadline {
            return Err(CompetitionError::DeadlineNotReached { deadline });
        }
        Ok(vec![CompetitionEvent::StageClosed {
            stage: self.stage,
            at: now,
        }])
    }

    pub(super) fn start_review(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        self.expect(Phase::StageClosed)?;
        Ok(vec![CompetitionEvent::ReviewStarted {
            stage: self.stage,
            at: now,
        }])
    }

    pub(super) fn release_results(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        self.expect(Phase::ResultsDecided)?;
        Ok(vec![CompetitionEvent::ResultsReleased {
            stage: self.stage,
            at: now,
        }])
    }

    pub(super) fn complete(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        self.expect(Phase::ResultsReleased)?;
        if !self.is_last_stage() {
            return Err(CompetitionError::WrongPhase(self.phase));
        }
        Ok(vec![CompetitionEvent::CompetitionCompleted { at: now }])
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
