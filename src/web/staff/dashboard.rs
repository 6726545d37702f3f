//! `/verwaltung/wettbewerbe/{id}/auswertung`: the competition in figures, with bar charts drawn
//! on the server as SVG (no JavaScript): applications by status, the funnel across stages, by
//! Land and by technology field, and each juror's review progress.

use std::collections::BTreeMap;

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::domain::account::Role;
use crate::domain::application::Status;
use crate::domain::competition::Outcome;
use crate::domain::ids::CompetitionId;
use crate::domain::review::ReviewKey;
use crate::domain::status::{Viewer, status};
use crate::texts::{self, labels};
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::policy;
use crate::web::state::AppState;

const BAR_AREA: u32 = 360;
const ROW: u32 = 26;

pub struct Bar {
    pub label: String,
    pub value: String,
    pub width: u32,
    pub y: u32,
    pub text_y: u32,
}

pub struct Chart {
    pub id: String,
    pub title: String,
    pub height: u32,
    pub bars: Vec<Bar>,
}

/// Bars scaled to the largest value; `of` gives "n of m" labels where a total matters.
fn chart(id: &str, title: String, items: Vec<(String, usize, Option<usize>)>) -> Chart {
    let max = items
        .iter()
        .map(|(_, v, total)| total.unwrap_or(*v))
        .max()
        .unwrap_or(0)
        .max(1);
    let bars = items
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, total))| Bar {
            label,
            value: match total {
                Some(total) => format!("{value} / {total}"),
                None => value.to_string(),
            },
            width: (value as u64 * u64::from(BAR_AREA) / max as u64) as u32,
            y: i as u32 * ROW,
            text_y: i as u32 * ROW + 17,
        })
        .collect::<Vec<_>>();
    Chart {
        id: id.to_owned(),
        title,
        height: (bars.len() as u32).max(1) * ROW,
        bars,
    }
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage {
    c: Chrome,
    id: String,
    name: String,
    charts: Vec<Chart>,
    /// Awards and pledged co-financing per budget year and per Land.
    money: Vec<crate::web::charts::MoneyChart>,
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let page = {
        let views = state.models.read();
        let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
        let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
        let applications: Vec<_> = views
            .applications
            .by_competition
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| views.applications.get(a))
            .map(|v| &v.state)
            .collect();

        let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_land: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_field: BTreeMap<String, usize> = BTreeMap::new();
        let mut submitted = 0;
        let mut rejected = 0;
        for a in &applications {
            if let Some(s) = status(a, competition, Viewer::Staff) {
                let (de, en) = labels::status_kind(s).into_pair();
                *by_status.entry(c.ts(de, en)).or_default() += 1;
            }
            let handed_in = matches!(
                a.status,
                Status::Submitted { .. } | Status::FormallyRejected { .. }
            );
            if handed_in {
                submitted += 1;
                if let Some(land) = a.coordinator.as_ref().map(|p| p.land.name().to_owned()) {
                    *by_land.entry(land).or_default() += 1;
                }
                let field = a
                    .field
                    .map(|f| c.text(crate::texts::explanations::field(f)).to_owned())
                    .unwrap_or_else(|| "–".into());
                *by_field.entry(field).or_default() += 1;
            }
            if matches!(a.status, Status::FormallyRejected { .. }) {
                rejected += 1;
            }
        }
        let mut funnel = vec![
            (
                c.text(texts::staff::FUNNEL_CREATED).to_owned(),
                applications.len(),
                None,
            ),
            (
                c.text(texts::staff::FUNNEL_SUBMITTED).to_owned(),
                submitted,
                None,
            ),
            (
                c.text(texts::staff::FUNNEL_ELIGIBLE).to_owned(),
                submitted - rejected,
                None,
            ),
        ];
        for (i, stage) in setup.stages.iter().enumerate() {
            let going_on = competition
                .decisions_in(i)
                .filter(|(_, o)| matches!(o, Outcome::Shortlisted | Outcome::Funded { .. }))
                .count();
            funnel.push((
                format!(
                    "{}: {}",
                    stage.title,
                    c.text(texts::staff::FUNNEL_ON_OR_FUNDED)
                ),
                going_on,
                None,
            ));
        }
        let mut progress = Vec::new();
        if let Some(jury) = views.juries.get(&id) {
            for (juror_id, juror) in &jury.jurors {
                let assigned: Vec<_> = jury.assigned_to(competition.stage, *juror_id).collect();
                let done = assigned
                    .iter()
                    .filter(|a| {
                        let key = ReviewKey {
                            application: **a,
                            stage: competition.stage,
                            juror: *juror_id,
                        };
                        views
                            .juries
                            .reviews
                            .get(&key)
                            .is_some_and(|r| r.submitted_at.is_some())
                    })
                    .count();
                progress.push((juror.name.clone(), done, Some(assigned.len())));
            }
        }
        let by_id: BTreeMap<_, _> = views
            .applications
            .by_competition
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| views.applications.get(a).map(|v| (*a, &v.state)))
            .collect();
        let money = super::dashboard_money::charts(competition, &by_id, c.lang);
        let counted =
            |map: BTreeMap<String, usize>| map.into_iter().map(|(k, v)| (k, v, None)).collect();
        DashboardPage {
            id: id.to_string(),
            name: setup.name.clone(),
            charts: vec![
                chart(
                    "status",
                    c.text(texts::staff::APPLICATIONS_BY_STATE).to_owned(),
                    counted(by_status),
                ),
                chart(
                    "trichter",
                    c.text(texts::staff::FUNNEL_ACROSS_STAGES).to_owned(),
                    funnel,
                ),
                chart(
                    "land",
                    c.text(texts::staff::BY_COORDINATOR_LAND).to_owned(),
                    counted(by_land),
                ),
                chart(
                    "feld",
                    c.text(texts::staff::BY_TECHNOLOGY_FIELD).to_owned(),
                    counted(by_field),
                ),
                chart(
                    "jury",
                    c.text(texts::staff::REVIEWS_PER_JUROR).to_owned(),
                    progress,
                ),
            ],
            money,
            c,
        }
    };
    page_with_status(StatusCode::OK, &page)
}
