//! The jurors' confidence in their reviews, and their discussion where they disagree: a juror is
//! surest in a field of their own expertise, and the jurors furthest apart on an application
//! explain themselves to each other, with a word from the programme staff on the procedure.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::app::Actor;
use crate::domain::confidence::Confidence;
use crate::domain::discussion::DiscussionKey;
use crate::domain::field::TechnologyField;
use crate::domain::ids::{AccountId, ApplicationId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::ranking::SubmittedReview;
use crate::domain::review::weighted_score;
use crate::usecases::discussion_posting::{self, Poster, Posting};

use super::Demo;

/// Jurors disagree enough to discuss when their weighted scores lie this far apart (points in
/// hundredths: 1.5 points on the 0–5 scale).
const DISCUSSED_SPREAD: u32 = 150;

/// How sure a juror is of a review: mostly an expert in a field of their own, mostly familiar
/// or less outside it. Drawn from the review's own seed, so that the rest of the demo draws
/// what it drew before reviews had a confidence.
pub(super) fn confidence(
    jury: &Jury,
    juror: JurorId,
    application: ApplicationId,
    field: Option<TechnologyField>,
) -> Confidence {
    let seed = juror.as_uuid().as_u128() ^ application.as_uuid().as_u128().rotate_left(64);
    let rng = &mut StdRng::seed_from_u64((seed ^ (seed >> 64)) as u64);
    let own_field = field.is_some_and(|f| {
        jury.jurors
            .get(&juror)
            .is_some_and(|j| j.expertise.contains(&f))
    });
    let roll: f64 = rng.random();
    match (own_field, roll) {
        (true, r) if r < 0.7 => Confidence::Expert,
        (true, _) => Confidence::Familiar,
        (false, r) if r < 0.35 => Confidence::Familiar,
        (false, r) if r < 0.8 => Confidence::Basic,
        (false, _) => Confidence::OutsideField,
    }
}

impl Demo<'_> {
    /// Where the jurors of an application lie far apart, the most and the least convinced
    /// explain themselves, and staff remind them what the consensus must rest on.
    pub(super) async fn discussion(
        &self,
        jury: &Jury,
        reviews: &[SubmittedReview],
        stage: usize,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let criteria = &self.setup.stages[stage].criteria;
        let mut by_application: BTreeMap<ApplicationId, Vec<(JurorId, u32)>> = BTreeMap::new();
        for review in reviews {
            by_application
                .entry(review.application)
                .or_default()
                .push((review.juror, weighted_score(criteria, &review.scores)));
        }
        for (application, scored) in by_application {
            let (Some(&(high, top)), Some(&(low, bottom))) = (
                scored.iter().max_by_key(|(_, s)| *s),
                scored.iter().min_by_key(|(_, s)| *s),
            ) else {
                continue;
            };
            if top - bottom < DISCUSSED_SPREAD {
                continue;
            }
            // Only the application's jurors as they stand: a conflicted one does not take part.
            if jury.is_conflicted(high, application) || jury.is_conflicted(low, application) {
                continue;
            }
            let key = DiscussionKey { application, stage };
            let points = |s: u32| format!("{},{:02}", s / 100, s % 100);
            let posts = [
                (
                    Poster::Juror(high),
                    format!(
                        "Ich komme auf {}: Die Innovationshöhe und das Konsortium überzeugen mich, der Arbeitsplan ist ehrgeizig, aber mit den genannten Partnern umsetzbar. Wo seht ihr die Schwächen?",
                        points(top)
                    ),
                ),
                (
                    Poster::Juror(low),
                    if bottom < 250 {
                        format!(
                            "Bei mir sind es nur {}: Die Verwertung bleibt vage, und der Finanzierungsplan trägt die Personalkosten im zweiten Jahr nicht. Die Idee finde ich gut, die Umsetzung nicht belegt.",
                            points(bottom)
                        )
                    } else {
                        format!(
                            "Ich liege bei {}: solide, aber die regionale Verankerung ist dünner, als die Skizze verspricht, und zwei Partner tragen fast den ganzen Arbeitsplan.",
                            points(bottom)
                        )
                    },
                ),
                (
                    Poster::Staff {
                        account: AccountId::parse(&self.staff.id)
                            .unwrap_or_else(|| AccountId::from_uuid(uuid::Uuid::nil())),
                        // The page names staff by their role; the demo's account has no
                        // person's name to add.
                        name: String::new(),
                    },
                    "Danke für die Begründungen. Bitte halten Sie für den Konsens fest, an welchen Kriterien die Einschätzungen auseinandergehen; maßgeblich ist der Antrag, wie er vorliegt.".to_owned(),
                ),
            ];
            for (n, (poster, text)) in posts.into_iter().enumerate() {
                let actor = match &poster {
                    Poster::Juror(juror) => Actor::new(juror.to_string(), "juror"),
                    Poster::Staff { .. } => self.staff.clone(),
                };
                let posting = Posting {
                    competition: self.id,
                    key,
                    poster,
                    // Ids of their own, so that the demo's other draws stay as they were.
                    post: uuid::Uuid::new_v5(
                        &application.as_uuid(),
                        format!("discussion {stage} {n}").as_bytes(),
                    ),
                    text,
                    now: now + Duration::hours(n as i64 * 3),
                };
                let executed = discussion_posting::post(self.usecases(), &actor, posting)
                    .await
                    .map_err(|e| anyhow::anyhow!("discussion-{key}: {e}"))?;
                (self.tick)(executed.events.len() as u64);
            }
        }
        Ok(())
    }
}
