//! The jury's assignment: automatic with a preview, or by hand, then announced to the jurors.

use std::collections::BTreeMap;

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use serde::Deserialize;

use super::control::{ControlPage, PreviewLine};
use super::{Back, ConfirmForm, back_refused, back_to, competition_id};
use crate::app::{ExecuteError, stream_of};
use crate::domain::account::Role;
use crate::domain::ids::ApplicationId;
use crate::domain::jury::{Jury, JuryError, JuryEvent};
use crate::texts::{self, refusals};
use crate::usecases::jury_assignment::{self, Automatic, ByHand, Hand};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status};
use crate::web::policy;
use crate::web::staff::round_list::ListQuery;
use crate::web::state::AppState;

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    pub per_application: String,
    /// "vorschau" shows the plan; anything else applies it.
    #[serde(default)]
    pub mode: String,
}

/// Automatic assignment: k jurors per application, balanced, no conflicts, matching fields.
/// The preview runs the same decision on the jury and the applications as they are now
/// without writing anything (`usecases::jury_assignment`).
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
    let applications = {
        let views = state.models.read();
        views.competitions.get(&id).ok_or(WebError::NotFound)?;
        crate::web::staff::confirm::known_applications(&views, id)
    };
    // A refusal names the applications whose conflicts leave too few jurors.
    let describe = |refusal: &JuryError| match refusal {
        JuryError::Assignment(e) => {
            let views = state.models.read();
            refusals::assignment(e, &|a| {
                views
                    .applications
                    .get(&a)
                    .map(|v| v.state.title.clone())
                    .unwrap_or_else(|| a.to_string())
            })
        }
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
        let refused = WebError::unprocessable(texts::staff::SAY_HOW_MANY_JURORS);
        return back_refused(c, &state, id, refused, &back);
    }
    let automatic = Automatic {
        competition: id,
        applications,
        per_application: k,
        now: state.clock.now(),
    };
    if form.mode == "vorschau" {
        let (jury, events) = match jury_assignment::preview(state.usecases(), automatic).await {
            Ok(planned) => planned,
            Err(ExecuteError::Refused(refusal)) => {
                let refused = WebError::unprocessable(describe(&refusal));
                return back_refused(c, &state, id, refused, &back);
            }
            Err(other) => return Err(from_execute(other, describe)),
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
    let actor = state.actor(&user);
    let assigned = jury_assignment::assign_automatically(state.usecases(), &actor, automatic);
    let result = state
        .settled(&stream_of::<Jury>(&id), assigned.await)
        .await
        .map(|_| ())
        .map_err(|e| from_execute(e, describe));
    let done = texts::staff::assignment_applied(k);
    back_to(c, &state, &session, id, result, done.borrowed(), &back)
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
    let juror = crate::domain::ids::JurorId::parse(&form.juror).ok_or(WebError::NotFound)?;
    {
        let views = state.models.read();
        views.competitions.get(&id).ok_or(WebError::NotFound)?;
        let view = views
            .applications
            .get(&application)
            .ok_or(WebError::NotFound)?;
        if view.state.competition_id != Some(id) {
            return Err(WebError::NotFound);
        }
    }
    let hand = if form.action == "entfernen" {
        Hand::Remove
    } else {
        Hand::Assign
    };
    let by_hand = ByHand {
        competition: id,
        juror,
        application,
        hand,
        now: state.clock.now(),
    };
    let actor = state.actor(&user);
    let done = jury_assignment::by_hand(state.usecases(), &actor, by_hand);
    let result = state
        .settled(&stream_of::<Jury>(&id), done.await)
        .await
        .map(|_| ())
        .map_err(|e| from_execute(e, refusals::jury));
    let anchor = format!("#antrag-{application}");
    let back = Back {
        list: ListQuery::parse(&form.liste),
        anchor: &anchor,
    };
    let done = match hand {
        Hand::Remove => texts::staff::ASSIGNMENT_REMOVED,
        Hand::Assign => texts::staff::ASSIGNED,
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
    state
        .models
        .read()
        .competitions
        .get(&id)
        .ok_or(WebError::NotFound)?;
    let actor = state.actor(&user);
    let announced = jury_assignment::announce(state.usecases(), &actor, id, state.clock.now());
    let executed = state
        .settled(&stream_of::<Jury>(&id), announced.await)
        .await
        .map_err(|e| from_execute(e, refusals::jury));
    let (result, jurors) = match executed {
        Ok(executed) => (Ok(()), executed.events.len()),
        Err(e) => (Err(e), 0),
    };
    let done = texts::staff::assignments_announced(jurors);
    let back = Back {
        list: ListQuery::default(),
        anchor: "",
    };
    back_to(c, &state, &session, id, result, done.borrowed(), &back)
}
