//! The round page (`/verwaltung/wettbewerbe/{id}`): its state, next steps and one stage's list.

use std::collections::BTreeMap;

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::competition_id;
use super::steps::needs_confirmation;
use crate::domain::account::Role;
use crate::domain::application::Status;
use crate::domain::competition::Phase;
use crate::domain::field::TechnologyField;
use crate::domain::formal_check::CheckState;
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::Jury;
use crate::domain::land::Land;
use crate::domain::stage_status::{figures_in, status_in};
use crate::domain::status::Viewer;
use crate::projections::Views;
use crate::texts::{self, labels};
use crate::time_display::berlin;
use crate::web::applications::editor::Choice;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::paging::Pager;
use crate::web::policy;
use crate::web::staff::round_list::{self, ListEntry, ListQuery, Sort};
use crate::web::staff::round_steps::Offered;
use crate::web::staff::stage_links::StageLink;
use crate::web::state::AppState;

pub struct Row {
    pub id: String,
    pub title: String,
    pub coordinator: String,
    pub status: String,
    pub requested: String,
    pub cofinancing: String,
    /// Co-financing as a share of the requested funding.
    pub share: String,
    /// When it was submitted in the stage shown; empty for a draft.
    pub submitted: String,
    /// The formal check is open for it (the domain's rule).
    pub rejectable: bool,
    /// Where its formal check stands, and its key; empty for a draft.
    pub check: String,
    pub check_key: String,
    /// Jurors assigned in the stage shown: (id, name).
    pub jurors: Vec<(String, String)>,
    /// The jurors that can still be assigned to it by hand: not assigned yet, no conflict.
    pub choices: Vec<Choice>,
}

pub struct PreviewLine {
    pub juror: String,
    pub count: usize,
}

#[derive(Template)]
#[template(path = "staff/competition.html")]
pub struct ControlPage {
    pub c: Chrome,
    pub id: String,
    pub name: String,
    pub phase: String,
    pub stage: String,
    pub deadline: String,
    /// (action path, label, leads to a confirmation page first).
    pub actions: Vec<(String, String, bool)>,
    /// Steps that come next but are not possible yet, each with the reason.
    pub not_yet: Vec<String>,
    /// What the round waits for when it has no step of its own.
    pub waiting: Option<String>,
    pub can_extend: bool,
    /// Reminders staff may send now: (recipients key, button label).
    pub reminders: Vec<(String, String)>,
    pub can_assign: bool,
    /// The set-up can still be changed (before publication).
    pub editable: bool,
    /// A draft never published: it can be deleted.
    pub deletable: bool,
    pub rows: Vec<Row>,
    /// Some row listed can be rejected formally: the page has the column for it.
    pub any_rejectable: bool,
    /// Some application of the stage was submitted: the page has the formal check's column
    /// and filter.
    pub any_checked: bool,
    pub check_choices: Vec<Choice>,
    pub preview: Option<Vec<PreviewLine>>,
    pub preview_k: String,
    pub preview_unchanged: usize,
    /// Hand assignments of the current stage whose jurors are not told yet.
    pub unannounced: usize,
    /// Requests for review of the procedure still waiting for an answer.
    pub open_redress: usize,
    pub notice: Option<String>,
    /// The page of the applications shown.
    pub pager: Pager,
    /// The stages whose lists can be shown, and the one shown (from 1).
    pub stage_links: Vec<StageLink>,
    pub shown_stage: usize,
    /// The search and filters as asked, for the form; the list's query string for the forms
    /// that come back to the same place.
    pub list: ListQuery,
    pub list_query: String,
    pub state_choices: Vec<Choice>,
    pub land_choices: Vec<Choice>,
    pub field_choices: Vec<Choice>,
    pub sort_choices: Vec<Choice>,
    /// Applications that match, of all in the stage.
    pub matched: usize,
    pub total: usize,
    pub total_requested: String,
    pub total_cofinancing: String,
    pub total_share: String,
}

/// Applications listed on one page of the round control.
pub const ROWS_PER_PAGE: usize = 100;

impl ControlPage {
    /// The page with the applications of the stage, search, filters, sorting and page the
    /// query asks for (100 to a page).
    pub fn build(
        c: Chrome,
        views: &Views,
        id: CompetitionId,
        list: &ListQuery,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Self, WebError> {
        let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
        let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
        let (de, en) = labels::phase(competition.phase).into_pair();
        // Only a stage that has started has a list; any other number shows the current one.
        let shown = list
            .stage()
            .filter(|s| competition.opened_any_stage && *s <= competition.stage)
            .unwrap_or(competition.stage);
        let current = shown == competition.stage;
        let no_jury = Jury::default();
        let jury = views.juries.get(&id).unwrap_or(&no_jury);
        let entries: Vec<(ListEntry, String, bool, bool)> = views
            .applications.by_competition
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| views.applications.get(a).map(|v| (a, v)))
            .filter_map(|(a, v)| {
                // The standing in the stage, decisions included: an application that did not
                // go on says so, one that went on reads as shortlisted here.
                let state = status_in(&v.state, competition, shown, Viewer::Staff)?;
                let figures = figures_in(&v.state, shown)?;
                let (de, en) = labels::status(state).into_pair();
                let entry = ListEntry {
                    id: *a,
                    title: figures.title.to_owned(),
                    coordinator: figures.coordinator.map(|p| p.name.clone()).unwrap_or_default(),
                    partners: figures.partners.iter().map(|p| p.name.clone()).collect(),
                    state: labels::status_kind(state).into_pair(),
                    land: figures.coordinator.map(|p| p.land),
                    field: figures.field,
                    requested: figures.requested,
                    cofinancing: figures.cofinancing,
                    submitted_at: figures.submitted_at,
                    check: CheckState::of(&v.state, shown, now),
                };
                let rejectable =
                    current && v.state.formally_rejectable(competition.progress()).is_ok();
                let assignable = current
                    && matches!(v.state.status, Status::Submitted { stage } if stage == competition.stage);
                Some((entry, if c.en() { en } else { de }, rejectable, assignable))
            })
            .collect();
        let total = entries.len();
        let all: Vec<ListEntry> = entries.iter().map(|(e, ..)| e.clone()).collect();
        let state_choices = round_list::states(&all)
            .into_iter()
            .map(|(de, en)| Choice {
                key: de.to_owned(),
                label: c.ts(de, en),
            })
            .collect();
        let any_checked = all.iter().any(|e| e.check.is_some());
        let mut extra: BTreeMap<ApplicationId, (String, bool, bool)> = entries
            .into_iter()
            .map(|(e, status, rejectable, assignable)| (e.id, (status, rejectable, assignable)))
            .collect();
        let selected = round_list::select(all, &list.filter());
        let sums = round_list::totals(&selected);
        let pager = Pager::new(&c, selected.len(), ROWS_PER_PAGE, list.page(), |n| {
            format!(
                "/verwaltung/wettbewerbe/{id}?{}#antraege",
                list.on_page(Some(n))
            )
        });
        let matched = selected.len();
        let rows: Vec<Row> = selected
            .into_iter()
            .skip(pager.skip)
            .take(pager.take)
            .map(|e| {
                let (status, rejectable, assignable) = extra.remove(&e.id).unwrap_or_default();
                let jurors = jury
                    .jurors_of(shown, e.id)
                    .map(|j| {
                        let name = jury
                            .jurors
                            .get(&j)
                            .map(|x| x.name.clone())
                            .unwrap_or_default();
                        (j.to_string(), name)
                    })
                    .collect();
                // In review in the current stage, jurors can be assigned to it by hand.
                let choices = jury
                    .jurors
                    .iter()
                    .filter(|(j, _)| assignable && !jury.is_assigned(shown, **j, e.id))
                    .filter(|(j, _)| !jury.is_conflicted(**j, e.id))
                    .map(|(j, x)| Choice {
                        key: j.to_string(),
                        label: format!("{} ({})", x.name, x.organisation),
                    })
                    .collect();
                Row {
                    jurors,
                    choices,
                    id: e.id.to_string(),
                    status,
                    requested: labels::money(e.requested, c.lang),
                    cofinancing: labels::money(e.cofinancing, c.lang),
                    share: round_list::share(e.cofinancing.per_mille_of(e.requested), c.lang),
                    submitted: e
                        .submitted_at
                        .map(|at| berlin(at, c.lang))
                        .unwrap_or_default(),
                    check: e
                        .check
                        .map(|s| c.text(texts::formal_check::state(s)).to_owned())
                        .unwrap_or_default(),
                    check_key: e.check.map(|s| s.key().to_owned()).unwrap_or_default(),
                    title: e.title,
                    coordinator: e.coordinator,
                    rejectable,
                }
            })
            .collect();
        let mut offered = Offered::of(&c, competition, now);
        if competition.phase == Phase::StageClosed {
            let applications = views
                .applications
                .by_competition
                .get(&id)
                .into_iter()
                .flatten()
                .filter_map(|a| views.applications.get(a).map(|v| &v.state));
            let open = crate::domain::formal_check::corrections_open(applications);
            if open > 0 {
                offered
                    .not_yet
                    .push(c.say(texts::formal_check::review_waits_for_corrections(open)));
            }
        }
        let preview_k = list
            .per_application()
            .or_else(|| jury.usual_panel_size(competition.stage))
            .unwrap_or(3);
        let stage_links = StageLink::started(setup, competition, shown);
        Ok(Self {
            id: id.to_string(),
            name: setup.name.clone(),
            phase: c.ts(de, en),
            stage: competition
                .current_stage()
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            deadline: competition
                .deadline
                .map(|t| berlin(t, c.lang))
                .unwrap_or_default(),
            actions: offered
                .actions
                .into_iter()
                .map(|(path, label)| {
                    let confirm = needs_confirmation(&path, competition);
                    (path, label, confirm)
                })
                .collect(),
            not_yet: offered.not_yet,
            waiting: offered.waiting,
            can_extend: offered.can_extend,
            reminders: offered.reminders,
            editable: competition.phase == Phase::Drafted,
            deletable: competition.deletable().is_ok(),
            can_assign: current
                && matches!(competition.phase, Phase::StageClosed | Phase::InReview),
            any_rejectable: rows.iter().any(|r| r.rejectable),
            any_checked,
            check_choices: CheckState::ALL
                .into_iter()
                .map(|s| Choice {
                    key: s.key().to_owned(),
                    label: c.text(texts::formal_check::state(s)).to_owned(),
                })
                .collect(),
            rows,
            preview: None,
            preview_k: preview_k.to_string(),
            preview_unchanged: 0,
            unannounced: jury
                .unannounced_in(competition.stage)
                .values()
                .map(Vec::len)
                .sum(),
            open_redress: crate::web::staff::redress::open_count(views, id),
            notice: None,
            list_query: list.on_page(list.page()),
            stage_links,
            shown_stage: shown + 1,
            land_choices: Land::ALL
                .into_iter()
                .map(|l| Choice {
                    key: l.name().to_owned(),
                    label: l.name().to_owned(),
                })
                .collect(),
            field_choices: TechnologyField::ALL
                .into_iter()
                .map(|f| Choice {
                    key: f.key(),
                    label: c.text(crate::texts::explanations::field(f)).to_owned(),
                })
                .collect(),
            sort_choices: Sort::ALL
                .into_iter()
                .map(|s| Choice {
                    key: s.key().to_owned(),
                    label: c.text(texts::staff::sort(s)).to_owned(),
                })
                .collect(),
            state_choices,
            list: list.clone(),
            matched,
            total,
            total_requested: labels::money(sums.requested, c.lang),
            total_cofinancing: labels::money(sums.cofinancing, c.lang),
            total_share: round_list::share(sums.cofinancing.per_mille_of(sums.requested), c.lang),
            pager,
            c,
        })
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
    query: actix_web::web::Query<ListQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = competition_id(&id)?;
    let page = ControlPage::build(c, &state.models.read(), id, &query, state.clock.now())?;
    page_with_status(StatusCode::OK, &page)
}
