//! `/verwaltung/datenschutz/loeschfristen`: each competition's retention periods, changed by
//! staff, and the report of whose data they will erase and when (`usecases::retention_report`),
//! read before the scheduler acts.

use std::collections::BTreeMap;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use askama::Template;
use serde::Deserialize;

use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::ids::CompetitionId;
use crate::domain::retention::{
    Involvement, MAX_YEARS, RetentionCommand, RetentionPolicy, RetentionRules,
};
use crate::texts::personal_data as words;
use crate::time_display::berlin;
use crate::usecases::retention_report::{CompetitionRetention, competitions, report};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::state::AppState;

const PAGE: &str = "/verwaltung/datenschutz/loeschfristen";
/// The report lists this many; the rest are counted.
const SHOWN: usize = 100;

struct Field {
    id: String,
    name: &'static str,
    label: &'static str,
    value: String,
    error: String,
}

struct CompetitionForm {
    id: String,
    name: String,
    completed: String,
    revision: String,
    fields: Vec<Field>,
}

struct DueLine {
    address: String,
    parts: String,
    due: String,
    now: bool,
}

#[derive(Template)]
#[template(path = "staff/retention.html")]
struct RetentionPage {
    c: Chrome,
    competitions: Vec<CompetitionForm>,
    due: Vec<DueLine>,
    more: usize,
    notice: Option<String>,
}

const FIELDS: [(&str, Involvement); 3] = [
    ("nicht_gefoerdert", Involvement::NotFunded),
    ("gefoerdert", Involvement::Funded),
    ("jury", Involvement::Juror),
];

fn label(c: &Chrome, involvement: Involvement) -> &'static str {
    c.text(match involvement {
        Involvement::NotFunded => words::PERIOD_NOT_FUNDED,
        Involvement::Funded => words::PERIOD_FUNDED,
        Involvement::Juror => words::PERIOD_JURORS,
    })
}

fn part(c: &Chrome, involvement: Involvement) -> &'static str {
    c.text(match involvement {
        Involvement::NotFunded => words::PART_NOT_FUNDED,
        Involvement::Funded => words::PART_FUNDED,
        Involvement::Juror => words::PART_JUROR,
    })
}

/// A form sent back refused: its competition, values as typed and errors by field name.
struct Sent {
    competition: CompetitionId,
    values: BTreeMap<&'static str, String>,
    errors: BTreeMap<&'static str, String>,
}

fn page(
    c: Chrome,
    state: &AppState,
    sent: Option<Sent>,
    notice: Option<String>,
) -> Result<RetentionPage, WebError> {
    let all = competitions(&state.store, &state.models).map_err(WebError::internal)?;
    let now = state.clock.now();
    let forms = all
        .iter()
        .map(|k| form(&c, k, sent.as_ref().filter(|s| s.competition == k.id)))
        .collect();
    let people = report(&all, &state.models);
    let more = people.len().saturating_sub(SHOWN);
    let due = people
        .into_iter()
        .take(SHOWN)
        .map(|p| DueLine {
            address: p.address.as_str().to_owned(),
            parts: p
                .parts
                .iter()
                .map(|(name, i)| format!("{name} ({})", part(&c, *i)))
                .collect::<Vec<_>>()
                .join("; "),
            due: berlin(p.due, c.lang),
            now: p.due <= now,
        })
        .collect();
    Ok(RetentionPage {
        competitions: forms,
        due,
        more,
        notice,
        c,
    })
}

fn form(c: &Chrome, k: &CompetitionRetention, sent: Option<&Sent>) -> CompetitionForm {
    CompetitionForm {
        id: k.id.to_string(),
        name: k.name.clone(),
        completed: k.completed.map(|t| berlin(t, c.lang)).unwrap_or_default(),
        revision: k.revision.map(|r| r.to_string()).unwrap_or_default(),
        fields: FIELDS
            .iter()
            .map(|(name, involvement)| Field {
                id: format!("{name}-{}", k.id),
                name,
                label: label(c, *involvement),
                value: sent
                    .and_then(|s| s.values.get(name).cloned())
                    .unwrap_or_else(|| k.rules.years(*involvement).to_string()),
                error: sent
                    .and_then(|s| s.errors.get(name).cloned())
                    .unwrap_or_default(),
            })
            .collect(),
    }
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let page = page(c, &state, None, None)?;
    page_with_status(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct PeriodsForm {
    #[serde(default)]
    pub revision: String,
    #[serde(default)]
    pub nicht_gefoerdert: String,
    #[serde(default)]
    pub gefoerdert: String,
    #[serde(default)]
    pub jury: String,
}

pub async fn set(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
    CsrfForm(form): CsrfForm<PeriodsForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let competition = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    if !state.models.read().competitions.contains_key(&competition) {
        return Err(WebError::NotFound);
    }
    let typed = [
        ("nicht_gefoerdert", form.nicht_gefoerdert.trim()),
        ("gefoerdert", form.gefoerdert.trim()),
        ("jury", form.jury.trim()),
    ];
    let mut errors = BTreeMap::new();
    let mut years = [0u32; 3];
    for (i, (name, text)) in typed.iter().enumerate() {
        match text.parse::<u32>() {
            Ok(n) if n <= MAX_YEARS => years[i] = n,
            _ => {
                errors.insert(*name, c.text(words::YEARS_REFUSED).to_owned());
            }
        }
    }
    let sent = |errors| Sent {
        competition,
        values: typed.iter().map(|(n, v)| (*n, (*v).to_owned())).collect(),
        errors,
    };
    if !errors.is_empty() {
        let page = page(c, &state, Some(sent(errors)), None)?;
        return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let rules = RetentionRules {
        not_funded_years: years[0],
        funded_years: years[1],
        jurors_years: years[2],
    };
    let seen = form.revision.trim().parse().ok();
    let result = state
        .execute_at::<RetentionPolicy>(
            &stream_of::<RetentionPolicy>(&competition),
            seen,
            &state.actor(&user),
            RetentionCommand::Set {
                rules,
                now: state.clock.now(),
            },
        )
        .await;
    match result {
        Ok(_) => Ok(see_other(PAGE)),
        Err(crate::app::ExecuteError::Conflict { .. }) => {
            let notice = c.text(words::PERIODS_CHANGED).to_owned();
            let page = page(c, &state, Some(sent(BTreeMap::new())), Some(notice))?;
            page_with_status(StatusCode::CONFLICT, &page)
        }
        Err(e) => Err(from_execute(e, |e| crate::texts::Text {
            de: e.to_string(),
            en: e.to_string(),
        })),
    }
}
