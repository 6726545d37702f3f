//! The jurors' reviews: scores from the application's quality, the juror's leniency and some
//! noise, with comments that follow the scores.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use futures_util::{StreamExt, TryStreamExt, stream};
use rand::Rng;
use rand::rngs::StdRng;

use crate::app::{Actor, Seen};
use crate::domain::ids::{ApplicationId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::ranking::SubmittedReview;
use crate::domain::review::{CriterionScore, ReviewKey, Scores};
use crate::domain::review_standing::ReviewStanding;
use crate::usecases::review_scoring::{self, Scoring};

use super::{Consortium, Demo, PARALLEL, texts};

impl Demo<'_> {
    /// Every assignment of the stage reviewed: the application's quality, the juror's
    /// leniency and some noise, on the criterion's scale.
    pub(super) async fn reviews(
        &self,
        rng: &mut StdRng,
        jury: &Jury,
        entries: &[Consortium],
        leniency: &BTreeMap<JurorId, f64>,
        stage: usize,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Vec<SubmittedReview>> {
        let criteria = self.setup.stages[stage].criteria.clone();
        let min_comment_chars = self.setup.review.min_comment_chars;
        let quality: BTreeMap<ApplicationId, f64> =
            entries.iter().map(|e| (e.id, e.quality)).collect();
        let fields: BTreeMap<ApplicationId, _> =
            entries.iter().map(|e| (e.id, e.state.field)).collect();
        let mut planned = Vec::new();
        for &(s, application, juror) in &jury.assignments {
            let Some(q) = quality.get(&application).filter(|_| s == stage) else {
                continue;
            };
            let bias = leniency.get(&juror).copied().unwrap_or_default();
            let scores: Vec<u8> = criteria
                .iter()
                .map(|k| {
                    let value = (q + bias + rng.random_range(-0.7..0.7)).round();
                    value.clamp(f64::from(k.scale_min), f64::from(k.scale_max)) as u8
                })
                .collect();
            let written = Scores {
                criteria: criteria
                    .iter()
                    .zip(&scores)
                    .map(|(criterion, score)| CriterionScore {
                        score: Some(*score),
                        comment: texts::comment(rng, criterion, *score, min_comment_chars),
                    })
                    .collect(),
                overall_comment: texts::overall_comment(rng, &criteria, &scores),
                confidence: Some(super::discussion::confidence(
                    jury,
                    juror,
                    application,
                    fields.get(&application).copied().flatten(),
                )),
            };
            planned.push((application, juror, written));
        }
        // Back in the planned order afterwards, so that the ranking adds its figures up in the
        // same order.
        let mut written: Vec<(usize, SubmittedReview)> =
            stream::iter(planned.into_iter().enumerate())
                .map(|(n, (application, juror, scores))| async move {
                    let scoring = Scoring {
                        competition: self.id,
                        key: ReviewKey {
                            application,
                            stage,
                            juror,
                        },
                        scores,
                        submit: true,
                        seen: Seen::Latest,
                        now,
                    };
                    let actor = Actor::new(juror.to_string(), "juror");
                    let key = scoring.key;
                    let executed = review_scoring::score(self.usecases(), &actor, scoring)
                        .await
                        .map_err(|e| anyhow::anyhow!("review-{key}: {e}"))?;
                    (self.tick)(executed.events.len() as u64);
                    SubmittedReview::of(&ReviewStanding::of(&executed.state))
                        .map(|review| (n, review))
                        .ok_or_else(|| anyhow::anyhow!("the review {key} was not submitted"))
                })
                .buffer_unordered(PARALLEL)
                .try_collect()
                .await?;
        written.sort_by_key(|(n, _)| *n);
        Ok(written.into_iter().map(|(_, review)| review).collect())
    }
}
