//! `/verwaltung/wettbewerbe/{id}/ausschreibung`: the set-up, editable until publication: name,
//! description, budget, eligibility rules (Länder, technology fields, required kinds of
//! partner), stages with their kind and dates, and each stage's criteria with weights and pass
//! marks. A blank row adds a criterion or a partner requirement, one without a name is dropped;
//! "Stufe hinzufügen" and "Stufe entfernen" change the stages in the form before it is saved.
//! Dates are entered in Berlin time. A draft may be incomplete: what would stop publication is
//! listed above the form, and publishing refuses until it is resolved.

use std::collections::HashMap;

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::app::stream_of;
use crate::domain::account::{Language, Role};
use crate::domain::competition::{Competition, CompetitionCommand, Phase};
use crate::domain::ids::CompetitionId;
use crate::domain::presets::following_stage;
use crate::domain::setup::CompetitionSetup;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

use super::setup_form::{FormRows, Submitted, rows_of};

#[derive(Template)]
#[template(path = "staff/setup.html")]
struct SetupPage {
    c: Chrome,
    id: String,
    rows: FormRows,
    release_scores: bool,
    /// Values that did not parse, or a refusal: nothing was saved.
    problems: Vec<String>,
    /// What publication would refuse; the draft is saved nonetheless.
    open_points: Vec<String>,
    /// Set when the stages changed in the form but are not saved yet.
    unsaved: bool,
    /// Why the contact's address was refused, shown beside it.
    contact_email_error: Option<String>,
    /// Why a budget year or a funding rate was refused, by its field, shown beside it.
    beside: HashMap<String, String>,
}

impl SetupPage {
    fn value(&self, name: &str) -> String {
        self.rows.values.get(name).cloned().unwrap_or_default()
    }

    fn error(&self, name: &str) -> Option<String> {
        self.beside.get(name).cloned()
    }

    /// The form's fields again as typed, with the reasons beside them.
    fn keep_typed(&mut self, form: &HashMap<String, String>, submitted: &Submitted<'_>) {
        self.contact_email_error = submitted.beside.get("contact_email").cloned();
        self.beside = submitted.beside.clone();
        let sent = (0..)
            .take_while(|r| form.contains_key(&format!("budget_year_{r}")))
            .count();
        if sent > self.rows.budget_years.len() {
            self.rows.budget_years = (0..sent).collect();
        }
    }
}

fn drafted(state: &AppState, id: CompetitionId) -> Result<CompetitionSetup, WebError> {
    let views = state.models.read();
    let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
    if competition.phase != Phase::Drafted {
        return Err(WebError::unprocessable(texts::staff::SET_UP_PUBLISHED));
    }
    competition.setup.clone().ok_or(WebError::NotFound)
}

/// What publication would refuse, in the person's language.
fn open_points(setup: &CompetitionSetup, language: Language) -> Vec<String> {
    setup
        .problems()
        .into_iter()
        .map(|p| texts::setup_problems::problem(&p).into_lang(language))
        .collect()
}

fn page(c: Chrome, id: CompetitionId, setup: &CompetitionSetup) -> SetupPage {
    SetupPage {
        id: id.to_string(),
        rows: rows_of(setup, c.lang),
        release_scores: setup.release_scores,
        problems: Vec::new(),
        open_points: open_points(setup, c.lang),
        unsaved: false,
        contact_email_error: None,
        beside: HashMap::new(),
        c,
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let setup = drafted(&state, id)?;
    page_with_status(StatusCode::OK, &page(c, id, &setup))
}

/// The form again with the values as typed (stage fields only while the stages kept their
/// places).
fn as_typed(mut shown: SetupPage, form: &HashMap<String, String>, same_places: bool) -> SetupPage {
    for (key, value) in form {
        if key != "csrf" {
            shown.rows.values.insert(key.clone(), value.clone());
        }
    }
    if same_places {
        let typed = |name: String, into: &mut String| {
            if let Some(value) = form.get(&name) {
                *into = value.clone();
            }
        };
        for s in &mut shown.rows.stages {
            let i = s.index;
            typed(format!("title_{i}"), &mut s.title);
            typed(format!("submission_date_{i}"), &mut s.submission_date);
            typed(format!("submission_time_{i}"), &mut s.submission_time);
            typed(format!("review_date_{i}"), &mut s.review_date);
            typed(format!("review_time_{i}"), &mut s.review_time);
            typed(format!("advancing_{i}"), &mut s.advancing);
            typed(format!("pass_mark_{i}"), &mut s.pass_mark);
            for k in &mut s.criteria {
                if form
                    .get(&format!("criterion_name_{}", k.key))
                    .is_some_and(|n| !n.trim().is_empty())
                {
                    typed(format!("criterion_weight_{}", k.key), &mut k.weight);
                    typed(format!("criterion_pass_{}", k.key), &mut k.pass_mark);
                }
            }
        }
    }
    shown
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let current = drafted(&state, id)?;
    let mut submitted = Submitted::new(&form, c.lang);
    let mut setup = submitted.read(&current);
    let mut problems = std::mem::take(&mut submitted.problems);
    let action = form
        .get("aktion")
        .map(String::as_str)
        .unwrap_or("speichern");

    // Adding or removing a stage changes the form only; saving writes it.
    if action == "stufe_hinzufuegen" || action.starts_with("stufe_entfernen_") {
        let mut same_places = true;
        if action == "stufe_hinzufuegen" {
            let next = setup.stages.last().and_then(following_stage);
            setup.stages.extend(next);
        } else if let Some(i) = action
            .trim_start_matches("stufe_entfernen_")
            .parse::<usize>()
            .ok()
            .filter(|i| *i < setup.stages.len())
        {
            setup.stages.remove(i);
            same_places = false;
        }
        let mut shown = as_typed(page(c, id, &setup), &form, same_places);
        if same_places {
            submitted.mark_stages(&mut shown.rows.stages);
        }
        shown.keep_typed(&form, &submitted);
        shown.problems = problems;
        shown.unsaved = true;
        return page_with_status(StatusCode::OK, &shown);
    }

    if problems.is_empty() {
        let command = CompetitionCommand::ChangeSetup {
            setup: setup.clone(),
            now: state.clock.now(),
        };
        match state
            .execute::<Competition>(&stream_of::<Competition>(&id), &state.actor(&user), command)
            .await
        {
            Ok(_) => {
                if setup.problems().is_empty() {
                    flash(&session, Flash::Success, texts::staff::SET_UP_SAVED);
                    return Ok(see_other(&format!("/verwaltung/wettbewerbe/{id}")));
                }
                // Saved, but not ready: stay on the form with what is missing.
                flash(
                    &session,
                    Flash::Success,
                    texts::staff::DRAFT_SAVED_INCOMPLETE,
                );
                return Ok(see_other(&format!(
                    "/verwaltung/wettbewerbe/{id}/ausschreibung"
                )));
            }
            Err(error) => match from_execute(error, refusals::competition) {
                WebError::Unprocessable { de, en } => problems.push(if c.en() { en } else { de }),
                other => return Err(other),
            },
        }
    }
    // The form again, as typed, with every problem listed.
    let mut shown = as_typed(page(c, id, &setup), &form, true);
    submitted.mark_stages(&mut shown.rows.stages);
    shown.keep_typed(&form, &submitted);
    shown.problems = problems;
    page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &shown)
}
