//! `/verwaltung/wettbewerbe/{id}/jury`: the jury of a competition. Staff invite jurors by
//! e-mail, see who accepted, and see every conflict of interest, declared or detected.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::{CompetitionId, JurorId};
use crate::domain::jury::{ConflictSource, Juror, Jury, JuryCommand};
use crate::security::links;
use crate::texts::{self, refusals};
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::{FieldErrors, check_line};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

pub struct JurorLine {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub expertise: String,
    pub state: String,
    pub accepted: bool,
}

pub struct ConflictLine {
    pub juror: String,
    pub application: String,
    pub source: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub name: String,
    pub email: String,
    pub organisation: String,
}

#[derive(Template)]
#[template(path = "staff/jury.html")]
struct JuryPage {
    c: Chrome,
    competition_id: String,
    competition: String,
    jurors: Vec<JurorLine>,
    conflicts: Vec<ConflictLine>,
    form: InviteForm,
    errors: FieldErrors,
}

fn page(
    c: Chrome,
    state: &AppState,
    id: CompetitionId,
    form: InviteForm,
    errors: FieldErrors,
) -> Result<JuryPage, WebError> {
    let views = state.models.read();
    let competition = views.competitions.get(&id).ok_or(WebError::NotFound)?;
    let empty = Jury::default();
    let jury = views.juries.get(&id).unwrap_or(&empty);
    let jurors = jury
        .jurors
        .iter()
        .map(|(juror_id, juror)| {
            let accepted = jury.accepted.contains(juror_id);
            let state = if accepted {
                c.text(texts::staff::ACCEPTED).to_owned()
            } else if let Some((_, at)) = jury.invitations.get(juror_id) {
                format!(
                    "{} {}",
                    c.text(texts::staff::INVITED_ON),
                    berlin(*at, c.lang)
                )
            } else {
                c.text(texts::staff::NOT_INVITED).to_owned()
            };
            JurorLine {
                id: juror_id.to_string(),
                name: juror.name.clone(),
                email: juror.email.to_string(),
                organisation: juror.organisation.clone(),
                expertise: juror
                    .expertise
                    .iter()
                    .map(|f| c.text(crate::texts::explanations::field(*f)))
                    .collect::<Vec<_>>()
                    .join(", "),
                state,
                accepted,
            }
        })
        .collect();
    let conflicts = jury
        .conflicts
        .iter()
        .map(|((juror_id, application_id), source)| ConflictLine {
            juror: jury
                .jurors
                .get(juror_id)
                .map(|j| j.name.clone())
                .unwrap_or_default(),
            application: views
                .applications
                .get(application_id)
                .map(|a| a.state.title.clone())
                .unwrap_or_default(),
            source: match source {
                ConflictSource::Declared => {
                    match jury.conflict_reasons.get(&(*juror_id, *application_id)) {
                        Some(reason) if !reason.is_empty() => {
                            format!("{}: „{reason}“", c.text(texts::staff::DECLARED))
                        }
                        _ => c.text(texts::staff::DECLARED).to_owned(),
                    }
                }
                ConflictSource::Detected => {
                    c.text(texts::staff::DETECTED_OWN_ORGANISATION).to_owned()
                }
            },
        })
        .collect();
    Ok(JuryPage {
        competition_id: id.to_string(),
        competition: competition
            .state
            .setup
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        jurors,
        conflicts,
        form,
        errors,
        c,
    })
}

fn competition_id(text: &str) -> Result<CompetitionId, WebError> {
    CompetitionId::parse(text).ok_or(WebError::NotFound)
}

/// A competition that exists (a deleted draft does not): no juror is invited into one that is
/// gone, say from a page opened before it was deleted.
fn existing_competition(state: &AppState, text: &str) -> Result<CompetitionId, WebError> {
    let id = competition_id(text)?;
    if state.models.read().competitions.contains_key(&id) {
        Ok(id)
    } else {
        Err(WebError::NotFound)
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = competition_id(&id)?;
    let page = page(c, &state, id, InviteForm::default(), FieldErrors::default())?;
    page_with_status(StatusCode::OK, &page)
}

pub async fn invite(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = existing_competition(&state, &id)?;
    let mut errors = FieldErrors::default();
    if form.name.trim().is_empty() {
        errors.add("name", c.text(texts::staff::ENTER_NAME));
    }
    if form.organisation.trim().is_empty() {
        errors.add("organisation", c.text(texts::staff::ENTER_ORGANISATION));
    }
    check_line(&c, "name", &form.name, &mut errors);
    check_line(&c, "organisation", &form.organisation, &mut errors);
    let email = match EmailAddress::parse(&form.email) {
        Err(invalid) => {
            errors.add("email", c.say(refusals::email(&invalid)));
            None
        }
        Ok(email) => {
            let taken = state
                .models
                .read()
                .juries
                .get(&id)
                .is_some_and(|jury| jury.jurors.values().any(|j| j.email == email));
            if taken {
                errors.add("email", c.text(texts::staff::ALREADY_IN_JURY));
            }
            Some(email)
        }
    };
    let (true, Some(email)) = (errors.is_empty(), email) else {
        let page = page(c, &state, id, form, errors)?;
        return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let juror_id = JurorId::from_uuid(uuid::Uuid::now_v7());
    let stream = stream_of::<Jury>(&id);
    let actor = state.actor(&user);
    let now = state.clock.now();
    let juror = Juror {
        name: form.name.trim().to_owned(),
        email,
        organisation: form.organisation.trim().to_owned(),
        expertise: Default::default(),
    };
    let appoint = JuryCommand::Appoint {
        competition_id: id,
        juror_id,
        juror,
        now,
    };
    state
        .execute_retrying::<Jury>(&stream, &actor, appoint)
        .await
        .map_err(|e| from_execute(e, refusals::jury))?;
    let invite = JuryCommand::Invite {
        juror_id,
        nonce: links::nonce(),
        now,
    };
    state
        .execute_retrying::<Jury>(&stream, &actor, invite)
        .await
        .map_err(|e| from_execute(e, refusals::jury))?;
    flash(&session, Flash::Success, texts::staff::INVITATION_SENT);
    Ok(see_other(&format!("/verwaltung/wettbewerbe/{id}/jury")))
}

pub async fn reinvite(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let (id, juror) = path.into_inner();
    let id = existing_competition(&state, &id)?;
    let juror_id = JurorId::parse(&juror).ok_or(WebError::NotFound)?;
    let invite = JuryCommand::Invite {
        juror_id,
        nonce: links::nonce(),
        now: state.clock.now(),
    };
    state
        .execute_retrying::<Jury>(&stream_of::<Jury>(&id), &state.actor(&user), invite)
        .await
        .map_err(|e| from_execute(e, refusals::jury))?;
    flash(
        &session,
        Flash::Success,
        texts::staff::INVITATION_SENT_AGAIN,
    );
    Ok(see_other(&format!("/verwaltung/wettbewerbe/{id}/jury")))
}
