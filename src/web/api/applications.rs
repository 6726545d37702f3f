//! `/api/v1/applications`: applications with their consortium and financing plan. Staff read
//! every one; an applicant those of their consortium; a juror none here (jurors read
//! applications on the jury pages, after declaring that no conflict of interest stands in the
//! way).

use std::collections::BTreeMap;

use actix_web::HttpResponse;
use actix_web::web::{Data, Path, Query};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::caller::Caller;
use super::formal_check::{FormalCheckOut, check_out};
use super::paging::{Page, cursor};
use super::problem::{ApiError, Problem};
use super::{etag_response, snake};
use crate::domain::account::{Role, Scope};
use crate::domain::application::{Application, Status};
use crate::domain::financing::plan::PlanLine;
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::partner::Partner;
use crate::projections::ApplicationView;
use crate::projections::Views;
use crate::texts;
use crate::web::staff::formal_check_page::checklist;
use crate::web::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationOut {
    pub id: Uuid,
    pub competition_id: Option<Uuid>,
    pub title: String,
    pub summary: String,
    /// The technology field's key, e.g. `biotechnology`.
    pub field: Option<String>,
    /// `draft`, `submitted`, `withdrawn` or `formally_rejected`.
    pub state: String,
    /// The stage (from 0) the state is in.
    pub stage: Option<usize>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The federal funding requested, in euro cents: the plan's sum.
    pub requested_cents: i64,
    /// The private co-financing that counts (pledges staff have not refused), in euro cents.
    pub cofinancing_cents: i64,
    /// The Land's money pledged, in euro cents.
    pub land_money_cents: i64,
    /// The coordinator first, then the partners.
    pub consortium: Vec<PartnerOut>,
    pub plan: PlanOut,
    pub pledges: Vec<PledgeOut>,
    /// The formal check of the stage it was submitted to, once submitted.
    pub formal_check: Option<FormalCheckOut>,
    /// The stream's revision: the `ETag`, and what `If-Match` names for a formal check.
    pub revision: u64,
    /// The `$all` position of the application's last change.
    pub position: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerOut {
    pub name: String,
    /// `company`, `sme`, `university`, `research_institute` or `other`.
    pub kind: String,
    /// The Land, e.g. `sachsen`.
    pub land: String,
    pub coordinator: bool,
    /// This partner's figures per budget year, in euro cents.
    pub years: BTreeMap<String, PlanLineOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanLineOut {
    /// Eligible costs (companies) or expenditure (universities, institutes).
    pub costs_cents: i64,
    pub requested_cents: i64,
    /// The partner's own contribution (Eigenanteil).
    pub own_cents: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanOut {
    /// The project's first year and month and its length in months, once given.
    pub start_year: Option<i32>,
    pub start_month: Option<u32>,
    pub months: Option<u32>,
    /// The whole consortium's figures per budget year, in euro cents.
    pub years: BTreeMap<String, PlanLineOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeOut {
    pub organisation: String,
    /// `private` or `land`.
    pub source: String,
    pub total_cents: i64,
    /// Per budget year where the letter names years.
    pub per_year_cents: BTreeMap<String, i64>,
    /// Whether the signed letter is attached.
    pub letter: bool,
    /// `unchecked`, `checked` or `not_accepted`.
    pub review: String,
}

/// A page of applications.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationPage {
    pub items: Vec<ApplicationOut>,
    /// Pass as `after` for the next page, or later for what changed since.
    pub next: u64,
    /// Whether more changes follow `next` now.
    pub more: bool,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationQuery {
    /// Only what changed after this log position (`next` of an earlier page).
    #[param(value_type = Option<u64>)]
    pub after: Option<String>,
    /// At most this many items, 1 to 500; 100 without it.
    #[param(value_type = Option<usize>)]
    pub limit: Option<String>,
    /// Only applications to this competition.
    #[param(value_type = Option<Uuid>)]
    pub competition: Option<String>,
    /// Only applications whose state is in this stage (from 0).
    #[param(value_type = Option<usize>)]
    pub stage: Option<String>,
    /// Only applications in this state: `draft`, `submitted`, `withdrawn`, `formally_rejected`.
    pub state: Option<String>,
}

fn line_out(line: PlanLine) -> PlanLineOut {
    PlanLineOut {
        costs_cents: line.costs.get(),
        requested_cents: line.requested.get(),
        own_cents: line.own.get(),
    }
}

fn years_out(years: impl IntoIterator<Item = (i32, PlanLine)>) -> BTreeMap<String, PlanLineOut> {
    years
        .into_iter()
        .map(|(year, line)| (year.to_string(), line_out(line)))
        .collect()
}

fn state_name(status: &Status) -> String {
    let name = format!("{status:?}");
    snake(name.split(' ').next().unwrap_or_default())
}

fn partner_out(
    partner: &Partner,
    coordinator: bool,
    years: BTreeMap<String, PlanLineOut>,
) -> PartnerOut {
    PartnerOut {
        name: partner.name.clone(),
        kind: snake(&partner.kind.key()),
        land: snake(&partner.land.key()),
        coordinator,
        years,
    }
}

/// The application as the API shows it; `views` gives its competition's checklist.
pub fn application_out(
    id: ApplicationId,
    view: &ApplicationView,
    views: &Views,
    now: DateTime<Utc>,
) -> ApplicationOut {
    let a: &Application = &view.state;
    let points = a
        .competition_id
        .and_then(|k| views.competitions.get(&k))
        .map_or(0, |k| checklist(&k.state).len());
    let plan = &a.plan;
    let mut consortium = Vec::new();
    if let Some(coordinator) = &a.coordinator {
        let years = plan.coordinator.years.iter().map(|(y, l)| (*y, *l));
        consortium.push(partner_out(coordinator, true, years_out(years)));
    }
    for (index, partner) in a.partners.iter().enumerate() {
        let years = plan
            .partners
            .get(index)
            .map(|p| years_out(p.years.iter().map(|(y, l)| (*y, *l))))
            .unwrap_or_default();
        consortium.push(partner_out(partner, false, years));
    }
    let mut totals: BTreeMap<i32, PlanLine> = BTreeMap::new();
    for partner in std::iter::once(&plan.coordinator).chain(plan.partners.iter()) {
        for (year, line) in &partner.years {
            let sum = totals.entry(*year).or_default();
            *sum = sum.plus(*line);
        }
    }
    ApplicationOut {
        id: id.as_uuid(),
        competition_id: a.competition_id.map(|k| k.as_uuid()),
        title: a.title.clone(),
        summary: a.summary.clone(),
        field: a.field.map(|f| snake(&f.key())),
        state: state_name(&a.status),
        stage: a.status.stage(),
        submitted_at: a.submitted_at,
        requested_cents: a.requested.get(),
        cofinancing_cents: a.cofinancing.get(),
        land_money_cents: a.land_money.get(),
        consortium,
        plan: PlanOut {
            start_year: plan.term.map(|t| t.start_year),
            start_month: plan.term.map(|t| t.start_month),
            months: plan.term.map(|t| t.months),
            years: years_out(totals),
        },
        pledges: a
            .pledges
            .iter()
            .map(|p| PledgeOut {
                organisation: p.organisation.clone(),
                source: p.source.key().to_owned(),
                total_cents: p.amount.total().get(),
                per_year_cents: match &p.amount {
                    crate::domain::financing::PledgeAmount::Total(_) => BTreeMap::new(),
                    crate::domain::financing::PledgeAmount::PerYear(years) => years
                        .iter()
                        .map(|(year, cents)| (year.to_string(), cents.get()))
                        .collect(),
                },
                letter: p.letter.is_some(),
                review: snake(
                    format!("{:?}", p.review)
                        .split(' ')
                        .next()
                        .unwrap_or_default(),
                ),
            })
            .collect(),
        formal_check: check_out(a, points, view.revision, now),
        revision: view.revision,
        position: view.position,
    }
}

/// Whether the caller reads this application: staff every one, an applicant their
/// consortium's.
pub fn readable(caller: &Caller, views: &Views, id: ApplicationId) -> bool {
    match caller.role {
        Role::Staff => true,
        Role::Applicant => views.is_member(caller.account, id),
        Role::Juror => false,
    }
}

struct Filters {
    competition: Option<CompetitionId>,
    stage: Option<usize>,
    state: Option<String>,
}

impl Filters {
    fn of(query: &ApplicationQuery) -> Result<Self, ApiError> {
        let bad = |name: &str| ApiError::BadRequest(texts::api::bad_filter(name));
        let given = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let competition = match given(&query.competition) {
            Some(text) => Some(CompetitionId::parse(&text).ok_or_else(|| bad("competition"))?),
            None => None,
        };
        let stage = match given(&query.stage) {
            Some(text) => Some(text.parse().map_err(|_| bad("stage"))?),
            None => None,
        };
        let state = match given(&query.state) {
            Some(text)
                if ["draft", "submitted", "withdrawn", "formally_rejected"]
                    .contains(&text.as_str()) =>
            {
                Some(text)
            }
            Some(_) => return Err(bad("state")),
            None => None,
        };
        Ok(Filters {
            competition,
            stage,
            state,
        })
    }

    fn admit(&self, view: &ApplicationView) -> bool {
        let a = &view.state;
        a.id.is_some()
            && self.competition.is_none_or(|k| a.competition_id == Some(k))
            && self.stage.is_none_or(|s| a.status.stage() == Some(s))
            && self
                .state
                .as_deref()
                .is_none_or(|s| state_name(&a.status) == s)
    }
}

/// The applications the token's account reads, by their last change.
#[utoipa::path(
    get,
    path = "/api/v1/applications",
    tag = "applications",
    params(ApplicationQuery),
    responses(
        (status = 200, description = "A page of applications", body = ApplicationPage),
        (status = 400, description = "A bad cursor, limit or filter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A juror's token, or one without `read`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = ["read"]))
)]
pub async fn list(
    caller: Caller,
    state: Data<AppState>,
    query: Query<ApplicationQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Read)?;
    if caller.role == Role::Juror {
        return Err(ApiError::Forbidden(None));
    }
    let query = query.into_inner();
    let page_cursor = cursor(query.after.as_deref(), query.limit.as_deref())?;
    let filters = Filters::of(&query)?;
    let now = state.clock.now();
    let views = state.models.read();
    let shown = views
        .applications
        .changed_from(page_cursor.from)
        .filter(|(id, view)| filters.admit(view) && readable(&caller, &views, **id));
    let page = Page::of(shown, page_cursor, |(_, view)| view.position);
    let body = ApplicationPage {
        next: page.next,
        more: page.more,
        items: page
            .items
            .into_iter()
            .map(|(id, view)| application_out(*id, view, &views, now))
            .collect(),
    };
    Ok(HttpResponse::Ok().json(body))
}

/// One application with its consortium and financing plan; its `ETag` is the stream's
/// revision.
#[utoipa::path(
    get,
    path = "/api/v1/applications/{id}",
    tag = "applications",
    params(("id" = Uuid, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The application", body = ApplicationOut,
            headers(("ETag" = String, description = "The stream's revision, quoted"))),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or not readable by the token's account", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = ["read"]))
)]
pub async fn show(
    caller: Caller,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Read)?;
    let id = ApplicationId::parse(&id).ok_or(ApiError::NotFound)?;
    let views = state.models.read();
    let view = views
        .applications
        .get(&id)
        .filter(|view| view.state.id.is_some() && readable(&caller, &views, id))
        .ok_or(ApiError::NotFound)?;
    let body = application_out(id, view, &views, state.clock.now());
    Ok(etag_response(view.revision, &body))
}
