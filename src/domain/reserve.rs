//! The reserve list (Nachrückliste) after the last stage's results are released: a funded
//! consortium may give up its award before the grant (it declines the funding or withdraws),
//! and staff then move up the first waiting on the reserve list, within the budget and the
//! number of places. Decisions are made only during the review; this is the one way the funded
//! set changes after the release. Completing the competition closes the reserve list too:
//! from then on nothing is decided, and an award given up later is handled outside the service.

use chrono::{DateTime, Utc};

use super::budget;
use super::competition::Phase;
use super::competition::{Candidate, Competition, CompetitionError, CompetitionEvent, Outcome};
use super::ids::ApplicationId;
use super::money::Cents;

impl Competition {
    /// Whether awards may be given up and the reserve list moved up now.
    pub fn reserve_open(&self) -> bool {
        self.phase == Phase::ResultsReleased && self.is_last_stage()
    }

    /// The budget not taken by awards still standing.
    pub fn budget_left(&self) -> Cents {
        self.budget() - self.awarded()
    }

    /// The awards of the current stage still standing.
    fn standing_awards(&self) -> usize {
        self.decisions_in(self.stage)
            .filter(|(id, o)| {
                matches!(o, Outcome::Funded { .. }) && !self.declined.contains_key(id)
            })
            .count()
    }

    /// The first waiting on the current stage's reserve list: the lowest place.
    pub fn first_waiting(&self) -> Option<(ApplicationId, u32)> {
        self.decisions_in(self.stage)
            .filter_map(|(id, o)| match o {
                Outcome::Reserve { rank } => Some((id, rank)),
                _ => None,
            })
            .min_by_key(|(_, rank)| *rank)
    }

    pub(super) fn decline_award(
        &self,
        application_id: ApplicationId,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        if !self.reserve_open() {
            return Err(CompetitionError::ReserveNotOpen);
        }
        let Some(Outcome::Funded { amount }) = self.decisions.get(&(self.stage, application_id))
        else {
            return Err(CompetitionError::NoAward);
        };
        if self.declined.contains_key(&application_id) {
            return Err(CompetitionError::AwardAlreadyDeclined);
        }
        Ok(vec![CompetitionEvent::AwardDeclined {
            stage: self.stage,
            application_id,
            amount: *amount,
            at: now,
        }])
    }

    pub(super) fn move_up(
        &self,
        candidate: Candidate,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        if !self.reserve_open() {
            return Err(CompetitionError::ReserveNotOpen);
        }
        let id = candidate.application_id;
        let Some(Outcome::Reserve { rank: place }) = self.decisions.get(&(self.stage, id)) else {
            return Err(CompetitionError::NotOnReserve);
        };
        if !candidate.in_review {
            return Err(CompetitionError::NotInReview);
        }
        if let Some((_, first)) = self.first_waiting().filter(|(first, _)| *first != id) {
            return Err(CompetitionError::NotFirstOnReserve { first });
        }
        let amount = candidate.requested;
        if amount <= Cents::ZERO {
            return Err(CompetitionError::ZeroAward);
        }
        if let Some(max) = self.setup.as_ref().and_then(|s| s.rules.max_requested)
            && amount > max
        {
            return Err(CompetitionError::AwardAboveMaximum { award: amount, max });
        }
        let places = self.current_stage().map_or(0, |s| s.advancing);
        if self.standing_awards() >= places as usize {
            return Err(CompetitionError::PlacesTaken { places });
        }
        let used = self.awarded();
        let budget = self.budget();
        if used + amount > budget {
            return Err(CompetitionError::BudgetExceeded {
                award: amount,
                used,
                left: budget - used,
                budget,
            });
        }
        // It moves up into what it requested, per year as its plan requests.
        let years = budget::without_zeros(candidate.requested_per_year);
        budget::check_years(
            &self.budget_per_year(),
            &self.awarded_per_year(),
            amount,
            &years,
        )?;
        Ok(vec![CompetitionEvent::MovedUpFromReserve {
            stage: self.stage,
            application_id: id,
            place: *place,
            amount,
            at: now,
            years,
        }])
    }
}
