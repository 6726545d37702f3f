//! The staff's decisions: shortlisting and awards, funded only within the budget.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Competition, CompetitionCommand, CompetitionError, CompetitionEvent, Phase};
use crate::domain::budget::{self, PerYear};
use crate::domain::ids::ApplicationId;
use crate::domain::money::Cents;
use crate::domain::recommendation::{Recommendation, departure_reason};

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

/// What the service knows about an application when staff decide on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub application_id: ApplicationId,
    /// Whether it is in review in the current stage (submitted, not withdrawn or rejected).
    pub in_review: bool,
    pub requested: Cents,
    /// What its financing plan requests per budget year; empty without a plan.
    pub requested_per_year: PerYear,
}

impl Competition {
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

    /// The most an award to `application` can be now: what it requested, within the maximum
    /// per application and what the budget has left (its own award in this stage, should it be
    /// changed, counts as left); zero when nothing is left.
    pub fn fundable(&self, application: ApplicationId, requested: Cents) -> Cents {
        let left = self.budget() - self.awarded_besides(application);
        let max = self.setup.as_ref().and_then(|s| s.rules.max_requested);
        [Some(requested), max, Some(left)]
            .into_iter()
            .flatten()
            .min()
            .filter(|most| *most > Cents::ZERO)
            .unwrap_or(Cents::ZERO)
    }

    /// The budget per budget year; empty when only the total counts.
    pub fn budget_per_year(&self) -> PerYear {
        self.setup
            .as_ref()
            .map(|s| s.budget_per_year.clone())
            .unwrap_or_default()
    }

    /// Awarded per budget year in every stage so far, without the awards given up.
    pub fn awarded_per_year(&self) -> PerYear {
        budget::add_up(
            self.award_years
                .iter()
                .filter(|((_, id), _)| !self.declined.contains_key(id))
                .map(|(_, years)| years),
        )
    }

    /// Awarded per budget year besides the application's own award in the current stage.
    fn awarded_per_year_besides(&self, application: ApplicationId) -> PerYear {
        budget::add_up(
            self.award_years
                .iter()
                .filter(|((stage, id), _)| {
                    !self.declined.contains_key(id) && (*stage != self.stage || *id != application)
                })
                .map(|(_, years)| years),
        )
    }

    /// Keeps an award's years with its decision; any other outcome commits none.
    pub(super) fn note_years(&mut self, stage: usize, application: ApplicationId, years: &PerYear) {
        if years.is_empty() {
            self.award_years.remove(&(stage, application));
        } else {
            self.award_years.insert((stage, application), years.clone());
        }
    }

    /// What is awarded besides the application's own award in the current stage.
    fn awarded_besides(&self, application: ApplicationId) -> Cents {
        let own = match self.decisions.get(&(self.stage, application)) {
            Some(Outcome::Funded { amount }) if !self.declined.contains_key(&application) => {
                *amount
            }
            _ => Cents::ZERO,
        };
        self.awarded() - own
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

    pub(super) fn decide(
        &self,
        candidate: Candidate,
        outcome: Outcome,
        years: Option<PerYear>,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        self.expect(Phase::InReview)?;
        // An award commits what the plan requests per year (in proportion, when it is less)
        // unless staff set the years.
        let years =
            match outcome {
                Outcome::Funded { amount } => budget::without_zeros(years.unwrap_or_else(|| {
                    budget::in_proportion(&candidate.requested_per_year, amount)
                })),
                _ => PerYear::new(),
            };
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
            Outcome::Funded { amount } => {
                self.check_award(&candidate, amount, &years, stage.advancing)?
            }
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
            years,
            reason: None,
        }])
    }

    /// A decision with the reason it departs from the jury's recommendation, if it does.
    pub(super) fn justified(
        &self,
        decision: CompetitionCommand,
        recommended: Recommendation,
        reason: &str,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        let (candidate, outcome, years, now) = match decision {
            CompetitionCommand::Decide {
                candidate,
                outcome,
                now,
            } => (candidate, outcome, None, now),
            CompetitionCommand::Award {
                candidate,
                amount,
                years,
                now,
            } => (candidate, Outcome::Funded { amount }, years, now),
            _ => return Err(CompetitionError::NotADecision),
        };
        let mut events = self.decide(candidate, outcome, years, now)?;
        let departure = departure_reason(Some(&recommended), &outcome, reason)
            .map_err(CompetitionError::Departure)?;
        for event in &mut events {
            if let CompetitionEvent::DecisionRecorded { reason, .. } = event {
                *reason = departure.clone();
            }
        }
        Ok(events)
    }

    /// Ends deciding; every entry of the stage without a decision is recorded as not going on.
    pub(super) fn finalise_results(
        &self,
        entries: Vec<ApplicationId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompetitionEvent>, CompetitionError> {
        self.expect(Phase::InReview)?;
        let not_going_on = if self.is_last_stage() {
            Outcome::NotFunded
        } else {
            Outcome::NotShortlisted
        };
        let mut events: Vec<CompetitionEvent> = entries
            .into_iter()
            .filter(|id| !self.decisions.contains_key(&(self.stage, *id)))
            .map(|application_id| CompetitionEvent::DecisionRecorded {
                stage: self.stage,
                application_id,
                outcome: not_going_on,
                at: now,
                years: PerYear::new(),
                reason: None,
            })
            .collect();
        events.push(CompetitionEvent::ResultsDecided {
            stage: self.stage,
            at: now,
        });
        Ok(events)
    }

    fn check_award(
        &self,
        candidate: &Candidate,
        award: Cents,
        years: &PerYear,
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
        let used = self.awarded_besides(id);
        let budget = self.budget();
        if used + award > budget {
            return Err(CompetitionError::BudgetExceeded {
                award,
                used,
                left: budget - used,
                budget,
            });
        }
        budget::check_years(
            &self.budget_per_year(),
            &self.awarded_per_year_besides(id),
            award,
            years,
        )
    }
}
