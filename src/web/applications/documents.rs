//! Documents of an application: upload (PDF only, checked by content, size-limited), download
//! (members, staff), remove. The bytes go to the content-addressed store before the event that
//! names them is written.

use actix_multipart::Multipart;
use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use futures_util::TryStreamExt;

use super::editor::EditorPage;
use super::form_lines::stage_form;
use super::parse_id;
use crate::app::ExecuteError;
use crate::documents::{UploadProblem, check_pdf, digest, page_count};
use crate::domain::application::{ApplicationCommand, DocumentRef};
use crate::domain::ids::ApplicationId;
use crate::domain::stage_form::{RequiredDocument, document_field};
use crate::file_name;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::{self, CsrfForm, NoFields};
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// The upload as received: the token, the file's name and its bytes (or why they were not kept).
pub struct Upload {
    pub csrf: String,
    /// The slot of the stage's form the document is filed into; empty for none.
    pub slot: String,
    pub file_name: String,
    pub bytes: Result<Vec<u8>, UploadProblem>,
}

/// Reads the multipart body; a file above the limit is read to its end but not kept, so the
/// browser gets the answer instead of a broken connection.
pub async fn read_upload(mut payload: Multipart, limit: u64) -> Result<Upload, WebError> {
    let unreadable = |_| unreadable_form();
    let mut upload = Upload {
        csrf: String::new(),
        slot: String::new(),
        file_name: String::new(),
        bytes: Err(UploadProblem::Empty),
    };
    let mut parts = 0usize;
    while let Some(mut field) = payload.try_next().await.map_err(unreadable)? {
        parts = parts.saturating_add(1);
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "csrf" => {
                let mut token = Vec::new();
                while let Some(chunk) = field.try_next().await.map_err(unreadable)? {
                    if token.len() < 256 {
                        token.extend_from_slice(&chunk);
                    }
                }
                upload.csrf = String::from_utf8_lossy(&token).into_owned();
            }
            "slot" => {
                let mut key = Vec::new();
                while let Some(chunk) = field.try_next().await.map_err(unreadable)? {
                    if key.len() < 256 {
                        key.extend_from_slice(&chunk);
                    }
                }
                upload.slot = String::from_utf8_lossy(&key).trim().to_owned();
            }
            "document" => {
                upload.file_name = field
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .map(file_name::clean)
                    .unwrap_or_default();
                let mut bytes = Vec::new();
                let mut too_large = false;
                while let Some(chunk) = field.try_next().await.map_err(unreadable)? {
                    if too_large {
                        continue;
                    }
                    if (bytes.len() + chunk.len()) as u64 > limit {
                        too_large = true;
                        bytes = Vec::new();
                        continue;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                upload.bytes = if too_large {
                    Err(UploadProblem::TooLarge { limit })
                } else if bytes.is_empty() {
                    Err(UploadProblem::Empty)
                } else {
                    Ok(bytes)
                };
            }
            _ => while field.try_next().await.map_err(unreadable)?.is_some() {},
        }
    }
    // The upload form always sends its token: a body without a single part (such as one that
    // closes its boundary at once) is no form at all, not a form with a wrong token.
    if parts == 0 {
        return Err(unreadable_form());
    }
    Ok(upload)
}

/// The header of a download: `filename*` (RFC 6266) with the name in UTF-8, and `filename` with
/// an ASCII stand-in for older clients. The name is cleaned again, for documents uploaded
/// before names were cleaned of bidi controls.
pub fn attachment(name: &str) -> ContentDisposition {
    let name = file_name::clean(name);
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(file_name::ascii_fallback(&name)),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: name.into_bytes(),
            }),
        ],
    }
}

fn unreadable_form() -> WebError {
    WebError::bad_request(texts::applicants::FORM_COULD_NOT_READ)
}

pub async fn upload(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let upload = read_upload(payload, state.upload_limit).await?;
    csrf::check(&req, &upload.csrf)?;
    let slot = match slot_of(&state, id, &upload.slot) {
        Ok(slot) => slot,
        Err(()) => {
            let reason = texts::stage_form::NO_SUCH_SLOT.owned();
            return refused_with(c, &state, id, reason, &Target(None));
        }
    };
    let at = Target(slot.as_ref().map(|s| document_field(&s.key)));
    let bytes = match upload.bytes.and_then(|b| check_pdf(&b).map(|()| b)) {
        Ok(bytes) => bytes,
        Err(problem) => {
            let status = upload_status(&problem);
            return refused(c, &state, id, problem, status, &at);
        }
    };
    // The pages are counted only where the slot has a limit: elsewhere any PDF will do.
    let pages = match slot.as_ref().and_then(|s| s.page_limit) {
        None => 0,
        Some(_) => {
            let counted = bytes.clone();
            let pages = actix_web::web::block(move || page_count(&counted))
                .await
                .map_err(WebError::internal)?;
            match pages {
                Some(pages) => pages,
                None => {
                    let reason = texts::stage_form::PAGES_UNREADABLE.owned();
                    return refused_with(c, &state, id, reason, &at);
                }
            }
        }
    };
    let size = bytes.len() as u64;
    // Checked before the file is stored, so a refused upload leaves nothing on disk; the
    // command checks again against the log. The same bytes under another name are refused
    // with the name they carry already.
    let hash = digest(&bytes);
    let room = state
        .models
        .read()
        .applications
        .get(&id)
        .map(|v| v.state.may_attach(&hash, size));
    // A slot that holds a document already gives its room to the new one: the command checks.
    let replaces = slot.as_ref().is_some_and(|s| {
        state
            .models
            .read()
            .applications
            .get(&id)
            .is_some_and(|v| v.state.filed.contains_key(&s.key))
    });
    if let Some(Err(refusal)) = room
        && !replaces
    {
        return refused_by_application(c, &state, id, &refusal, &at);
    }
    let documents = state.clone();
    let sha256 = actix_web::web::block(move || documents.documents.save(&bytes))
        .await
        .map_err(WebError::internal)?
        .map_err(WebError::internal)?;
    let document = DocumentRef {
        sha256,
        file_name: upload.file_name,
        size,
    };
    let now = state.clock.now();
    let command = match slot {
        Some(slot) => ApplicationCommand::FileDocument {
            document,
            slot,
            pages,
            now,
        },
        None => ApplicationCommand::AttachDocument { document, now },
    };
    match state.on_application(id, &user, command).await {
        Ok(_) => {}
        Err(ExecuteError::Refused(refusal)) => {
            return refused_by_application(c, &state, id, &refusal, &at);
        }
        Err(other) => return Err(from_execute(other, refusals::application)),
    }
    flash(
        &session,
        Flash::Success,
        texts::applicants::DOCUMENT_UPLOADED,
    );
    Ok(see_other(&format!("/antraege/{id}#unterlagen")))
}

/// Which upload field a refusal is shown beside: a slot's (`document-KEY`) or the general one.
struct Target(Option<String>);

/// The slot of the application's stage named `key`; `None` for no slot, `Err` for a slot the
/// stage's form does not have.
fn slot_of(state: &AppState, id: ApplicationId, key: &str) -> Result<Option<RequiredDocument>, ()> {
    if key.is_empty() {
        return Ok(None);
    }
    let views = state.models.read();
    let Some(application) = views.applications.get(&id).map(|v| &v.state) else {
        return Err(());
    };
    let competition = application
        .competition_id
        .and_then(|k| views.competitions.get(&k))
        .map(|k| k.state.clone())
        .unwrap_or_default();
    stage_form(&competition, application)
        .slot(key)
        .cloned()
        .map(Some)
        .ok_or(())
}

/// The answer to a refused upload: too large, not a PDF, or nothing sent.
pub fn upload_status(problem: &UploadProblem) -> StatusCode {
    match problem {
        UploadProblem::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        UploadProblem::NotPdf => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        UploadProblem::Empty => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// The editor with the application's reason beside the upload field.
fn refused_by_application(
    c: Chrome,
    state: &AppState,
    id: ApplicationId,
    refusal: &crate::domain::application::ApplicationError,
    at: &Target,
) -> Result<HttpResponse, WebError> {
    refused_with(c, state, id, refusals::application(refusal), at)
}

fn refused(
    c: Chrome,
    state: &AppState,
    id: ApplicationId,
    problem: UploadProblem,
    status: StatusCode,
    at: &Target,
) -> Result<HttpResponse, WebError> {
    let reason = crate::texts::explanations::upload(&problem);
    let mut page = EditorPage::load(c, state, id)?;
    show(&mut page, reason, at);
    page.respond(status)
}

fn refused_with(
    c: Chrome,
    state: &AppState,
    id: ApplicationId,
    reason: crate::texts::Text<String>,
    at: &Target,
) -> Result<HttpResponse, WebError> {
    let mut page = EditorPage::load(c, state, id)?;
    show(&mut page, reason, at);
    page.respond(StatusCode::UNPROCESSABLE_ENTITY)
}

fn show(page: &mut EditorPage, reason: crate::texts::Text<String>, at: &Target) {
    let reason = page.c.say(reason);
    match &at.0 {
        Some(field) => page.slot_errors.add(field, reason),
        None => page.upload_error = Some(reason),
    }
}

/// The application's document with this digest, as its consortium attached it.
pub fn attached(
    views: &crate::projections::Views,
    application: ApplicationId,
    sha256: &str,
) -> Result<DocumentRef, WebError> {
    views
        .applications
        .get(&application)
        .and_then(|a| {
            a.state
                .documents
                .iter()
                .find(|d| d.sha256 == sha256)
                .cloned()
        })
        .ok_or(WebError::NotFound)
}

/// A document's bytes from the document store, read off the request's worker.
pub async fn stored_bytes(
    state: &Data<AppState>,
    document: &DocumentRef,
) -> Result<Vec<u8>, WebError> {
    let documents = state.clone();
    let digest = document.sha256.clone();
    actix_web::web::block(move || documents.documents.read(&digest))
        .await
        .map_err(WebError::internal)?
        .map_err(WebError::internal)
}

pub async fn download(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (id, sha256) = path.into_inner();
    let id = parse_id(&id)?;
    let document = {
        let views = state.models.read();
        policy::application(&c, &views, id)?;
        attached(&views, id, &sha256)?
    };
    let bytes = stored_bytes(&state, &document).await?;
    let disposition = attachment(&document.file_name);
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        // A PDF is compressed already: sent as stored, with its length, not compressed again.
        .insert_header(header::ContentEncoding::Identity)
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}

pub async fn remove(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    path: Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, WebError> {
    let (id, sha256) = path.into_inner();
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let command = ApplicationCommand::RemoveDocument {
        sha256,
        now: state.clock.now(),
    };
    state
        .on_application(id, &user, command)
        .await
        .map_err(|e| from_execute(e, refusals::application))?;
    flash(
        &session,
        Flash::Success,
        texts::applicants::DOCUMENT_REMOVED,
    );
    Ok(see_other(&format!("/antraege/{id}#unterlagen")))
}
