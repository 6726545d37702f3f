//! Setting up a new competition (`/verwaltung/wettbewerbe/neu`): from a preset or from scratch.

use actix_web::web::Data;
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::competition::{Competition, CompetitionCommand};
use crate::domain::ids::CompetitionId;
use crate::domain::presets::{Preset, blank};
use crate::texts::{self, refusals};
use crate::web::applications::editor::Choice;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::{FieldErrors, check_line};
use crate::web::policy;
use crate::web::state::AppState;

/// The choice on the new-competition form for a set-up built from scratch.
const BLANK: &str = "leer";

#[derive(Template)]
#[template(path = "staff/new_competition.html")]
struct NewPage {
    c: Chrome,
    presets: Vec<Choice>,
    preset: String,
    /// The name as typed, when the form comes back.
    typed_name: String,
    errors: FieldErrors,
}

pub async fn new(c: Chrome) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    page_with_status(
        StatusCode::OK,
        &new_page(c, String::new(), String::new(), FieldErrors::default()),
    )
}

fn new_page(c: Chrome, preset: String, typed_name: String, errors: FieldErrors) -> NewPage {
    let mut presets: Vec<Choice> = Preset::ALL
        .into_iter()
        .map(|p| Choice {
            key: format!("{p:?}").to_lowercase(),
            label: format!("{p:?}"),
        })
        .collect();
    presets.push(Choice {
        key: BLANK.to_owned(),
        label: c.text(texts::staff::NO_PRESET).to_owned(),
    });
    NewPage {
        c,
        presets,
        preset,
        typed_name,
        errors,
    }
}

#[derive(Debug, Deserialize)]
pub struct NewForm {
    pub preset: String,
    #[serde(default)]
    pub name: String,
}

pub async fn create(
    c: Chrome,
    state: Data<AppState>,
    CsrfForm(form): CsrfForm<NewForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let mut errors = FieldErrors::default();
    check_line(&c, "name", form.name.trim(), &mut errors);
    if !errors.is_empty() {
        let page = new_page(c, form.preset, form.name, errors);
        return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let now = state.clock.now();
    let name = form.name.trim();
    let (setup, next) = if form.preset == BLANK {
        let name = if name.is_empty() {
            c.text(texts::staff::NEW_COMPETITION)
        } else {
            name
        };
        (blank(name, now), "/ausschreibung")
    } else {
        let preset = Preset::parse(&form.preset)
            .ok_or_else(|| WebError::bad_request(texts::staff::UNKNOWN_PRESET))?;
        let mut setup = preset.setup(now);
        if !name.is_empty() {
            setup.name = name.to_owned();
        }
        (setup, "")
    };
    let id = CompetitionId::from_uuid(uuid::Uuid::now_v7());
    let command = CompetitionCommand::Draft {
        competition_id: id,
        setup,
        now,
    };
    state
        .execute::<Competition>(&stream_of::<Competition>(&id), &state.actor(&user), command)
        .await
        .map_err(|e| from_execute(e, refusals::competition))?;
    Ok(see_other(&format!("/verwaltung/wettbewerbe/{id}{next}")))
}
