//! The jury's consensus reports: for every application of the stage a rapporteur, named by the
//! balanced proposal, drafts the consensus from the means of the reviews with comments that
//! fit the scores; the other jurors agree, a few object; staff close every report.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use futures_util::{StreamExt, TryStreamExt, stream};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::app::{Actor, Seen};
use crate::domain::consensus::{
    ConsensusKey, RapporteurSlot, eligible_jurors, propose_rapporteurs,
};
use crate::domain::ids::{ApplicationId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::ranking::SubmittedReview;
use crate::domain::review::CriterionScore;
use crate::usecases::consensus_report::{self, Step};

use super::{Demo, PARALLEL, texts};

/// What an objecting juror says: the procedure leaves the substance to the jury.
const OBJECTIONS: [&str; 3] = [
    "Die Verwertungsperspektive ist im Entwurf zu günstig bewertet; die Absichtserklärungen tragen sie nicht.",
    "Das Kriterium Umsetzbarkeit verdient einen Punkt weniger: der Zeitplan ist sehr knapp.",
    "Die Einbindung der Region ist stärker, als der Entwurf sagt; ich würde höher bewerten.",
];

impl Demo<'_> {
    /// The consensus of every reviewed application of the stage, between the reviews
    /// (`reviewed`) and the decisions (`decided`).
    pub(super) async fn consensus(
        &self,
        jury: &Jury,
        reviews: &[SubmittedReview],
        stage: usize,
        reviewed: DateTime<Utc>,
        decided: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        // A generator of its own, so that the rest of the demo draws as it did without it.
        let mut rng = StdRng::seed_from_u64(0xC0_5E_05 + stage as u64);
        let criteria = self.setup.stages[stage].criteria.clone();
        let min_chars = self.setup.review.min_comment_chars;
        let mut by_application: BTreeMap<ApplicationId, Vec<&SubmittedReview>> = BTreeMap::new();
        for review in reviews {
            by_application
                .entry(review.application)
                .or_default()
                .push(review);
        }
        let slots: Vec<RapporteurSlot> = by_application
            .keys()
            .map(|application| RapporteurSlot {
                application: *application,
                jurors: eligible_jurors(
                    jury,
                    ConsensusKey {
                        application: *application,
                        stage,
                    },
                )
                .into_iter()
                .filter(|j| by_application[application].iter().any(|r| r.juror == *j))
                .collect(),
                named: None,
            })
            .collect();
        let proposal = propose_rapporteurs(&slots);
        let span = decided - reviewed;
        let at = |share: i32| reviewed + span * share / 5;
        let mut planned = Vec::new();
        for (application, rapporteur) in &proposal {
            let written = &by_application[application];
            let means: Vec<u8> = (0..criteria.len())
                .map(|i| {
                    let sum: u32 = written.iter().map(|r| u32::from(r.scores[i])).sum();
                    let n = written.len() as u32;
                    ((sum * 2 + n) / (2 * n)) as u8
                })
                .collect();
            let draft: Vec<CriterionScore> = criteria
                .iter()
                .zip(&means)
                .map(|(criterion, score)| CriterionScore {
                    score: Some(*score),
                    comment: texts::comment(&mut rng, criterion, *score, min_chars),
                })
                .collect();
            let overall = texts::overall_comment(&mut rng, &criteria, &means);
            let answers: Vec<(JurorId, Option<&str>)> = written
                .iter()
                .map(|r| r.juror)
                .filter(|j| j != rapporteur)
                .map(|j| {
                    let objects = rng.random_bool(0.1);
                    (
                        j,
                        objects.then(|| OBJECTIONS[rng.random_range(0..OBJECTIONS.len())]),
                    )
                })
                .collect();
            planned.push((*application, *rapporteur, draft, overall, answers));
        }
        stream::iter(planned)
            .map(
                |(application, rapporteur, draft, overall, answers)| async move {
                    let key = ConsensusKey { application, stage };
                    let juror = |j: JurorId| Actor::new(j.to_string(), "juror");
                    let mut steps = vec![
                        (self.staff.clone(), Step::Name(rapporteur), at(1)),
                        (
                            juror(rapporteur),
                            Step::Draft {
                                juror: rapporteur,
                                criteria: draft,
                                overall_comment: overall,
                            },
                            at(2),
                        ),
                    ];
                    for (other, objection) in answers {
                        let step = match objection {
                            Some(reason) => Step::Object {
                                juror: other,
                                reason: reason.to_owned(),
                            },
                            None => Step::Agree(other),
                        };
                        steps.push((juror(other), step, at(3)));
                    }
                    steps.push((self.staff.clone(), Step::Close, at(4)));
                    for (actor, step, now) in steps {
                        let executed = consensus_report::run(
                            self.usecases(),
                            &actor,
                            self.id,
                            key,
                            step,
                            Seen::Latest,
                            now,
                        )
                        .await
                        .map_err(|e| anyhow::anyhow!("consensus-{key}: {e}"))?;
                        (self.tick)(executed.events.len() as u64);
                    }
                    Ok::<_, anyhow::Error>(())
                },
            )
            .buffer_unordered(PARALLEL)
            .try_collect::<Vec<()>>()
            .await?;
        Ok(())
    }
}
