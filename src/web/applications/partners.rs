//! Partners of the consortium: add, change, remove, and change the coordinator. Every form
//! carries the revision it was made from, because partners are addressed by their place in
//! the list: after someone else's change, that place may hold another partner.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};

use super::editor::{EditorPage, PartnerForm};
use super::{parse_id, parse_revision};
use crate::app::{ExecuteError, stream_of};
use crate::domain::application::{Application, ApplicationCommand};
use crate::domain::ids::ApplicationId;
use crate::domain::land::Land;
use crate::domain::partner::{Partner, PartnerKind};
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

#[derive(Debug, Clone, Copy)]
enum Target {
    New,
    Coordinator,
    Existing(usize),
}

impl Target {
    fn key(self) -> String {
        match self {
            Target::New => "new".into(),
            Target::Coordinator => "coordinator".into(),
            Target::Existing(i) => i.to_string(),
        }
    }
}

pub fn parse_partner(c: &Chrome, form: &PartnerForm, errors: &mut FieldErrors) -> Option<Partner> {
    if form.name.trim().is_empty() {
        errors.add("name", c.text(texts::applicants::ENTER_ORGANISATION_NAME));
    }
    let kind = PartnerKind::from_key(&form.kind);
    if kind.is_none() {
        errors.add("kind", c.text(texts::applicants::CHOOSE_KIND_ORGANISATION));
    }
    let land = Land::from_key(&form.land);
    if land.is_none() {
        errors.add("land", c.text(texts::applicants::CHOOSE_LAND));
    }
    Some(Partner {
        name: form.name.trim().to_owned(),
        kind: kind?,
        land: land?,
    })
}

pub async fn add(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<PartnerForm>,
) -> Result<HttpResponse, WebError> {
    change(c, state, session, parse_id(&id)?, Target::New, form).await
}

pub async fn edit(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    path: Path<(String, usize)>,
    CsrfForm(form): CsrfForm<PartnerForm>,
) -> Result<HttpResponse, WebError> {
    let (id, index) = path.into_inner();
    change(
        c,
        state,
        session,
        parse_id(&id)?,
        Target::Existing(index),
        form,
    )
    .await
}

pub async fn coordinator(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<PartnerForm>,
) -> Result<HttpResponse, WebError> {
    change(c, state, session, parse_id(&id)?, Target::Coordinator, form).await
}

#[derive(Debug, serde::Deserialize)]
pub struct RevisionOnly {
    #[serde(default)]
    pub revision: String,
}

pub async fn remove(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    path: Path<(String, usize)>,
    CsrfForm(form): CsrfForm<RevisionOnly>,
) -> Result<HttpResponse, WebError> {
    let (id, index) = path.into_inner();
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let command = ApplicationCommand::RemovePartner {
        index,
        now: state.clock.now(),
    };
    let seen = parse_revision(&form.revision);
    match state
        .execute_at::<Application>(
            &stream_of::<Application>(&id),
            seen,
            &state.actor(&user),
            command,
        )
        .await
    {
        Ok(_) => {
            flash(&session, Flash::Success, texts::applicants::PARTNER_REMOVED);
            Ok(see_other(&format!("/antraege/{id}#konsortium")))
        }
        Err(ExecuteError::Conflict { .. }) => {
            let mut page = EditorPage::load(c, &state, id)?;
            page.notice = Some(
                page.c
                    .text(texts::applicants::CONSORTIUM_CHANGED_NOTHING_SAVED)
                    .to_owned(),
            );
            page.respond(StatusCode::CONFLICT)
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

async fn change(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: ApplicationId,
    target: Target,
    form: PartnerForm,
) -> Result<HttpResponse, WebError> {
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let mut errors = FieldErrors::default();
    let partner = parse_partner(&c, &form, &mut errors);
    let Some(partner) = partner.filter(|_| errors.is_empty()) else {
        return again(
            c,
            &state,
            id,
            target,
            form,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let now = state.clock.now();
    let command = match target {
        Target::New => ApplicationCommand::AddPartner { partner, now },
        Target::Coordinator => ApplicationCommand::ChangeCoordinator {
            coordinator: partner,
            now,
        },
        Target::Existing(index) => ApplicationCommand::ChangePartner {
            index,
            partner,
            now,
        },
    };
    let seen = parse_revision(&form.revision);
    match state
        .execute_at::<Application>(
            &stream_of::<Application>(&id),
            seen,
            &state.actor(&user),
            command,
        )
        .await
    {
        Ok(_) => {
            flash(
                &session,
                Flash::Success,
                texts::applicants::CONSORTIUM_SAVED,
            );
            Ok(see_other(&format!("/antraege/{id}#konsortium")))
        }
        Err(ExecuteError::Conflict { .. }) => {
            let notice = c
                .text(texts::applicants::CONSORTIUM_CHANGED_INPUT_KEPT)
                .to_owned();
            // After a conflict the person's input goes into the form for a new partner, the
            // one place that cannot now point at somebody else.
            again(
                c,
                &state,
                id,
                Target::New,
                form,
                errors,
                Some(notice),
                StatusCode::CONFLICT,
            )
        }
        Err(ExecuteError::Refused(refusal)) => {
            let (de, en) = refusals::application(&refusal).into_pair();
            // Every refusal of a partner concerns its name (duplicate or missing).
            errors.add("name", if c.en() { en } else { de });
            again(
                c,
                &state,
                id,
                target,
                form,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

#[allow(clippy::too_many_arguments)]
fn again(
    c: Chrome,
    state: &AppState,
    id: ApplicationId,
    target: Target,
    mut form: PartnerForm,
    errors: FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let mut page = EditorPage::load(c, state, id)?;
    // Only after a conflict, when the input moved to the form for a new partner, is it based
    // on the current list; a form refused for its content keeps its revision.
    if status == StatusCode::CONFLICT {
        form.revision = page.revision.to_string();
    }
    match target {
        Target::New => page.new_partner = form,
        Target::Coordinator => page.coordinator.form = form,
        Target::Existing(index) => {
            if let Some(line) = page.partners.iter_mut().find(|l| l.index == index) {
                line.form = form;
            }
        }
    }
    page.partner_target = target.key();
    page.partner_errors = errors;
    page.notice = notice;
    page.respond(status)
}
