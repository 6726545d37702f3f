//! Demo data: a whole competition run through the real commands, from the set-up to the last
//! funding decision, at the programme's real proportions (InnoRegio: 444 applications, 25
//! shortlisted, 23 funded), times a scale. Everything happens in the simulated past, two years
//! ago, so that every deadline the presets set has passed in order.
//!
//! `run` is the script; `jury`, `applications`, `reviews` and `decisions` are its steps, each
//! through the real commands; `names` and `texts` make up what people and consortia write.

mod applications;
mod circular;
mod consensus;
mod decisions;
mod discussion;
mod formal_check;
mod jury;
mod meeting;
mod money;
mod names;
pub mod pdf;
mod redress;
mod reviews;
mod run;
mod texts;

use anyhow::anyhow;
use chrono::Utc;

use crate::app::{Actor, execute};
use crate::domain::account::{Account, AccountCommand, Language, Role, account_id_for};
use crate::domain::aggregate::Aggregate;
use crate::domain::application::Application;
use crate::domain::competition::{Competition, CompetitionCommand};
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::{AccountId, ApplicationId, CompetitionId};
use crate::domain::presets::Preset;
use crate::domain::privacy::PrivacyConsent;
use crate::domain::setup::CompetitionSetup;
use crate::event_store::EventStore;

pub use money::letter_pdf;
pub use run::{fill, fill_with_documents};

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

/// One round being written: its set-up, and who acts in it.
struct Demo<'a> {
    store: &'a EventStore,
    /// Where the documents the consortia file are kept, beside the log.
    documents: &'a crate::documents::DocumentStore,
    setup: CompetitionSetup,
    id: CompetitionId,
    staff: Actor,
    hash: String,
    tick: &'a (dyn Fn(u64) + Sync),
    /// The facts the use cases fold (`app::FactCache`): the jury once, not once per review.
    facts: crate::app::FactCache,
}

/// What the demo keeps of an application between the stages.
#[derive(Clone)]
struct Consortium {
    id: ApplicationId,
    /// The application as submitted: what the jury's assignment and the decisions read.
    state: Application,
    /// How good it is, on the criteria's 0–5 scale; jurors see it through their leniency.
    quality: f64,
}

impl Demo<'_> {
    /// What the use cases (`usecases/`) run on.
    fn usecases(&self) -> crate::usecases::Context<'_> {
        crate::usecases::Context {
            store: self.store,
            facts: &self.facts,
        }
    }

    pub(super) async fn account(
        &self,
        email: &str,
        name: &str,
        role: Role,
    ) -> anyhow::Result<AccountId> {
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

    pub(super) async fn run<A: Aggregate>(
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

    pub(super) async fn competition(
        &self,
        commands: Vec<CompetitionCommand>,
    ) -> anyhow::Result<Competition> {
        let mut state = Competition::default();
        for command in commands {
            state = self
                .run::<Competition>(&self.id.to_string(), &self.staff, command)
                .await?;
        }
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::stream_of;
    use crate::domain::competition::Outcome;
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
