//! `/verwaltung/wettbewerbe/{k}/antraege/{a}/formalpruefung`: the formal check of one submitted
//! application in the competition's current stage. Staff tick the checklist
//! (`…/pruefpunkte`), ask for corrections of named parts by a date (`…/nachforderung`), see
//! what each answer changed, and close the check (`…/abschliessen`). A request that lapsed
//! unanswered offers the formal rejection with its reason written out, for staff to send.

use std::collections::{BTreeMap, HashMap};

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::app::{ExecuteError, stream_of};
use crate::domain::account::{Language, Role};
use crate::domain::application::{Application, ApplicationCommand, ApplicationError, Status};
use crate::domain::competition::Competition;
use crate::domain::formal_check::{self, CheckState, Correctable, CorrectionRound};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::stage_form::StageForm;
use crate::projections::Views;
use crate::texts::{self, formal_check as words, refusals};
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::staff::formal_check_diff::{self, DiffLine};
use crate::web::state::AppState;

pub struct TickRow {
    pub index: usize,
    pub label: String,
    pub met: bool,
    /// Ticked at all (met or not met), as opposed to not looked at.
    pub ticked: bool,
}

pub struct PartChoice {
    /// The checkbox's name: `teil-` and the part's key.
    pub name: String,
    pub label: String,
    pub checked: bool,
}

pub struct Change {
    pub part: String,
    pub lines: Vec<DiffLine>,
}

pub struct RoundView {
    pub round: u32,
    pub requested_at: String,
    pub due: String,
    pub text: String,
    pub parts: Vec<String>,
    pub reminded: bool,
    pub answered_at: Option<String>,
    pub changes: Vec<Change>,
    /// Named parts the answer left as they were.
    pub unchanged: Vec<String>,
    pub lapsed: bool,
}

#[derive(Template)]
#[template(path = "staff/formal_check.html")]
pub struct CheckPage {
    pub c: Chrome,
    pub competition_id: String,
    pub competition: String,
    pub application_id: String,
    pub title: String,
    pub stage: usize,
    pub stage_title: String,
    pub state: String,
    pub checklist: Vec<TickRow>,
    /// Ticks and requests can be made: the check is open and not closed.
    pub open: bool,
    pub can_request: bool,
    pub parts: Vec<PartChoice>,
    pub typed_text: String,
    /// The last day as `YYYY-MM-DD`, for the date field.
    pub typed_day: String,
    pub min_day: String,
    pub max_day: String,
    pub errors: FieldErrors,
    pub notice: Option<String>,
    pub rounds: Vec<RoundView>,
    pub can_complete: bool,
    pub completed_at: Option<String>,
    /// The rejection's reason written out, when the last request lapsed unanswered.
    pub rejection_draft: Option<String>,
    pub rejected: Option<String>,
    pub max_chars: usize,
}

/// What a refused form sent, to show it again.
#[derive(Default)]
pub struct Sent {
    pub parts: Vec<String>,
    pub text: String,
    pub day: String,
    pub errors: FieldErrors,
    pub notice: Option<String>,
    /// The field a refusal of the form belongs beside; empty: above the page.
    pub field: &'static str,
}

fn ids(path: &(String, String)) -> Result<(CompetitionId, ApplicationId), WebError> {
    Ok((
        CompetitionId::parse(&path.0).ok_or(WebError::NotFound)?,
        ApplicationId::parse(&path.1).ok_or(WebError::NotFound)?,
    ))
}

/// The competition and application, when the application belongs to it and was submitted in
/// some stage (a draft has no formal check).
fn read<'v>(
    views: &'v Views,
    k: CompetitionId,
    a: ApplicationId,
) -> Result<(&'v Competition, &'v Application, usize), WebError> {
    let competition = &views.competitions.get(&k).ok_or(WebError::NotFound)?.state;
    let application = &views.applications.get(&a).ok_or(WebError::NotFound)?.state;
    if application.competition_id != Some(k) {
        return Err(WebError::NotFound);
    }
    let stage = match application.status {
        Status::Submitted { stage } | Status::FormallyRejected { stage } => stage,
        _ => return Err(WebError::NotFound),
    };
    Ok((competition, application, stage))
}

pub fn stage_form(competition: &Competition, stage: usize) -> StageForm {
    competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(stage))
        .map(|s| s.form())
        .unwrap_or_default()
}

pub fn checklist(competition: &Competition) -> &[String] {
    competition
        .setup
        .as_ref()
        .map_or(&[], |s| s.formal_checklist.as_slice())
}

fn day(time: DateTime<Utc>) -> String {
    time.with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y-%m-%d")
        .to_string()
}

/// The reason of a rejection after a lapsed request, as staff would write it.
fn rejection_draft(
    language: Language,
    round: &CorrectionRound,
    parts: &texts::Text<String>,
) -> String {
    let requested = berlin(round.requested_at, language);
    let due = berlin(formal_check::last_minute(round.due), language);
    match language {
        Language::De => format!(
            "Die am {requested} nachgeforderten Angaben und Unterlagen ({}) sind bis zum {due} nicht eingegangen. Der Antrag ist daher formal unvollständig und wird aus formalen Gründen abgelehnt.",
            parts.de
        ),
        Language::En => format!(
            "The information and documents requested on {requested} ({}) did not arrive by {due}. The application is therefore formally incomplete and is rejected on formal grounds.",
            parts.en
        ),
    }
}

fn round_view(
    c: &Chrome,
    round: &CorrectionRound,
    form: &StageForm,
    application: &Application,
    now: DateTime<Utc>,
) -> RoundView {
    let name = |item: &Correctable| c.say(words::part(item, Some(form), Some(application)));
    let answered = round.answered_at.is_some();
    let changes: Vec<Change> = round
        .changes()
        .map(|(item, before, after)| Change {
            part: name(item),
            lines: formal_check_diff::compare(c, before, after),
        })
        .collect();
    let unchanged = if answered {
        round
            .items
            .iter()
            .zip(round.before.iter().zip(round.after.iter()))
            .filter(|(_, (before, after))| before == after)
            .map(|(item, _)| name(item))
            .collect()
    } else {
        Vec::new()
    };
    RoundView {
        round: round.round,
        requested_at: berlin(round.requested_at, c.lang),
        due: berlin(formal_check::last_minute(round.due), c.lang),
        text: round.text.clone(),
        parts: round.items.iter().map(name).collect(),
        reminded: round.reminded,
        answered_at: round.answered_at.map(|t| berlin(t, c.lang)),
        changes,
        unchanged,
        lapsed: round.lapsed_at(now),
    }
}

pub fn page(
    c: Chrome,
    views: &Views,
    k: CompetitionId,
    a: ApplicationId,
    now: DateTime<Utc>,
    sent: Option<Sent>,
) -> Result<CheckPage, WebError> {
    let (competition, application, stage) = read(views, k, a)?;
    let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
    let form = stage_form(competition, stage);
    let check = application
        .formal_checks
        .get(&stage)
        .cloned()
        .unwrap_or_default();
    let state = CheckState::of(application, stage, now).unwrap_or(CheckState::Unchecked);
    let rejectable = application
        .formally_rejectable(competition.progress())
        .is_ok();
    let open = rejectable
        && check.completed_at.is_none()
        && competition.progress().submission_closed(stage);
    let round_open = check.last_round().is_some_and(|r| r.open_at(now));
    let unanswered = check.last_round().is_some_and(|r| r.answered_at.is_none());
    let sent = sent.unwrap_or_default();
    let parts = Correctable::offered(application, &form)
        .into_iter()
        .map(|item| PartChoice {
            checked: sent.parts.contains(&item.key()),
            name: format!("teil-{}", item.key()),
            label: c.say(words::part(&item, Some(&form), Some(application))),
        })
        .collect();
    let rejection_draft = check
        .last_round()
        .filter(|r| r.lapsed_at(now) && rejectable)
        .map(|r| {
            let parts = words::parts(&r.items, Some(&form), Some(application));
            rejection_draft(c.lang, r, &parts)
        });
    let list = checklist(competition);
    Ok(CheckPage {
        competition_id: k.to_string(),
        competition: setup.name.clone(),
        application_id: a.to_string(),
        title: application.title.clone(),
        stage: stage + 1,
        stage_title: setup
            .stages
            .get(stage)
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        state: c.text(words::state(state)).to_owned(),
        checklist: list
            .iter()
            .enumerate()
            .map(|(index, label)| TickRow {
                index,
                label: label.clone(),
                met: check.ticks.get(&index) == Some(&true),
                ticked: check.ticks.contains_key(&index),
            })
            .collect(),
        open,
        can_request: open && !round_open,
        parts,
        typed_text: sent.text,
        typed_day: if sent.day.is_empty() {
            day(now + Duration::days(14))
        } else {
            sent.day
        },
        min_day: day(now + Duration::days(1)),
        max_day: day(now + Duration::days(formal_check::MAX_CORRECTION_DAYS - 1)),
        errors: sent.errors,
        notice: sent.notice,
        rounds: check
            .rounds
            .iter()
            .rev()
            .map(|r| round_view(&c, r, &form, application, now))
            .collect(),
        can_complete: open && !unanswered,
        completed_at: check.completed_at.map(|t| berlin(t, c.lang)),
        rejection_draft,
        rejected: match application.status {
            Status::FormallyRejected { .. } => application.rejection_reason.clone(),
            _ => None,
        },
        max_chars: crate::domain::text::MAX_TEXT_CHARS,
        c,
    })
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (k, a) = ids(&path)?;
    let page = page(c, &state.models.read(), k, a, state.clock.now(), None)?;
    page_with_status(StatusCode::OK, &page)
}

fn back(k: CompetitionId, a: ApplicationId) -> String {
    format!("/verwaltung/wettbewerbe/{k}/antraege/{a}/formalpruefung")
}

/// Runs one command of the check on the application's latest state; a refusal comes back on
/// the page with the form as sent.
async fn run(
    c: Chrome,
    state: &AppState,
    session: &Session,
    (k, a): (CompetitionId, ApplicationId),
    command: ApplicationCommand,
    done: texts::Text,
    sent: Sent,
) -> Result<HttpResponse, WebError> {
    let field = sent.field;
    let user = policy::role(&c, Role::Staff)?.clone();
    let stream = stream_of::<Application>(&a);
    let executed = state
        .execute_retrying::<Application>(&stream, &state.actor(&user), command)
        .await;
    match state.settled(&stream, executed).await {
        Ok(_) => {
            flash(session, Flash::Success, done);
            Ok(see_other(&back(k, a)))
        }
        Err(ExecuteError::Refused(refusal)) => {
            let mut sent = sent;
            let reason = c.say(refusals::application(&refusal));
            if matches!(refusal, ApplicationError::ChecklistNotMet(_)) || field.is_empty() {
                sent.notice = Some(reason);
            } else {
                sent.errors.add(field_of(&refusal, field), reason);
            }
            let page = page(c, &state.models.read(), k, a, state.clock.now(), Some(sent))?;
            page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

/// The field of the request form a refusal belongs beside.
fn field_of(refusal: &ApplicationError, fallback: &'static str) -> &'static str {
    match refusal {
        ApplicationError::DueOutOfRange { .. } => "frist",
        ApplicationError::NoReason | ApplicationError::BadText { .. } => "text",
        ApplicationError::NothingNamed
        | ApplicationError::TooManyNamed { .. }
        | ApplicationError::NoSuchPart(_) => "teile",
        _ => fallback,
    }
}

/// What the competition says the command needs: where it stands, the stage's form and the
/// checklist's length.
fn context(
    state: &AppState,
    k: CompetitionId,
    a: ApplicationId,
) -> Result<(crate::domain::competition::Progress, StageForm, usize), WebError> {
    let views = state.models.read();
    let (competition, _, stage) = read(&views, k, a)?;
    Ok((
        competition.progress(),
        stage_form(competition, stage),
        checklist(competition).len(),
    ))
}

pub async fn tick(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (k, a) = ids(&path)?;
    let (progress, _, len) = context(&state, k, a)?;
    // Every point shown is sent: a box left empty is a point not met.
    let ticks: BTreeMap<usize, bool> = (0..len)
        .map(|i| (i, form.contains_key(&format!("punkt-{i}"))))
        .collect();
    let command = ApplicationCommand::TickChecklist {
        ticks,
        checklist: len,
        competition: progress,
        now: state.clock.now(),
    };
    run(
        c,
        &state,
        &session,
        (k, a),
        command,
        words::TICKS_SAVED,
        Sent::default(),
    )
    .await
}

pub async fn request(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (k, a) = ids(&path)?;
    let (progress, stage_form, _) = context(&state, k, a)?;
    let keys: Vec<String> = form
        .keys()
        .filter_map(|name| name.strip_prefix("teil-"))
        .map(str::to_owned)
        .collect();
    let text = form
        .get("text")
        .map(|t| t.replace("\r\n", "\n").trim().to_owned());
    let typed_day = form.get("frist").cloned().unwrap_or_default();
    let mut sent = Sent {
        parts: keys.clone(),
        text: text.clone().unwrap_or_default(),
        day: typed_day.trim().to_owned(),
        field: "teile",
        ..Sent::default()
    };
    let due = NaiveDate::parse_from_str(typed_day.trim(), "%Y-%m-%d")
        .ok()
        .and_then(formal_check::due_after);
    let Some(due) = due else {
        sent.errors.add("frist", c.text(words::NO_DAY));
        let page = page(c, &state.models.read(), k, a, state.clock.now(), Some(sent))?;
        return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    // A key that names no part is refused by the domain with the others.
    let items: Vec<Correctable> = keys
        .iter()
        .map(|key| Correctable::parse(key).unwrap_or_else(|| Correctable::Section(key.to_owned())))
        .collect();
    let command = ApplicationCommand::RequestCorrections {
        items,
        text: text.unwrap_or_default(),
        due,
        form: stage_form,
        competition: progress,
        now: state.clock.now(),
    };
    run(
        c,
        &state,
        &session,
        (k, a),
        command,
        words::REQUEST_SENT,
        sent,
    )
    .await
}

pub async fn complete(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(_form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (k, a) = ids(&path)?;
    let (progress, _, len) = context(&state, k, a)?;
    let command = ApplicationCommand::CompleteFormalCheck {
        checklist: len,
        competition: progress,
        now: state.clock.now(),
    };
    run(
        c,
        &state,
        &session,
        (k, a),
        command,
        words::CHECK_COMPLETED,
        Sent::default(),
    )
    .await
}
