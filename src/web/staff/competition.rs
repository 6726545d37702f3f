//! Running a competition: `/verwaltung/wettbewerbe/neu` sets one up from a preset or from
//! scratch;
//! `/verwaltung/wettbewerbe/{id}` shows its state and the next steps of the round (publish,
//! open the stage, extend the deadline or move it earlier, close, start the review, release,
//! complete, delete a draft), the list of one stage's applications (searched, filtered and
//! sorted by `round_list`) with the formal check, and the jury's assignment: automatic with a
//! preview, or by hand, announced to the jurors in one notice each.

use std::collections::BTreeMap;

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Europe::Berlin;
use serde::Deserialize;

use super::round_list::{self, ListEntry, ListQuery, Sort};
use super::round_steps::Offered;
use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, ApplicationCommand, Status};
use crate::domain::competition::{Competition, CompetitionCommand, Phase};
use crate::domain::field::TechnologyField;
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::{ApplicationFacts, Jury, JuryCommand, JuryError, JuryEvent};
use crate::domain::land::Land;
use crate::domain::presets::{Preset, blank};
use crate::domain::stage_status::{figures_in, status_in};
use crate::domain::status::Viewer;
use crate::event_store::Position;
use crate::projections::Views;
use crate::time_display::berlin;
use crate::web::applications::editor::Choice;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::{FieldErrors, check_line};
use crate::web::labels;
use crate::web::paging::Pager;
use crate::web::policy;
use crate::web::refusals;
use crate::web::session::flash;
use crate::web::state::AppState;

/// The choice on the new-competition form for a set-up built from scratch.
const BLANK: &str = "leer";

#[derive(Template)]
#[template(path = "staff/new_competition.html")]
struct NewPage {
    c: Chrome,
    presets: Vec<Choice>,
    preset: String,
    /// The name as typed, when the form comes back.
    typed_name: String,
    errors: FieldErrors,
}

pub async fn new(c: Chrome) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    page_with_status(
        StatusCode::OK,
        &new_page(c, String::new(), String::new(), FieldErrors::default()),
    )
}

fn new_page(c: Chrome, preset: String, typed_name: String, errors: FieldErrors) -> NewPage {
    let mut presets: Vec<Choice> = Preset::ALL
        .into_iter()
        .map(|p| Choice {
            key: format!("{p:?}").to_lowercase(),
            label: format!("{p:?}"),
        })
        .collect();
    presets.push(Choice {
        key: BLANK.to_owned(),
        label: c.ts(
            "Ohne Vorlage (alles selbst festlegen)",
            "No preset (set everything yourself)",
        ),
    });
    NewPage {
        c,
        presets,
        preset,
        typed_name,
        errors,
    }
}

#[derive(Debug, Deserialize)]
pub struct NewForm {
    pub preset: String,
    #[serde(default)]
    pub name: String,
}

pub async fn create(
    c: Chrome,
    state: Data<AppState>,
    CsrfForm(form): CsrfForm<NewForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let mut errors = FieldErrors::default();
    check_line(&c, "name", form.name.trim(), &mut errors);
    if !errors.is_empty() {
        let page = new_page(c, form.preset, form.name, errors);
        return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let now = state.clock.now();
    let name = form.name.trim();
    let (setup, next) = if form.preset == BLANK {
        let name = if name.is_empty() {
            c.t("Neuer Wettbewerb", "New competition")
        } else {
            name
        };
        (blank(name, now), "/ausschreibung")
    } else {
        let preset = Preset::parse(&form.preset)
            .ok_or_else(|| WebError::bad_request("Unbekannte Vorlage.", "Unknown preset."))?;
        let mut setup = preset.setup(now);
        if !name.is_empty() {
            setup.name = name.to_owned();
        }
        (setup, "")
    };
    let id = CompetitionId::from_uuid(uuid::Uuid::now_v7());
    let command = CompetitionCommand::Draft {
        competition_id: id,
        setup,
        now,
    };
    state
        .execute::<Competition>(&stream_of::<Competition>(&id), &state.actor(&user), command)
        .await
        .map_err(|e| from_execute(e, refusals::competition))?;
    Ok(see_other(&format!("/verwaltung/wettbewerbe/{id}{next}")))
}

pub struct Row {
    pub id: String,
    pub title: String,
    pub coordinator: String,
    pub status: String,
    pub requested: String,
    pub cofinancing: String,
    /// Co-financing as a share of the requested funding.
    pub share: String,
    /// When it was submitted in the stage shown; empty for a draft.
    pub submitted: String,
    /// The formal check is open for it (the domain's rule).
    pub rejectable: bool,
    /// Jurors assigned in the stage shown: (id, name).
    pub jurors: Vec<(String, String)>,
    /// The jurors that can still be assigned to it by hand: not assigned yet, no conflict.
    pub choices: Vec<Choice>,
}

pub struct PreviewLine {
    pub juror: String,
    pub count: usize,
}

/// A link to the round's list of one started stage.
pub struct StageLink {
    pub number: usize,
    pub title: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "staff/competition.html")]
pub struct ControlPage {
    pub c: Chrome,
    pub id: String,
    pub name: String,
    pub phase: String,
    pub stage: String,
    pub deadline: String,
    /// (action path, label, leads to a confirmation page first).
    pub actions: Vec<(String, String, bool)>,
    /// Steps that come next but are not possible yet, each with the reason.
    pub not_yet: Vec<String>,
    /// What the round waits for when it has no step of its own.
    pub waiting: Option<String>,
    pub can_extend: bool,
    /// Reminders staff may send now: (recipients key, button label).
    pub reminders: Vec<(String, String)>,
    pub can_assign: bool,
    /// The set-up can still be changed (before publication).
    pub editable: bool,
    /// A draft never published: it can be deleted.
    pub deletable: bool,
    pub rows: Vec<Row>,
    /// Some row listed can be rejected formally: the page has the column for it.
    pub any_rejectable: bool,
    pub preview: Option<Vec<PreviewLine>>,
    pub preview_k: String,
    pub preview_unchanged: usize,
    /// Hand assignments of the current stage whose jurors are not told yet.
    pub unannounced: usize,
    pub notice: Option<String>,
    /// The page of the applications shown.
    pub pager: Pager,
    /// The stages whose lists can be shown, and the one shown (from 1).
    pub stage_links: Vec<StageLink>,
    pub shown_stage: usize,
    /// The search and filters as asked, for the form; the list's query string for the forms
    /// that come back to the same place.
    pub list: ListQuery,
    pub list_query: String,
    pub state_choices: Vec<Choice>,
    pub land_choices: Vec<Choice>,
    pub field_choices: Vec<Choice>,
    pub sort_choices: Vec<Choice>,
    /// Applications that match, of all in the stage.
    pub matched: usize,
    pub total: usize,
    pub total_requested: String,
    pub total_cofinancing: String,
    pub total_share: String,
}

/// Applications listed on one page of the round control.
pub const ROWS_PER_PAGE: usize = 100;

impl ControlPage {
    /// The page with the applications of the stage, search, filters, sorting and page the
    /// query asks for (100 to a page).
    pub fn build(
        c: Chrome,
        views: &Views,
        id: CompetitionId,
        list: &ListQuery,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Self, WebError> {
        let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
        let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
        let (de, en) = labels::phase(competition.phase);
        // Only a stage that has started has a list; any other number shows the current one.
        let shown = list
            .stage()
            .filter(|s| competition.opened_any_stage && *s <= competition.stage)
            .unwrap_or(competition.stage);
        let current = shown == competition.stage;
        let no_jury = Jury::default();
        let jury = views.juries.get(&id).unwrap_or(&no_jury);
        let entries: Vec<(ListEntry, String, bool, bool)> = views
            .by_competition
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| views.applications.get(a).map(|v| (a, v)))
            .filter_map(|(a, v)| {
                // The standing in the stage, decisions included: an application that did not
                // go on says so, one that went on reads as shortlisted here.
                let state = status_in(&v.state, competition, shown, Viewer::Staff)?;
                let figures = figures_in(&v.state, shown)?;
                let (de, en) = labels::status(state);
                let entry = ListEntry {
                    id: *a,
                    title: figures.title.to_owned(),
                    coordinator: figures.coordinator.map(|p| p.name.clone()).unwrap_or_default(),
                    partners: figures.partners.iter().map(|p| p.name.clone()).collect(),
                    state: labels::status_kind(state),
                    land: figures.coordinator.map(|p| p.land),
                    field: figures.field,
                    requested: figures.requested,
                    cofinancing: figures.cofinancing,
                    submitted_at: figures.submitted_at,
                };
                let rejectable =
                    current && v.state.formally_rejectable(competition.progress()).is_ok();
                let assignable = current
                    && matches!(v.state.status, Status::Submitted { stage } if stage == competition.stage);
                Some((entry, if c.en() { en } else { de }, rejectable, assignable))
            })
            .collect();
        let total = entries.len();
        let all: Vec<ListEntry> = entries.iter().map(|(e, ..)| e.clone()).collect();
        let state_choices = round_list::states(&all)
            .into_iter()
            .map(|(de, en)| Choice {
                key: de.to_owned(),
                label: c.ts(de, en),
            })
            .collect();
        let mut extra: BTreeMap<ApplicationId, (String, bool, bool)> = entries
            .into_iter()
            .map(|(e, status, rejectable, assignable)| (e.id, (status, rejectable, assignable)))
            .collect();
        let selected = round_list::select(all, &list.filter());
        let sums = round_list::totals(&selected);
        let pager = Pager::new(&c, selected.len(), ROWS_PER_PAGE, list.page(), |n| {
            format!(
                "/verwaltung/wettbewerbe/{id}?{}#antraege",
                list.on_page(Some(n))
            )
        });
        let matched = selected.len();
        let rows: Vec<Row> = selected
            .into_iter()
            .skip(pager.skip)
            .take(pager.take)
            .map(|e| {
                let (status, rejectable, assignable) = extra.remove(&e.id).unwrap_or_default();
                let jurors = jury
                    .jurors_of(shown, e.id)
                    .map(|j| {
                        let name = jury
                            .jurors
                            .get(&j)
                            .map(|x| x.name.clone())
                            .unwrap_or_default();
                        (j.to_string(), name)
                    })
                    .collect();
                // In review in the current stage, jurors can be assigned to it by hand.
                let choices = jury
                    .jurors
                    .iter()
                    .filter(|(j, _)| assignable && !jury.is_assigned(shown, **j, e.id))
                    .filter(|(j, _)| !jury.is_conflicted(**j, e.id))
                    .map(|(j, x)| Choice {
                        key: j.to_string(),
                        label: format!("{} ({})", x.name, x.organisation),
                    })
                    .collect();
                Row {
                    jurors,
                    choices,
                    id: e.id.to_string(),
                    status,
                    requested: labels::money(e.requested, c.lang),
                    cofinancing: labels::money(e.cofinancing, c.lang),
                    share: round_list::share(e.cofinancing.per_mille_of(e.requested), c.en()),
                    submitted: e
                        .submitted_at
                        .map(|at| berlin(at, c.lang))
                        .unwrap_or_default(),
                    title: e.title,
                    coordinator: e.coordinator,
                    rejectable,
                }
            })
            .collect();
        let offered = Offered::of(&c, competition, now);
        let preview_k = list
            .per_application()
            .or_else(|| jury.usual_panel_size(competition.stage))
            .unwrap_or(3);
        let stage_links = if competition.opened_any_stage {
            setup
                .stages
                .iter()
                .take(competition.stage.saturating_add(1))
                .enumerate()
                .map(|(i, s)| StageLink {
                    number: i + 1,
                    title: s.title.clone(),
                    current: i == shown,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(Self {
            id: id.to_string(),
            name: setup.name.clone(),
            phase: c.ts(de, en),
            stage: competition
                .current_stage()
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            deadline: competition
                .deadline
                .map(|t| berlin(t, c.lang))
                .unwrap_or_default(),
            actions: offered
                .actions
                .into_iter()
                .map(|(path, label)| {
                    let confirm = needs_confirmation(&path, competition);
                    (path, label, confirm)
                })
                .collect(),
            not_yet: offered.not_yet,
            waiting: offered.waiting,
            can_extend: offered.can_extend,
            reminders: offered.reminders,
            editable: competition.phase == Phase::Drafted,
            deletable: competition.deletable().is_ok(),
            can_assign: current
                && matches!(competition.phase, Phase::StageClosed | Phase::InReview),
            any_rejectable: rows.iter().any(|r| r.rejectable),
            rows,
            preview: None,
            preview_k: preview_k.to_string(),
            preview_unchanged: 0,
            unannounced: jury
                .unannounced_in(competition.stage)
                .values()
                .map(Vec::len)
                .sum(),
            notice: None,
            list_query: list.on_page(list.page()),
            stage_links,
            shown_stage: shown + 1,
            land_choices: Land::ALL
                .into_iter()
                .map(|l| Choice {
                    key: l.name().to_owned(),
                    label: l.name().to_owned(),
                })
                .collect(),
            field_choices: TechnologyField::ALL
                .into_iter()
                .map(|f| Choice {
                    key: f.key(),
                    label: c.ts(f.name_de(), f.name_en()),
                })
                .collect(),
            sort_choices: Sort::ALL
                .into_iter()
                .map(|s| {
                    let (de, en) = s.label();
                    Choice {
                        key: s.key().to_owned(),
                        label: c.ts(de, en),
                    }
                })
                .collect(),
            state_choices,
            list: list.clone(),
            matched,
            total,
            total_requested: labels::money(sums.requested, c.lang),
            total_cofinancing: labels::money(sums.cofinancing, c.lang),
            total_share: round_list::share(sums.cofinancing.per_mille_of(sums.requested), c.en()),
            pager,
            c,
        })
    }
}

pub(super) fn competition_id(text: &str) -> Result<CompetitionId, WebError> {
    CompetitionId::parse(text).ok_or(WebError::NotFound)
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
    query: actix_web::web::Query<ListQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = competition_id(&id)?;
    let page = ControlPage::build(c, &state.models.read(), id, &query, state.clock.now())?;
    page_with_status(StatusCode::OK, &page)
}

/// Steps that cannot be undone: their button leads to a confirmation page first. Opening the
/// first stage only starts the call; opening a later one moves the shortlisted on.
fn needs_confirmation(action: &str, competition: &Competition) -> bool {
    match action {
        "freigeben" | "abschliessen" => true,
        "stufe-oeffnen" => competition.phase == Phase::ResultsReleased,
        _ => false,
    }
}

fn confirmation(
    c: Chrome,
    views: &Views,
    id: CompetitionId,
    action: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<HttpResponse, WebError> {
    let page = match action {
        "freigeben" => super::confirm::release(c, views, id, now)?,
        "abschliessen" => super::confirm::complete(c, views, id, now)?,
        "stufe-oeffnen" => super::confirm::open_next_stage(c, views, id, now)?,
        _ => return Err(WebError::NotFound),
    };
    page_with_status(StatusCode::OK, &page)
}

/// The confirmation page again, with the state as it is now, after the confirmed one changed.
fn confirmation_changed(
    c: Chrome,
    views: &Views,
    id: CompetitionId,
    action: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<HttpResponse, WebError> {
    let notice = super::confirm::changed(&c);
    let mut page = match action {
        "freigeben" => super::confirm::release(c, views, id, now)?,
        "abschliessen" => super::confirm::complete(c, views, id, now)?,
        "stufe-oeffnen" => super::confirm::open_next_stage(c, views, id, now)?,
        _ => return Err(WebError::NotFound),
    };
    page.notice = notice;
    page_with_status(StatusCode::CONFLICT, &page)
}

/// The confirmation page of an irreversible step; it acts only when its form is sent.
pub async fn confirm_step(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (id, action) = path.into_inner();
    let id = competition_id(&id)?;
    let now = state.clock.now();
    confirmation(c, &state.models.read(), id, &action, now)
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    /// "1" once staff confirmed an irreversible step; without it the step only asks.
    #[serde(default)]
    pub bestaetigt: String,
    /// The competition's revision the confirmation page showed.
    #[serde(default)]
    pub revision: String,
}

/// One step of the round, named by the action path.
pub async fn step(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let (id, action) = path.into_inner();
    let id = competition_id(&id)?;
    let now = state.clock.now();
    let confirm = {
        let views = state.models.read();
        let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
        needs_confirmation(&action, competition)
    };
    if confirm && !super::confirm::confirmed(&form.bestaetigt) {
        return confirmation(c, &state.models.read(), id, &action, now);
    }
    let command = super::round_steps::step_of(&action)
        .ok_or(WebError::NotFound)?
        .command(now);
    let stream = stream_of::<Competition>(&id);
    let actor = state.actor(&user);
    // A confirmed step acts only on the state that was confirmed: if a decision changed since
    // the page was shown, the page comes back with the new figures instead.
    let executed = if confirm {
        let seen = super::confirm::seen_revision(&form.revision);
        state
            .execute_confirmed(&stream, seen, &actor, command)
            .await
    } else {
        state.execute::<Competition>(&stream, &actor, command).await
    };
    if confirm && matches!(executed, Err(crate::app::ExecuteError::Conflict { .. })) {
        return confirmation_changed(c, &state.models.read(), id, &action, now);
    }
    let result = executed.map_err(|e| from_execute(e, refusals::competition));
    let (result, done) = match result {
        Ok(executed) if action == "stufe-oeffnen" && executed.state.stage > 0 => {
            wait_for_next_stage(&state, executed.position).await;
            (Ok(()), None)
        }
        Ok(executed) if action == "freigeben" => {
            let mails =
                crate::domain::readiness::outcomes(&executed.state, executed.state.stage).total();
            let done = (
                format!("{mails} Ergebnismitteilungen sind im Postausgang."),
                format!("{mails} result notices are in the outbox."),
            );
            (Ok(()), Some(done))
        }
        Ok(_) if action == "abschliessen" => (
            Ok(()),
            Some((
                "Der Wettbewerb ist abgeschlossen.".to_owned(),
                "The competition is completed.".to_owned(),
            )),
        ),
        other => (other.map(|_| ()), None),
    };
    match done {
        Some((de, en)) => again_or_back_saying(c, &state, &session, id, result, &de, &en),
        None => again_or_back(c, &state, &session, id, result),
    }
}

/// The applications shortlisted in the previous stage start their proposal for the stage just
/// opened: the process in `processes/next_stage.rs` does that, after a crash too. The page after
/// the redirect shows them started, so this waits for the process to pass the stage's event and
/// for the read models to show what it wrote.
async fn wait_for_next_stage(state: &AppState, opened: Option<Position>) {
    let Some(opened) = opened else { return };
    state.processes.handled(opened).await;
    if let Some(last) = state.store.last_position() {
        state.models.caught_up_to(last).await;
    }
}

/// Back to the control page after a step, or the page with the reason it was refused.
pub(super) fn again_or_back(
    c: Chrome,
    state: &AppState,
    session: &Session,
    id: CompetitionId,
    result: Result<(), WebError>,
) -> Result<HttpResponse, WebError> {
    again_or_back_saying(c, state, session, id, result, "Erledigt.", "Done.")
}

/// Back to the control page with feedback that says what was done, or the page with the reason
/// it was refused.
fn again_or_back_saying(
    c: Chrome,
    state: &AppState,
    session: &Session,
    id: CompetitionId,
    result: Result<(), WebError>,
    de: &str,
    en: &str,
) -> Result<HttpResponse, WebError> {
    let back = Back {
        list: ListQuery::default(),
        anchor: "",
    };
    back_to(c, state, session, id, result, (de, en), &back)
}

/// Where a form returns to on the control page: the list as it was (stage, search, filters,
/// page) and the place on the page.
struct Back<'a> {
    list: ListQuery,
    /// `#…` or empty.
    anchor: &'a str,
}

impl Back<'_> {
    fn url(&self, id: CompetitionId) -> String {
        let query = serde_urlencoded::to_string(&self.list).unwrap_or_default();
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        format!("/verwaltung/wettbewerbe/{id}{query}{}", self.anchor)
    }
}

/// After a form: on success to `back` with the feedback, on a refusal the page (as `back`
/// shows it) with the reason.
fn back_to(
    c: Chrome,
    state: &AppState,
    session: &Session,
    id: CompetitionId,
    result: Result<(), WebError>,
    (de, en): (&str, &str),
    back: &Back,
) -> Result<HttpResponse, WebError> {
    match result {
        Ok(()) => {
            flash(session, true, de, en);
            Ok(see_other(&back.url(id)))
        }
        Err(WebError::Unprocessable { de, en }) => {
            let mut page =
                ControlPage::build(c, &state.models.read(), id, &back.list, state.clock.now())?;
            page.notice = Some(if page.c.en() { en } else { de });
            page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

#[derive(Debug, Deserialize)]
pub struct ExtendForm {
    pub date: String,
    pub time: String,
}

/// The new deadline comes as a date and a time in Berlin.
pub async fn extend(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<ExtendForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let to = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
        .ok()
        .zip(NaiveTime::parse_from_str(form.time.trim(), "%H:%M").ok())
        .and_then(|(d, t)| Berlin.from_local_datetime(&d.and_time(t)).earliest())
        .map(|t| t.with_timezone(&chrono::Utc));
    let result = match to {
        None => Err(WebError::unprocessable(
            "Bitte geben Sie Datum und Uhrzeit der neuen Frist an.",
            "Please give the new deadline's date and time.",
        )),
        Some(to) => {
            let command = CompetitionCommand::ExtendDeadline {
                to,
                now: state.clock.now(),
            };
            state
                .execute::<Competition>(
                    &stream_of::<Competition>(&id),
                    &state.actor(&user),
                    command,
                )
                .await
                .map(|_| ())
                .map_err(|e| from_execute(e, refusals::competition))
        }
    };
    again_or_back(c, &state, &session, id, result)
}

#[derive(Debug, Deserialize)]
pub struct ShortenForm {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub review_date: String,
    #[serde(default)]
    pub review_time: String,
}

/// A date and a time in Berlin: `Ok(None)` when both are empty, `Err` when only one is given or
/// either does not parse.
fn berlin_time(date: &str, time: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, ()> {
    let (date, time) = (date.trim(), time.trim());
    if date.is_empty() && time.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .zip(NaiveTime::parse_from_str(time, "%H:%M").ok())
        .and_then(|(d, t)| Berlin.from_local_datetime(&d.and_time(t)).earliest())
        .map(|t| Some(t.with_timezone(&chrono::Utc)))
        .ok_or(())
}

/// Moving the open stage's submission deadline, its review deadline or both earlier; the
/// consortia of the stage are told of a new submission deadline by e-mail.
pub async fn shorten(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<ShortenForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let submission = berlin_time(&form.date, &form.time);
    let review = berlin_time(&form.review_date, &form.review_time);
    let result = match (submission, review) {
        (Ok(submission), Ok(review)) => {
            let command = CompetitionCommand::ShortenDeadlines {
                submission,
                review,
                now: state.clock.now(),
            };
            state
                .execute::<Competition>(
                    &stream_of::<Competition>(&id),
                    &state.actor(&user),
                    command,
                )
                .await
                .map(|_| ())
                .map_err(|e| from_execute(e, refusals::competition))
        }
        _ => Err(WebError::unprocessable(
            "Bitte geben Sie zu jeder neuen Frist Datum und Uhrzeit an.",
            "Please give the date and the time of each new deadline.",
        )),
    };
    again_or_back_saying(
        c,
        &state,
        &session,
        id,
        result,
        "Die Frist ist vorgezogen; die Konsortien der Stufe erhalten eine E-Mail, wenn sich die Einreichungsfrist geändert hat.",
        "The deadline is moved earlier; the stage's consortia receive an e-mail if the submission deadline changed.",
    )
}

/// The confirmation page before deleting a draft.
pub async fn confirm_delete(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = competition_id(&id)?;
    let page = super::confirm::delete(c, &state.models.read(), id)?;
    page_with_status(StatusCode::OK, &page)
}

/// Deletes a draft competition once confirmed; the event names who did it.
pub async fn delete(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    if !super::confirm::confirmed(&form.bestaetigt) {
        let page = super::confirm::delete(c, &state.models.read(), id)?;
        return page_with_status(StatusCode::OK, &page);
    }
    let name = {
        let views = state.models.read();
        let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
        competition
            .setup
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let command = CompetitionCommand::Delete {
        by: user.id,
        now: state.clock.now(),
    };
    let result = state
        .execute::<Competition>(&stream_of::<Competition>(&id), &state.actor(&user), command)
        .await
        .map(|_| ())
        .map_err(|e| from_execute(e, refusals::competition));
    match result {
        Ok(()) => {
            flash(
                &session,
                true,
                format!("Der Entwurf „{name}“ ist gelöscht."),
                format!("The draft “{name}” is deleted."),
            );
            Ok(see_other("/verwaltung"))
        }
        Err(e) => again_or_back(c, &state, &session, id, Err(e)),
    }
}

#[derive(Debug, Deserialize)]
pub struct RejectForm {
    pub application: String,
    #[serde(default)]
    pub reason: String,
    /// "1" once staff confirmed; without it the rejection only asks.
    #[serde(default)]
    pub bestaetigt: String,
}

/// The formal check: a submitted application rejected with its reason (the consortium is told
/// by e-mail).
pub async fn reject(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<RejectForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let application = ApplicationId::parse(&form.application).ok_or(WebError::NotFound)?;
    let progress = {
        let views = state.models.read();
        let belongs = views
            .by_competition
            .get(&id)
            .is_some_and(|set| set.contains(&application));
        views
            .competitions
            .get(&id)
            .filter(|_| belongs)
            .map(|v| v.state.progress())
            .ok_or(WebError::NotFound)?
    };
    // Without a reason the rejection is refused beside the form, not confirmed.
    let reason = form.reason.trim();
    if !reason.is_empty() && !super::confirm::confirmed(&form.bestaetigt) {
        let page = super::confirm::reject(
            c,
            &state.models.read(),
            id,
            application,
            reason,
            state.clock.now(),
        )?;
        return page_with_status(StatusCode::OK, &page);
    }
    let command = ApplicationCommand::RejectFormally {
        reason: form.reason.trim().to_owned(),
        competition: progress,
        now: state.clock.now(),
    };
    let result = state
        .execute::<Application>(
            &stream_of::<Application>(&application),
            &state.actor(&user),
            command,
        )
        .await
        .map(|_| ())
        .map_err(|e| from_execute(e, refusals::application));
    again_or_back_saying(
        c,
        &state,
        &session,
        id,
        result,
        "Der Antrag ist formal abgelehnt; das Konsortium erhält die Begründung per E-Mail.",
        "The application is rejected formally; the consortium receives the reason by e-mail.",
    )
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    pub per_application: String,
    /// "vorschau" shows the plan; anything else applies it.
    #[serde(default)]
    pub mode: String,
}

/// Automatic assignment: k jurors per application, balanced, no conflicts, matching fields.
/// The preview runs the same decision on the current jury without writing anything. Both run
/// on the blocking pool, so that a large competition never holds up a request worker.
pub async fn assign(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<AssignForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let k: usize = form.per_application.trim().parse().unwrap_or(0);
    let (command, jury, titles) = {
        let views = state.models.read();
        let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
        let stage = competition.stage;
        let applications: Vec<ApplicationFacts> = views
            .by_competition
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| views.applications.get(a).map(|v| (a, v)))
            .filter(|(_, v)| matches!(v.state.status, Status::Submitted { stage: s } if s == stage))
            .map(|(a, v)| ApplicationFacts {
                id: *a,
                field: v.state.field,
                organisations: v.state.all_partners().map(|p| p.name.clone()).collect(),
            })
            .collect();
        // A refusal names the applications whose conflicts leave too few jurors.
        let titles: BTreeMap<ApplicationId, String> = applications
            .iter()
            .filter_map(|a| {
                views
                    .applications
                    .get(&a.id)
                    .map(|v| (a.id, v.state.title.clone()))
            })
            .collect();
        let command = JuryCommand::AssignAutomatically {
            stage,
            applications,
            per_application: k,
            now: state.clock.now(),
        };
        (
            command,
            views.juries.get(&id).cloned().unwrap_or_default(),
            titles,
        )
    };
    let describe = |refusal: &JuryError| match refusal {
        JuryError::Assignment(e) => refusals::assignment(e, &|a| {
            titles.get(&a).cloned().unwrap_or_else(|| a.to_string())
        }),
        other => refusals::jury(other),
    };
    // The number entered comes back with the page, applied or refused alike.
    let back = Back {
        list: ListQuery {
            je_antrag: form.per_application.trim().to_owned(),
            ..ListQuery::default()
        },
        anchor: "",
    };
    if k == 0 {
        let result = Err(WebError::unprocessable(
            "Bitte geben Sie an, wie viele Jurymitglieder jeden Antrag bewerten.",
            "Please say how many jurors review each application.",
        ));
        return back_to(c, &state, &session, id, result, ("", ""), &back);
    }
    if form.mode == "vorschau" {
        // Thousands of applications take a while to assign: not on the request worker.
        let decision = {
            let jury = jury.clone();
            actix_web::web::block(move || jury.handle(command))
                .await
                .map_err(WebError::internal)?
        };
        let events = match decision {
            Ok(events) => events,
            Err(refusal) => {
                let (de, en) = describe(&refusal);
                let refused = Err(WebError::unprocessable(de, en));
                return back_to(c, &state, &session, id, refused, ("", ""), &back);
            }
        };
        let mut per_juror: BTreeMap<String, usize> = BTreeMap::new();
        for event in &events {
            if let JuryEvent::JurorAssigned { juror_id, .. } = event {
                let name = jury
                    .jurors
                    .get(juror_id)
                    .map(|j| j.name.clone())
                    .unwrap_or_default();
                *per_juror.entry(name).or_default() += 1;
            }
        }
        let mut page =
            ControlPage::build(c, &state.models.read(), id, &back.list, state.clock.now())?;
        page.preview = Some(
            per_juror
                .into_iter()
                .map(|(juror, count)| PreviewLine { juror, count })
                .collect(),
        );
        page.preview_k = k.to_string();
        page.preview_unchanged = usize::from(events.is_empty());
        return page_with_status(StatusCode::OK, &page);
    }
    let result = state
        .execute_retrying_off_worker::<Jury>(&stream_of::<Jury>(&id), &state.actor(&user), command)
        .await
        .map(|_| ())
        .map_err(|e| from_execute(e, describe));
    let done = (
        format!(
            "Die Zuordnung mit {k} Jurymitgliedern je Antrag ist angewandt; jedes Jurymitglied erhält eine Mitteilung über seine neuen Anträge."
        ),
        format!(
            "The assignment with {k} jurors per application is applied; each juror receives one notice of their new applications."
        ),
    );
    back_to(c, &state, &session, id, result, (&done.0, &done.1), &back)
}

#[derive(Debug, Deserialize)]
pub struct HandForm {
    pub application: String,
    pub juror: String,
    /// "entfernen" removes the assignment; anything else adds it.
    #[serde(default)]
    pub action: String,
    /// The query string of the list the form was on, to return to the same place.
    #[serde(default)]
    pub liste: String,
}

/// Assigning by hand: one juror to one application in the current stage, or removing that.
pub async fn assign_by_hand(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<HandForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let application = ApplicationId::parse(&form.application).ok_or(WebError::NotFound)?;
    let juror_id = crate::domain::ids::JurorId::parse(&form.juror).ok_or(WebError::NotFound)?;
    let command = {
        let views = state.models.read();
        let stage = views
            .competitions
            .get(&id)
            .ok_or(WebError::NotFound)?
            .state
            .stage;
        let view = views
            .applications
            .get(&application)
            .ok_or(WebError::NotFound)?;
        if view.state.competition_id != Some(id) {
            return Err(WebError::NotFound);
        }
        let now = state.clock.now();
        if form.action == "entfernen" {
            JuryCommand::Unassign {
                stage,
                juror_id,
                application_id: application,
                now,
            }
        } else {
            JuryCommand::Assign {
                stage,
                juror_id,
                application: ApplicationFacts {
                    id: application,
                    field: view.state.field,
                    organisations: view.state.all_partners().map(|p| p.name.clone()).collect(),
                },
                now,
            }
        }
    };
    let result = state
        .execute_retrying::<Jury>(&stream_of::<Jury>(&id), &state.actor(&user), command)
        .await
        .map(|_| ())
        .map_err(|e| from_execute(e, refusals::jury));
    let anchor = format!("#antrag-{application}");
    let back = Back {
        list: ListQuery::parse(&form.liste),
        anchor: &anchor,
    };
    let done = if form.action == "entfernen" {
        ("Die Zuordnung ist entfernt.", "The assignment is removed.")
    } else {
        (
            "Zugeordnet. Das Jurymitglied erfährt es mit „Zuordnungen mitteilen“, zusammen mit seinen anderen neuen Zuordnungen.",
            "Assigned. The juror is told with “Announce assignments”, together with their other new assignments.",
        )
    };
    back_to(c, &state, &session, id, result, done, &back)
}

/// Tells every juror of the hand assignments of the current stage not told yet: one notice each.
pub async fn announce(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(_): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let stage = {
        let views = state.models.read();
        views
            .competitions
            .get(&id)
            .ok_or(WebError::NotFound)?
            .state
            .stage
    };
    let command = JuryCommand::AnnounceAssignments {
        stage,
        now: state.clock.now(),
    };
    let executed = state
        .execute_retrying::<Jury>(&stream_of::<Jury>(&id), &state.actor(&user), command)
        .await
        .map_err(|e| from_execute(e, refusals::jury));
    let (result, jurors) = match executed {
        Ok(executed) => (Ok(()), executed.events.len()),
        Err(e) => (Err(e), 0),
    };
    let done = if jurors == 1 {
        (
            "Eine Mitteilung über neue Zuordnungen ist im Postausgang.".to_owned(),
            "One notice of new assignments is in the outbox.".to_owned(),
        )
    } else {
        (
            format!(
                "{jurors} Mitteilungen über neue Zuordnungen sind im Postausgang, eine je Jurymitglied."
            ),
            format!("{jurors} notices of new assignments are in the outbox, one per juror."),
        )
    };
    let back = Back {
        list: ListQuery::default(),
        anchor: "",
    };
    back_to(c, &state, &session, id, result, (&done.0, &done.1), &back)
}
