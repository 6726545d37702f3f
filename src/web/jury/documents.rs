//! A juror's documents: one document to download (`…/dokumente/{sha256}`) or to read beside the
//! scoring form (`…/dokumente/{sha256}/ansicht`), and all documents of the stage at once
//! (`/jury/{competition}/unterlagen.zip`, with the pledges' letters), and a pledge's signed letter
//! (`…/absichtserklaerungen/{pledge}`). Only the applications the juror is assigned to in the
//! current stage and has confirmed free of conflict.
//!
//! Uploads are checked to be PDFs, but the bytes are checked again when sent: only a PDF is
//! shown inline, anything else (a document stored before the check, say) is a download in a
//! sandbox, so that nothing in it can act with the service's origin.

use actix_web::http::header::{self, ContentDisposition, DispositionType};
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};

use super::parse_ids;
use crate::document_bundle::{self, BundleError, MAX_BUNDLE_BYTES, Source};
use crate::documents::check_pdf;
use crate::domain::ids::{CompetitionId, PledgeId};
use crate::texts;
use crate::web::applications::documents::{attached, attachment, stored_bytes};
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::letters::letter_response;
use crate::web::policy::{juror_on, juror_seat};
use crate::web::state::AppState;

/// Whether the document is to be shown in the page or saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Display {
    Download,
    Inline,
}

/// A PDF in the frame beside the scoring form: framed only by the service's own pages. No
/// `sandbox`: Chromium does not start its PDF viewer in a sandboxed document at all (no `allow-…`
/// token re-enables it), and its viewer's inline styles break under a `default-src`. The PDF is
/// sent as `application/pdf` with `nosniff` and runs in the browser's isolated viewer, never as
/// a page of the service's origin.
const INLINE_POLICY: &str = "frame-ancestors 'self'";
const DOWNLOAD_POLICY: &str = "default-src 'none'; sandbox; frame-ancestors 'none'";

pub async fn download(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String, String)>,
) -> Result<HttpResponse, WebError> {
    send(c, state, path.into_inner(), Display::Download).await
}

pub async fn view(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String, String)>,
) -> Result<HttpResponse, WebError> {
    send(c, state, path.into_inner(), Display::Inline).await
}

async fn send(
    c: Chrome,
    state: Data<AppState>,
    (competition, application, sha256): (String, String, String),
    display: Display,
) -> Result<HttpResponse, WebError> {
    let (competition, application) = parse_ids(&competition, &application)?;
    let document = {
        let views = state.models.read();
        let seat = juror_seat(&c, &views, competition, application)?;
        if !seat.confirmed {
            return Err(WebError::Forbidden);
        }
        attached(&views, application, &sha256)?
    };
    let bytes = stored_bytes(&state, &document).await?;
    let pdf = check_pdf(&bytes).is_ok();
    let mut disposition = attachment(&document.file_name);
    let inline = display == Display::Inline && pdf;
    if inline {
        disposition = ContentDisposition {
            disposition: DispositionType::Inline,
            ..disposition
        };
    }
    let mut response = HttpResponse::Ok();
    response
        .content_type(if pdf {
            "application/pdf"
        } else {
            "application/octet-stream"
        })
        // A PDF is compressed already: sent as stored, with its length, not compressed again.
        .insert_header(header::ContentEncoding::Identity)
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if inline {
        response
            .insert_header((header::CONTENT_SECURITY_POLICY, INLINE_POLICY))
            .insert_header((header::X_FRAME_OPTIONS, "SAMEORIGIN"));
    } else {
        response.insert_header((header::CONTENT_SECURITY_POLICY, DOWNLOAD_POLICY));
    }
    Ok(response.body(bytes))
}

/// The signed letter of one of the application's pledges (`…/absichtserklaerungen/{pledge}`),
/// as a download, under the same rule as its documents.
pub async fn letter(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String, String)>,
) -> Result<HttpResponse, WebError> {
    let (competition, application, pledge) = path.into_inner();
    let (competition, application) = parse_ids(&competition, &application)?;
    let pledge = PledgeId::parse(&pledge).ok_or(WebError::NotFound)?;
    let document = {
        let views = state.models.read();
        let seat = juror_seat(&c, &views, competition, application)?;
        if !seat.confirmed {
            return Err(WebError::Forbidden);
        }
        views
            .applications
            .get(&application)
            .and_then(|a| a.state.pledge(pledge).ok())
            .and_then(|p| p.letter.clone())
            .ok_or(WebError::NotFound)?
    };
    let bytes = stored_bytes(&state, &document).await?;
    Ok(letter_response(&document.file_name, bytes))
}

/// ZIPs are built in memory, each up to the bundle limit: only this many at once, so that a
/// burst of requests cannot take more than a few hundred megabytes.
static BUNDLES_AT_ONCE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// All documents of the applications of the current stage the juror may read, as one ZIP.
pub async fn bundle(
    c: Chrome,
    state: Data<AppState>,
    path: Path<String>,
) -> Result<HttpResponse, WebError> {
    let competition = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let (planned, stage_title) = {
        let views = state.models.read();
        let (juror, stage) = juror_on(&c, &views, competition)?;
        let jury = views.juries.get(&competition).ok_or(WebError::Forbidden)?;
        let mut applications: Vec<_> = jury
            .cleared_for(stage, juror)
            .filter_map(|id| views.applications.get(&id))
            .map(|a| &a.state)
            .collect();
        applications.sort_by(|a, b| a.title.cmp(&b.title));
        let sources: Vec<Source<'_>> = applications
            .iter()
            .map(|a| Source {
                title: &a.title,
                // The pledges' signed letters travel with the documents.
                documents: a
                    .documents
                    .iter()
                    .chain(a.pledges.iter().filter_map(|p| p.letter.as_ref()))
                    .map(|d| (d.file_name.as_str(), d.sha256.as_str(), d.size))
                    .collect(),
            })
            .collect();
        let planned = document_bundle::plan(&sources, MAX_BUNDLE_BYTES).map_err(|e| match e {
            BundleError::Empty => WebError::unprocessable(texts::jury::NO_DOCUMENTS_TO_DOWNLOAD),
            BundleError::TooLarge { total, limit } => {
                WebError::unprocessable(texts::jury::bundle_too_large(total, limit))
            }
        })?;
        let stage_title = views
            .competitions
            .get(&competition)
            .and_then(|k| k.state.setup.as_ref())
            .and_then(|s| s.stages.get(stage))
            .map(|s| s.title.clone())
            .unwrap_or_default();
        (planned, stage_title)
    };
    let _building = BUNDLES_AT_ONCE
        .try_acquire()
        .map_err(|_| WebError::TooManyAttempts)?;
    let documents = state.clone();
    let bytes = actix_web::web::block(move || {
        document_bundle::write(&planned, |sha| documents.documents.read(sha))
    })
    .await
    .map_err(WebError::internal)?
    .map_err(WebError::internal)?;
    let name = format!("Unterlagen {stage_title}.zip");
    Ok(HttpResponse::build(StatusCode::OK)
        .content_type("application/zip")
        .insert_header(header::ContentEncoding::Identity)
        .insert_header((header::CONTENT_DISPOSITION, attachment(&name)))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_SECURITY_POLICY, DOWNLOAD_POLICY))
        .body(bytes))
}
