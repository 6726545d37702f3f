//! The state the pages read. Each aggregate's own `apply` folds its events here too, so a page
//! and a command always agree on what an event means.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use crate::app::decode;
use crate::domain::account::{Account, AccountEvent, account_id_for};
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, ApplicationEvent, Status};
use crate::domain::competition::Competition;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::{AccountId, ApplicationId, CompetitionId};
use crate::domain::jury::Jury;
use crate::domain::review::{Review, ReviewKey};
use crate::event_store::{Position, RecordedEvent};

/// One line of an application's history, as its audit and status pages show it.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub position: Position,
    pub at: DateTime<Utc>,
    /// When it happened by the service's clock (the event's own `at`): the time the results
    /// from the competition's stream carry too, so the history can be ordered by one clock.
    pub occurred: DateTime<Utc>,
    pub event_type: String,
    /// The account id (or "system") that caused it.
    pub actor: String,
}

#[derive(Debug, Clone, Default)]
pub struct ApplicationView {
    pub state: Application,
    /// The stream's last revision; forms carry it back to detect concurrent edits.
    pub revision: u64,
    pub timeline: Vec<TimelineEntry>,
}

#[derive(Debug, Clone, Default)]
pub struct CompetitionView {
    pub state: Competition,
    pub revision: u64,
}

#[derive(Debug, Default)]
pub struct Views {
    pub accounts: HashMap<AccountId, Account>,
    pub competitions: BTreeMap<CompetitionId, CompetitionView>,
    pub applications: HashMap<ApplicationId, ApplicationView>,
    /// The applications an account owns or was invited to edit.
    pub by_member: HashMap<AccountId, BTreeSet<ApplicationId>>,
    /// Accounts an older version registered under an id that is not the one of their address's
    /// canonical form today (an `xn--` domain, full-width letters): canonical id → stream id.
    /// Events are never rewritten, so the old form must still find its account.
    pub earlier_ids: HashMap<AccountId, AccountId>,
    pub by_competition: HashMap<CompetitionId, BTreeSet<ApplicationId>>,
    pub juries: HashMap<CompetitionId, Jury>,
    pub reviews: HashMap<ReviewKey, ReviewView>,
    /// The applications submitted in a stage and not withdrawn or rejected, with the time they
    /// were submitted: what the stage's ranking works on, without walking every application of
    /// the competition. An application invited to the next stage stays in the stage it came
    /// from, so a past stage's ranking keeps every application it had.
    pub submitted: HashMap<(CompetitionId, usize), BTreeMap<ApplicationId, DateTime<Utc>>>,
    /// Counts the events folded in; pages computed from the views are valid while it stays.
    pub version: u64,
}

#[derive(Debug, Clone, Default)]
pub struct ReviewView {
    pub state: Review,
    pub revision: u64,
}

impl Views {
    /// Folds one event in. An event that cannot be decoded is logged and skipped: a page
    /// missing one fact is better than no pages at all.
    pub fn apply(&mut self, event: &RecordedEvent) {
        self.version += 1;
        if event.stream.category() == Some(Review::CATEGORY) {
            if let Err(reason) = self.apply_review(event) {
                tracing::error!(position = event.position.0, %reason, "a read model skipped an event");
            }
            return;
        }
        let Some(id) = event
            .stream
            .id()
            .and_then(|id| uuid::Uuid::parse_str(id).ok())
        else {
            return;
        };
        let result = match event.stream.category() {
            Some(Account::CATEGORY) => self.apply_account(AccountId::from_uuid(id), event),
            Some(Application::CATEGORY) => {
                self.apply_application(ApplicationId::from_uuid(id), event)
            }
            Some(Competition::CATEGORY) => decode::<Competition>(event)
                .map(|e| {
                    let competition = CompetitionId::from_uuid(id);
                    let view = self.competitions.entry(competition).or_default();
                    view.state.apply(&e);
                    view.revision = event.revision;
                    // A deleted draft leaves every list and page; its events stay in the log.
                    if view.state.deleted {
                        self.competitions.remove(&competition);
                        self.juries.remove(&competition);
                    }
                })
                .map_err(|e| e.to_string()),
            Some(Jury::CATEGORY) => decode::<Jury>(event)
                .map(|e| {
                    self.juries
                        .entry(CompetitionId::from_uuid(id))
                        .or_default()
                        .apply(&e)
                })
                .map_err(|e| e.to_string()),
            _ => Ok(()),
        };
        if let Err(reason) = result {
            tracing::error!(position = event.position.0, %reason, "a read model skipped an event");
        }
    }

    fn apply_review(&mut self, event: &RecordedEvent) -> Result<(), String> {
        let decoded = decode::<Review>(event).map_err(|e| e.to_string())?;
        let key = decoded.key();
        let view = self.reviews.entry(key).or_default();
        view.state.apply(&decoded);
        view.revision = event.revision;
        Ok(())
    }

    fn apply_account(&mut self, id: AccountId, event: &RecordedEvent) -> Result<(), String> {
        let decoded = decode::<Account>(event).map_err(|e| e.to_string())?;
        if let AccountEvent::AccountRegistered { email, .. } = &decoded {
            let canonical = account_id_for(email);
            if canonical != id {
                self.earlier_ids.entry(canonical).or_insert(id);
            }
        }
        self.accounts.entry(id).or_default().apply(&decoded);
        Ok(())
    }

    fn apply_application(
        &mut self,
        id: ApplicationId,
        event: &RecordedEvent,
    ) -> Result<(), String> {
        let decoded = decode::<Application>(event).map_err(|e| e.to_string())?;
        let view = self.applications.entry(id).or_default();
        let submitted = &mut self.submitted;
        let submitted_in = |state: &Application| match (state.competition_id, &state.status) {
            (Some(competition), Status::Submitted { stage }) => Some((competition, *stage)),
            _ => None,
        };
        let before = submitted_in(&view.state);
        view.state.apply(&decoded);
        let after = submitted_in(&view.state);
        if before != after {
            let moved_on = |stage: usize| matches!(view.state.status, Status::Draft { stage: next } if next > stage);
            if let Some(key) = before
                && !moved_on(key.1)
                && let Some(set) = submitted.get_mut(&key)
            {
                set.remove(&id);
            }
            if let Some(key) = after {
                let at = view.state.submitted_at.unwrap_or_default();
                submitted.entry(key).or_default().insert(id, at);
            }
        }
        view.revision = event.revision;
        view.timeline.push(TimelineEntry {
            position: event.position,
            at: event.created,
            occurred: serde_json::from_value(event.data["at"].clone()).unwrap_or(event.created),
            event_type: event.event_type.clone(),
            actor: event.metadata["actor"]
                .as_str()
                .unwrap_or("system")
                .to_owned(),
        });
        match &decoded {
            ApplicationEvent::ApplicationCreated {
                owner,
                competition_id,
                ..
            } => {
                self.by_member.entry(*owner).or_default().insert(id);
                self.by_competition
                    .entry(*competition_id)
                    .or_default()
                    .insert(id);
            }
            ApplicationEvent::EditorInvited { email, .. } => {
                self.by_member
                    .entry(account_id_for(email))
                    .or_default()
                    .insert(id);
            }
            ApplicationEvent::EditorRemoved { email, .. } => {
                if let Some(set) = self.by_member.get_mut(&account_id_for(email)) {
                    set.remove(&id);
                }
            }
            _ => {}
        }
        Ok(())
    }

    pub fn account_by_email(&self, email: &EmailAddress) -> Option<&Account> {
        self.accounts.get(&self.account_id_of(email))
    }

    /// The id of the account that holds the address: the id of its canonical form, or the one an
    /// older version gave it.
    pub fn account_id_of(&self, email: &EmailAddress) -> AccountId {
        let canonical = account_id_for(email);
        if self.is_registered(canonical) {
            // An account under the canonical id wins over one an older version filed under
            // another spelling of the same address, which would otherwise hide it.
            return canonical;
        }
        self.earlier_ids
            .get(&canonical)
            .copied()
            .unwrap_or(canonical)
    }

    fn is_registered(&self, id: AccountId) -> bool {
        self.accounts.get(&id).is_some_and(|a| a.email.is_some())
    }

    /// The applications the account owns or was invited to edit.
    pub fn applications_of(&self, account: AccountId) -> BTreeSet<ApplicationId> {
        [Some(account), self.invitations_id(account)]
            .into_iter()
            .flatten()
            .filter_map(|id| self.by_member.get(&id))
            .flatten()
            .copied()
            .collect()
    }

    /// Invitations are filed under the id of the invited address; for an account from an older
    /// version that is not its own id.
    fn invitations_id(&self, account: AccountId) -> Option<AccountId> {
        self.accounts
            .get(&account)
            .and_then(|a| a.email.as_ref())
            .map(account_id_for)
            // Where an account of its own holds the canonical id, the invitations (and owned
            // applications) filed there are that account's, never the older spelling's.
            .filter(|canonical| *canonical != account && !self.is_registered(*canonical))
    }

    /// Whether the account may work on the application: its owner or an invited editor.
    pub fn is_member(&self, account: AccountId, application: ApplicationId) -> bool {
        let listed = |id| {
            self.by_member
                .get(&id)
                .is_some_and(|set: &BTreeSet<ApplicationId>| set.contains(&application))
        };
        listed(account) || self.invitations_id(account).is_some_and(listed)
    }
}
