//! The consortia: their applications written and submitted, and the shortlisted ones carried
//! into the next stage.

use std::collections::BTreeMap;

use anyhow::Context;
use chrono::{DateTime, Utc};
use futures_util::{StreamExt, TryStreamExt, stream};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use crate::app::Actor;
use crate::domain::account::Role;
use crate::domain::application::{
    Application, ApplicationCommand, Details, DocumentRef, Status, SubmissionWindow,
};
use crate::domain::email_address::EmailAddress;
use crate::domain::field::TechnologyField;
use crate::domain::ids::{AccountId, ApplicationId};
use crate::domain::land::Land;
use crate::domain::money::Cents;
use crate::domain::partner::{Partner, PartnerKind};
use crate::domain::setup::CompetitionSetup;
use crate::domain::stage_form::{RequiredDocument, StageForm};

use super::money::{self, Money};
use super::names::{self, Taken};
use super::{Consortium, Demo, OPEN_ROUND_EMAIL, PARALLEL, texts};

/// One consortium's application before it is written.
struct Plan {
    n: usize,
    person: String,
    coordinator: Partner,
    partners: Vec<Partner>,
    details: Details,
    money: Money,
    /// The answers to the first stage's sections.
    answers: BTreeMap<String, String>,
    quality: f64,
}

/// Consortia that meet the set-up's rules: a coordinating university, a company or SME and
/// a research institute, all in one eligible Land and working in the field they apply in.
fn plan(setup: &CompetitionSetup, rng: &mut StdRng, taken: &mut Taken, count: usize) -> Vec<Plan> {
    let rules = &setup.rules;
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
        let field = fields
            .choose(rng)
            .copied()
            .unwrap_or(TechnologyField::Other);
        let city = names::city(rng, land);
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
        let mut organisation = |rng: &mut StdRng, kind| Partner {
            name: names::organisation(&mut taken.organisations, rng, kind, land, field),
            kind,
            land,
        };
        let coordinator = organisation(rng, PartnerKind::University);
        let partners: Vec<Partner> = kinds.iter().map(|kind| organisation(rng, *kind)).collect();
        // Between 20 % and 90 % of the maximum, in whole thousands of euros.
        let target = Cents::euros(rng.random_range(max / 500_000..max / 111_111) * 1000);
        let money = money::plan(setup, rng, (&coordinator, &partners), city, target);
        let answers = setup
            .stages
            .first()
            .map(|stage| {
                stage
                    .sections
                    .iter()
                    .map(|s| {
                        let text = texts::section(rng, &s.title, city, s.max_chars);
                        (s.key.clone(), text)
                    })
                    .collect()
            })
            .unwrap_or_default();
        plans.push(Plan {
            answers,
            n,
            person: names::person(rng),
            coordinator,
            details: Details::new(
                texts::title(&mut taken.titles, rng, field, city),
                texts::summary(rng, field, city, partners.len() + 1),
                Some(field),
            ),
            partners,
            money,
            quality: rng.random_range(1.5..4.8),
        });
    }
    plans
}

impl Demo<'_> {
    /// `count` consortia's applications, submitted, or drafts of one owner.
    pub(super) async fn applications(
        &self,
        rng: &mut StdRng,
        taken: &mut Taken,
        count: usize,
        now: DateTime<Utc>,
        // One owner of unsubmitted drafts, or (None) an applicant per submitted application.
        drafts_of: Option<AccountId>,
    ) -> anyhow::Result<Vec<Consortium>> {
        let rules = &self.setup.rules;
        let plans = plan(&self.setup, rng, taken, count);
        let window = SubmissionWindow {
            stage: 0,
            open: true,
            deadline: self.setup.stages[0].submission_deadline,
            rules: rules.clone(),
            form: self.setup.stages[0].form(),
        };
        stream::iter(plans)
            .map(|plan| {
                let Plan {
                    n,
                    person,
                    coordinator,
                    partners,
                    details,
                    money,
                    answers,
                    quality,
                } = plan;
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
                    commands.push(ApplicationCommand::SetProjectTerm {
                        term: money.term,
                        now,
                    });
                    commands.extend(money.lines.into_iter().map(|(slot, plan)| {
                        ApplicationCommand::ChangePartnerPlan { slot, plan, now }
                    }));
                    commands.extend(
                        money
                            .pledges
                            .into_iter()
                            .map(|pledge| ApplicationCommand::RecordPledge { pledge, now }),
                    );
                    commands.extend(self.form_filled(answers, &window.form, &[], now)?);
                    if drafts_of.is_none() {
                        commands.push(ApplicationCommand::Submit { window, now });
                    }
                    let mut state = Application::default();
                    for command in commands {
                        state = self
                            .run::<Application>(&id.to_string(), &actor, command)
                            .await?;
                    }
                    Ok::<_, anyhow::Error>(Consortium { id, state, quality })
                }
            })
            .buffer_unordered(PARALLEL)
            .try_collect()
            .await
    }

    /// The consortia invited to `stage` start their full proposal and submit it; they come
    /// back as they are afterwards.
    pub(super) async fn next_stage(
        &self,
        entries: Vec<Consortium>,
        stage: usize,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Vec<Consortium>> {
        let window = SubmissionWindow {
            stage,
            open: true,
            deadline: self.setup.stages[stage].submission_deadline,
            rules: self.setup.rules.clone(),
            form: self.setup.stages[stage].form(),
        };
        let mut started: Vec<(usize, Consortium)> = stream::iter(entries.into_iter().enumerate())
            .map(|(n, mut entry)| {
                let window = window.clone();
                async move {
                    // Started first, as at once as the stage opens: in a running service the
                    // next-stage process starts it too, and whichever comes second finds it
                    // started (or meets the other's write) and carries on from the log.
                    let start = ApplicationCommand::StartNextStage { stage, now };
                    let id = entry.id.to_string();
                    if self
                        .run::<Application>(&id, &self.staff, start)
                        .await
                        .is_err()
                    {
                        let stream = crate::app::stream_of::<Application>(&entry.id);
                        let (state, _) = crate::app::load::<Application>(self.store, &stream)
                            .map_err(|e| anyhow::anyhow!("{id}: {e}"))?;
                        if state.status != (Status::Draft { stage }) {
                            anyhow::bail!("{id} did not start stage {stage}");
                        }
                    }
                    // The consortium extends the concept's answers of the same sections and
                    // files the documents this stage asks for anew.
                    let answers = window
                        .form
                        .sections
                        .iter()
                        .map(|s| {
                            let before = entry.state.answers.get(&s.key);
                            let text = match before {
                                Some(before) => format!("{before}\n\n{}", texts::EXTENSION),
                                None => format!("{}: {}", s.title, texts::EXTENSION),
                            };
                            (
                                s.key.clone(),
                                text.chars().take(s.max_chars as usize).collect(),
                            )
                        })
                        .collect();
                    let filed: Vec<String> = entry.state.filed.keys().cloned().collect();
                    let mut commands = self.form_filled(answers, &window.form, &filed, now)?;
                    commands.push(ApplicationCommand::Submit {
                        window: window.clone(),
                        now,
                    });
                    for command in commands {
                        entry.state = self
                            .run::<Application>(&entry.id.to_string(), &self.staff, command)
                            .await?;
                    }
                    Ok::<_, anyhow::Error>((n, entry))
                }
            })
            .buffer_unordered(PARALLEL)
            .try_collect()
            .await
            .context("the next stage")?;
        // In their order before, which the assignment and the ranking see.
        started.sort_by_key(|(n, _)| *n);
        Ok(started.into_iter().map(|(_, entry)| entry).collect())
    }
}

impl Demo<'_> {
    /// The commands that fill a stage's form: the answers, and a document in every slot not
    /// in `filed` already.
    fn form_filled(
        &self,
        answers: BTreeMap<String, String>,
        form: &StageForm,
        filed: &[String],
        now: DateTime<Utc>,
    ) -> anyhow::Result<Vec<ApplicationCommand>> {
        let mut commands = Vec::new();
        if !answers.is_empty() {
            commands.push(ApplicationCommand::AnswerSections {
                answers,
                form: form.clone(),
                now,
            });
        }
        for slot in form.documents.iter().filter(|d| !filed.contains(&d.key)) {
            let (document, pages) = self.document_for(slot)?;
            commands.push(ApplicationCommand::FileDocument {
                document,
                slot: slot.clone(),
                pages,
                now,
            });
        }
        Ok(commands)
    }

    /// A PDF for `slot` within its page limit, kept in the document store; the same for every
    /// consortium, so it is stored once.
    fn document_for(&self, slot: &RequiredDocument) -> anyhow::Result<(DocumentRef, u32)> {
        let pages = slot.page_limit.unwrap_or(2).min(2);
        let bytes = super::pdf::pdf(&slot.title, pages);
        let sha256 = self.documents.save(&bytes)?;
        Ok((
            DocumentRef {
                sha256,
                file_name: format!("{}.pdf", slot.key),
                size: bytes.len() as u64,
            },
            pages,
        ))
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::domain::presets::Preset;

    /// The applications of a scale-1 InnoRegio demo, as the demo plans them.
    fn innoregio() -> Vec<Plan> {
        let setup = Preset::InnoRegio.setup(Utc::now());
        let mut rng = StdRng::seed_from_u64(42);
        plan(&setup, &mut rng, &mut Taken::default(), 444)
    }

    #[test]
    fn organisations_and_titles_are_unique_and_carry_no_numbers() {
        let plans = innoregio();
        let organisations: Vec<&str> = plans
            .iter()
            .flat_map(|p| std::iter::once(&p.coordinator).chain(&p.partners))
            .map(|p| p.name.as_str())
            .collect();
        let titles: Vec<&str> = plans.iter().map(|p| p.details.title.as_str()).collect();
        for names in [&organisations, &titles] {
            let distinct: std::collections::BTreeSet<_> = names.iter().collect();
            assert_eq!(distinct.len(), names.len(), "every name once");
            let numbered: Vec<_> = names
                .iter()
                .filter(|n| n.chars().any(|c| c.is_ascii_digit()))
                .collect();
            assert!(numbered.is_empty(), "names with digits: {numbered:?}");
        }
        assert!(organisations.len() > 2000);
    }

    #[test]
    fn each_summary_names_the_field_the_consortium_chose() {
        for plan in innoregio() {
            let field = plan
                .details
                .field
                .expect("every consortium chooses a field");
            assert!(
                plan.details
                    .summary
                    .contains(crate::texts::explanations::field(field).de),
                "{} names not {}",
                plan.details.summary,
                crate::texts::explanations::field(field).de
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_applications() {
        let titles = |plans: Vec<Plan>| -> Vec<String> {
            plans.into_iter().map(|p| p.details.title).collect()
        };
        assert_eq!(titles(innoregio()), titles(innoregio()));
    }
}
