//! The script of a round: set-up, jury, applications, and per stage the review and the
//! decisions, then an open second round if asked for.

use std::collections::BTreeMap;

use anyhow::{Context, anyhow};
use chrono::{Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::app::Actor;
use crate::domain::account::{Role, account_id_for};
use crate::domain::competition::CompetitionCommand;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::{CompetitionId, JurorId};
use crate::domain::presets::Preset;
use crate::event_store::EventStore;
use crate::security::password;
use crate::usecases::KnownApplication;
use crate::usecases::jury_assignment::{self, Automatic};

use super::names::Taken;
use super::{DEMO_PASSWORD, Demo, OPEN_ROUND_EMAIL, Options, Report, STAFF_EMAIL};

/// Applications and jurors of the real programme round.
fn proportions(preset: Preset) -> (usize, usize) {
    match preset {
        Preset::InnoRegio => (444, 30),
        Preset::Spitzencluster => (23, 15),
        Preset::BioRegio => (17, 10),
    }
}

pub async fn fill(
    store: &EventStore,
    options: Options,
    tick: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<Report> {
    // The log lives in `DATA/events`; the documents beside it, in `DATA/documents`.
    let data = store
        .path()
        .parent()
        .context("the log lies in a data directory")?;
    let documents = crate::documents::DocumentStore::open(data)?;
    fill_with_documents(store, &documents, options, tick).await
}

/// `fill` with the documents kept where `documents` keeps them (the shared database of
/// instances on PostgreSQL).
pub async fn fill_with_documents(
    store: &EventStore,
    documents: &crate::documents::DocumentStore,
    options: Options,
    tick: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<Report> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut taken = Taken::default();
    let t0 = Utc::now() - Duration::weeks(104);
    let (base_applications, base_jurors) = proportions(options.preset);
    let applications = base_applications * options.scale.max(1);
    let jurors = (base_jurors * options.scale.max(1)).max(applications * 3 / 60);
    let hash = tokio::task::spawn_blocking(|| password::hash(DEMO_PASSWORD)).await?;
    let demo = Demo {
        store,
        documents,
        setup: options.preset.setup(t0),
        id: CompetitionId::from_uuid(uuid::Uuid::now_v7()),
        staff: Actor::new(
            account_id_for(&EmailAddress::parse(STAFF_EMAIL)?).to_string(),
            "staff",
        ),
        hash,
        tick,
        facts: Default::default(),
    };
    demo.account(STAFF_EMAIL, "Programmverwaltung (Demo)", Role::Staff)
        .await?;
    demo.competition(vec![
        CompetitionCommand::Draft {
            competition_id: demo.id,
            setup: demo.setup.clone(),
            now: t0,
        },
        CompetitionCommand::Publish { now: t0 },
        CompetitionCommand::OpenNextStage { now: t0 },
    ])
    .await?;
    let juror_ids = demo.jury(&mut rng, &mut taken, jurors, t0).await?;
    let mut entries = demo
        .applications(
            &mut rng,
            &mut taken,
            applications,
            t0 + Duration::days(3),
            None,
        )
        .await?;
    // A week before the first deadline the programme writes to the consortia that submitted.
    demo.circular(demo.setup.stages[0].submission_deadline - Duration::weeks(1))
        .await?;
    let leniency: BTreeMap<JurorId, f64> = juror_ids
        .iter()
        .map(|j| (*j, rng.random_range(-0.7..0.7)))
        .collect();
    let mut going_on = Vec::new();
    let mut reviews_written = 0;
    for stage in 0..demo.setup.stages.len() {
        let deadline = demo.setup.stages[stage].submission_deadline;
        let review_deadline = demo.setup.stages[stage].review_deadline;
        demo.competition(vec![CompetitionCommand::CloseStage { now: deadline }])
            .await?;
        let checked = demo.formal_check(&entries, stage, deadline).await?;
        demo.competition(vec![CompetitionCommand::StartReview { now: checked }])
            .await?;
        let assign = Automatic {
            competition: demo.id,
            applications: entries
                .iter()
                .map(|e| KnownApplication::unheld(e.id))
                .collect(),
            per_application: 3,
            now: deadline,
        };
        let assigned = jury_assignment::assign_automatically(demo.usecases(), &demo.staff, assign)
            .await
            .map_err(|e| anyhow!("assigning the jury: {e}"))?;
        let jury = assigned.state;
        let reviews = demo
            .reviews(
                &mut rng,
                &jury,
                &entries,
                &leniency,
                stage,
                deadline + Duration::weeks(2),
            )
            .await?;
        demo.discussion(&jury, &reviews, stage, deadline + Duration::weeks(3))
            .await?;
        reviews_written += reviews.len();
        let decided = review_deadline - Duration::days(1);
        demo.consensus(
            &jury,
            &reviews,
            stage,
            deadline + Duration::weeks(4),
            decided,
        )
        .await?;
        demo.meeting(&mut rng, &jury, &entries, &reviews, stage, decided)
            .await?;
        let chosen = demo.decide(&entries, &reviews, stage, decided).await?;
        going_on.push(chosen.len());
        demo.competition(vec![CompetitionCommand::ReleaseResults { now: decided }])
            .await?;
        demo.redress(&mut rng, &entries, &chosen, stage, decided)
            .await?;
        if stage + 1 < demo.setup.stages.len() {
            demo.competition(vec![CompetitionCommand::OpenNextStage { now: decided }])
                .await?;
            entries.retain(|e| chosen.contains(&e.id));
            entries = demo
                .next_stage(entries, stage + 1, decided + Duration::hours(2))
                .await?;
        }
    }
    demo.competition(vec![CompetitionCommand::Complete {
        now: demo
            .setup
            .stages
            .last()
            .map(|s| s.review_deadline)
            .unwrap_or(t0),
    }])
    .await?;
    let open_round = if options.open_drafts > 0 {
        Some(
            open_round(
                &demo,
                &mut rng,
                &mut taken,
                options.preset,
                options.open_drafts,
            )
            .await?,
        )
    } else {
        None
    };
    Ok(Report {
        competition: demo.id,
        open_round,
        applications,
        jurors,
        reviews: reviews_written,
        going_on,
    })
}

/// A second round of the preset, published and open now, with `drafts` complete drafts of one
/// applicant, none submitted.
async fn open_round(
    past: &Demo<'_>,
    rng: &mut StdRng,
    taken: &mut Taken,
    preset: Preset,
    drafts: usize,
) -> anyhow::Result<CompetitionId> {
    let now = Utc::now();
    let mut setup = preset.setup(now);
    setup.name = format!("{} (offene Runde)", setup.name);
    let round = Demo {
        store: past.store,
        documents: past.documents,
        setup,
        id: CompetitionId::from_uuid(uuid::Uuid::now_v7()),
        staff: past.staff.clone(),
        hash: past.hash.clone(),
        tick: past.tick,
        facts: Default::default(),
    };
    round
        .competition(vec![
            CompetitionCommand::Draft {
                competition_id: round.id,
                setup: round.setup.clone(),
                now,
            },
            CompetitionCommand::Publish { now },
            CompetitionCommand::OpenNextStage { now },
        ])
        .await?;
    let owner = round
        .account(OPEN_ROUND_EMAIL, "Offene Runde (Demo)", Role::Applicant)
        .await?;
    round
        .applications(rng, taken, drafts, now, Some(owner))
        .await?;
    Ok(round.id)
}
