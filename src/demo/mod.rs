//! Demo data: a whole competition run through the real commands, from the set-up to the last
//! funding decision, at the programme's real proportions (InnoRegio: 444 applications, 25
//! shortlisted, 23 funded), times a scale. Everything happens in the simulated past, two years
//! ago, so that every deadline the presets set has passed in order.

mod names;

use std::collections::BTreeMap;

use anyhow::{Context, anyhow};
use chrono::{DateTime, Duration, Utc};
use futures_util::{StreamExt, TryStreamExt, stream};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::app::{Actor, execute, stream_of};
use crate::domain::account::{Account, AccountCommand, Language, Role, account_id_for};
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, ApplicationCommand, Details, SubmissionWindow};
use crate::domain::competition::{Candidate, Competition, CompetitionCommand, Outcome};
use crate::domain::field::TechnologyField;
use crate::domain::ids::{AccountId, ApplicationId, CompetitionId, JurorId};
use crate::domain::jury::{ApplicationFacts, Juror, Jury, JuryCommand};
use crate::domain::land::Land;
use crate::domain::money::Cents;
use crate::domain::partner::{Partner, PartnerKind};
use crate::domain::presets::Preset;
use crate::domain::privacy::PrivacyConsent;
use crate::domain::ranking::{self, Entry, SubmittedReview};
use crate::domain::review::{
    CriterionScore, Review, ReviewCommand, ReviewContext, ReviewKey, Scores,
};
use crate::domain::setup::CompetitionSetup;
use crate::email::address::EmailAddress;
use crate::event_store::EventStore;
use crate::security::password;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "wettbewerb-demo";
pub const STAFF_EMAIL: &str = "leitung@demo.wettbewerb.test";
/// Appends in flight at once, so that the log's group commit has something to group.
const PARALLEL: usize = 64;

pub struct Options {
    pub preset: Preset,
    pub scale: usize,
    pub seed: u64,
    /// Complete, unsubmitted drafts in a second round of the preset that is open now, all of
    /// one applicant (`OPEN_ROUND_EMAIL`): work for a submission benchmark.
    pub open_drafts: usize,
}

/// The applicant who owns every draft of the open round.
pub const OPEN_ROUND_EMAIL: &str = "offen@demo.wettbewerb.test";

pub struct Report {
    pub competition: CompetitionId,
    /// The round open now, when drafts were asked for.
    pub open_round: Option<CompetitionId>,
    pub applications: usize,
    pub jurors: usize,
    pub reviews: usize,
    pub going_on: Vec<usize>,
}

/// Applications and jurors of the real programme round.
fn proportions(preset: Preset) -> (usize, usize) {
    match preset {
        Preset::InnoRegio => (444, 30),
        Preset::Spitzencluster => (23, 15),
        Preset::BioRegio => (17, 10),
    }
}

struct Demo<'a> {
    store: &'a EventStore,
    setup: CompetitionSetup,
    id: CompetitionId,
    staff: Actor,
    hash: String,
    tick: &'a (dyn Fn(u64) + Sync),
}

pub async fn fill(
    store: &EventStore,
    options: Options,
    tick: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<Report> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let t0 = Utc::now() - Duration::weeks(104);
    let (base_applications, base_jurors) = proportions(options.preset);
    let applications = base_applications * options.scale.max(1);
    let jurors = (base_jurors * options.scale.max(1)).max(applications * 3 / 60);
    let hash = tokio::task::spawn_blocking(|| password::hash(DEMO_PASSWORD)).await?;
    let demo = Demo {
        store,
        setup: options.preset.setup(t0),
        id: CompetitionId::from_uuid(uuid::Uuid::now_v7()),
        staff: Actor::new(
            account_id_for(&EmailAddress::parse(STAFF_EMAIL)?).to_string(),
            "staff",
        ),
        hash,
        tick,
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
    let juror_ids = demo.jury(&mut rng, jurors, t0).await?;
    let mut entries = demo
        .applications(&mut rng, applications, t0 + Duration::days(3), None)
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
        demo.competition(vec![
            CompetitionCommand::CloseStage { now: deadline },
            CompetitionCommand::StartReview { now: deadline },
        ])
        .await?;
        let facts: Vec<ApplicationFacts> = entries
            .iter()
            .map(|e| ApplicationFacts {
                id: e.id,
                field: e.field,
                organisations: e.organisations.clone(),
            })
            .collect();
        let assign = JuryCommand::AssignAutomatically {
            stage,
            applications: facts,
            per_application: 3,
            now: deadline,
        };
        let jury = execute::<Jury>(store, &stream_of::<Jury>(&demo.id), &demo.staff, assign)
            .await
            .map_err(|e| anyhow!("assigning the jury: {e}"))?
            .state;
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
        reviews_written += reviews.len();
        let decided = review_deadline - Duration::days(1);
        let chosen = demo.decide(&entries, &reviews, stage, decided).await?;
        going_on.push(chosen.len());
        demo.competition(vec![CompetitionCommand::ReleaseResults { now: decided }])
            .await?;
        if stage + 1 < demo.setup.stages.len() {
            demo.competition(vec![CompetitionCommand::OpenNextStage { now: decided }])
                .await?;
            entries.retain(|e| chosen.contains(&e.id));
            demo.next_stage(&entries, stage + 1, decided + Duration::hours(2))
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
        Some(open_round(&demo, &mut rng, options.preset, options.open_drafts).await?)
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
    preset: Preset,
    drafts: usize,
) -> anyhow::Result<CompetitionId> {
    let now = Utc::now();
    let mut setup = preset.setup(now);
    setup.name = format!("{} (offene Runde)", setup.name);
    let round = Demo {
        store: past.store,
        setup,
        id: CompetitionId::from_uuid(uuid::Uuid::now_v7()),
        staff: past.staff.clone(),
        hash: past.hash.clone(),
        tick: past.tick,
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
    round.applications(rng, drafts, now, Some(owner)).await?;
    Ok(round.id)
}

/// What the demo keeps of an application between the stages.
#[derive(Clone)]
struct Entry2 {
    id: ApplicationId,
    field: Option<TechnologyField>,
    organisations: Vec<String>,
    requested: Cents,
    /// How good it is, on the criteria's 0–5 scale; jurors see it through their leniency.
    quality: f64,
}

impl Demo<'_> {
    async fn account(&self, email: &str, name: &str, role: Role) -> anyhow::Result<AccountId> {
        let email = EmailAddress::parse(email)?;
        let id = account_id_for(&email);
        let command = AccountCommand::Register {
            email,
            name: name.to_owned(),
            role,
            password_hash: self.hash.clone(),
            language: Language::De,
            verification_nonce: None,
            // The demo's applicants agree as the registration form asks them to.
            privacy_consent: (role == Role::Applicant)
                .then(|| PrivacyConsent::to_current_notice(Utc::now())),
            now: Utc::now(),
        };
        self.run::<Account>(
            &id.to_string(),
            &Actor::new(id.to_string(), role.as_str()),
            command,
        )
        .await?;
        Ok(id)
    }

    async fn run<A: Aggregate>(
        &self,
        id: &str,
        actor: &Actor,
        command: A::Command,
    ) -> anyhow::Result<A> {
        let stream = crate::event_store::StreamName::parse(format!("{}-{id}", A::CATEGORY))?;
        let executed = execute::<A>(self.store, &stream, actor, command)
            .await
            .map_err(|e| anyhow!("{}-{id}: {e}", A::CATEGORY))?;
        (self.tick)(executed.events.len() as u64);
        Ok(executed.state)
    }

    async fn competition(&self, commands: Vec<CompetitionCommand>) -> anyhow::Result<Competition> {
        let mut state = Competition::default();
        for command in commands {
            state = self
                .run::<Competition>(&self.id.to_string(), &self.staff, command)
                .await?;
        }
        Ok(state)
    }

    async fn jury(
        &self,
        rng: &mut StdRng,
        count: usize,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Vec<JurorId>> {
        let mut ids = Vec::new();
        for n in 0..count {
            let email = format!("jury{n}@demo.wettbewerb.test");
            let name = format!("Prof. {}", names::person(rng));
            self.account(&email, &name, Role::Juror).await?;
            let juror_id = JurorId::from_uuid(uuid::Uuid::now_v7());
            let land = *Land::ALL.choose(rng).unwrap_or(&Land::Berlin);
            let expertise = (0..2)
                .filter_map(|_| TechnologyField::ALL.choose(rng).copied())
                .collect();
            let juror = Juror {
                name,
                email,
                organisation: names::organisation(rng, PartnerKind::University, land, 9000 + n),
                expertise,
            };
            let nonce = crate::security::links::nonce();
            for command in [
                JuryCommand::Appoint {
                    competition_id: self.id,
                    juror_id,
                    juror,
                    now,
                },
                JuryCommand::Invite {
                    juror_id,
                    nonce: nonce.clone(),
                    now,
                },
                JuryCommand::AcceptInvitation {
                    juror_id,
                    nonce,
                    confidentiality: Some(crate::domain::jury::CONFIDENTIALITY_DE.into()),
                    now,
                },
            ] {
                self.run::<Jury>(&self.id.to_string(), &self.staff, command)
                    .await?;
            }
            ids.push(juror_id);
        }
        Ok(ids)
    }

    /// Consortia that meet the preset's rules: a coordinating university, a company or SME and
    /// a research institute, all in eligible Länder.
    async fn applications(
        &self,
        rng: &mut StdRng,
        count: usize,
        now: DateTime<Utc>,
        // One owner of unsubmitted drafts, or (None) an applicant per submitted application.
        drafts_of: Option<AccountId>,
    ) -> anyhow::Result<Vec<Entry2>> {
        let rules = &self.setup.rules;
        let lands: Vec<Land> = rules.lands.iter().copied().collect();
        let fields: Vec<TechnologyField> = match &rules.technology_fields {
            Some(open) => open.iter().copied().collect(),
            None => TechnologyField::ALL.to_vec(),
        };
        let max = rules
            .max_requested
            .unwrap_or(Cents::million_euros(20))
            .get();
        let mut plans = Vec::new();
        for n in 0..count {
            let land = *lands.choose(rng).unwrap_or(&Land::Sachsen);
            let mut kinds = vec![
                PartnerKind::Sme,
                PartnerKind::ResearchInstitute,
                PartnerKind::Company,
            ];
            for _ in 0..rng.random_range(0..3) {
                kinds.push(
                    *[PartnerKind::Sme, PartnerKind::Company, PartnerKind::Other]
                        .choose(rng)
                        .unwrap_or(&PartnerKind::Sme),
                );
            }
            let partners: Vec<Partner> = kinds
                .iter()
                .enumerate()
                .map(|(i, kind)| Partner {
                    name: names::organisation(rng, *kind, land, n * 10 + i),
                    kind: *kind,
                    land,
                })
                .collect();
            // Between 20 % and 90 % of the maximum, in whole thousands of euros.
            let requested = Cents::euros(rng.random_range(max / 500_000..max / 111_111) * 1000);
            let percent = i64::from(rules.min_cofinancing_percent.unwrap_or(40));
            let cofinancing =
                Cents::new(requested.get() * (percent + rng.random_range(0..60)) / 100);
            let topic = names::topic(rng);
            let city = names::cities(land).choose(rng).copied().unwrap_or("Berlin");
            plans.push((
                n,
                names::person(rng),
                Partner { name: names::organisation(rng, PartnerKind::University, land, n * 10 + 9), kind: PartnerKind::University, land },
                partners,
                Details {
                    title: format!("{topic}-Region {city} {}", n + 1),
                    summary: format!("Ein Konsortium aus {city} bündelt Wirtschaft und Wissenschaft im Feld {topic}."),
                    field: fields.choose(rng).copied(),
                    requested,
                    cofinancing,
                },
                rng.random_range(1.5..4.8),
            ));
        }
        let window = SubmissionWindow {
            stage: 0,
            open: true,
            deadline: self.setup.stages[0].submission_deadline,
            rules: rules.clone(),
        };
        stream::iter(plans)
            .map(|(n, person, coordinator, partners, details, quality)| {
                let window = window.clone();
                async move {
                    let (email, owner) = match drafts_of {
                        Some(owner) => (OPEN_ROUND_EMAIL.to_owned(), owner),
                        None => {
                            let email = format!("antrag{n}@demo.wettbewerb.test");
                            let owner = self.account(&email, &person, Role::Applicant).await?;
                            (email, owner)
                        }
                    };
                    let id = ApplicationId::from_uuid(uuid::Uuid::now_v7());
                    let actor = Actor::new(owner.to_string(), "applicant");
                    let mut organisations = vec![coordinator.name.clone()];
                    organisations.extend(partners.iter().map(|p| p.name.clone()));
                    let entry = Entry2 {
                        id,
                        field: details.field,
                        organisations,
                        requested: details.requested,
                        quality,
                    };
                    let mut commands = vec![
                        ApplicationCommand::Create {
                            application_id: id,
                            competition_id: self.id,
                            owner,
                            coordinator,
                            contact: EmailAddress::parse(&email)?,
                            title: details.title.clone(),
                            now,
                        },
                        ApplicationCommand::ChangeDetails { details, now },
                    ];
                    commands.extend(
                        partners
                            .into_iter()
                            .map(|partner| ApplicationCommand::AddPartner { partner, now }),
                    );
                    if drafts_of.is_none() {
                        commands.push(ApplicationCommand::Submit { window, now });
                    }
                    for command in commands {
                        self.run::<Application>(&id.to_string(), &actor, command)
                            .await?;
                    }
                    Ok::<_, anyhow::Error>(entry)
                }
            })
            .buffer_unordered(PARALLEL)
            .try_collect()
            .await
    }

    /// Every assignment of the stage reviewed: the application's quality, the juror's
    /// leniency and some noise, on the criterion's scale.
    async fn reviews(
        &self,
        rng: &mut StdRng,
        jury: &Jury,
        entries: &[Entry2],
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
            planned.push(SubmittedReview {
                application,
                juror,
                scores,
            });
        }
        stream::iter(planned.clone())
            .map(|review| {
                let criteria = criteria.clone();
                async move {
                    let key = ReviewKey {
                        application: review.application,
                        stage,
                        juror: review.juror,
                    };
                    let command = ReviewCommand::Submit {
                        key,
                        scores: Scores {
                            criteria: review
                                .scores
                                .iter()
                                .map(|s| CriterionScore {
                                    score: Some(*s),
                                    comment: "Nachvollziehbar begründet: Stärken und Schwächen sind benannt."
                                        .into(),
                                })
                                .collect(),
                            overall_comment: "Insgesamt schlüssig.".into(),
                        },
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
        Ok(planned)
    }

    /// The ranking's best go on: shortlisted, or in the last stage funded within the budget,
    /// the next three on the reserve list; everything else is finalised as not going on.
    async fn decide(
        &self,
        entries: &[Entry2],
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

    async fn next_stage(
        &self,
        entries: &[Entry2],
        stage: usize,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let window = SubmissionWindow {
            stage,
            open: true,
            deadline: self.setup.stages[stage].submission_deadline,
            rules: self.setup.rules.clone(),
        };
        stream::iter(entries.to_vec())
            .map(|entry| {
                let window = window.clone();
                async move {
                    for command in [
                        ApplicationCommand::StartNextStage { stage, now },
                        ApplicationCommand::Submit {
                            window: window.clone(),
                            now,
                        },
                    ] {
                        self.run::<Application>(&entry.id.to_string(), &self.staff, command)
                            .await?;
                    }
                    Ok::<_, anyhow::Error>(())
                }
            })
            .buffer_unordered(PARALLEL)
            .try_collect::<Vec<()>>()
            .await
            .context("the next stage")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_store::StoreOptions;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bioregio_runs_to_three_funded_regions_through_the_real_commands() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
        let options = Options {
            preset: Preset::BioRegio,
            scale: 1,
            seed: 7,
            open_drafts: 5,
        };
        let report = fill(&store, options, &|_| {}).await.unwrap();
        assert_eq!(report.applications, 17);
        assert_eq!(report.going_on, vec![3]);
        assert_eq!(report.reviews, 17 * 3);
        let (competition, _) =
            crate::app::load::<Competition>(&store, &stream_of::<Competition>(&report.competition))
                .unwrap();
        assert_eq!(
            competition.phase,
            crate::domain::competition::Phase::Completed
        );
        assert!(competition.awarded() <= competition.budget());
        let funded = competition
            .decisions
            .values()
            .filter(|o| matches!(o, Outcome::Funded { .. }))
            .count();
        assert_eq!(funded, 3);

        let open = report.open_round.unwrap();
        let (round, _) =
            crate::app::load::<Competition>(&store, &stream_of::<Competition>(&open)).unwrap();
        assert_eq!(round.phase, crate::domain::competition::Phase::StageOpen);
        let drafts = store
            .read_event_type(
                "ApplicationCreated",
                crate::event_store::Direction::Forwards,
                crate::event_store::ReadFrom::Start,
                usize::MAX,
            )
            .unwrap()
            .into_iter()
            .filter(|e| e.data["competition_id"] == open.to_string())
            .count();
        assert_eq!(drafts, 5, "the open round's drafts");
    }
}
