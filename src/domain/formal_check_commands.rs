//! The application's commands of the formal check (`formal_check.rs` holds its state and
//! rules): ticking the checklist, asking for corrections, the reminder, handing the
//! corrections in, and closing the check.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::application::{Application, ApplicationError, ApplicationEvent, Status};
use super::competition::Progress;
use super::formal_check::{
    Correctable, MAX_CHECKLIST_ITEMS, MAX_CORRECTION_DAYS, MAX_NAMED_ITEMS, MAX_ROUNDS,
    due_in_range,
};
use super::setup::EligibilityRules;
use super::stage_form::StageForm;
use super::text::check_text;

type Decided = Result<Vec<ApplicationEvent>, ApplicationError>;

impl Application {
    /// The stage whose formal check is open (the formal rejection's rule), and not closed.
    fn check_open(&self, competition: Progress) -> Result<usize, ApplicationError> {
        let stage = self.formally_rejectable(competition)?;
        // Before the close the consortium may still withdraw and change everything.
        if !competition.submission_closed(stage) {
            return Err(ApplicationError::SubmissionStillOpen);
        }
        if self
            .formal_checks
            .get(&stage)
            .is_some_and(|c| c.completed_at.is_some())
        {
            return Err(ApplicationError::CheckComplete);
        }
        Ok(stage)
    }

    pub(super) fn tick_checklist(
        &self,
        ticks: BTreeMap<usize, bool>,
        checklist: usize,
        competition: Progress,
        now: DateTime<Utc>,
    ) -> Decided {
        let stage = self.check_open(competition)?;
        if let Some(beyond) = ticks
            .keys()
            .find(|i| **i >= checklist.min(MAX_CHECKLIST_ITEMS))
        {
            return Err(ApplicationError::NoSuchChecklistItem(*beyond));
        }
        let held = self.formal_checks.get(&stage);
        let changed: Vec<(usize, bool)> = ticks
            .into_iter()
            .filter(|(i, met)| held.and_then(|c| c.ticks.get(i)).copied().unwrap_or(false) != *met)
            .collect();
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![ApplicationEvent::FormalCheckTicked {
            stage,
            ticks: changed,
            at: now,
        }])
    }

    pub(super) fn request_corrections(
        &self,
        items: Vec<Correctable>,
        text: String,
        due: DateTime<Utc>,
        form: &StageForm,
        competition: Progress,
        now: DateTime<Utc>,
    ) -> Decided {
        let stage = self.check_open(competition)?;
        let check = self.formal_checks.get(&stage);
        if check
            .and_then(|c| c.last_round())
            .is_some_and(|r| r.open_at(now))
        {
            return Err(ApplicationError::CorrectionsAskedAlready);
        }
        let rounds = check.map_or(0, |c| c.rounds.len() as u32);
        if rounds >= MAX_ROUNDS {
            return Err(ApplicationError::TooManyRounds { limit: MAX_ROUNDS });
        }
        let mut named: Vec<Correctable> = Vec::new();
        let offered = Correctable::offered(self, form);
        for item in items {
            if !offered.contains(&item) {
                return Err(ApplicationError::NoSuchPart(item.key()));
            }
            if !named.contains(&item) {
                named.push(item);
            }
        }
        if named.is_empty() {
            return Err(ApplicationError::NothingNamed);
        }
        if named.len() > MAX_NAMED_ITEMS {
            return Err(ApplicationError::TooManyNamed {
                limit: MAX_NAMED_ITEMS,
            });
        }
        // The editor's order, whatever order the form sent them in.
        named.sort_by_key(|item| offered.iter().position(|o| o == item));
        if text.trim().is_empty() {
            return Err(ApplicationError::NoReason);
        }
        check_text(&text).map_err(|problem| ApplicationError::BadText {
            field: "text",
            problem,
        })?;
        if !due_in_range(due, now) {
            return Err(ApplicationError::DueOutOfRange {
                days: MAX_CORRECTION_DAYS,
            });
        }
        Ok(vec![ApplicationEvent::CorrectionsRequested {
            stage,
            round: rounds + 1,
            items: named,
            text,
            due,
            at: now,
        }])
    }

    pub(super) fn remind_of_corrections(&self, now: DateTime<Utc>) -> Decided {
        let Status::Submitted { stage } = self.status else {
            return Err(ApplicationError::NoReminderDue);
        };
        match self.open_correction(now) {
            Some(r) if !r.reminded && now >= r.reminder_at() => {
                Ok(vec![ApplicationEvent::CorrectionReminderDue {
                    stage,
                    round: r.round,
                    at: now,
                }])
            }
            _ => Err(ApplicationError::NoReminderDue),
        }
    }

    pub(super) fn submit_corrections(
        &self,
        rules: &EligibilityRules,
        form: &StageForm,
        now: DateTime<Utc>,
    ) -> Decided {
        let Status::Submitted { stage } = self.status else {
            return Err(ApplicationError::NoCorrectionsAsked);
        };
        let round = self
            .formal_checks
            .get(&stage)
            .and_then(|c| c.last_round())
            .filter(|r| r.answered_at.is_none())
            .ok_or(ApplicationError::NoCorrectionsAsked)?;
        if !round.open_at(now) {
            return Err(ApplicationError::CorrectionLapsed { due: round.due });
        }
        let failures = self.ineligibilities(rules);
        if !failures.is_empty() {
            return Err(ApplicationError::Ineligible(failures));
        }
        let gaps = self.form_gaps(form);
        if !gaps.is_empty() {
            return Err(ApplicationError::Incomplete(gaps));
        }
        Ok(vec![ApplicationEvent::CorrectionsSubmitted {
            stage,
            round: round.round,
            at: now,
        }])
    }

    pub(super) fn complete_formal_check(
        &self,
        checklist: usize,
        competition: Progress,
        now: DateTime<Utc>,
    ) -> Decided {
        let stage = self.check_open(competition)?;
        let check = self.formal_checks.get(&stage).cloned().unwrap_or_default();
        if check.last_round().is_some_and(|r| r.open_at(now)) {
            return Err(ApplicationError::CorrectionsAskedAlready);
        }
        // What the consortium saved but never handed in was not checked: staff reject, or ask
        // again so that it is handed in.
        if check.last_round().is_some_and(|r| r.lapsed_at(now)) {
            return Err(ApplicationError::CorrectionsUnanswered);
        }
        let unmet = check.unmet(checklist.min(MAX_CHECKLIST_ITEMS));
        if !unmet.is_empty() {
            return Err(ApplicationError::ChecklistNotMet(unmet));
        }
        Ok(vec![ApplicationEvent::FormalCheckCompleted {
            stage,
            at: now,
        }])
    }
}
