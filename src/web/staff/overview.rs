//! `/verwaltung`: every competition, published or not, with its applications by status.

use std::collections::BTreeMap;

use actix_web::web::Data;
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::domain::account::Role;
use crate::domain::status::{Viewer, status};
use crate::texts::labels;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::policy;
use crate::web::state::AppState;

pub struct Row {
    pub id: String,
    pub name: String,
    pub phase: String,
    pub applications: usize,
    /// "Eingereicht: 3, Entwurf: 2"
    pub by_status: String,
}

#[derive(Template)]
#[template(path = "staff/overview.html")]
struct OverviewPage {
    c: Chrome,
    rows: Vec<Row>,
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let rows = {
        let views = state.models.read();
        views
            .competitions
            .iter()
            .map(|(id, view)| {
                let (de, en) = labels::phase(view.state.phase).into_pair();
                let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                let ids = views.applications.by_competition.get(id);
                for application in ids.into_iter().flatten() {
                    let Some(a) = views.applications.get(application) else {
                        continue;
                    };
                    if let Some(s) = status(&a.state, &view.state, Viewer::Staff) {
                        let (de, en) = labels::status_kind(s).into_pair();
                        *counts.entry(c.ts(de, en)).or_default() += 1;
                    }
                }
                Row {
                    id: id.to_string(),
                    name: view
                        .state
                        .setup
                        .as_ref()
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                    phase: c.ts(de, en),
                    applications: ids.map_or(0, |s| s.len()),
                    by_status: counts
                        .iter()
                        .map(|(label, n)| format!("{label}: {n}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            })
            .collect()
    };
    page_with_status(StatusCode::OK, &OverviewPage { c, rows })
}
