//! `/verwaltung/wettbewerbe/{k}/widersprueche`: the consortia's requests for review of the
//! procedure, open ones first; and per request (`…/{application}/{stage}`) its grounds, the
//! result it questions, and the answer form. The answer is final and goes to the consortium by
//! mail.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{ExecuteError, Seen, stream_of};
use crate::domain::account::Role;
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::redress::{Redress, RedressError, RedressKey, RedressOutcome, RedressWindow};
use crate::projections::Views;
use crate::texts::redress as words;
use crate::time_display::berlin;
use crate::usecases::redress_request;
use crate::web::applications::parse_revision;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

pub struct Row {
    pub href: String,
    pub title: String,
    pub stage: usize,
    pub filed: String,
    pub state: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "staff/redress_list.html")]
struct ListPage {
    c: Chrome,
    id: String,
    name: String,
    rows: Vec<Row>,
    /// The window of the latest released stage, as the set-up gives it.
    days: u32,
}

fn competition_name(views: &Views, k: CompetitionId) -> Result<(String, u32), WebError> {
    let setup = views
        .competitions
        .get(&k)
        .and_then(|v| v.state.setup.as_ref())
        .ok_or(WebError::NotFound)?;
    Ok((setup.name.clone(), setup.redress_days))
}

/// The competition's requests, open first, then by when they were filed.
pub fn rows(c: &Chrome, views: &Views, k: CompetitionId) -> Vec<Row> {
    let mut rows: Vec<(bool, chrono::DateTime<chrono::Utc>, Row)> = views
        .applications
        .by_competition
        .get(&k)
        .into_iter()
        .flatten()
        .filter_map(|a| Some((*a, views.applications.redress.get(a)?)))
        .flat_map(|(a, by_stage)| by_stage.iter().map(move |(s, r)| (a, *s, &r.state)))
        .filter_map(|(a, stage, redress)| {
            let filed = redress.request.as_ref()?;
            let title = views
                .applications
                .get(&a)
                .map(|v| v.state.title.clone())
                .unwrap_or_default();
            let open = redress.is_open();
            Some((
                !open,
                filed.at,
                Row {
                    href: format!(
                        "/verwaltung/wettbewerbe/{k}/widersprueche/{a}/{}",
                        stage + 1
                    ),
                    title,
                    stage: stage + 1,
                    filed: berlin(filed.at, c.lang),
                    state: c
                        .text(words::state(redress.answer.as_ref().map(|x| x.outcome)))
                        .to_owned(),
                    open,
                },
            ))
        })
        .collect();
    rows.sort_by_key(|(answered, at, _)| (*answered, *at));
    rows.into_iter().map(|(_, _, row)| row).collect()
}

/// How many requests of the competition still wait for an answer.
pub fn open_count(views: &Views, k: CompetitionId) -> usize {
    views
        .applications
        .by_competition
        .get(&k)
        .into_iter()
        .flatten()
        .filter_map(|a| views.applications.redress.get(a))
        .flat_map(|by_stage| by_stage.values())
        .filter(|r| r.state.is_open())
        .count()
}

pub async fn list(
    c: Chrome,
    state: Data<AppState>,
    path: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let views = state.models.read();
    let (name, days) = competition_name(&views, k)?;
    let rows = rows(&c, &views, k);
    page_with_status(
        StatusCode::OK,
        &ListPage {
            id: k.to_string(),
            name,
            rows,
            days,
            c,
        },
    )
}

#[derive(Template)]
#[template(path = "staff/redress.html")]
struct AnswerPage {
    c: Chrome,
    competition_id: String,
    competition: String,
    application_id: String,
    title: String,
    stage: usize,
    stage_title: String,
    /// The result the request questions, as the consortium was told it.
    result: String,
    filed_at: String,
    closes: String,
    grounds: String,
    revision: u64,
    answer: Option<(String, String, String)>,
    /// The form as sent, when it comes back refused.
    typed_outcome: String,
    typed_reason: String,
    max_chars: usize,
    errors: FieldErrors,
    notice: Option<String>,
}

fn ids(path: &(String, String, String)) -> Result<(CompetitionId, RedressKey), WebError> {
    let k = CompetitionId::parse(&path.0).ok_or(WebError::NotFound)?;
    let application = ApplicationId::parse(&path.1).ok_or(WebError::NotFound)?;
    let stage: usize = path.2.parse().map_err(|_| WebError::NotFound)?;
    let stage = stage.checked_sub(1).ok_or(WebError::NotFound)?;
    Ok((k, RedressKey { application, stage }))
}

/// What the form sent back, with its refusals.
struct Sent<'a> {
    form: &'a AnswerForm,
    errors: FieldErrors,
    notice: Option<String>,
}

fn answer_page(
    c: Chrome,
    views: &Views,
    k: CompetitionId,
    key: RedressKey,
    sent: Option<Sent>,
) -> Result<AnswerPage, WebError> {
    let competition = &views.competitions.get(&k).ok_or(WebError::NotFound)?.state;
    let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
    let application = &views
        .applications
        .get(&key.application)
        .ok_or(WebError::NotFound)?
        .state;
    if application.competition_id != Some(k) {
        return Err(WebError::NotFound);
    }
    let view = views
        .applications
        .redress
        .get(&key.application)
        .and_then(|s| s.get(&key.stage))
        .ok_or(WebError::NotFound)?;
    let filed = view.state.request.as_ref().ok_or(WebError::NotFound)?;
    let result = competition
        .decisions
        .get(&(key.stage, key.application))
        .map(|o| c.say(words::result(o)))
        .unwrap_or_default();
    let (errors, notice, outcome, reason) = match sent {
        Some(sent) => (
            sent.errors,
            sent.notice,
            sent.form.ergebnis.clone(),
            sent.form.begruendung.clone(),
        ),
        None => (FieldErrors::default(), None, String::new(), String::new()),
    };
    Ok(AnswerPage {
        competition_id: k.to_string(),
        competition: setup.name.clone(),
        application_id: key.application.to_string(),
        title: application.title.clone(),
        stage: key.stage + 1,
        stage_title: setup
            .stages
            .get(key.stage)
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        result,
        filed_at: berlin(filed.at, c.lang),
        closes: RedressWindow::of(competition, key.stage)
            .map(|w| berlin(w.last_minute(), c.lang))
            .unwrap_or_default(),
        grounds: filed.grounds.clone(),
        revision: view.revision,
        answer: view.state.answer.as_ref().map(|a| {
            (
                c.text(words::outcome(a.outcome)).to_owned(),
                a.reason.clone(),
                berlin(a.at, c.lang),
            )
        }),
        typed_outcome: outcome,
        typed_reason: reason,
        max_chars: crate::domain::text::MAX_TEXT_CHARS,
        errors,
        notice,
        c,
    })
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String, String)>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (k, key) = ids(&path)?;
    let views = state.models.read();
    let page = answer_page(c, &views, k, key, None)?;
    page_with_status(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    pub ergebnis: String,
    #[serde(default)]
    pub begruendung: String,
    #[serde(default)]
    pub revision: String,
}

fn outcome_of(text: &str) -> Option<RedressOutcome> {
    match text {
        "zurueckgewiesen" => Some(RedressOutcome::Rejected),
        "stattgegeben" => Some(RedressOutcome::Upheld),
        _ => None,
    }
}

pub async fn answer(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String, String)>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let (k, key) = ids(&path)?;
    // The request must exist and belong to the competition before anything is decided.
    drop(answer_page(c.clone(), &state.models.read(), k, key, None)?);
    let again = |sent: Sent, status: StatusCode| -> Result<HttpResponse, WebError> {
        let page = answer_page(c.clone(), &state.models.read(), k, key, Some(sent))?;
        page_with_status(status, &page)
    };
    let Some(outcome) = outcome_of(&form.ergebnis) else {
        let mut errors = FieldErrors::default();
        errors.add("ergebnis", c.text(words::NO_OUTCOME));
        return again(
            Sent {
                form: &form,
                errors,
                notice: None,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let actor = state.actor(&user);
    let answered = redress_request::answer(
        state.usecases(),
        &actor,
        key,
        outcome,
        form.begruendung.clone(),
        Seen::At(parse_revision(&form.revision)),
        state.clock.now(),
    );
    match state
        .settled(&stream_of::<Redress>(&key), answered.await)
        .await
    {
        Ok(_) => {
            flash(&session, Flash::Success, words::ANSWER_RECORDED);
            Ok(see_other(&format!(
                "/verwaltung/wettbewerbe/{k}/widersprueche/{}/{}",
                key.application,
                key.stage + 1
            )))
        }
        Err(ExecuteError::Conflict { .. }) => again(
            Sent {
                form: &form,
                errors: FieldErrors::default(),
                notice: Some(c.text(words::ANSWER_CHANGED).to_owned()),
            },
            StatusCode::CONFLICT,
        ),
        // Answered meanwhile: the page shows that answer, and the reason typed beneath it.
        Err(ExecuteError::Refused(RedressError::AlreadyAnswered)) => again(
            Sent {
                form: &form,
                errors: FieldErrors::default(),
                notice: Some(c.text(words::ANSWER_CHANGED).to_owned()),
            },
            StatusCode::CONFLICT,
        ),
        Err(ExecuteError::Refused(refusal)) => {
            let mut errors = FieldErrors::default();
            errors.add("begruendung", c.say(words::refusal(&refusal)));
            again(
                Sent {
                    form: &form,
                    errors,
                    notice: None,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(other) => Err(from_execute(other, words::refusal)),
    }
}
