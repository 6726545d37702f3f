//! The ranking of one stage: weighted scores (each review counting the same, or as much as its
//! juror's confidence: [`Weighting`]), pass marks, disagreement between jurors, a
//! deterministic rank, and beside it a ranking on per-juror normalised scores (z-scores) that
//! shows where a lenient or harsh juror changed the outcome.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::confidence::Confidence;
use super::ids::{ApplicationId, JurorId};
use super::jury::Jury;
use super::review::{ReviewKey, weighted_score};
use super::review_standing::ReviewStanding;
use super::setup::{Criterion, Hundredths};

/// Jurors disagree strongly when their weighted scores lie this share of the scale apart.
pub const DISAGREEMENT_SHARE_PERCENT: u32 = 30;

#[derive(Debug, Clone)]
pub struct SubmittedReview {
    pub application: ApplicationId,
    pub juror: JurorId,
    pub scores: Vec<u8>,
    /// The juror's confidence; `None` for a review from before it was asked.
    pub confidence: Option<Confidence>,
}

impl SubmittedReview {
    /// A review as the ranking counts it: submitted, with a score for every criterion (the
    /// version last submitted, while a reopened one is revised). `None` for any other.
    pub fn of(review: &ReviewStanding) -> Option<Self> {
        let key = review.key?;
        review.submitted_at?;
        let scores = review.scores.iter().copied().collect::<Option<_>>()?;
        Some(Self {
            application: key.application,
            juror: key.juror,
            scores,
            confidence: review.confidence,
        })
    }
}

/// What the ranking of `stage` counts for `applications`: the submitted reviews of the jurors
/// assigned to each. `review` finds a review's standing by its key wherever the caller keeps
/// reviews (a projection, the log); `None` for one not written.
pub fn submitted_reviews<R: Borrow<ReviewStanding>, E>(
    jury: &Jury,
    stage: usize,
    applications: impl IntoIterator<Item = ApplicationId>,
    mut review: impl FnMut(ReviewKey) -> Result<Option<R>, E>,
) -> Result<Vec<SubmittedReview>, E> {
    let mut submitted = Vec::new();
    for application in applications {
        for juror in jury.jurors_of(stage, application) {
            let key = ReviewKey {
                application,
                stage,
                juror,
            };
            if let Some(found) = review(key)?
                && let Some(counted) = SubmittedReview::of(found.borrow())
            {
                submitted.push(counted);
            }
        }
    }
    Ok(submitted)
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub application: ApplicationId,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub application: ApplicationId,
    pub reviews: usize,
    pub criterion_means: Vec<Hundredths>,
    /// Mean of the reviews' weighted scores; `None` without a submitted review.
    pub score: Option<Hundredths>,
    pub passes: bool,
    /// Highest minus lowest weighted score among the jurors.
    pub spread: Hundredths,
    pub disagreement: bool,
    /// 1 = best.
    pub rank: usize,
    /// Mean of the jurors' z-scores for this application.
    pub normalised: f64,
    pub normalised_rank: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct JurorLeniency {
    pub juror: JurorId,
    pub reviews: usize,
    pub mean: Hundredths,
    /// The juror's mean minus the mean of all reviews: positive is lenient, negative harsh.
    pub offset: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ranking {
    pub applications: Vec<Ranked>,
    pub jurors: Vec<JurorLeniency>,
}

/// How each application's reviews are averaged into its score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Weighting {
    /// Every review counts the same.
    #[default]
    Equal,
    /// Each review counts with its juror's confidence (1–4): Σ score·confidence ÷ Σ confidence.
    /// A review without a confidence, from before it was asked, counts with 1.
    Confidence,
}

impl Weighting {
    /// What a review weighs under this weighting.
    pub fn of(self, review: &SubmittedReview) -> u32 {
        match self {
            Weighting::Equal => 1,
            Weighting::Confidence => review.confidence.map_or(1, |c| u32::from(c.value())),
        }
    }
}

/// The ranking with every review counting the same.
pub fn rank(
    criteria: &[Criterion],
    overall_pass_mark: Option<Hundredths>,
    entries: &[Entry],
    reviews: &[SubmittedReview],
) -> Ranking {
    rank_weighted(
        criteria,
        overall_pass_mark,
        entries,
        reviews,
        Weighting::Equal,
    )
}

/// The ranking with each application's means taken under `weighting`; the normalised rank and
/// the jurors' leniency stay those of the plain scores.
pub fn rank_weighted(
    criteria: &[Criterion],
    overall_pass_mark: Option<Hundredths>,
    entries: &[Entry],
    reviews: &[SubmittedReview],
    weighting: Weighting,
) -> Ranking {
    let weighted: Vec<(ApplicationId, JurorId, Hundredths)> = reviews
        .iter()
        .map(|r| (r.application, r.juror, weighted_score(criteria, &r.scores)))
        .collect();
    let z = z_scores(&weighted);
    let submitted: BTreeMap<ApplicationId, DateTime<Utc>> = entries
        .iter()
        .map(|e| (e.application, e.submitted_at))
        .collect();
    let span = scale_span(criteria);

    let mut ranked: Vec<Ranked> = entries
        .iter()
        .map(|entry| {
            let own: Vec<&SubmittedReview> = reviews
                .iter()
                .filter(|r| r.application == entry.application)
                .collect();
            let scores: Vec<Hundredths> = weighted
                .iter()
                .filter(|(a, _, _)| *a == entry.application)
                .map(|(_, _, w)| *w)
                .collect();
            let weights: Vec<u32> = own.iter().map(|r| weighting.of(r)).collect();
            let criterion_means = (0..criteria.len())
                .map(|i| {
                    weighted_mean(
                        own.iter()
                            .zip(&weights)
                            .map(|(r, w)| (u32::from(r.scores[i]) * 100, *w)),
                    )
                })
                .collect::<Vec<_>>();
            let score = (!scores.is_empty())
                .then(|| weighted_mean(scores.iter().copied().zip(weights.iter().copied())));
            let spread = scores
                .iter()
                .max()
                .zip(scores.iter().min())
                .map_or(0, |(a, b)| a - b);
            let passes = score.is_some()
                && criteria
                    .iter()
                    .zip(&criterion_means)
                    .all(|(c, m)| c.pass_mark.is_none_or(|p| *m >= u32::from(p) * 100))
                && overall_pass_mark.is_none_or(|p| score.unwrap_or(0) >= p);
            let zs: Vec<f64> = z
                .iter()
                .filter(|(a, _)| *a == entry.application)
                .map(|(_, z)| *z)
                .collect();
            let normalised = if zs.is_empty() {
                f64::NEG_INFINITY
            } else {
                zs.iter().sum::<f64>() / zs.len() as f64
            };
            Ranked {
                application: entry.application,
                reviews: scores.len(),
                criterion_means,
                score,
                passes,
                spread,
                disagreement: scores.len() > 1 && spread * 100 >= span * DISAGREEMENT_SHARE_PERCENT,
                rank: 0,
                normalised,
                normalised_rank: 0,
            }
        })
        .collect();

    let order_by_weight = criteria_by_weight(criteria);
    let tie_break = |a: &Ranked, b: &Ranked| {
        for &i in &order_by_weight {
            match b.criterion_means[i].cmp(&a.criterion_means[i]) {
                Ordering::Equal => continue,
                other => return other,
            }
        }
        submitted[&a.application]
            .cmp(&submitted[&b.application])
            .then(a.application.cmp(&b.application))
    };
    ranked.sort_by(|a, b| {
        b.normalised
            .total_cmp(&a.normalised)
            .then_with(|| tie_break(a, b))
    });
    for (i, r) in ranked.iter_mut().enumerate() {
        r.normalised_rank = i + 1;
    }
    ranked.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| tie_break(a, b)));
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    Ranking {
        applications: ranked,
        jurors: leniency(&weighted),
    }
}

fn mean(values: impl Iterator<Item = u32>) -> Hundredths {
    let (sum, n) = values.fold((0u64, 0u64), |(s, n), v| (s + u64::from(v), n + 1));
    if n == 0 {
        0
    } else {
        ((sum * 2 + n) / (2 * n)) as Hundredths
    }
}

/// Σ value·weight ÷ Σ weight, rounded half up; 0 without values.
pub fn weighted_mean(values: impl Iterator<Item = (u32, u32)>) -> Hundredths {
    let (sum, total) = values.fold((0u64, 0u64), |(s, t), (v, w)| {
        (s + u64::from(v) * u64::from(w), t + u64::from(w))
    });
    if total == 0 {
        0
    } else {
        ((sum * 2 + total) / (2 * total)) as Hundredths
    }
}

/// The span of the weighted score, in hundredths (e.g. 500 for 0–5 scales).
fn scale_span(criteria: &[Criterion]) -> u32 {
    let max: Vec<u8> = criteria.iter().map(|c| c.scale_max).collect();
    let min: Vec<u8> = criteria.iter().map(|c| c.scale_min).collect();
    weighted_score(criteria, &max) - weighted_score(criteria, &min)
}

fn criteria_by_weight(criteria: &[Criterion]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..criteria.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(criteria[i].weight));
    order
}

/// Each review's weighted score as a z-score within its juror's reviews.
fn z_scores(weighted: &[(ApplicationId, JurorId, Hundredths)]) -> Vec<(ApplicationId, f64)> {
    let mut by_juror: BTreeMap<JurorId, Vec<f64>> = BTreeMap::new();
    for (_, juror, w) in weighted {
        by_juror.entry(*juror).or_default().push(f64::from(*w));
    }
    let stats: BTreeMap<JurorId, (f64, f64)> = by_juror
        .into_iter()
        .map(|(juror, values)| {
            let n = values.len() as f64;
            let mean = values.iter().sum::<f64>() / n;
            let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
            (juror, (mean, variance.sqrt()))
        })
        .collect();
    weighted
        .iter()
        .map(|(application, juror, w)| {
            let (mean, sd) = stats[juror];
            let z = if sd > f64::EPSILON {
                (f64::from(*w) - mean) / sd
            } else {
                0.0
            };
            (*application, z)
        })
        .collect()
}

fn leniency(weighted: &[(ApplicationId, JurorId, Hundredths)]) -> Vec<JurorLeniency> {
    let overall = i64::from(mean(weighted.iter().map(|(_, _, w)| *w)));
    let mut by_juror: BTreeMap<JurorId, Vec<Hundredths>> = BTreeMap::new();
    for (_, juror, w) in weighted {
        by_juror.entry(*juror).or_default().push(*w);
    }
    let mut jurors: Vec<JurorLeniency> = by_juror
        .into_iter()
        .map(|(juror, values)| {
            let m = mean(values.iter().copied());
            JurorLeniency {
                juror,
                reviews: values.len(),
                mean: m,
                offset: i64::from(m) - overall,
            }
        })
        .collect();
    jurors.sort_by_key(|j| std::cmp::Reverse(j.offset));
    jurors
}
