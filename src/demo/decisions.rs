//! The decisions of a stage: the ranking's best go on, in the last stage funded with what the
//! competition says the budget can still fund (`Competition::fundable`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use anyhow::anyhow;

use crate::app::{Seen, load, stream_of};
use crate::domain::budget;
use crate::domain::competition::{Competition, Outcome};
use crate::domain::ids::ApplicationId;
use crate::domain::money::Cents;
use crate::domain::ranking::{self, Entry, SubmittedReview};
use crate::usecases::KnownApplication;
use crate::usecases::award_decision;

use super::{Consortium, Demo};

impl Demo<'_> {
    /// The ranking's best go on: shortlisted, or in the last stage funded within the budget,
    /// the next three on the reserve list; everything else is finalised as not going on.
    pub(super) async fn decide(
        &self,
        entries: &[Consortium],
        reviews: &[SubmittedReview],
        stage: usize,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Vec<ApplicationId>> {
        let setup = &self.setup.stages[stage];
        let plain: Vec<Entry> = entries
            .iter()
            .map(|e| Entry {
                application: e.id,
                submitted_at: now,
            })
            .collect();
        let ranking = ranking::rank(&setup.criteria, setup.overall_pass_mark, &plain, reviews);
        let requested: BTreeMap<ApplicationId, Cents> =
            entries.iter().map(|e| (e.id, e.state.requested)).collect();
        let plans: BTreeMap<ApplicationId, _> = entries
            .iter()
            .map(|e| (e.id, e.state.plan.requested_per_year()))
            .collect();
        let last = stage + 1 == self.setup.stages.len();
        let (mut round, _) = load::<Competition>(self.store, &stream_of::<Competition>(&self.id))
            .map_err(|e| anyhow!("the competition: {e}"))?;
        let mut chosen = Vec::new();
        let mut reserve = 0;
        for ranked in &ranking.applications {
            let asked = requested
                .get(&ranked.application)
                .copied()
                .unwrap_or_default();
            let outcome = if chosen.len() < setup.advancing as usize {
                if last {
                    let amount = round.fundable(ranked.application, asked);
                    if amount <= Cents::ZERO {
                        continue;
                    }
                    // Staff fund only what fits every budget year, as the decision checks it.
                    let plan = plans.get(&ranked.application).cloned().unwrap_or_default();
                    let years = budget::in_proportion(&plan, amount);
                    let used = round.awarded_per_year();
                    if budget::check_years(&round.budget_per_year(), &used, amount, &years).is_err()
                    {
                        continue;
                    }
                    Outcome::Funded { amount }
                } else {
                    Outcome::Shortlisted
                }
            } else if last && reserve < 3 {
                reserve += 1;
                Outcome::Reserve { rank: reserve }
            } else {
                break;
            };
            if matches!(outcome, Outcome::Shortlisted | Outcome::Funded { .. }) {
                chosen.push(ranked.application);
            }
            let decided = award_decision::decide_with_reason(
                self.usecases(),
                &self.staff,
                self.id,
                ranked.application,
                award_decision::Step::Decide(outcome),
                departure_reason(&outcome),
                now,
            )
            .await
            .map_err(|e| anyhow!("deciding on {}: {e}", ranked.application))?;
            (self.tick)(decided.events.len() as u64);
            round = decided.state;
        }
        let all = entries
            .iter()
            .map(|e| KnownApplication::unheld(e.id))
            .collect();
        let finalised = award_decision::finalise(
            self.usecases(),
            &self.staff,
            self.id,
            all,
            Seen::Latest,
            now,
        )
        .await
        .map_err(|e| anyhow!("finalising: {e}"))?;
        (self.tick)(finalised.events.len() as u64);
        Ok(chosen)
    }
}

/// Why staff depart from the jury's recommendation where they do (`meeting.rs` recommends by
/// the ranking too): in the last stage only the budget makes them, when what is left funds an
/// award only in part or a recommended application not at all, so that the next moves up.
/// Recorded only where the decision departs.
fn departure_reason(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Funded { .. } => {
            "Das verbleibende Budget und seine Haushaltsjahre lassen eine Förderung nur in diesem Umfang zu; ein höher gereihter Antrag passt nicht mehr hinein."
        }
        Outcome::Reserve { .. } => {
            "Ein empfohlener Antrag passt nicht in das verbleibende Budget; der Antrag wartet auf der Nachrückliste, bis Mittel frei werden."
        }
        _ => "Die Verwaltung folgt der Reihenfolge der Rangliste.",
    }
}
