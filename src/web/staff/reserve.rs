//! The reserve list on the ranking page of the last stage, once its results are released, and
//! `POST /verwaltung/wettbewerbe/{id}/nachruecken`: staff move the first waiting up into an
//! award that was given up (`domain::reserve` has the rules). Only the first waiting is offered,
//! and only when the rules allow it now; otherwise the page says why. Moving up asks for
//! confirmation first, since its mail goes out at once.

use crate::domain::account::Language;
use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::confirm::{ConfirmPage, confirmed};
use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::aggregate::Aggregate;
use crate::domain::competition::{
    Candidate, Competition, CompetitionCommand, CompetitionEvent, Outcome,
};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::projections::Views;
use crate::texts::{self, refusals};
use crate::usecases::award_decision;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

pub struct ReserveRow {
    pub id: String,
    pub title: String,
    pub place: u32,
    pub requested: String,
    /// The first waiting may move up now.
    pub offer: bool,
    /// Why the first waiting cannot move up now; empty for the others.
    pub reason: String,
}

/// What the page shows of an application on the reserve list; moving up reads it afresh.
fn candidate(views: &Views, competition: &Competition, id: ApplicationId) -> Candidate {
    views
        .applications
        .get(&id)
        .map(|v| &v.state)
        .unwrap_or(&Default::default())
        .as_candidate(id, competition)
}

fn refusal(language: Language, competition: &Competition, candidate: Candidate) -> Option<String> {
    // The rules do not depend on the time; the command only needs one for its event.
    let command = CompetitionCommand::MoveUp {
        candidate,
        now: DateTime::<Utc>::MIN_UTC,
    };
    competition
        .handle(command)
        .err()
        .map(|e| refusals::competition(&e).into_lang(language))
}

/// The reserve list of the competition's current stage, by place, while the reserve list is in
/// use (after the last stage's release, before completion); empty otherwise.
pub fn rows(views: &Views, competition: &Competition, language: Language) -> Vec<ReserveRow> {
    if !competition.reserve_open() {
        return Vec::new();
    }
    let first = competition.first_waiting().map(|(id, _)| id);
    let mut rows: Vec<ReserveRow> = competition
        .decisions_in(competition.stage)
        .filter_map(|(id, o)| match o {
            Outcome::Reserve { rank } => Some((id, rank)),
            _ => None,
        })
        .map(|(id, place)| {
            let candidate = candidate(views, competition, id);
            let reason = if Some(id) == first {
                refusal(language, competition, candidate.clone()).unwrap_or_default()
            } else {
                String::new()
            };
            ReserveRow {
                id: id.to_string(),
                title: views
                    .applications
                    .get(&id)
                    .map(|v| v.state.title.clone())
                    .unwrap_or_default(),
                place,
                requested: crate::texts::labels::money(candidate.requested, language),
                offer: Some(id) == first && reason.is_empty(),
                reason,
            }
        })
        .collect();
    rows.sort_by_key(|r| r.place);
    rows
}

fn confirmation(
    c: Chrome,
    views: &Views,
    id: CompetitionId,
    application: ApplicationId,
) -> Result<ConfirmPage, WebError> {
    let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
    let candidate = candidate(views, competition, application);
    let title = views
        .applications
        .get(&application)
        .map(|v| v.state.title.clone())
        .unwrap_or_default();
    let amount = crate::texts::labels::money(candidate.requested, c.lang);
    let left = crate::texts::labels::money(competition.budget_left(), c.lang);
    let happens = vec![
        c.say(texts::staff::move_up_happens(&title, &amount, &left)),
        c.text(texts::staff::CONSORTIUM_TOLD_BY_MAIL).to_owned(),
    ];
    Ok(ConfirmPage {
        notice: None,
        refused: refusal(c.lang, competition, candidate),
        title: c.text(texts::staff::MOVE_UP_FROM_RESERVE).to_owned(),
        name: competition
            .setup
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        happens,
        missing: Vec::new(),
        action: format!("/verwaltung/wettbewerbe/{id}/nachruecken"),
        hidden: vec![("application".to_owned(), application.to_string())],
        yes: c.text(texts::staff::YES_MOVE_UP).to_owned(),
        back: format!("/verwaltung/wettbewerbe/{id}/rangliste#nachrueckliste"),
        c,
    })
}

#[derive(Debug, Deserialize)]
pub struct MoveUpForm {
    pub application: String,
    #[serde(default)]
    pub bestaetigt: String,
}

pub async fn move_up(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<MoveUpForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let application = ApplicationId::parse(&form.application).ok_or(WebError::NotFound)?;
    {
        let views = state.models.read();
        views.competitions.get(&id).ok_or(WebError::NotFound)?;
        let belongs = views
            .applications
            .get(&application)
            .is_some_and(|v| v.state.competition_id == Some(id));
        if !belongs {
            return Err(WebError::NotFound);
        }
        if !confirmed(&form.bestaetigt) {
            let page = confirmation(c, &views, id, application)?;
            return page_with_status(StatusCode::OK, &page);
        }
    }
    let (actor, now) = (state.actor(&user), state.clock.now());
    let moved = award_decision::move_up(state.usecases(), &actor, id, application, now);
    match state
        .settled(&stream_of::<Competition>(&id), moved.await)
        .await
    {
        Ok(executed) => {
            let amount = executed
                .events
                .iter()
                .find_map(|e| match e {
                    CompetitionEvent::MovedUpFromReserve { amount, .. } => Some(*amount),
                    _ => None,
                })
                .unwrap_or_default();
            flash(&session, Flash::Success, texts::staff::moved_up(amount));
            Ok(see_other(&format!(
                "/verwaltung/wettbewerbe/{id}/rangliste"
            )))
        }
        Err(e) => match from_execute(e, refusals::competition) {
            WebError::Unprocessable { de, en } => {
                let page = confirmation(c, &state.models.read(), id, application)?;
                let mut page = page;
                page.refused = Some(if page.c.en() { en } else { de });
                page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
            }
            other => Err(other),
        },
    }
}
