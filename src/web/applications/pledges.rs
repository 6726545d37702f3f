//! Letters of intent of a consortium: record a pledge (organisation, source, an amount in
//! total or per budget year), upload its signed letter, remove it, download the letter. The
//! co-financing that counts is derived from these, never typed.

use std::collections::BTreeMap;

use actix_multipart::Multipart;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};

use super::documents::{read_upload, stored_bytes, upload_status};
use super::financing::{Fields, FinancingPage, execute};
use super::partners::RevisionOnly;
use super::{parse_id, parse_revision};
use crate::app::ExecuteError;
use crate::documents::check_pdf;
use crate::domain::application::{Application, ApplicationCommand, DocumentRef};
use crate::domain::eligibility::Ineligibility;
use crate::domain::financing::{Pledge, PledgeAmount, PledgeReview, PledgeSource};
use crate::domain::ids::{ApplicationId, PledgeId};
use crate::domain::money::Cents;
use crate::texts::{self, labels, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::{self, CsrfForm};
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// A pledge as the list shows it.
#[derive(Debug, Clone)]
pub struct PledgeLine {
    pub id: String,
    pub organisation: String,
    pub source: String,
    pub amount: String,
    /// "2027: 100.000,00 €; 2028: …" for a pledge per year.
    pub years: String,
    pub letter: Option<String>,
    pub review: String,
    /// What keeps the pledge from counting at submission.
    pub problems: Vec<String>,
}

/// The new pledge's form, as typed.
#[derive(Debug, Clone, Default)]
pub struct PledgeForm {
    pub organisation: String,
    pub source: String,
    pub total: String,
    pub per_year: BTreeMap<String, String>,
}

impl PledgeForm {
    pub fn year(&self, year: &str) -> String {
        self.per_year.get(year).cloned().unwrap_or_default()
    }
}

pub fn pledge_lines(
    c: &Chrome,
    application: &Application,
    failures: &[Ineligibility],
) -> Vec<PledgeLine> {
    application
        .pledges
        .iter()
        .map(|pledge| {
            let cell = format!("pledge-{}", pledge.id);
            PledgeLine {
                id: pledge.id.to_string(),
                organisation: pledge.organisation.clone(),
                source: c.text(texts::financing::source(pledge.source)).to_owned(),
                amount: labels::money(pledge.amount.total(), c.lang),
                years: match &pledge.amount {
                    PledgeAmount::Total(_) => String::new(),
                    PledgeAmount::PerYear(years) => years
                        .iter()
                        .map(|(year, amount)| format!("{year}: {}", labels::money(*amount, c.lang)))
                        .collect::<Vec<_>>()
                        .join("; "),
                },
                letter: pledge
                    .letter
                    .as_ref()
                    .map(|l| crate::file_name::clean(&l.file_name)),
                review: c.say(texts::financing::review(&pledge.review)),
                problems: failures
                    .iter()
                    .filter(|f| f.cell().as_deref() == Some(cell.as_str()))
                    .map(|f| c.say(texts::explanations::ineligibility(f)))
                    .collect(),
            }
        })
        .collect()
}

fn typed_form(form: &Fields) -> PledgeForm {
    PledgeForm {
        organisation: form
            .get("organisation")
            .map(|v| v.trim().to_owned())
            .unwrap_or_default(),
        source: form.get("source").cloned().unwrap_or_default(),
        total: form
            .get("total")
            .map(|v| v.trim().to_owned())
            .unwrap_or_default(),
        per_year: form
            .iter()
            .filter_map(|(k, v)| {
                let year = k.strip_prefix("year-")?;
                year.parse::<i32>().ok()?;
                Some((year.to_owned(), v.trim().to_owned()))
            })
            .collect(),
    }
}

/// The amount of the form: in total, or per year; not both.
fn parse_amount(c: &Chrome, form: &PledgeForm, errors: &mut FieldErrors) -> Option<PledgeAmount> {
    let mut amount = |name: &str, text: &str| match Cents::parse_euros(text) {
        Ok(amount) => Some(amount),
        Err(error) => {
            errors.add(name, c.say(texts::applicants::not_an_amount(&error, text)));
            None
        }
    };
    let years: Vec<(&String, &String)> = form
        .per_year
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    match (form.total.is_empty(), years.is_empty()) {
        (false, false) => {
            errors.add("total", c.text(texts::financing::TOTAL_OR_YEARS));
            None
        }
        (true, true) => {
            errors.add("total", c.text(texts::financing::ENTER_PLEDGE_AMOUNT));
            None
        }
        (false, true) => amount("total", &form.total).map(PledgeAmount::Total),
        (true, false) => {
            let mut parsed = BTreeMap::new();
            for (year, text) in years {
                let value = amount(&format!("year-{year}"), text)?;
                parsed.insert(year.parse().ok()?, value);
            }
            Some(PledgeAmount::PerYear(parsed))
        }
    }
}

/// `POST /antraege/{id}/absichtserklaerungen`: a new pledge, without its letter yet.
pub async fn record(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<Fields>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let typed = typed_form(&form);
    let mut errors = FieldErrors::default();
    if typed.organisation.is_empty() {
        errors.add(
            "organisation",
            c.text(texts::applicants::ENTER_ORGANISATION_NAME),
        );
    }
    let source = PledgeSource::from_key(&typed.source);
    if source.is_none() {
        errors.add("source", c.text(texts::financing::CHOOSE_SOURCE));
    }
    let amount = parse_amount(&c, &typed, &mut errors);
    let refuse = |c: Chrome, errors: FieldErrors, status: StatusCode, notice: Option<String>| {
        let mut page = FinancingPage::load(c, &state, id)?;
        page.pledge_form = typed.clone();
        page.pledge_errors = errors;
        page.notice = notice;
        page.respond(status)
    };
    let (Some(source), Some(amount), true) = (source, amount, errors.is_empty()) else {
        return refuse(c, errors, StatusCode::UNPROCESSABLE_ENTITY, None);
    };
    let command = ApplicationCommand::RecordPledge {
        pledge: Pledge {
            id: PledgeId::from_uuid(uuid::Uuid::new_v4()),
            organisation: typed.organisation.clone(),
            source,
            amount,
            letter: None,
            review: PledgeReview::Unchecked,
        },
        now: state.clock.now(),
    };
    let seen = parse_revision(form.get("revision").map(String::as_str).unwrap_or_default());
    match execute(&state, &user, id, seen, command).await {
        Ok(()) => {
            flash(&session, Flash::Success, texts::financing::PLEDGE_SAVED);
            Ok(see_other(&format!(
                "/antraege/{id}/finanzierung#absichtserklaerungen"
            )))
        }
        Err(ExecuteError::Conflict { .. }) => {
            let notice = c.text(texts::financing::CHANGED_MEANWHILE).to_owned();
            refuse(c, errors, StatusCode::CONFLICT, Some(notice))
        }
        Err(ExecuteError::Refused(refusal)) => {
            let field = match refusal {
                crate::domain::application::ApplicationError::BadText { .. }
                | crate::domain::application::ApplicationError::UnnamedPartner => "organisation",
                _ => "total",
            };
            errors.add(field, c.say(refusals::application(&refusal)));
            refuse(c, errors, StatusCode::UNPROCESSABLE_ENTITY, None)
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

fn pledge_of(state: &AppState, id: ApplicationId, pledge: &str) -> Result<Pledge, WebError> {
    let pledge = PledgeId::parse(pledge).ok_or(WebError::NotFound)?;
    let views = state.models.read();
    let application = &views.applications.get(&id).ok_or(WebError::NotFound)?.state;
    application
        .pledge(pledge)
        .cloned()
        .map_err(|_| WebError::NotFound)
}

/// `POST /antraege/{id}/absichtserklaerungen/{pledge}/entfernen`.
pub async fn remove(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<RevisionOnly>,
) -> Result<HttpResponse, WebError> {
    let (id, pledge) = path.into_inner();
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let pledge = pledge_of(&state, id, &pledge)?;
    let command = ApplicationCommand::RemovePledge {
        id: pledge.id,
        now: state.clock.now(),
    };
    match execute(&state, &user, id, parse_revision(&form.revision), command).await {
        Ok(()) => {
            flash(&session, Flash::Success, texts::financing::PLEDGE_REMOVED);
            Ok(see_other(&format!(
                "/antraege/{id}/finanzierung#absichtserklaerungen"
            )))
        }
        Err(ExecuteError::Conflict { .. }) => {
            let mut page = FinancingPage::load(c, &state, id)?;
            page.notice = Some(
                page.c
                    .text(texts::financing::CHANGED_NOTHING_REMOVED)
                    .to_owned(),
            );
            page.respond(StatusCode::CONFLICT)
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

/// `POST /antraege/{id}/absichtserklaerungen/{pledge}/schreiben`: the signed letter, a PDF.
/// A new letter replaces the old one, and staff check the pledge again.
pub async fn upload_letter(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    session: actix_session::Session,
    path: Path<(String, String)>,
    payload: Multipart,
) -> Result<HttpResponse, WebError> {
    let (id, pledge) = path.into_inner();
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let upload = read_upload(payload, state.upload_limit).await?;
    csrf::check(&req, &upload.csrf)?;
    let mut pledge = pledge_of(&state, id, &pledge)?;
    let refuse = |c: Chrome, message: String, status: StatusCode| {
        let mut page = FinancingPage::load(c, &state, id)?;
        let key = format!("letter-{}", pledge.id);
        page.pledge_errors.add(&key, message);
        page.respond(status)
    };
    let bytes = match upload.bytes.and_then(|b| check_pdf(&b).map(|()| b)) {
        Ok(bytes) => bytes,
        Err(problem) => {
            let status = upload_status(&problem);
            let message = c.say(texts::explanations::upload(&problem));
            return refuse(c, message, status);
        }
    };
    let size = bytes.len() as u64;
    let documents = state.clone();
    let sha256 = actix_web::web::block(move || documents.documents.save(&bytes))
        .await
        .map_err(WebError::internal)?
        .map_err(WebError::internal)?;
    pledge.letter = Some(DocumentRef {
        sha256,
        file_name: upload.file_name,
        size,
    });
    let command = ApplicationCommand::RecordPledge {
        pledge: pledge.clone(),
        now: state.clock.now(),
    };
    match state.on_application(id, &user, command).await {
        Ok(_) => {
            flash(&session, Flash::Success, texts::financing::LETTER_UPLOADED);
            Ok(see_other(&format!(
                "/antraege/{id}/finanzierung#absichtserklaerungen"
            )))
        }
        Err(ExecuteError::Refused(refusal)) => {
            let message = c.say(refusals::application(&refusal));
            refuse(c, message, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

/// `GET /antraege/{id}/absichtserklaerungen/{pledge}/schreiben`: the letter, for the
/// consortium and staff.
pub async fn letter(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (id, pledge) = path.into_inner();
    let id = parse_id(&id)?;
    policy::application(&c, &state.models.read(), id)?;
    let letter = pledge_of(&state, id, &pledge)?
        .letter
        .ok_or(WebError::NotFound)?;
    let bytes = stored_bytes(&state, &letter).await?;
    Ok(crate::web::letters::letter_response(
        &letter.file_name,
        bytes,
    ))
}
