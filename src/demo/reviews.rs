//! The jurors' reviews: scores from the application's quality, the juror's leniency and some
//! noise, with comments that follow the scores.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use futures_util::{StreamExt, TryStreamExt, stream};
use rand::Rng;
use rand::rngs::StdRng;

use crate::app::Actor;
use crate::domain::ids::{ApplicationId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::ranking::SubmittedReview;
use crate::domain::review::{
    CriterionScore, Review, ReviewCommand, ReviewContext, ReviewKey, Scores,
};

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
            };
            planned.push((
                SubmittedReview {
                    application,
                    juror,
                    scores,
                },
                written,
            ));
        }
        stream::iter(planned.clone())
            .map(|(review, scores)| {
                let criteria = criteria.clone();
                async move {
                    let key = ReviewKey {
                        application: review.application,
                        stage,
                        juror: review.juror,
                    };
                    let command = ReviewCommand::Submit {
                        key,
                        scores,
                        context: ReviewContext {
                            criteria,
                            open: true,
                            assigned: true,
                            conflicted: false,
                            min_comment_chars,
                        },
                        now,
                    };
                    let actor = Actor::new(review.juror.to_string(), "juror");
                    self.run::<Review>(&key.to_string(), &actor, command)
                        .await
                        .map(|_| ())
                }
            })
            .buffer_unordered(PARALLEL)
            .try_collect::<Vec<()>>()
            .await?;
        Ok(planned.into_iter().map(|(review, _)| review).collect())
    }
}
