//! `/antraege/{id}/verzichten`: the owner of a funded application gives up its award before the
//! grant notice (the consortium declines the funding or withdraws). The page says what follows
//! and asks first; only the confirmed POST acts. The award is freed for the reserve list
//! (`domain::reserve`), and the giving up is an event in the competition's stream.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use serde::Deserialize;

use super::parse_id;
use crate::app::stream_of;
use crate::domain::aggregate::Aggregate;
use crate::domain::competition::{Competition, CompetitionCommand, Outcome};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::projections::Views;
use crate::texts::{self, refusals};
use crate::usecases::award_decision;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::staff::confirm::{ConfirmPage, confirmed};
use crate::web::state::AppState;

fn competition_of<'a>(
    views: &'a Views<'_>,
    id: ApplicationId,
) -> Result<(CompetitionId, &'a Competition), WebError> {
    let application = &views.applications.get(&id).ok_or(WebError::NotFound)?.state;
    let k = application.competition_id.ok_or(WebError::NotFound)?;
    let competition = &views.competitions.get(&k).ok_or(WebError::NotFound)?.state;
    Ok((k, competition))
}

fn page(
    c: Chrome,
    views: &Views,
    id: ApplicationId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ConfirmPage, WebError> {
    let (_, competition) = competition_of(views, id)?;
    let title = views
        .applications
        .get(&id)
        .map(|v| v.state.title.clone())
        .unwrap_or_default();
    let amount = match competition.decisions.get(&(competition.stage, id)) {
        Some(Outcome::Funded { amount }) => crate::texts::labels::money(*amount, c.lang),
        _ => String::new(),
    };
    let command = CompetitionCommand::DeclineAward {
        application_id: id,
        now,
    };
    let refused = competition
        .handle(command)
        .err()
        .map(|e| c.say(refusals::competition(&e)));
    let happens = vec![
        c.say(texts::applicants::decline_happens(&amount, &title)),
        c.text(texts::applicants::DECLINE_FREES_AMOUNT).to_owned(),
    ];
    Ok(ConfirmPage {
        notice: None,
        refused,
        title: c.text(texts::applicants::DECLINE_FUNDING).to_owned(),
        name: competition
            .setup
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        happens,
        missing: Vec::new(),
        action: format!("/antraege/{id}/verzichten"),
        hidden: Vec::new(),
        yes: c.text(texts::applicants::YES_DECLINE_FUNDING).to_owned(),
        back: format!("/antraege/{id}/status"),
        c,
    })
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let views = state.models.read();
    policy::own_application(&c, &views, id)?;
    let page = page(c, &views, id, state.clock.now())?;
    page_with_status(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct DeclineForm {
    #[serde(default)]
    pub bestaetigt: String,
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<DeclineForm>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    let k = {
        let views = state.models.read();
        policy::own_application(&c, &views, id)?;
        if !confirmed(&form.bestaetigt) {
            let page = page(c, &views, id, state.clock.now())?;
            return page_with_status(StatusCode::OK, &page);
        }
        competition_of(&views, id)?.0
    };
    let actor = state.actor(&user);
    let declined = award_decision::decline(state.usecases(), &actor, k, id, state.clock.now());
    state
        .settled(&stream_of::<Competition>(&k), declined.await)
        .await
        .map_err(|e| from_execute(e, refusals::competition))?;
    flash(
        &session,
        Flash::Success,
        texts::applicants::FUNDING_DECLINED,
    );
    Ok(see_other(&format!("/antraege/{id}/status")))
}
