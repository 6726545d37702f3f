//! Staff send a circular: the audience is resolved to people from the read models (the same
//! list the compose page previewed and counted), each with the values of the placeholders as
//! they are now, and the circular is appended to its own new stream. A second send of the same
//! form finds the stream written and is refused as a conflict, so nothing goes out twice.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::Context;
use crate::app::{Actor, ExecuteError, Executed, execute_at, stream_of};
use crate::domain::account::Language;
use crate::domain::application::Application;
use crate::domain::circular::{Audience, Circular, CircularCommand, CircularError, Recipient};
use crate::domain::competition::Competition;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::{CircularId, CompetitionId};
use crate::domain::review::ReviewKey;
use crate::email::signoff::salutation;
use crate::projections::Views;
use crate::time_display::berlin;

/// What a send needs besides the recipients.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: CircularId,
    pub competition_id: CompetitionId,
    pub audience: Audience,
    pub subject: String,
    pub body: String,
}

pub async fn send(
    context: Context<'_>,
    actor: &Actor,
    draft: Draft,
    recipients: Vec<Recipient>,
    now: DateTime<Utc>,
) -> Result<Executed<Circular>, ExecuteError<CircularError>> {
    execute_at::<Circular>(
        context.store,
        &stream_of::<Circular>(&draft.id),
        None,
        actor,
        CircularCommand::Send {
            id: draft.id,
            competition_id: draft.competition_id,
            audience: draft.audience,
            subject: draft.subject,
            body: draft.body,
            recipients,
            now,
        },
    )
    .await
}

/// The people of `audience` in the competition, in the order of their applications' titles or
/// their names, each with their placeholders' values; links start with `base_url`. An
/// address that appears twice stays in the list: the send keeps its first entry.
pub fn recipients(
    views: &Views,
    competition: &Competition,
    k: CompetitionId,
    audience: Audience,
    base_url: &str,
) -> Vec<Recipient> {
    let mut found = match audience {
        Audience::Consortia { stage, state } => consortia(views, competition, k, base_url, |a| {
            state.admits(a.status, stage)
        }),
        Audience::JurorsWithOpenReviews { stage } => {
            jurors(views, competition, k, stage, true, base_url)
        }
        Audience::Jurors => jurors(views, competition, k, competition.stage, false, base_url),
    };
    found.sort_by(|a, b| (sort_key(a), &a.email).cmp(&(sort_key(b), &b.email)));
    found
}

fn sort_key(r: &Recipient) -> String {
    let titel = r
        .values
        .get("titel")
        .map(String::as_str)
        .unwrap_or_default();
    format!("{titel}\u{0}{}", r.name).to_lowercase()
}

fn language_of(views: &Views, email: &EmailAddress) -> Language {
    views
        .account_by_email(email)
        .map(|a| a.language)
        .unwrap_or_default()
}

fn stage_title(competition: &Competition, stage: usize) -> String {
    competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(stage))
        .map(|s| s.title.clone())
        .unwrap_or_default()
}

fn values(
    competition: &Competition,
    stage: usize,
    language: Language,
    name: &str,
    titel: String,
    frist: Option<DateTime<Utc>>,
    link: String,
) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("anrede".to_owned(), salutation(language, name)),
        ("name".to_owned(), name.trim().to_owned()),
        ("titel".to_owned(), titel),
        (
            "wettbewerb".to_owned(),
            competition
                .setup
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
        ),
        ("stufe".to_owned(), stage_title(competition, stage)),
        (
            "frist".to_owned(),
            frist.map(|t| berlin(t, language)).unwrap_or_default(),
        ),
        ("link".to_owned(), link),
    ])
}

/// Each chosen application's contact, where its other mail goes, greeted by the owner's name.
fn consortia(
    views: &Views,
    competition: &Competition,
    k: CompetitionId,
    base_url: &str,
    chosen: impl Fn(&Application) -> bool,
) -> Vec<Recipient> {
    views
        .applications
        .by_competition
        .get(&k)
        .into_iter()
        .flatten()
        .filter_map(|id| views.applications.get(id))
        .map(|view| &view.state)
        .filter(|a| chosen(a))
        .filter_map(|a| {
            let email = a.contact.clone()?;
            let id = a.id?;
            let stage = a.status.stage()?;
            let language = language_of(views, &email);
            let name = a
                .owner
                .and_then(|owner| views.accounts.get(&owner))
                .map(|owner| owner.name.clone())
                .unwrap_or_default();
            Some(Recipient {
                values: values(
                    competition,
                    stage,
                    language,
                    &name,
                    a.title.clone(),
                    competition.submission_deadline(stage),
                    format!("{base_url}/antraege/{id}/status"),
                ),
                email,
                language,
                name,
            })
        })
        .collect()
}

/// The competition's jurors with their open reviews of `stage` as the title (the titles of the
/// applications, one per line); with `only_open`, only those who have any.
fn jurors(
    views: &Views,
    competition: &Competition,
    k: CompetitionId,
    stage: usize,
    only_open: bool,
    base_url: &str,
) -> Vec<Recipient> {
    let Some(jury) = views.juries.get(&k) else {
        return Vec::new();
    };
    let review_deadline = competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(stage))
        .map(|s| s.review_deadline);
    jury.jurors
        .iter()
        .filter(|(_, juror)| juror.email.is_address())
        .filter_map(|(juror_id, juror)| {
            let open: Vec<String> = jury
                .assigned_to(stage, *juror_id)
                .filter(|application| {
                    let key = ReviewKey {
                        application: *application,
                        stage,
                        juror: *juror_id,
                    };
                    views
                        .juries
                        .reviews
                        .get(&key)
                        .is_none_or(|review| review.awaits_juror())
                })
                .filter_map(|application| views.applications.get(&application))
                .map(|view| view.state.title.clone())
                .collect();
            if only_open && open.is_empty() {
                return None;
            }
            let language = language_of(views, &juror.email);
            Some(Recipient {
                values: values(
                    competition,
                    stage,
                    language,
                    &juror.name,
                    open.join("\n"),
                    review_deadline,
                    format!("{base_url}/jury"),
                ),
                email: juror.email.clone(),
                language,
                name: juror.name.clone(),
            })
        })
        .collect()
}
