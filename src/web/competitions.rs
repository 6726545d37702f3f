//! Public pages: published competitions with their stage and deadline, and each competition's
//! rules, criteria, budget and dates.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::chrome::Chrome;
use super::error::{WebError, page_with_status};
use super::state::AppState;
use crate::domain::competition::{Competition, Phase};
use crate::domain::ids::CompetitionId;
use crate::domain::setup::CompetitionSetup;
use crate::domain::steps::{StageState, stage_state, takes_new_applications};
use crate::texts::{self, labels};
use crate::time_display::berlin;

pub struct Summary {
    pub id: String,
    pub name: String,
    pub programme: String,
    pub phase: String,
    pub stage: String,
    pub deadline: String,
    pub accepting: bool,
    /// A consortium may start a new application (the first stage only).
    pub new_applications: bool,
}

#[derive(Template)]
#[template(path = "competitions/list.html")]
struct ListPage {
    c: Chrome,
    competitions: Vec<Summary>,
}

pub struct StageLine {
    pub title: String,
    pub kind: String,
    pub submission: String,
    pub review: String,
    pub advancing: u32,
    /// "läuft" or "abgeschlossen" after the title; empty for a stage still to come.
    pub state: String,
    pub pass_mark: String,
    pub criteria: Vec<CriterionLine>,
}

pub struct CriterionLine {
    pub name: String,
    pub description: String,
    pub weight: u32,
    pub scale: String,
    pub pass_mark: String,
}

#[derive(Template)]
#[template(path = "competitions/show.html")]
struct ShowPage {
    c: Chrome,
    id: String,
    summary: Summary,
    description: String,
    budget: String,
    stages: Vec<StageLine>,
    rules: Vec<String>,
    /// A stage's results are out: the page links to them.
    results: bool,
}

pub fn is_public(competition: &Competition) -> bool {
    !matches!(competition.phase, Phase::NotCreated | Phase::Drafted)
}

pub fn summary(
    c: &Chrome,
    id: CompetitionId,
    competition: &Competition,
    now: chrono::DateTime<chrono::Utc>,
) -> Summary {
    let (de, en) = labels::phase(competition.phase).into_pair();
    let setup = competition.setup.as_ref();
    let stage = competition.current_stage();
    let deadline = if competition.opened_any_stage {
        competition.deadline
    } else {
        setup
            .and_then(|s| s.stages.first())
            .map(|s| s.submission_deadline)
    };
    Summary {
        id: id.to_string(),
        name: setup.map(|s| s.name.clone()).unwrap_or_default(),
        programme: setup.map(|s| s.programme.clone()).unwrap_or_default(),
        phase: c.ts(de, en),
        stage: stage.map(|s| s.title.clone()).unwrap_or_default(),
        deadline: deadline.map(|t| berlin(t, c.lang)).unwrap_or_default(),
        accepting: competition.accepts_submissions(now),
        new_applications: takes_new_applications(competition, now),
    }
}

pub async fn list(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    let now = state.clock.now();
    let competitions = {
        let views = state.models.read();
        views
            .competitions
            .iter()
            .filter(|(_, view)| is_public(&view.state))
            .map(|(id, view)| summary(&c, *id, &view.state, now))
            .collect()
    };
    page_with_status(StatusCode::OK, &ListPage { c, competitions })
}

pub async fn show(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let competition = {
        let views = state.models.read();
        views
            .competitions
            .get(&id)
            .map(|v| v.state.clone())
            .filter(|k| is_public(k) || c.is_staff())
    };
    let competition = match competition {
        Some(competition) => competition,
        // Staff see a competition before it is published; nobody else learns it exists.
        None => return Err(WebError::NotFound),
    };
    let setup = competition.setup.clone().ok_or(WebError::NotFound)?;
    let page = ShowPage {
        id: id.to_string(),
        summary: summary(&c, id, &competition, state.clock.now()),
        description: setup.description.clone(),
        budget: labels::money(setup.budget, c.lang),
        stages: stages(&c, &setup, &competition),
        rules: rules(&c, &setup),
        results: super::results::any_released(&competition),
        c,
    };
    page_with_status(StatusCode::OK, &page)
}

fn stages(c: &Chrome, setup: &CompetitionSetup, competition: &Competition) -> Vec<StageLine> {
    setup
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let (de, en) = labels::stage_kind(stage.kind).into_pair();
            StageLine {
                title: stage.title.clone(),
                kind: c.ts(de, en),
                submission: berlin(
                    if i == competition.stage && competition.opened_any_stage {
                        competition.deadline.unwrap_or(stage.submission_deadline)
                    } else {
                        stage.submission_deadline
                    },
                    c.lang,
                ),
                review: berlin(stage.review_deadline, c.lang),
                advancing: stage.advancing,
                state: match stage_state(competition, i) {
                    StageState::Upcoming => String::new(),
                    StageState::Current => c.text(texts::common::STAGE_CURRENT).to_owned(),
                    StageState::Over => c.text(texts::common::STAGE_COMPLETED).to_owned(),
                },
                pass_mark: stage
                    .overall_pass_mark
                    .map(|p| labels::points(p, c.lang))
                    .unwrap_or_default(),
                criteria: stage
                    .criteria
                    .iter()
                    .map(|k| CriterionLine {
                        name: k.name.clone(),
                        description: k.description.clone(),
                        weight: k.weight,
                        scale: format!("{}–{}", k.scale_min, k.scale_max),
                        pass_mark: k.pass_mark.map(|p| p.to_string()).unwrap_or_default(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The eligibility rules as sentences.
pub fn rules(c: &Chrome, setup: &CompetitionSetup) -> Vec<String> {
    let r = &setup.rules;
    let mut lines = Vec::new();
    if r.lands.len() < 16 {
        let lands: Vec<&str> = r.lands.iter().map(|l| l.name()).collect();
        lines.push(format!(
            "{} {}",
            c.text(texts::common::RULE_LANDS),
            lands.join(", ")
        ));
    }
    if r.min_partners > 0 {
        lines.push(c.say(texts::common::min_partners(r.min_partners)));
    }
    if r.min_smes > 0 {
        lines.push(c.say(texts::common::min_smes(r.min_smes)));
    }
    for requirement in &r.required_kinds {
        lines.push(format!(
            "{} {}",
            c.text(texts::common::RULE_KIND),
            requirement.label
        ));
    }
    if let Some(max) = r.max_requested {
        lines.push(format!(
            "{} {}",
            c.text(texts::common::RULE_MAX_REQUESTED),
            labels::money(max, c.lang)
        ));
    }
    if let Some(percent) = r.min_cofinancing_percent {
        lines.push(c.say(texts::common::min_cofinancing(percent)));
    }
    if let Some(fields) = &r.technology_fields {
        let names: Vec<&str> = fields
            .iter()
            .map(|f| c.text(crate::texts::explanations::field(*f)))
            .collect();
        lines.push(format!(
            "{} {}",
            c.text(texts::common::RULE_FIELDS),
            names.join(", ")
        ));
    }
    lines
}
