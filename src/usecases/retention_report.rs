//! Who is due for erasure under the competitions' retention periods (`domain::retention`), and
//! when: staff read it beforehand on `/verwaltung/datenschutz/loeschfristen`, and the retention
//! scheduler (`crate::retention`) erases those whose day has come.
//!
//! A person's data is due once every competition they took part in is completed and its period
//! for their part in it has passed: the latest of those days counts. Programme staff are never
//! due (their accounts are the programme's), nor is anybody in a competition still running.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use crate::app::{ExecuteError, load, stream_of};
use crate::domain::account::Role;
use crate::domain::competition::Outcome;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::CompetitionId;
use crate::domain::retention::{Involvement, RetentionError, RetentionPolicy, RetentionRules};
use crate::event_store::{Direction, EventStore, ReadFrom};
use crate::projections::ReadModels;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuePerson {
    pub address: EmailAddress,
    pub due: DateTime<Utc>,
    /// The competitions they took part in, and how.
    pub parts: BTreeSet<(String, Involvement)>,
}

/// One competition's periods and its completion.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetitionRetention {
    pub id: CompetitionId,
    pub name: String,
    pub rules: RetentionRules,
    /// The stream's revision, for the form that changes the periods.
    pub revision: Option<u64>,
    pub completed: Option<DateTime<Utc>>,
}

#[derive(Default)]
struct Person {
    /// The latest due day so far; `None` with `running`: not due.
    due: Option<DateTime<Utc>>,
    running: bool,
    parts: BTreeSet<(String, Involvement)>,
}

/// Every competition's periods and completion.
pub fn competitions(
    store: &EventStore,
    models: &ReadModels,
) -> Result<Vec<CompetitionRetention>, ExecuteError<RetentionError>> {
    let completed: HashMap<String, DateTime<Utc>> = store
        .read_event_type(
            "CompetitionCompleted",
            Direction::Forwards,
            ReadFrom::Start,
            usize::MAX,
        )?
        .into_iter()
        .filter_map(|e| {
            // The domain's time of completion, not the log's time of writing.
            let at = serde_json::from_value(e.data.get("at")?.clone()).ok()?;
            Some((e.stream.id()?.to_owned(), at))
        })
        .collect();
    let views = models.read();
    let mut all = Vec::new();
    for (id, view) in views.competitions.iter() {
        let Some(setup) = &view.state.setup else {
            continue;
        };
        let (policy, revision) = load::<RetentionPolicy>(store, &stream_of::<RetentionPolicy>(id))?;
        all.push(CompetitionRetention {
            id: *id,
            name: setup.name.clone(),
            rules: policy.rules,
            revision,
            completed: completed.get(&id.to_string()).copied(),
        });
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

/// Everybody whose data a retention period will erase, the soonest first.
pub fn report(competitions: &[CompetitionRetention], models: &ReadModels) -> Vec<DuePerson> {
    let views = models.read();
    let mut people: BTreeMap<EmailAddress, Person> = BTreeMap::new();
    let mut count = |address: &EmailAddress, c: &CompetitionRetention, involvement| {
        if address.is_erased() || !address.is_address() {
            return;
        }
        let person = people.entry(address.clone()).or_default();
        person.parts.insert((c.name.clone(), involvement));
        match c.completed.and_then(|done| c.rules.due(involvement, done)) {
            Some(due) => person.due = Some(person.due.map_or(due, |d| d.max(due))),
            None => person.running = true,
        }
    };
    for c in competitions {
        let Some(competition) = views.competitions.get(&c.id) else {
            continue;
        };
        for (id, view) in views.applications.iter() {
            let application = &view.state;
            if application.competition_id != Some(c.id) {
                continue;
            }
            let funded = competition
                .state
                .decisions
                .iter()
                .any(|((_, a), outcome)| a == id && matches!(outcome, Outcome::Funded { .. }));
            let involvement = if funded {
                Involvement::Funded
            } else {
                Involvement::NotFunded
            };
            let owner = application
                .owner
                .and_then(|o| views.accounts.get(&o))
                .and_then(|a| a.email.clone());
            for address in owner
                .iter()
                .chain(application.contact.iter())
                .chain(application.editors.iter())
            {
                count(address, c, involvement);
            }
        }
        if let Some(jury) = views.juries.get(&c.id) {
            for juror in jury.jurors.values() {
                count(&juror.email, c, Involvement::Juror);
            }
        }
    }
    let staff: BTreeSet<EmailAddress> = views
        .accounts
        .values()
        .filter(|a| a.role == Some(Role::Staff))
        .filter_map(|a| a.email.clone())
        .collect();
    let mut due: Vec<DuePerson> = people
        .into_iter()
        .filter(|(address, p)| !p.running && !staff.contains(address))
        .filter_map(|(address, p)| {
            Some(DuePerson {
                address,
                due: p.due?,
                parts: p.parts,
            })
        })
        .collect();
    due.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.address.cmp(&b.address)));
    due
}
