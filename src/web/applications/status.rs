//! `/antraege/{id}/status`: the application's history from its events and, once released, its
//! result.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::parse_id;
use crate::domain::account::Role;
use crate::domain::ids::AccountId;
use crate::domain::status::{Viewer, status};
use crate::projections::Views;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::labels;
use crate::web::policy;
use crate::web::state::AppState;

pub struct Line {
    pub at: String,
    pub what: String,
    pub who: String,
}

#[derive(Template)]
#[template(path = "applications/status.html")]
struct StatusPage {
    c: Chrome,
    id: String,
    title: String,
    status: String,
    rejection: Option<String>,
    lines: Vec<Line>,
}

pub fn event_label(event_type: &str) -> (&'static str, &'static str) {
    match event_type {
        "ApplicationCreated" => ("Antrag angelegt", "Application created"),
        "DetailsChanged" => ("Angaben geändert", "Details changed"),
        "PartnerAdded" => ("Partner hinzugefügt", "Partner added"),
        "PartnerChanged" => ("Partner geändert", "Partner changed"),
        "PartnerRemoved" => ("Partner entfernt", "Partner removed"),
        "CoordinatorChanged" => ("Koordination geändert", "Coordinator changed"),
        "DocumentAttached" => ("Dokument hochgeladen", "Document uploaded"),
        "DocumentRemoved" => ("Dokument entfernt", "Document removed"),
        "ApplicationSubmitted" => ("Eingereicht", "Submitted"),
        "ApplicationWithdrawn" => ("Zurückgezogen", "Withdrawn"),
        "ApplicationFormallyRejected" => ("Formal abgelehnt", "Formally rejected"),
        "NextStageStarted" => ("Zur nächsten Stufe eingeladen", "Invited to the next stage"),
        "EditorInvited" => ("Mitwirkende Person eingeladen", "Co-editor invited"),
        "EditorRemoved" => ("Mitwirkende Person entfernt", "Co-editor removed"),
        _ => ("Änderung", "Change"),
    }
}

pub fn actor_name(c: &Chrome, views: &Views, actor: &str) -> String {
    let account = AccountId::parse(actor).and_then(|id| views.accounts.get(&id));
    match account {
        Some(account) if account.role == Some(Role::Staff) => {
            c.ts("Programmverwaltung", "Programme staff")
        }
        Some(account) => account.name.clone(),
        None => c.ts("System", "System"),
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let page = {
        let views = state.models.read();
        let access = policy::application(&c, &views, id)?;
        let view = views.applications.get(&id).ok_or(WebError::NotFound)?;
        let competition = view
            .state
            .competition_id
            .and_then(|k| views.competitions.get(&k))
            .map(|k| k.state.clone())
            .unwrap_or_default();
        let viewer = match access {
            policy::Access::Read => Viewer::Staff,
            policy::Access::Edit => Viewer::Applicant,
        };
        let status = status(&view.state, &competition, viewer)
            .map(|s| {
                let (de, en) = labels::status(s);
                if c.en() { en } else { de }
            })
            .unwrap_or_default();
        let lines = view
            .timeline
            .iter()
            .rev()
            .map(|entry| {
                let (de, en) = event_label(&entry.event_type);
                Line {
                    at: berlin(entry.at, c.lang),
                    what: c.ts(de, en),
                    who: actor_name(&c, &views, &entry.actor),
                }
            })
            .collect();
        StatusPage {
            id: id.to_string(),
            title: view.state.title.clone(),
            status,
            rejection: view.state.rejection_reason.clone(),
            lines,
            c,
        }
    };
    page_with_status(StatusCode::OK, &page)
}
