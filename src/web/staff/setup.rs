//! `/verwaltung/wettbewerbe/{id}/ausschreibung`: the set-up, editable until publication: name,
//! description, budget, eligibility rules, stages with their dates, and each stage's criteria
//! with weights and pass marks (a blank row adds a criterion, a criterion without a name is
//! dropped). Dates are entered in Berlin time.

use std::collections::{BTreeSet, HashMap};

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::competition::{Competition, CompetitionCommand, Phase};
use crate::domain::ids::CompetitionId;
use crate::domain::land::Land;
use crate::domain::money::Cents;
use crate::domain::setup::{CompetitionSetup, Criterion};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::refusals;
use crate::web::session::flash;
use crate::web::state::AppState;

pub struct CriterionRow {
    pub key: String,
    pub name: String,
    pub description: String,
    pub weight: String,
    pub pass_mark: String,
}

pub struct StageRow {
    pub index: usize,
    pub title: String,
    pub submission_date: String,
    pub submission_time: String,
    pub review_date: String,
    pub review_time: String,
    pub advancing: String,
    pub pass_mark: String,
    pub criteria: Vec<CriterionRow>,
}

pub struct LandBox {
    pub key: String,
    pub name: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "staff/setup.html")]
struct SetupPage {
    c: Chrome,
    id: String,
    values: HashMap<String, String>,
    lands: Vec<LandBox>,
    stages: Vec<StageRow>,
    release_scores: bool,
    problems: Vec<String>,
}

impl SetupPage {
    fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }
}

fn euros(amount: Cents) -> String {
    amount.to_string().trim_end_matches(" €").to_owned()
}

fn local(time: DateTime<Utc>) -> (String, String) {
    let t = time.with_timezone(&Berlin);
    (
        t.format("%Y-%m-%d").to_string(),
        t.format("%H:%M").to_string(),
    )
}

fn points(hundredths: u32) -> String {
    format!("{},{:02}", hundredths / 100, hundredths % 100)
}

/// The form as the set-up fills it.
fn values_of(setup: &CompetitionSetup) -> (HashMap<String, String>, Vec<StageRow>) {
    let mut values = HashMap::new();
    values.insert("name".into(), setup.name.clone());
    values.insert("programme".into(), setup.programme.clone());
    values.insert("description".into(), setup.description.clone());
    values.insert("budget".into(), euros(setup.budget));
    values.insert(
        "max_requested".into(),
        setup.rules.max_requested.map(euros).unwrap_or_default(),
    );
    values.insert("min_partners".into(), setup.rules.min_partners.to_string());
    values.insert("min_smes".into(), setup.rules.min_smes.to_string());
    values.insert(
        "min_cofinancing_percent".into(),
        setup
            .rules
            .min_cofinancing_percent
            .map(|p| p.to_string())
            .unwrap_or_default(),
    );
    let stages = setup
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let (submission_date, submission_time) = local(stage.submission_deadline);
            let (review_date, review_time) = local(stage.review_deadline);
            let mut criteria: Vec<CriterionRow> = stage
                .criteria
                .iter()
                .enumerate()
                .map(|(j, k)| CriterionRow {
                    key: format!("{i}_{j}"),
                    name: k.name.clone(),
                    description: k.description.clone(),
                    weight: k.weight.to_string(),
                    pass_mark: k.pass_mark.map(|p| p.to_string()).unwrap_or_default(),
                })
                .collect();
            criteria.push(CriterionRow {
                key: format!("{i}_{}", stage.criteria.len()),
                name: String::new(),
                description: String::new(),
                weight: String::new(),
                pass_mark: String::new(),
            });
            StageRow {
                index: i,
                title: stage.title.clone(),
                submission_date,
                submission_time,
                review_date,
                review_time,
                advancing: stage.advancing.to_string(),
                pass_mark: stage.overall_pass_mark.map(points).unwrap_or_default(),
                criteria,
            }
        })
        .collect();
    (values, stages)
}

fn drafted(state: &AppState, id: CompetitionId) -> Result<CompetitionSetup, WebError> {
    let views = state.models.read();
    let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
    if competition.phase != Phase::Drafted {
        return Err(WebError::unprocessable(
            "Die Ausschreibung ist veröffentlicht und kann nicht mehr geändert werden.",
            "The set-up is published and can no longer be changed.",
        ));
    }
    competition.setup.clone().ok_or(WebError::NotFound)
}

fn page(
    c: Chrome,
    id: CompetitionId,
    setup: &CompetitionSetup,
    problems: Vec<String>,
) -> SetupPage {
    let (values, stages) = values_of(setup);
    SetupPage {
        id: id.to_string(),
        lands: Land::ALL
            .into_iter()
            .map(|l| LandBox {
                key: l.key(),
                name: l.name().to_owned(),
                checked: setup.rules.lands.contains(&l),
            })
            .collect(),
        release_scores: setup.release_scores,
        values,
        stages,
        problems,
        c,
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let setup = drafted(&state, id)?;
    page_with_status(StatusCode::OK, &page(c, id, &setup, Vec::new()))
}

/// Reads the form over the current set-up; every field that does not parse is a problem.
fn read(
    form: &HashMap<String, String>,
    current: &CompetitionSetup,
    problems: &mut Vec<String>,
) -> CompetitionSetup {
    let field = |name: &str| {
        form.get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut setup = current.clone();
    setup.name = field("name");
    setup.programme = field("programme");
    setup.description = field("description");
    let mut money = |name: &str, label: &str, optional: bool| -> Option<Cents> {
        let text = field(name);
        if text.is_empty() && optional {
            return None;
        }
        match Cents::parse_euros(&text) {
            Ok(cents) => Some(cents),
            Err(reason) => {
                problems.push(format!("{label}: {reason}"));
                None
            }
        }
    };
    if let Some(budget) = money("budget", "Budget", false) {
        setup.budget = budget;
    }
    setup.rules.max_requested = money("max_requested", "Höchstbetrag", true);
    let mut number = |name: &str, label: &str| -> Option<u32> {
        let text = field(name);
        if text.is_empty() {
            return None;
        }
        text.parse()
            .map_err(|_| problems.push(format!("{label}: „{text}“ ist keine ganze Zahl.")))
            .ok()
    };
    setup.rules.min_partners = number("min_partners", "Mindestzahl Partner").unwrap_or(0);
    setup.rules.min_smes = number("min_smes", "Mindestzahl KMU").unwrap_or(0);
    setup.rules.min_cofinancing_percent = number("min_cofinancing_percent", "Kofinanzierung");
    setup.rules.lands = Land::ALL
        .into_iter()
        .filter(|l| form.contains_key(&format!("land_{}", l.key())))
        .collect::<BTreeSet<_>>();
    setup.release_scores = form.contains_key("release_scores");
    for (i, stage) in setup.stages.iter_mut().enumerate() {
        stage.title = field(&format!("title_{i}"));
        let when = |date: &str, time: &str| -> Option<DateTime<Utc>> {
            let d = NaiveDate::parse_from_str(&field(date), "%Y-%m-%d").ok()?;
            let t = NaiveTime::parse_from_str(&field(time), "%H:%M").ok()?;
            Berlin
                .from_local_datetime(&d.and_time(t))
                .earliest()
                .map(|x| x.with_timezone(&Utc))
        };
        match when(
            &format!("submission_date_{i}"),
            &format!("submission_time_{i}"),
        ) {
            Some(t) => stage.submission_deadline = t,
            None => problems.push(format!("Stufe {}: Einreichungsfrist unvollständig.", i + 1)),
        }
        match when(&format!("review_date_{i}"), &format!("review_time_{i}")) {
            Some(t) => stage.review_deadline = t,
            None => problems.push(format!(
                "Stufe {}: Ende der Begutachtung unvollständig.",
                i + 1
            )),
        }
        stage.advancing = field(&format!("advancing_{i}")).parse().unwrap_or(0);
        stage.overall_pass_mark = match field(&format!("pass_mark_{i}")) {
            text if text.is_empty() => None,
            text => match Cents::parse_euros(&text) {
                // Points are written like amounts: "3,00" is 300 hundredths.
                Ok(hundredths) => u32::try_from(hundredths.get()).ok(),
                Err(_) => {
                    problems.push(format!("Stufe {}: „{text}“ ist keine Punktzahl.", i + 1));
                    None
                }
            },
        };
        let mut criteria = Vec::new();
        for j in 0..=stage.criteria.len() {
            let key = format!("{i}_{j}");
            let name = field(&format!("criterion_name_{key}"));
            if name.is_empty() {
                continue;
            }
            criteria.push(Criterion {
                name,
                description: field(&format!("criterion_description_{key}")),
                weight: field(&format!("criterion_weight_{key}"))
                    .parse()
                    .unwrap_or(0),
                scale_min: 0,
                scale_max: 5,
                pass_mark: field(&format!("criterion_pass_{key}")).parse().ok(),
            });
        }
        stage.criteria = criteria;
    }
    setup
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let current = drafted(&state, id)?;
    let mut problems = Vec::new();
    let setup = read(&form, &current, &mut problems);
    problems.extend(setup.problems());
    if problems.is_empty() {
        let command = CompetitionCommand::ChangeSetup {
            setup: setup.clone(),
            now: state.clock.now(),
        };
        match state
            .execute::<Competition>(&stream_of::<Competition>(&id), &state.actor(&user), command)
            .await
        {
            Ok(_) => {
                flash(
                    &session,
                    true,
                    "Die Ausschreibung ist gespeichert.",
                    "The set-up is saved.",
                );
                return Ok(see_other(&format!("/verwaltung/wettbewerbe/{id}")));
            }
            Err(error) => match from_execute(error, refusals::competition) {
                WebError::Unprocessable { de, en } => problems.push(if c.en() { en } else { de }),
                other => return Err(other),
            },
        }
    }
    // The form again, as typed, with every problem listed.
    let mut shown = page(c, id, &setup, problems);
    for (key, value) in &form {
        if key != "csrf" {
            shown.values.insert(key.clone(), value.clone());
        }
    }
    page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &shown)
}
