//! The round's steps, with a confirmation page first for those that cannot be undone.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};

use super::{ConfirmForm, again_or_back, again_or_back_saying, competition_id};
use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::competition::{Competition, Phase};
use crate::domain::ids::CompetitionId;
use crate::event_store::Position;
use crate::projections::Views;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status};
use crate::web::policy;
use crate::web::staff::confirm;
use crate::web::staff::round_steps::{self};
use crate::web::state::AppState;

/// Steps that cannot be undone: their button leads to a confirmation page first. Opening the
/// first stage only starts the call; opening a later one moves the shortlisted on.
pub(super) fn needs_confirmation(action: &str, competition: &Competition) -> bool {
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
        "freigeben" => confirm::release(c, views, id, now)?,
        "abschliessen" => confirm::complete(c, views, id, now)?,
        "stufe-oeffnen" => confirm::open_next_stage(c, views, id, now)?,
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
    let notice = confirm::changed(&c);
    let mut page = match action {
        "freigeben" => confirm::release(c, views, id, now)?,
        "abschliessen" => confirm::complete(c, views, id, now)?,
        "stufe-oeffnen" => confirm::open_next_stage(c, views, id, now)?,
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
    let (confirm, corrections) = {
        let views = state.models.read();
        let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
        let applications = views
            .applications
            .by_competition
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| views.applications.get(a).map(|v| &v.state));
        (
            needs_confirmation(&action, competition),
            crate::domain::formal_check::corrections_open(applications),
        )
    };
    if action == "begutachtung" && corrections > 0 {
        let why = texts::formal_check::review_waits_for_corrections(corrections);
        let refused = Err(WebError::Unprocessable {
            de: why.de,
            en: why.en,
        });
        return again_or_back(c, &state, &session, id, refused);
    }
    if confirm && !confirm::confirmed(&form.bestaetigt) {
        return confirmation(c, &state.models.read(), id, &action, now);
    }
    let command = round_steps::step_of(&action)
        .ok_or(WebError::NotFound)?
        .command(now);
    let stream = stream_of::<Competition>(&id);
    let actor = state.actor(&user);
    // A confirmed step acts only on the state that was confirmed: if a decision changed since
    // the page was shown, the page comes back with the new figures instead.
    let executed = if confirm {
        let seen = confirm::seen_revision(&form.revision);
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
            (Ok(()), Some(texts::staff::results_in_outbox(mails)))
        }
        Ok(_) if action == "abschliessen" => {
            (Ok(()), Some(texts::staff::COMPETITION_COMPLETED.owned()))
        }
        other => (other.map(|_| ()), None),
    };
    match done {
        Some(done) => again_or_back_saying(c, &state, &session, id, result, done.borrowed()),
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
