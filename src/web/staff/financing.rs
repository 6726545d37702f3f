//! `/verwaltung/wettbewerbe/{k}/antraege/{a}/finanzierung`: staff read an application's money
//! and check its letters of intent: each pledge is marked checked, or not accepted with a
//! reason (then it no longer counts towards the co-financing). `…/finanzierung/{pledge}`
//! takes the check, `…/finanzierung/{pledge}/schreiben` sends the signed letter.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{ExecuteError, stream_of};
use crate::domain::account::Role;
use crate::domain::application::{Application, ApplicationCommand, ApplicationError};
use crate::domain::financing::PledgeReview;
use crate::domain::ids::{ApplicationId, CompetitionId, PledgeId};
use crate::projections::Views;
use crate::texts::{financing_view as words, refusals};
use crate::web::applications::documents::stored_bytes;
use crate::web::applications::parse_revision;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, page_with_status, see_other};
use crate::web::financing_view::FinancingView;
use crate::web::forms::FieldErrors;
use crate::web::letters::letter_response;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// One pledge's check form, as saved or as typed.
pub struct CheckForm {
    pub id: String,
    pub organisation: String,
    /// `checked`, `not-accepted`, or empty while unchecked.
    pub result: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "staff/financing.html")]
struct FinancingPage {
    c: Chrome,
    competition_id: String,
    application_id: String,
    competition: String,
    title: String,
    financing: FinancingView,
    checks: Vec<CheckForm>,
    revision: String,
    notice: Option<String>,
    errors: FieldErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub result: String,
    pub reason: String,
    pub revision: String,
}

fn ids(competition: &str, application: &str) -> Result<(CompetitionId, ApplicationId), WebError> {
    let competition = CompetitionId::parse(competition).ok_or(WebError::NotFound)?;
    let application = ApplicationId::parse(application).ok_or(WebError::NotFound)?;
    Ok((competition, application))
}

fn base(competition: CompetitionId, application: ApplicationId) -> String {
    format!("/verwaltung/wettbewerbe/{competition}/antraege/{application}/finanzierung")
}

/// The application of this competition, with its revision.
fn application_of<'a>(
    views: &'a Views,
    competition: CompetitionId,
    application: ApplicationId,
) -> Result<(&'a Application, u64), WebError> {
    views
        .applications
        .get(&application)
        .filter(|a| a.state.competition_id == Some(competition))
        .map(|a| (&a.state, a.revision))
        .ok_or(WebError::NotFound)
}

/// The page as saved; `typed` (a refused or conflicting check) keeps that pledge's input.
fn page(
    c: Chrome,
    views: &Views,
    competition_id: CompetitionId,
    application_id: ApplicationId,
    typed: Option<(PledgeId, &ReviewForm)>,
    errors: FieldErrors,
    notice: Option<String>,
) -> Result<FinancingPage, WebError> {
    let setup = views
        .competitions
        .get(&competition_id)
        .and_then(|k| k.state.setup.as_ref())
        .ok_or(WebError::NotFound)?;
    let (application, revision) = application_of(views, competition_id, application_id)?;
    let letters = base(competition_id, application_id);
    let financing = FinancingView::build(
        &application.plan,
        &application.pledges,
        application.all_partners(),
        &setup.rules,
        c.lang,
        |id| format!("{letters}/{id}/schreiben"),
    );
    let checks = application
        .pledges
        .iter()
        .map(|p| {
            let (result, reason) = match (&typed, &p.review) {
                (Some((id, form)), _) if *id == p.id => (form.result.clone(), form.reason.clone()),
                (_, PledgeReview::Unchecked) => (String::new(), String::new()),
                (_, PledgeReview::Checked) => ("checked".to_owned(), String::new()),
                (_, PledgeReview::NotAccepted { reason }) => {
                    ("not-accepted".to_owned(), reason.clone())
                }
            };
            CheckForm {
                id: p.id.to_string(),
                organisation: p.organisation.clone(),
                result,
                reason,
            }
        })
        .collect();
    Ok(FinancingPage {
        competition_id: competition_id.to_string(),
        application_id: application_id.to_string(),
        competition: setup.name.clone(),
        title: application.title.clone(),
        financing,
        checks,
        revision: revision.to_string(),
        notice,
        errors,
        c,
    })
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (competition, application) = ids(&path.0, &path.1)?;
    let page = {
        let views = state.models.read();
        page(
            c,
            &views,
            competition,
            application,
            None,
            FieldErrors::default(),
            None,
        )?
    };
    page_with_status(StatusCode::OK, &page)
}

/// The check as the form says it; a refusal names its field.
fn parse(c: &Chrome, id: PledgeId, form: &ReviewForm) -> Result<PledgeReview, FieldErrors> {
    let mut errors = FieldErrors::default();
    match form.result.as_str() {
        "checked" => return Ok(PledgeReview::Checked),
        "not-accepted" if !form.reason.trim().is_empty() => {
            return Ok(PledgeReview::NotAccepted {
                reason: form.reason.trim().to_owned(),
            });
        }
        "not-accepted" => errors.add(&format!("reason-{id}"), c.text(words::REASON_REQUIRED)),
        _ => errors.add(&format!("result-{id}"), c.text(words::CHOOSE_A_RESULT)),
    }
    Err(errors)
}

/// Staff's check of one pledge. A refusal shows the page again with the input beside its
/// field; a check based on an older revision answers 409 and keeps the input.
pub async fn review(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String, String)>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let (competition_id, application_id) = ids(&path.0, &path.1)?;
    let pledge = PledgeId::parse(&path.2).ok_or(WebError::NotFound)?;
    {
        let views = state.models.read();
        let (application, _) = application_of(&views, competition_id, application_id)?;
        application.pledge(pledge).map_err(|_| WebError::NotFound)?;
    }
    let again = |errors: FieldErrors, notice: Option<String>, status: StatusCode| {
        let page = {
            let views = state.models.read();
            page(
                c.clone(),
                &views,
                competition_id,
                application_id,
                Some((pledge, &form)),
                errors,
                notice,
            )?
        };
        page_with_status(status, &page)
    };
    let review = match parse(&c, pledge, &form) {
        Ok(review) => review,
        Err(errors) => return again(errors, None, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let refused_outright = matches!(review, PledgeReview::NotAccepted { .. });
    let command = ApplicationCommand::ReviewPledge {
        id: pledge,
        review,
        now: state.clock.now(),
    };
    let executed = state
        .execute_at::<Application>(
            &stream_of::<Application>(&application_id),
            parse_revision(&form.revision),
            &state.actor(&user),
            command,
        )
        .await;
    match executed {
        Ok(_) => {
            let done = if refused_outright {
                words::PLEDGE_NOT_ACCEPTED
            } else {
                words::PLEDGE_CHECKED
            };
            flash(&session, Flash::Success, done);
            Ok(see_other(&format!(
                "{}#pruefung-{pledge}",
                base(competition_id, application_id)
            )))
        }
        Err(ExecuteError::Conflict { .. }) => again(
            FieldErrors::default(),
            Some(c.text(words::PLEDGE_CHANGED).to_owned()),
            StatusCode::CONFLICT,
        ),
        Err(ExecuteError::Refused(refusal)) => {
            let field = match refusal {
                ApplicationError::NoReason | ApplicationError::BadText { .. } => "reason",
                _ => "result",
            };
            let mut errors = FieldErrors::default();
            errors.add(
                &format!("{field}-{pledge}"),
                c.say(refusals::application(&refusal)),
            );
            again(errors, None, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(crate::web::error::from_execute(
            other,
            refusals::application,
        )),
    }
}

/// The signed letter of one pledge, as a download.
pub async fn letter(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String, String)>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (competition_id, application_id) = ids(&path.0, &path.1)?;
    let pledge = PledgeId::parse(&path.2).ok_or(WebError::NotFound)?;
    let document = {
        let views = state.models.read();
        let (application, _) = application_of(&views, competition_id, application_id)?;
        application
            .pledge(pledge)
            .ok()
            .and_then(|p| p.letter.clone())
            .ok_or(WebError::NotFound)?
    };
    let bytes = stored_bytes(&state, &document).await?;
    Ok(letter_response(&document.file_name, bytes))
}
