//! The decisions of a stage: the ranking's best go on, within the budget in the last stage.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::competition::{Candidate, CompetitionCommand, Outcome};
use crate::domain::ids::ApplicationId;
use crate::domain::money::Cents;
use crate::domain::ranking::{self, Entry, SubmittedReview};

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
            entries.iter().map(|e| (e.id, e.requested)).collect();
        let last = stage + 1 == self.setup.stages.len();
        let mut left = self.setup.budget;
        let mut chosen = Vec::new();
        let mut reserve = 0;
        for ranked in &ranking.applications {
            let asked = requested
                .get(&ranked.application)
                .copied()
                .unwrap_or_default();
            let candidate = Candidate {
                application_id: ranked.application,
                in_review: true,
                requested: asked,
            };
            let outcome = if chosen.len() < setup.advancing as usize {
                if last {
                    let amount = if asked > left { left } else { asked };
                    if amount <= Cents::ZERO {
                        continue;
                    }
                    left = left - amount;
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
            self.competition(vec![CompetitionCommand::Decide {
                candidate,
                outcome,
                now,
            }])
            .await?;
        }
        let all = entries.iter().map(|e| e.id).collect();
        self.competition(vec![CompetitionCommand::FinaliseResults {
            entries: all,
            now,
        }])
        .await?;
        Ok(chosen)
    }
}
