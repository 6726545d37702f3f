//! Running a competition: `/verwaltung/wettbewerbe/neu` sets one up from a preset or from
//! scratch;
//! `/verwaltung/wettbewerbe/{id}` shows its state and the next steps of the round (publish,
//! open the stage, extend the deadline, close, start the review, release, complete), the
//! submitted applications with the formal check, and automatic jury assignment with a preview.

use std::collections::BTreeMap;

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Europe::Berlin;
use serde::Deserialize;

use super::round_steps::Offered;
use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, ApplicationCommand, Status};
use crate::domain::competition::{Competition, CompetitionCommand, Outcome, Phase};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::{ApplicationFacts, Jury, JuryCommand, JuryError, JuryEvent};
use crate::domain::presets::{Preset, blank};
use crate::domain::status::{Viewer, status};
use crate::projections::Views;
use crate::time_display::berlin;
use crate::web::applications::editor::Choice;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::{FieldErrors, check_line};
use crate::web::labels;
use crate::web::paging::{PageQuery, Pager};
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
    /// The formal check is open for it (the domain's rule).
    pub rejectable: bool,
    /// In review in the current stage, so jurors can be assigned to it by hand.
    pub assignable: bool,
    /// Jurors assigned in the current stage: (id, name).
    pub jurors: Vec<(String, String)>,
}

pub struct PreviewLine {
    pub juror: String,
    pub count: usize,
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
    pub rows: Vec<Row>,
    /// Every juror, for assigning by hand.
    pub juror_choices: Vec<Choice>,
    pub preview: Option<Vec<PreviewLine>>,
    pub preview_k: String,
    pub preview_unchanged: usize,
    pub notice: Option<String>,
    /// The page of the applications shown.
    pub pager: Pager,
}

/// Applications listed on one page of the round control.
pub const ROWS_PER_PAGE: usize = 100;

impl ControlPage {
    /// The page with the applications of `page` (100 to a page; the first when `None`).
    pub fn build(
        c: Chrome,
        views: &Views,
        id: CompetitionId,
        page: Option<usize>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Self, WebError> {
        let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
        let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
        let (de, en) = labels::phase(competition.phase);
        let mut rows: Vec<Row> = views
            .by_competition
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| views.applications.get(a).map(|v| (a, v)))
            .map(|(a, v)| {
                // The standing in the competition, decisions included: in a later stage the
                // applications that did not go on say so instead of still reading "submitted".
                let (de, en) = status(&v.state, competition, Viewer::Staff)
                    .map(labels::status)
                    .unwrap_or_else(|| ("–".to_owned(), "–".to_owned()));
                let jurors = views
                    .juries
                    .get(&id)
                    .map(|jury| {
                        jury.jurors_of(competition.stage, *a)
                            .map(|j| {
                                let name = jury.jurors.get(&j).map(|x| x.name.clone()).unwrap_or_default();
                                (j.to_string(), name)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Row {
                    jurors,
                    id: a.to_string(),
                    title: v.state.title.clone(),
                    coordinator: v.state.coordinator.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
                    status: if c.en() { en } else { de },
                    rejectable: v.state.formally_rejectable(competition.progress()).is_ok(),
                    assignable: matches!(v.state.status, Status::Submitted { stage } if stage == competition.stage),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.title.cmp(&b.title));
        let pager = Pager::new(&c, rows.len(), ROWS_PER_PAGE, page, |n| {
            if n == 1 {
                format!("/verwaltung/wettbewerbe/{id}")
            } else {
                format!("/verwaltung/wettbewerbe/{id}?seite={n}#antraege")
            }
        });
        let rows: Vec<Row> = rows.into_iter().skip(pager.skip).take(pager.take).collect();
        let offered = Offered::of(&c, competition, now);
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
                    let confirm = needs_confirmation(&path);
                    (path, label, confirm)
                })
                .collect(),
            not_yet: offered.not_yet,
            waiting: offered.waiting,
            can_extend: offered.can_extend,
            reminders: offered.reminders,
            editable: competition.phase == Phase::Drafted,
            can_assign: matches!(competition.phase, Phase::StageClosed | Phase::InReview),
            rows,
            juror_choices: views
                .juries
                .get(&id)
                .map(|jury| {
                    jury.jurors
                        .iter()
                        .map(|(j, x)| Choice {
                            key: j.to_string(),
                            label: format!("{} ({})", x.name, x.organisation),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            preview: None,
            preview_k: "3".into(),
            preview_unchanged: 0,
            notice: None,
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
    query: actix_web::web::Query<PageQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = competition_id(&id)?;
    let page = ControlPage::build(c, &state.models.read(), id, query.seite, state.clock.now())?;
    page_with_status(StatusCode::OK, &page)
}

/// Steps that cannot be undone: their button leads to a confirmation page first.
fn needs_confirmation(action: &str) -> bool {
    matches!(action, "freigeben" | "abschliessen")
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
        _ => return Err(WebError::NotFound),
    };
    page_with_status(StatusCode::OK, &page)
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
    if needs_confirmation(&action) && !super::confirm::confirmed(&form.bestaetigt) {
        return confirmation(c, &state.models.read(), id, &action, now);
    }
    let command = super::round_steps::step_of(&action)
        .ok_or(WebError::NotFound)?
        .command(now);
    let result = state
        .execute::<Competition>(&stream_of::<Competition>(&id), &state.actor(&user), command)
        .await
        .map_err(|e| from_execute(e, refusals::competition));
    let (result, done) = match result {
        Ok(executed) if action == "stufe-oeffnen" && executed.state.stage > 0 => (
            invite_to_next_stage(&state, &user, &executed.state).await,
            None,
        ),
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
/// opened.
async fn invite_to_next_stage(
    state: &AppState,
    user: &crate::web::session::CurrentUser,
    competition: &Competition,
) -> Result<(), WebError> {
    let stage = competition.stage;
    let shortlisted: Vec<ApplicationId> = competition
        .decisions_in(stage - 1)
        .filter(|(_, outcome)| *outcome == Outcome::Shortlisted)
        .map(|(application, _)| application)
        .collect();
    for application in shortlisted {
        let command = ApplicationCommand::StartNextStage {
            stage,
            now: state.clock.now(),
        };
        state
            .execute_retrying::<Application>(
                &stream_of::<Application>(&application),
                &state.actor(user),
                command,
            )
            .await
            .map_err(|e| from_execute(e, refusals::application))?;
    }
    Ok(())
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
    match result {
        Ok(()) => {
            flash(session, true, de, en);
            Ok(see_other(&format!("/verwaltung/wettbewerbe/{id}")))
        }
        Err(WebError::Unprocessable { de, en }) => {
            let mut page =
                ControlPage::build(c, &state.models.read(), id, None, state.clock.now())?;
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
    if k == 0 {
        let result = Err(WebError::unprocessable(
            "Bitte geben Sie an, wie viele Jurymitglieder jeden Antrag bewerten.",
            "Please say how many jurors review each application.",
        ));
        return again_or_back(c, &state, &session, id, result);
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
                return again_or_back(
                    c,
                    &state,
                    &session,
                    id,
                    Err(WebError::unprocessable(de, en)),
                );
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
        let mut page = ControlPage::build(c, &state.models.read(), id, None, state.clock.now())?;
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
    again_or_back(c, &state, &session, id, result)
}

#[derive(Debug, Deserialize)]
pub struct HandForm {
    pub application: String,
    pub juror: String,
    /// "entfernen" removes the assignment; anything else adds it.
    #[serde(default)]
    pub action: String,
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
    again_or_back(c, &state, &session, id, result)
}
