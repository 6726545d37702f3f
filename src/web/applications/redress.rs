//! `/antraege/{id}/widerspruch`: after a stage's result, a member of the consortium asks for a
//! review of the procedure, within the competition's window; the page then shows the request
//! and, once given, the programme's answer. The rules are the domain's (`domain::redress`).

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use super::parse_id;
use crate::app::{ExecuteError, stream_of};
use crate::domain::application::Status;
use crate::domain::competition::Competition;
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::redress::{Redress, RedressKey, RedressWindow};
use crate::domain::text::MAX_TEXT_CHARS;
use crate::projections::Views;
use crate::texts::redress as words;
use crate::time_display::berlin;
use crate::usecases::redress_request;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// The stage a consortium may ask about: the latest whose result for the application is
/// released. `None` before any.
pub fn stage_in_question(competition: &Competition, id: ApplicationId) -> Option<usize> {
    competition
        .released_at
        .keys()
        .rev()
        .copied()
        .find(|stage| competition.decisions.contains_key(&(*stage, id)))
}

/// What the status page says about redress: nothing before a release.
pub struct StatusNote {
    /// Until when a request may be filed, while it may.
    pub open_until: Option<String>,
    /// The request's state once filed ("offen", "zurückgewiesen", …).
    pub filed: Option<String>,
}

pub fn status_note(
    c: &Chrome,
    views: &Views,
    competition: &Competition,
    id: ApplicationId,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<StatusNote> {
    let stage = stage_in_question(competition, id)?;
    let window = RedressWindow::of(competition, stage)?;
    let filed = filed(views, id, stage);
    let open_until =
        (filed.is_none() && window.is_open(now)).then(|| berlin(window.last_minute(), c.lang));
    let filed = filed.map(|r| {
        c.text(words::state(r.answer.as_ref().map(|a| a.outcome)))
            .to_owned()
    });
    (open_until.is_some() || filed.is_some()).then_some(StatusNote { open_until, filed })
}

fn filed<'a>(views: &'a Views, id: ApplicationId, stage: usize) -> Option<&'a Redress> {
    views
        .applications
        .redress
        .get(&id)
        .and_then(|by_stage| by_stage.get(&stage))
        .map(|view| &view.state)
        .filter(|r| r.request.is_some())
}

#[derive(Template)]
#[template(path = "applications/redress.html")]
struct RedressPage {
    c: Chrome,
    id: String,
    title: String,
    /// A stage's result for the application is released: before, the page says when it opens.
    released: bool,
    /// Formally rejected: no jury evaluated it, so there is no evaluation to review here.
    rejected: bool,
    stage: usize,
    stage_title: String,
    competition: String,
    /// The window's end, as people read it; and whether it is still open.
    closes: String,
    open: bool,
    grounds: String,
    max_chars: usize,
    /// The same, as people read it (`10.000`).
    max_chars_shown: String,
    errors: FieldErrors,
    /// The request as filed, with its time.
    filed: Option<(String, String)>,
    /// The answer: outcome, reason, time.
    answer: Option<(String, String, String)>,
}

struct Found {
    competition_id: CompetitionId,
    /// The stage asked about; `None` before any result is released.
    stage: Option<usize>,
}

fn page(
    c: Chrome,
    views: &Views,
    id: ApplicationId,
    now: chrono::DateTime<chrono::Utc>,
    input: Option<(&str, FieldErrors)>,
) -> Result<(RedressPage, Found), WebError> {
    let application = &views.applications.get(&id).ok_or(WebError::NotFound)?.state;
    let competition_id = application.competition_id.ok_or(WebError::NotFound)?;
    let competition = &views
        .competitions
        .get(&competition_id)
        .ok_or(WebError::NotFound)?
        .state;
    let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
    let (grounds, errors) = input.map_or((String::new(), FieldErrors::default()), |(g, e)| {
        (g.to_owned(), e)
    });
    let asked = stage_in_question(competition, id)
        .and_then(|stage| Some((stage, RedressWindow::of(competition, stage)?)));
    let Some((stage, window)) = asked else {
        let page = RedressPage {
            id: id.to_string(),
            title: application.title.clone(),
            released: false,
            rejected: matches!(application.status, Status::FormallyRejected { .. }),
            stage: 0,
            stage_title: String::new(),
            competition: setup.name.clone(),
            closes: String::new(),
            open: false,
            grounds,
            max_chars: MAX_TEXT_CHARS,
            max_chars_shown: crate::number_display::count(MAX_TEXT_CHARS, c.lang),
            errors,
            filed: None,
            answer: None,
            c,
        };
        let found = Found {
            competition_id,
            stage: None,
        };
        return Ok((page, found));
    };
    let request = filed(views, id, stage);
    let page = RedressPage {
        id: id.to_string(),
        title: application.title.clone(),
        released: true,
        rejected: false,
        stage: stage + 1,
        stage_title: setup
            .stages
            .get(stage)
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        competition: setup.name.clone(),
        closes: berlin(window.last_minute(), c.lang),
        open: window.is_open(now),
        grounds,
        max_chars: MAX_TEXT_CHARS,
        max_chars_shown: crate::number_display::count(MAX_TEXT_CHARS, c.lang),
        errors,
        filed: request
            .and_then(|r| r.request.as_ref())
            .map(|f| (f.grounds.clone(), berlin(f.at, c.lang))),
        answer: request.and_then(|r| r.answer.as_ref()).map(|a| {
            (
                c.text(words::outcome(a.outcome)).to_owned(),
                a.reason.clone(),
                berlin(a.at, c.lang),
            )
        }),
        c,
    };
    Ok((
        page,
        Found {
            competition_id,
            stage: Some(stage),
        },
    ))
}

/// Members of the consortium only: staff answer on their own page.
fn member(c: &Chrome, views: &Views, id: ApplicationId) -> Result<(), WebError> {
    match policy::application(c, views, id)? {
        policy::Access::Edit => Ok(()),
        policy::Access::Read => Err(WebError::Forbidden),
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let views = state.models.read();
    member(&c, &views, id)?;
    let (page, _) = page(c, &views, id, state.clock.now(), None)?;
    page_with_status(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    pub gruende: String,
    /// The stage the page asked about (from 1), so that a request never goes to another one.
    #[serde(default)]
    pub stufe: String,
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    let found = {
        let views = state.models.read();
        member(&c, &views, id)?;
        page(c.clone(), &views, id, state.clock.now(), None)?.1
    };
    let again = |errors: FieldErrors, status: StatusCode| -> Result<HttpResponse, WebError> {
        let views = state.models.read();
        let (page, _) = page(
            c.clone(),
            &views,
            id,
            state.clock.now(),
            Some((&form.gruende, errors)),
        )?;
        page_with_status(status, &page)
    };
    // A later stage's result released since the page was shown: the grounds were written about
    // the other one.
    let shown: Option<usize> = form
        .stufe
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|s| s.checked_sub(1));
    if shown.is_some() && shown != found.stage {
        let mut errors = FieldErrors::default();
        errors.add("gruende", c.text(words::STAGE_CHANGED));
        return again(errors, StatusCode::CONFLICT);
    }
    // Before a release the domain refuses the request with its reason, as for any stage.
    let key = RedressKey {
        application: id,
        stage: found.stage.unwrap_or_default(),
    };
    let actor = state.actor(&user);
    let requested = redress_request::request(
        state.usecases(),
        &actor,
        found.competition_id,
        key,
        form.gruende.clone(),
        state.clock.now(),
    );
    match state
        .settled(&stream_of::<Redress>(&key), requested.await)
        .await
    {
        Ok(_) => {
            flash(&session, Flash::Success, words::REQUEST_FILED);
            Ok(see_other(&format!("/antraege/{id}/widerspruch")))
        }
        Err(ExecuteError::Refused(refusal)) => {
            let mut errors = FieldErrors::default();
            errors.add("gruende", c.say(words::refusal(&refusal)));
            again(errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(from_execute(other, words::refusal)),
    }
}
