//! The jury meeting of a stage, after the reviews and before staff decide: most of the jury is
//! present (always enough for the quorum), the order of discussion is the ranking's, and the
//! jury recommends as the ranking suggests: the best `advancing` for the next stage or for
//! funding with what they requested, a few for the reserve list, the rest not; members
//! conflicted with an application are absent for it, and the notes fit the scores.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::rngs::StdRng;

use anyhow::anyhow;

use crate::app::Seen;
use crate::domain::ids::JurorId;
use crate::domain::jury::Jury;
use crate::domain::meeting::{MeetingKey, Vote, quorum};
use crate::domain::ranking::{self, Entry, SubmittedReview};
use crate::domain::recommendation::Recommendation;
use crate::usecases::jury_meeting::{self, Step};

use super::{Consortium, Demo};

/// How many below the recommended the jury names for the reserve list.
const RESERVE: usize = 3;

impl Demo<'_> {
    pub(super) async fn meeting(
        &self,
        rng: &mut StdRng,
        jury: &Jury,
        entries: &[Consortium],
        reviews: &[SubmittedReview],
        stage: usize,
        decided: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let setup = &self.setup.stages[stage];
        let last = stage + 1 == self.setup.stages.len();
        let key = MeetingKey {
            competition: self.id,
            stage,
        };
        let date = decided - Duration::days(2);
        // The decisions rank the same entries the same way (`decisions.rs`).
        let plain: Vec<Entry> = entries
            .iter()
            .map(|e| Entry {
                application: e.id,
                submitted_at: decided,
            })
            .collect();
        let ranked = ranking::rank(&setup.criteria, setup.overall_pass_mark, &plain, reviews);
        let members: Vec<JurorId> = jury.jurors.keys().copied().collect();
        // One in five stays away at most, never more than the quorum allows.
        let needed = quorum(members.len(), self.setup.quorum_percent);
        let away = rng
            .random_range(0..=members.len() / 5)
            .min(members.len() - needed.min(members.len()));
        let mut present = members.clone();
        for _ in 0..away {
            let gone = rng.random_range(0..present.len());
            present.remove(gone);
        }
        let step =
            |step| jury_meeting::act(self.usecases(), &self.staff, key, step, Seen::Latest, date);
        step(Step::Open { date })
            .await
            .map_err(|e| anyhow!("opening the meeting: {e}"))?;
        step(Step::Attendance {
            present: present.clone(),
        })
        .await
        .map_err(|e| anyhow!("the meeting's attendance: {e}"))?;
        let mut events = 2;
        for (place, r) in ranked.applications.iter().enumerate() {
            let asked = entries
                .iter()
                .find(|e| e.id == r.application)
                .map(|e| e.state.requested)
                .unwrap_or_default();
            let advancing = setup.advancing as usize;
            let recommendation = if place < advancing {
                if last {
                    Recommendation::Funding { amount: asked }
                } else {
                    Recommendation::NextStage
                }
            } else if place < advancing + RESERVE {
                Recommendation::Reserve
            } else {
                Recommendation::NotRecommended
            };
            let voting = present
                .iter()
                .filter(|j| !jury.is_conflicted(**j, r.application))
                .count() as u32;
            // Clear at the top and the bottom, divided in between.
            let against = match recommendation {
                Recommendation::Reserve => rng.random_range(0..=voting / 3),
                _ => rng.random_range(0..=voting / 6),
            };
            let abstain = rng.random_range(0..=(voting - against) / 5);
            let vote = Vote {
                yes: voting - against - abstain,
                no: against,
                abstain,
            };
            let score = r
                .score
                .map(|s| crate::texts::labels::points(s, crate::domain::account::Language::De))
                .unwrap_or_else(|| "–".into());
            let note = note(&recommendation, place + 1, &score, r.passes);
            if matches!(recommendation, Recommendation::Funding { amount } if amount.get() <= 0) {
                continue;
            }
            step(Step::Recommend {
                application: r.application,
                recommendation,
                vote,
                note,
            })
            .await
            .map_err(|e| anyhow!("recommending {}: {e}", r.application))?;
            events += 1;
        }
        step(Step::Close)
            .await
            .map_err(|e| anyhow!("closing the meeting: {e}"))?;
        (self.tick)(events + 2);
        Ok(())
    }
}

/// The minutes' note on an item, as the jury's chair would put it.
fn note(recommendation: &Recommendation, place: usize, score: &str, passes: bool) -> String {
    match recommendation {
        Recommendation::Funding { .. } => format!(
            "Platz {place} der Rangliste mit {score} Punkten. Die Jury hebt die Qualität des Konzepts und die Stärke des Konsortiums hervor und empfiehlt die Förderung im beantragten Umfang."
        ),
        Recommendation::NextStage => format!(
            "Platz {place} der Rangliste mit {score} Punkten. Überzeugende Skizze; die Jury empfiehlt, die Ausarbeitung in der nächsten Stufe anzufordern."
        ),
        Recommendation::Reserve => format!(
            "Platz {place} mit {score} Punkten, knapp hinter den Empfohlenen. Die Jury hält den Antrag für förderwürdig, wenn Mittel frei werden."
        ),
        Recommendation::NotRecommended if !passes => format!(
            "Platz {place} mit {score} Punkten; Mindestwerte nicht erreicht. Die Jury empfiehlt den Antrag nicht."
        ),
        Recommendation::NotRecommended => format!(
            "Platz {place} mit {score} Punkten. Solide, im Vergleich aber weniger überzeugend; die Jury empfiehlt den Antrag nicht."
        ),
    }
}
