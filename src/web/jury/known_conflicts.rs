//! `/jury/{competition}/befangenheiten`: after accepting the seat (and its confidentiality
//! declaration) the juror sees the competition's handed-in applications with their consortia and
//! names those they already know they have a conflict of interest with, so that no assignment
//! reaches them. Each ticked application is declared on its own, with the reason given.

use std::collections::{BTreeSet, HashMap};

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::app::stream_of;
use crate::domain::application::Status;
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::{Jury, JuryCommand};
use crate::projections::Views;
use crate::texts::{self, refusals};
use crate::web::applications::editor::Choice;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::{FieldErrors, check_text};
use crate::web::policy;
use crate::web::policy::juror_on;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// The competition's applications that were handed in (drafts are the consortium's own), each
/// named with its consortium, by title.
pub fn handed_in(views: &Views, competition: CompetitionId) -> Vec<(ApplicationId, Choice)> {
    let mut applications: Vec<(ApplicationId, Choice)> = views
        .applications
        .by_competition
        .get(&competition)
        .into_iter()
        .flatten()
        .filter_map(|id| views.applications.get(id).map(|a| (*id, a)))
        .filter(|(_, a)| matches!(a.state.status, Status::Submitted { .. }))
        .map(|(id, a)| {
            (
                id,
                Choice {
                    key: id.to_string(),
                    label: format!(
                        "{} ({})",
                        a.state.title,
                        a.state
                            .all_partners()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            )
        })
        .collect();
    applications.sort_by(|a, b| a.1.label.cmp(&b.1.label));
    applications
}

/// The search on the page: a juror looks for their own organisation among hundreds.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Search {
    #[serde(default)]
    suche: String,
}

/// Whether a choice's title or consortium contains the searched text (case aside).
fn matches(choice: &Choice, search: &str) -> bool {
    search.is_empty() || choice.label.to_lowercase().contains(search)
}

#[derive(Template)]
#[template(path = "jury/known_conflicts.html")]
struct KnownConflictsPage {
    c: Chrome,
    action: String,
    /// The text searched for, and how many of how many applications match it.
    search: String,
    shown: usize,
    total: usize,
    competition: String,
    applications: Vec<Choice>,
    /// Declared already, by this juror: shown as such, not offered again.
    declared: Vec<String>,
    conflicts: BTreeSet<String>,
    conflict_reason: String,
    errors: FieldErrors,
}

fn page(
    c: Chrome,
    views: &Views,
    competition: CompetitionId,
    form: &HashMap<String, String>,
    errors: FieldErrors,
    search: &str,
) -> Result<KnownConflictsPage, WebError> {
    let (juror, _) = juror_on(&c, views, competition)?;
    let jury = views.juries.get(&competition).ok_or(WebError::Forbidden)?;
    let (declared, open): (Vec<_>, Vec<_>) = handed_in(views, competition)
        .into_iter()
        .partition(|(id, _)| jury.is_conflicted(juror, *id));
    let search = crate::web::forms::search_text(search);
    let lower = search.to_lowercase();
    let total = open.len();
    let open: Vec<_> = open
        .into_iter()
        .filter(|(_, choice)| matches(choice, &lower))
        .collect();
    Ok(KnownConflictsPage {
        action: format!("/jury/{competition}/befangenheiten"),
        search,
        shown: open.len(),
        total,
        competition: views
            .competitions
            .get(&competition)
            .and_then(|k| k.state.setup.as_ref())
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        applications: open.into_iter().map(|(_, choice)| choice).collect(),
        declared: declared
            .into_iter()
            .map(|(_, choice)| choice.label)
            .collect(),
        conflicts: form
            .keys()
            .filter_map(|k| k.strip_prefix("conflict_").map(str::to_owned))
            .collect(),
        conflict_reason: form.get("conflict_reason").cloned().unwrap_or_default(),
        errors,
        c,
    })
}

/// Once something of the stage is assigned to the juror, the whole list is closed (see
/// [`Jury::names_known_conflicts`]): back to the overview, with where to declare instead.
fn list_closed(
    c: &Chrome,
    views: &Views,
    competition: CompetitionId,
    session: &Session,
) -> Result<Option<HttpResponse>, WebError> {
    let (juror, stage) = juror_on(c, views, competition)?;
    let jury = views.juries.get(&competition).ok_or(WebError::Forbidden)?;
    if jury.names_known_conflicts(stage, juror) {
        return Ok(None);
    }
    flash(
        session,
        Flash::Problem,
        texts::jury::ALREADY_ASSIGNED_IN_STAGE,
    );
    Ok(Some(see_other("/jury")))
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    query: actix_web::web::Query<Search>,
) -> Result<HttpResponse, WebError> {
    let competition = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    if let Some(closed) = list_closed(&c, &state.models.read(), competition, &session)? {
        return Ok(closed);
    }
    let page = page(
        c,
        &state.models.read(),
        competition,
        &HashMap::new(),
        FieldErrors::default(),
        &query.suche,
    )?;
    page_with_status(StatusCode::OK, &page)
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    let competition = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let user = policy::user(&c)?.clone();
    let (juror, known) = {
        let views = state.models.read();
        if let Some(closed) = list_closed(&c, &views, competition, &session)? {
            return Ok(closed);
        }
        let (juror, _) = juror_on(&c, &views, competition)?;
        let known: BTreeSet<ApplicationId> = handed_in(&views, competition)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        (juror, known)
    };
    let reason_given = form.get("conflict_reason").cloned().unwrap_or_default();
    let mut errors = FieldErrors::default();
    check_text(&c, "conflict_reason", &reason_given, &mut errors);
    if !errors.is_empty() {
        let page = page(c, &state.models.read(), competition, &form, errors, "")?;
        return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    // Only the competition's handed-in applications can be named.
    let conflicts: Vec<ApplicationId> = form
        .keys()
        .filter_map(|k| k.strip_prefix("conflict_"))
        .filter_map(ApplicationId::parse)
        .filter(|id| known.contains(id))
        .collect();
    let reason = match reason_given.trim() {
        "" => c
            .text(texts::jury::DECLARED_KNOWN_BEFORE_ASSIGNMENT)
            .to_owned(),
        given => given.to_owned(),
    };
    let stream = stream_of::<Jury>(&competition);
    let actor = state.actor(&user);
    for application_id in &conflicts {
        let command = JuryCommand::DeclareConflict {
            juror_id: juror,
            application_id: *application_id,
            reason: reason.clone(),
            now: state.clock.now(),
        };
        state
            .execute_retrying::<Jury>(&stream, &actor, command)
            .await
            .map_err(|e| from_execute(e, refusals::jury))?;
    }
    if conflicts.is_empty() {
        flash(&session, Flash::Success, texts::jury::NO_CONFLICT_DECLARED);
    } else {
        flash(
            &session,
            Flash::Success,
            texts::jury::conflicts_declared(conflicts.len()),
        );
    }
    Ok(see_other("/jury"))
}
