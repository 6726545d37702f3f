//! `GET /antraege/{id}/finanzierung`: the financing plan, one form per partner with a grid of
//! budget years × costs, requested and own contribution, and the project's term. Totals are
//! shown after saving; every broken rule stands beside its cell. Forms carry the revision they
//! were made from: a save over someone else's answers 409 with the input kept.

use std::collections::BTreeMap;

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::editor::euros;
use super::pledges::{PledgeForm, PledgeLine, pledge_lines};
use super::{parse_id, parse_revision};
use crate::app::{ExecuteError, stream_of};
use crate::domain::application::{Application, ApplicationCommand, ApplicationError};
use crate::domain::eligibility::cofinancing_needed;
use crate::domain::financing::{
    FundingRate, PartnerPlan, PartnerSlot, PlanColumn, PlanLine, ProjectTerm,
};
use crate::domain::ids::ApplicationId;
use crate::domain::money::Cents;
use crate::domain::partner::Partner;
use crate::projections::Views;
use crate::texts::{self, labels, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy::{self, Access};
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// One input of the grid.
#[derive(Debug, Clone)]
pub struct Cell {
    pub name: String,
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct GridRow {
    pub year: String,
    pub cells: Vec<Cell>,
}

/// One partner's form: its grid and its totals as saved.
#[derive(Debug, Clone)]
pub struct PartnerGrid {
    pub slot: String,
    pub heading: String,
    pub kind: String,
    pub land: String,
    pub rate: String,
    pub rows: Vec<GridRow>,
    pub totals: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct TermForm {
    pub start_month: String,
    pub start_year: String,
    pub months: String,
}

/// A figure of the summary above the plan.
#[derive(Debug, Clone)]
pub struct Figure {
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "applications/financing.html")]
pub struct FinancingPage {
    pub c: Chrome,
    pub id: String,
    pub title: String,
    /// What the consortium may change: the term, each partner's plan, the pledges.
    pub open: super::open_parts::OpenParts,
    pub revision: u64,
    pub has_term: bool,
    pub term: TermForm,
    pub term_errors: FieldErrors,
    pub figures: Vec<Figure>,
    /// The rules the plan breaks that belong to no cell, and those of the pledges.
    pub problems: Vec<String>,
    pub grids: Vec<PartnerGrid>,
    /// Reasons beside cells: a refused input, or a rule the saved figures break.
    pub cell_errors: FieldErrors,
    /// The slot whose form was refused, so that its reasons are announced there.
    pub grid_target: String,
    pub years: Vec<String>,
    pub pledges: Vec<PledgeLine>,
    pub pledge_form: PledgeForm,
    pub pledge_errors: FieldErrors,
    pub pledge_years: Vec<String>,
    pub notice: Option<String>,
}

impl FinancingPage {
    pub fn build(
        c: Chrome,
        views: &Views,
        id: ApplicationId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Self, WebError> {
        let access = policy::application(&c, views, id)?;
        let view = views.applications.get(&id).ok_or(WebError::NotFound)?;
        let application = &view.state;
        let competition = application
            .competition_id
            .and_then(|k| views.competitions.get(&k))
            .map(|k| k.state.clone())
            .unwrap_or_default();
        let open = super::open_parts::OpenParts::of(
            application,
            competition.progress(),
            access == Access::Edit,
            now,
        );
        let rules = competition.setup.as_ref().map(|s| &s.rules);
        let plan = &application.plan;
        let years = plan.shown_years();
        let mut cell_errors = FieldErrors::default();
        let mut problems = Vec::new();
        let failures = rules
            .map(|r| application.ineligibilities(r))
            .unwrap_or_default();
        for failure in &failures {
            let message = c.say(crate::texts::explanations::ineligibility(failure));
            match failure.cell() {
                Some(cell) if !cell.starts_with("pledge-") => cell_errors.add(&cell, message),
                Some(_) => {}
                None if matches!(
                    failure.field(),
                    "term" | "plan" | "requested" | "cofinancing"
                ) =>
                {
                    problems.push(message)
                }
                None => {}
            }
        }
        let grids = plan
            .slots()
            .zip(application.all_partners())
            .map(|((slot, partner_plan), partner)| {
                grid(
                    &c,
                    slot,
                    partner,
                    partner_plan,
                    &years,
                    rules.and_then(|r| r.funding_rates.of(partner.kind)),
                )
            })
            .collect();
        let mut figures = vec![
            figure(&c, texts::financing::REQUESTED, application.requested),
            figure(&c, texts::financing::COSTS, plan.total().costs),
            figure(&c, texts::financing::OWN, plan.total().own),
            figure(&c, texts::financing::COFINANCING, application.cofinancing),
        ];
        if let Some(percent) = rules.and_then(|r| r.min_cofinancing_percent) {
            figures.push(Figure {
                label: c.say(texts::financing::needed(percent)),
                value: labels::money(cofinancing_needed(application.requested, percent), c.lang),
            });
        }
        figures.push(figure(
            &c,
            texts::financing::LAND_MONEY,
            application.land_money,
        ));
        let term = plan.term.map(term_form).unwrap_or_default();
        let pledge_years: Vec<String> = plan
            .term
            .map(|t| t.years())
            .unwrap_or_default()
            .iter()
            .map(i32::to_string)
            .collect();
        Ok(Self {
            id: id.to_string(),
            title: application.title.clone(),
            open,
            revision: view.revision,
            has_term: plan.term.is_some(),
            term,
            term_errors: FieldErrors::default(),
            figures,
            problems,
            grids,
            cell_errors,
            grid_target: String::new(),
            years: years.iter().map(i32::to_string).collect(),
            pledges: pledge_lines(&c, application, &failures),
            pledge_form: PledgeForm::default(),
            pledge_errors: FieldErrors::default(),
            pledge_years,
            notice: None,
            c,
        })
    }

    pub fn load(c: Chrome, state: &AppState, id: ApplicationId) -> Result<Self, WebError> {
        Self::build(c, &state.models.read(), id, state.clock.now())
    }

    pub fn respond(&self, status: StatusCode) -> Result<HttpResponse, WebError> {
        page_with_status(status, self)
    }

    /// Puts the typed values back into the grid of `slot`, as the person sent them.
    fn keep_input(&mut self, slot: &str, typed: &BTreeMap<String, String>) {
        self.grid_target = slot.to_owned();
        for grid in self.grids.iter_mut().filter(|g| g.slot == slot) {
            for cell in grid.rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
                cell.value = typed.get(&cell.name).cloned().unwrap_or_default();
            }
        }
    }
}

fn figure(c: &Chrome, label: texts::Text, amount: Cents) -> Figure {
    Figure {
        label: c.text(label).to_owned(),
        value: labels::money(amount, c.lang),
    }
}

fn term_form(term: ProjectTerm) -> TermForm {
    TermForm {
        start_month: term.start_month.to_string(),
        start_year: term.start_year.to_string(),
        months: term.months.to_string(),
    }
}

fn grid(
    c: &Chrome,
    slot: PartnerSlot,
    partner: &Partner,
    plan: &PartnerPlan,
    years: &[i32],
    rate: Option<FundingRate>,
) -> PartnerGrid {
    let rows = years
        .iter()
        .map(|year| {
            let line = plan.line(*year);
            GridRow {
                year: year.to_string(),
                cells: PlanColumn::ALL
                    .into_iter()
                    .map(|column| Cell {
                        name: slot.field_name(*year, column),
                        value: euros(line.get(column)),
                        label: format!(
                            "{} {year}, {}",
                            c.text(texts::financing::column(column)),
                            partner.name
                        ),
                    })
                    .collect(),
            }
        })
        .collect();
    let total = plan.total();
    PartnerGrid {
        slot: slot.key(),
        heading: match slot {
            PartnerSlot::Coordinator => c.say(texts::financing::coordinator(&partner.name)),
            PartnerSlot::Partner(_) => partner.name.clone(),
        },
        kind: c
            .text(texts::explanations::partner_kind(partner.kind))
            .to_owned(),
        land: partner.land.name().to_owned(),
        rate: rate
            .map(|r| c.say(texts::financing::rate(r)))
            .unwrap_or_else(|| c.text(texts::financing::NO_RATE).to_owned()),
        rows,
        totals: PlanColumn::ALL
            .into_iter()
            .map(|column| labels::money(total.get(column), c.lang))
            .collect(),
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    FinancingPage::load(c, &state, id)?.respond(StatusCode::OK)
}

pub type Fields = BTreeMap<String, String>;

fn field<'a>(form: &'a Fields, name: &str) -> &'a str {
    form.get(name).map(|v| v.trim()).unwrap_or_default()
}

/// `POST /antraege/{id}/finanzierung/laufzeit`: start month, start year, months.
pub async fn term(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<Fields>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let typed = TermForm {
        start_month: field(&form, "start_month").to_owned(),
        start_year: field(&form, "start_year").to_owned(),
        months: field(&form, "months").to_owned(),
    };
    let mut errors = FieldErrors::default();
    let mut number = |name: &str, text: &str| -> Option<i64> {
        let parsed = text.parse::<i64>().ok();
        if parsed.is_none() {
            errors.add(name, c.text(texts::financing::ENTER_NUMBER));
        }
        parsed
    };
    let month = number("start_month", &typed.start_month);
    let year = number("start_year", &typed.start_year);
    let months = number("months", &typed.months);
    let term = match (month, year, months) {
        (Some(month), Some(year), Some(months)) => ProjectTerm::new(
            i32::try_from(year).unwrap_or(i32::MAX),
            u32::try_from(month).unwrap_or(u32::MAX),
            u32::try_from(months).unwrap_or(u32::MAX),
        )
        .map_err(|problem| {
            let name = match problem {
                crate::domain::financing::TermError::Year => "start_year",
                crate::domain::financing::TermError::Month => "start_month",
                crate::domain::financing::TermError::Months => "months",
            };
            errors.add(name, c.text(texts::financing::term_problem(problem)));
        })
        .ok(),
        _ => None,
    };
    let refuse = |c: Chrome, errors: FieldErrors, status: StatusCode, notice: Option<String>| {
        let mut page = FinancingPage::load(c, &state, id)?;
        page.term = typed.clone();
        page.term_errors = errors;
        page.notice = notice;
        page.respond(status)
    };
    let Some(term) = term else {
        return refuse(c, errors, StatusCode::UNPROCESSABLE_ENTITY, None);
    };
    let command = ApplicationCommand::SetProjectTerm {
        term,
        now: state.clock.now(),
    };
    let seen = parse_revision(field(&form, "revision"));
    match execute(&state, &user, id, seen, command).await {
        Ok(()) => {
            flash(&session, Flash::Success, texts::financing::TERM_SAVED);
            Ok(see_other(&format!("/antraege/{id}/finanzierung#laufzeit")))
        }
        Err(ExecuteError::Conflict { .. }) => {
            let notice = c.text(texts::financing::CHANGED_MEANWHILE).to_owned();
            refuse(c, errors, StatusCode::CONFLICT, Some(notice))
        }
        Err(ExecuteError::Refused(refusal)) => {
            errors.add("months", c.say(refusals::application(&refusal)));
            refuse(c, errors, StatusCode::UNPROCESSABLE_ENTITY, None)
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

/// One command on the application at the revision the form was made from.
pub async fn execute(
    state: &AppState,
    user: &crate::web::session::CurrentUser,
    id: ApplicationId,
    seen: Option<u64>,
    command: ApplicationCommand,
) -> Result<(), ExecuteError<ApplicationError>> {
    state
        .execute_at::<Application>(
            &stream_of::<Application>(&id),
            seen,
            &state.actor(user),
            command,
        )
        .await
        .map(|_| ())
}

/// `POST /antraege/{id}/finanzierung/partner/{slot}`: one partner's grid, all its years.
pub async fn partner(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> Result<HttpResponse, WebError> {
    let (id, slot_key) = path.into_inner();
    let id = parse_id(&id)?;
    let slot = PartnerSlot::from_key(&slot_key).ok_or(WebError::NotFound)?;
    let user = policy::user(&c)?.clone();
    let years = {
        let views = state.models.read();
        policy::edit_application(&c, &views, id)?;
        let application = &views.applications.get(&id).ok_or(WebError::NotFound)?.state;
        if application.plan.partner(slot).is_none()
            && !matches!(slot, PartnerSlot::Partner(i) if i < application.partners.len())
        {
            return Err(WebError::NotFound);
        }
        application.plan.shown_years()
    };
    let mut errors = FieldErrors::default();
    let mut plan = PartnerPlan::default();
    for year in &years {
        let mut line = PlanLine::default();
        for column in PlanColumn::ALL {
            let name = slot.field_name(*year, column);
            let text = field(&form, &name);
            let amount = if text.is_empty() {
                Cents::ZERO
            } else {
                match Cents::parse_euros(text) {
                    Ok(amount) => amount,
                    Err(error) => {
                        errors.add(&name, c.say(texts::applicants::not_an_amount(&error, text)));
                        Cents::ZERO
                    }
                }
            };
            match column {
                PlanColumn::Costs => line.costs = amount,
                PlanColumn::Requested => line.requested = amount,
                PlanColumn::Own => line.own = amount,
            }
        }
        plan.years.insert(*year, line);
    }
    let typed: Fields = form
        .iter()
        .filter(|(k, _)| k.starts_with("plan-"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let refuse = |c: Chrome, errors: FieldErrors, status: StatusCode, notice: Option<String>| {
        let mut page = FinancingPage::load(c, &state, id)?;
        page.keep_input(&slot.key(), &typed);
        for (name, messages) in errors.all() {
            for message in messages {
                page.cell_errors.add(name, message.clone());
            }
        }
        page.notice = notice;
        page.respond(status)
    };
    if !errors.is_empty() {
        return refuse(c, errors, StatusCode::UNPROCESSABLE_ENTITY, None);
    }
    let command = ApplicationCommand::ChangePartnerPlan {
        slot,
        plan,
        now: state.clock.now(),
    };
    let seen = parse_revision(field(&form, "revision"));
    match execute(&state, &user, id, seen, command).await {
        Ok(()) => {
            flash(&session, Flash::Success, texts::financing::PLAN_SAVED);
            Ok(see_other(&format!(
                "/antraege/{id}/finanzierung#plan-{}",
                slot.key()
            )))
        }
        Err(ExecuteError::Conflict { .. }) => {
            let notice = c.text(texts::financing::CHANGED_MEANWHILE).to_owned();
            refuse(c, errors, StatusCode::CONFLICT, Some(notice))
        }
        Err(ExecuteError::Refused(refusal)) => {
            let notice = c.say(refusals::application(&refusal));
            refuse(c, errors, StatusCode::UNPROCESSABLE_ENTITY, Some(notice))
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}
