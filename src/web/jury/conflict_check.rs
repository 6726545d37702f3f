//! `/jury/{competition}/unbefangen`: the juror's assigned applications of the current stage that
//! still await a declaration, each named with its consortium, confirmed free of conflict with one
//! form. Every ticked application gets its own recorded confirmation; a conflict is declared, as
//! before, on the application's own page with its reason.

use std::collections::{BTreeSet, HashMap};

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::app::{ExecuteError, stream_of};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::{Jury, JuryCommand, MAX_CONFIRMATIONS_AT_ONCE};
use crate::projections::Views;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::policy::juror_on;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// The form's checkboxes are `antrag_{id}`; the reason of a refusal stands beside this field.
const FIELD: &str = "antraege";

pub struct Row {
    pub id: String,
    pub href: String,
    pub title: String,
    pub coordinator: String,
    pub partners: Vec<String>,
}

#[derive(Template)]
#[template(path = "jury/conflict_check.html")]
struct ConflictCheckPage {
    c: Chrome,
    action: String,
    competition: String,
    stage: String,
    rows: Vec<Row>,
    ticked: BTreeSet<String>,
    max: usize,
    errors: FieldErrors,
}

fn page(
    c: Chrome,
    views: &Views,
    competition_id: CompetitionId,
    ticked: BTreeSet<String>,
    errors: FieldErrors,
) -> Result<ConflictCheckPage, WebError> {
    let (juror, stage) = juror_on(&c, views, competition_id)?;
    let jury = views
        .juries
        .get(&competition_id)
        .ok_or(WebError::Forbidden)?;
    let setup = views
        .competitions
        .get(&competition_id)
        .and_then(|k| k.state.setup.as_ref())
        .ok_or(WebError::NotFound)?;
    let mut rows: Vec<Row> = jury
        .awaiting_declaration(stage, juror)
        .filter_map(|id| views.applications.get(&id).map(|a| (id, &a.state)))
        .map(|(id, a)| Row {
            id: id.to_string(),
            href: format!("/jury/{competition_id}/antraege/{id}"),
            title: a.title.clone(),
            coordinator: a
                .coordinator
                .as_ref()
                .map(|p| format!("{} ({})", p.name, p.land))
                .unwrap_or_default(),
            partners: a
                .partners
                .iter()
                .map(|p| format!("{} ({})", p.name, p.land))
                .collect(),
        })
        .collect();
    rows.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(ConflictCheckPage {
        action: format!("/jury/{competition_id}/unbefangen"),
        competition: setup.name.clone(),
        stage: setup
            .stages
            .get(stage)
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        rows,
        ticked,
        max: MAX_CONFIRMATIONS_AT_ONCE,
        errors,
        c,
    })
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<String>,
) -> Result<HttpResponse, WebError> {
    let competition = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let page = page(
        c,
        &state.models.read(),
        competition,
        BTreeSet::new(),
        FieldErrors::default(),
    )?;
    page_with_status(StatusCode::OK, &page)
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    let competition = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let user = policy::user(&c)?.clone();
    let (juror, _) = juror_on(&c, &state.models.read(), competition)?;
    let ticked: BTreeSet<String> = form
        .keys()
        .filter_map(|k| k.strip_prefix("antrag_"))
        .map(str::to_owned)
        .collect();
    let application_ids: Vec<ApplicationId> = ticked
        .iter()
        .filter_map(|id| ApplicationId::parse(id))
        .collect();
    let count = application_ids.len();
    let command = JuryCommand::ConfirmNoConflicts {
        juror_id: juror,
        application_ids,
        now: state.clock.now(),
    };
    match state
        .execute_retrying::<Jury>(
            &stream_of::<Jury>(&competition),
            &state.actor(&user),
            command,
        )
        .await
    {
        Ok(_) => {
            flash(
                &session,
                Flash::Success,
                texts::jury::no_conflict_confirmed(count),
            );
            Ok(see_other("/jury"))
        }
        Err(ExecuteError::Refused(refusal)) => {
            let (de, en) = refusals::jury(&refusal).into_pair();
            let mut errors = FieldErrors::default();
            errors.add(FIELD, if c.en() { en } else { de });
            let page = page(c, &state.models.read(), competition, ticked, errors)?;
            page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(from_execute(other, refusals::jury)),
    }
}
