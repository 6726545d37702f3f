//! `/verwaltung/wettbewerbe/{competition}/antraege/{application}/diskussion[?stufe=N]`: staff
//! read the jurors' discussion of an application (the current stage unless asked for an earlier
//! one) and post in it, as the programme's moderator.

use actix_session::Session;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, http::StatusCode};
use serde::Deserialize;

use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::discussion::{Discussion, DiscussionKey};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::projections::Views;
use crate::texts::discussion as words;
use crate::usecases::discussion_posting::{self, Poster, Posting};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::discussion_view::{DiscussionPage, Place, post_id, refusal_of};
use crate::web::error::{WebError, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StageQuery {
    /// The stage counted from 1; empty: the competition's current stage.
    pub stufe: String,
}

fn ids(path: &(String, String)) -> Result<(CompetitionId, ApplicationId), WebError> {
    Ok((
        CompetitionId::parse(&path.0).ok_or(WebError::NotFound)?,
        ApplicationId::parse(&path.1).ok_or(WebError::NotFound)?,
    ))
}

/// The stage asked for, if it has started.
fn stage(views: &Views, competition: CompetitionId, asked: &str) -> Result<usize, WebError> {
    let current = views
        .competitions
        .get(&competition)
        .ok_or(WebError::NotFound)?
        .state
        .stage;
    match asked.trim() {
        "" => Ok(current),
        text => text
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|s| *s <= current)
            .ok_or(WebError::NotFound),
    }
}

fn place(competition: CompetitionId, application: ApplicationId, stage: usize) -> Place {
    let base = format!("/verwaltung/wettbewerbe/{competition}/antraege/{application}");
    Place {
        competition,
        key: DiscussionKey { application, stage },
        action: format!("{base}/diskussion?stufe={}", stage + 1),
        back: format!("{base}/bewertungen"),
        staff: true,
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
    query: Query<StageQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (competition, application) = ids(&path)?;
    let views = state.models.read();
    let stage = stage(&views, competition, &query.stufe)?;
    DiscussionPage::build(c, &state, &views, place(competition, application, stage))?
        .respond(StatusCode::OK)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PostForm {
    pub post: String,
    pub text: String,
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    query: Query<StageQuery>,
    CsrfForm(form): CsrfForm<PostForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let (competition, application) = ids(&path)?;
    let stage = {
        let views = state.models.read();
        let stage = stage(&views, competition, &query.stufe)?;
        // The application must be the competition's before anything is posted.
        drop(DiscussionPage::build(
            c.clone(),
            &state,
            &views,
            place(competition, application, stage),
        )?);
        stage
    };
    let key = DiscussionKey { application, stage };
    let posting = Posting {
        competition,
        key,
        poster: Poster::Staff {
            account: user.id,
            name: user.name.clone(),
        },
        post: post_id(&form.post),
        text: form.text.clone(),
        now: state.clock.now(),
    };
    let posted = discussion_posting::post(state.usecases(), &state.actor(&user), posting).await;
    match state.settled(&stream_of::<Discussion>(&key), posted).await {
        Ok(_) => {
            flash(&session, Flash::Success, words::POSTED);
            Ok(see_other(&format!(
                "/verwaltung/wettbewerbe/{competition}/antraege/{application}/diskussion?stufe={}",
                stage + 1
            )))
        }
        Err(error) => refusal_of(error, |why| {
            let views = state.models.read();
            Ok(DiscussionPage::build(
                c.clone(),
                &state,
                &views,
                place(competition, application, stage),
            )?
            .refused(&form.post, &form.text, why))
        }),
    }
}
