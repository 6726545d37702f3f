//! Staff and the consensus reports of the current stage: `…/berichterstattung` lists the
//! applications in review with their jurors, the rapporteur named and the one proposed (spread
//! evenly across the jurors, never a conflicted one); one button names every proposal, a select
//! per application names another. `…/antraege/{application}/konsens` shows a report and closes
//! it: agreed when every other juror agreed, otherwise with the dissent recorded.

use std::collections::HashMap;

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{ExecuteError, Seen, stream_of};
use crate::domain::account::Role;
use crate::domain::consensus::{
    Consensus, ConsensusKey, RapporteurSlot, eligible_jurors, propose_rapporteurs,
};
use crate::domain::ids::{ApplicationId, CompetitionId, JurorId};
use crate::domain::jury::Jury;
use crate::projections::Views;
use crate::texts::consensus as words;
use crate::usecases::consensus_report::{self, Step};
use crate::web::applications::parse_revision;
use crate::web::chrome::Chrome;
use crate::web::consensus_view::{Report, report};
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

pub struct SlotRow {
    pub id: String,
    pub title: String,
    /// Each juror free of conflict: id, name, and whether the select shows them chosen.
    pub jurors: Vec<(String, String, bool)>,
    pub named: String,
    pub proposed: String,
    pub state: String,
    pub closed: bool,
}

#[derive(Template)]
#[template(path = "staff/rapporteurs.html")]
struct RapporteursPage {
    c: Chrome,
    id: String,
    name: String,
    stage: usize,
    rows: Vec<SlotRow>,
    /// How many rapporteurships each juror holds with the proposal taken.
    load: Vec<(String, usize)>,
    open_proposals: usize,
}

/// The current stage's applications in review, each with its slot for the proposal.
fn slots(views: &Views, k: CompetitionId) -> Result<(usize, Vec<RapporteurSlot>), WebError> {
    let competition = &views.competitions.get(&k).ok_or(WebError::NotFound)?.state;
    let stage = competition.stage;
    let no_jury = Jury::default();
    let jury = views.juries.get(&k).unwrap_or(&no_jury);
    let slots = views
        .applications
        .submitted
        .get(&(k, stage))
        .into_iter()
        .flatten()
        .map(|(application, _)| {
            let key = ConsensusKey {
                application: *application,
                stage,
            };
            RapporteurSlot {
                application: *application,
                jurors: eligible_jurors(jury, key).into_iter().collect(),
                named: views
                    .juries
                    .consensus
                    .get(&key)
                    .and_then(|v| v.state.rapporteur),
            }
        })
        .collect();
    Ok((stage, slots))
}

fn juror_name(views: &Views, k: CompetitionId, juror: JurorId) -> String {
    views
        .juries
        .get(&k)
        .and_then(|j| j.jurors.get(&juror))
        .map(|j| j.name.clone())
        .unwrap_or_default()
}

pub async fn rapporteurs(
    c: Chrome,
    state: Data<AppState>,
    path: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let views = state.models.read();
    let name = views
        .competitions
        .get(&k)
        .and_then(|v| v.state.setup.as_ref())
        .map(|s| s.name.clone())
        .ok_or(WebError::NotFound)?;
    let (stage, slots) = slots(&views, k)?;
    let proposal = propose_rapporteurs(&slots);
    // Every juror of the stage's applications, those without a rapporteurship too.
    let mut load: HashMap<JurorId, usize> = slots
        .iter()
        .flat_map(|s| s.jurors.iter().map(|j| (*j, 0)))
        .collect();
    for juror in proposal.values() {
        *load.entry(*juror).or_default() += 1;
    }
    let mut rows: Vec<SlotRow> = slots
        .iter()
        .map(|slot| {
            let key = ConsensusKey {
                application: slot.application,
                stage,
            };
            let consensus = views.juries.consensus.get(&key).map(|v| &v.state);
            let proposed = proposal.get(&slot.application).copied();
            let chosen = slot.named.or(proposed);
            SlotRow {
                id: slot.application.to_string(),
                title: views
                    .applications
                    .get(&slot.application)
                    .map(|v| v.state.title.clone())
                    .unwrap_or_default(),
                jurors: slot
                    .jurors
                    .iter()
                    .map(|j| (j.to_string(), juror_name(&views, k, *j), Some(*j) == chosen))
                    .collect(),
                named: slot
                    .named
                    .map(|j| juror_name(&views, k, j))
                    .unwrap_or_default(),
                proposed: proposed
                    .map(|j| juror_name(&views, k, j))
                    .unwrap_or_default(),
                state: c.text(words::state(consensus)).to_owned(),
                closed: consensus.is_some_and(|s| s.closed.is_some()),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.title.cmp(&b.title));
    let mut load: Vec<(String, usize)> = load
        .into_iter()
        .map(|(j, n)| (juror_name(&views, k, j), n))
        .collect();
    load.sort();
    let open_proposals = slots.iter().filter(|s| s.named.is_none()).count();
    page_with_status(
        StatusCode::OK,
        &RapporteursPage {
            id: k.to_string(),
            name,
            stage: stage + 1,
            rows,
            load,
            open_proposals,
            c,
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct NameForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub application: String,
    #[serde(default)]
    pub juror: String,
}

/// `vorschlag`: every proposal for an application without a rapporteur; `benennen`: one.
pub async fn name(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    CsrfForm(form): CsrfForm<NameForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let k = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let (stage, slots) = slots(&state.models.read(), k)?;
    let wanted: Vec<(ApplicationId, JurorId)> = match form.action.as_str() {
        "vorschlag" => {
            let proposal = propose_rapporteurs(&slots);
            slots
                .iter()
                .filter(|s| s.named.is_none())
                .filter_map(|s| Some((s.application, *proposal.get(&s.application)?)))
                .collect()
        }
        "benennen" => {
            let application = ApplicationId::parse(&form.application).ok_or(WebError::NotFound)?;
            if !slots.iter().any(|s| s.application == application) {
                return Err(WebError::NotFound);
            }
            let Some(juror) = JurorId::parse(&form.juror) else {
                return Err(WebError::unprocessable(words::NO_JUROR_CHOSEN.owned()));
            };
            vec![(application, juror)]
        }
        _ => return Err(WebError::NotFound),
    };
    let actor = state.actor(&user);
    for (application, juror) in &wanted {
        let key = ConsensusKey {
            application: *application,
            stage,
        };
        let named = consensus_report::run(
            state.usecases(),
            &actor,
            k,
            key,
            Step::Name(*juror),
            Seen::Latest,
            state.clock.now(),
        )
        .await;
        state
            .settled(&stream_of::<Consensus>(&key), named)
            .await
            .map_err(|e| from_execute(e, words::refusal))?;
    }
    let done = if form.action == "vorschlag" {
        words::PROPOSAL_TAKEN
    } else {
        words::RAPPORTEUR_NAMED
    };
    flash(&session, Flash::Success, done);
    Ok(see_other(&format!(
        "/verwaltung/wettbewerbe/{k}/berichterstattung"
    )))
}

#[derive(Template)]
#[template(path = "staff/consensus.html")]
struct ClosePage {
    c: Chrome,
    r: Report,
    notice: Option<String>,
}

fn ids(path: &(String, String)) -> Result<(CompetitionId, ApplicationId), WebError> {
    Ok((
        CompetitionId::parse(&path.0).ok_or(WebError::NotFound)?,
        ApplicationId::parse(&path.1).ok_or(WebError::NotFound)?,
    ))
}

/// The application's consensus in the competition's current stage.
fn key_of(views: &Views, k: CompetitionId, a: ApplicationId) -> Result<ConsensusKey, WebError> {
    let stage = views
        .competitions
        .get(&k)
        .ok_or(WebError::NotFound)?
        .state
        .stage;
    Ok(ConsensusKey {
        application: a,
        stage,
    })
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (k, a) = ids(&path)?;
    let views = state.models.read();
    let r = report(&c, &state.store, &views, k, key_of(&views, k, a)?)?;
    page_with_status(StatusCode::OK, &ClosePage { c, r, notice: None })
}

#[derive(Debug, Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    pub revision: String,
}

pub async fn close(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let (k, a) = ids(&path)?;
    let key = {
        let views = state.models.read();
        let key = key_of(&views, k, a)?;
        drop(report(&c, &state.store, &views, k, key)?);
        key
    };
    let again = |notice: String, status: StatusCode| {
        let views = state.models.read();
        let r = report(&c, &state.store, &views, k, key)?;
        page_with_status(
            status,
            &ClosePage {
                c: c.clone(),
                r,
                notice: Some(notice),
            },
        )
    };
    let closed = consensus_report::run(
        state.usecases(),
        &state.actor(&user),
        k,
        key,
        Step::Close,
        Seen::At(parse_revision(&form.revision)),
        state.clock.now(),
    )
    .await;
    match state.settled(&stream_of::<Consensus>(&key), closed).await {
        Ok(_) => {
            flash(&session, Flash::Success, words::CLOSED);
            Ok(see_other(&format!(
                "/verwaltung/wettbewerbe/{k}/antraege/{a}/konsens"
            )))
        }
        Err(ExecuteError::Conflict { .. }) => again(
            c.text(words::CHANGED_MEANWHILE).to_owned(),
            StatusCode::CONFLICT,
        ),
        Err(ExecuteError::Refused(refusal)) => again(
            c.say(words::refusal(&refusal)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(other) => Err(from_execute(other, words::refusal)),
    }
}
