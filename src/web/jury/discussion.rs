//! `/jury/{competition}/antraege/{application}/diskussion`: the discussion of the application
//! among its jurors and staff. A juror assigned to it and not conflicted reads and posts once
//! their own review of the stage is submitted; before, the page says so (403). A conflicted or
//! unassigned juror is refused like on every page of the application.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use serde::Deserialize;

use super::parse_ids;
use crate::app::stream_of;
use crate::domain::discussion::{
    Discussion, DiscussionError, DiscussionKey, Participant, may_take_part,
};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::review::ReviewKey;
use crate::projections::{Views, written_review};
use crate::texts::{discussion as words, refusals};
use crate::usecases::discussion_posting::{self, Poster, Posting};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::discussion_view::{DiscussionPage, Place, post_id, refusal_of};
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::policy::{self, Seat, juror_seat};
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

fn place(competition: CompetitionId, application: ApplicationId, stage: usize) -> Place {
    let base = format!("/jury/{competition}/antraege/{application}");
    Place {
        competition,
        key: DiscussionKey { application, stage },
        action: format!("{base}/diskussion"),
        back: base,
        staff: false,
    }
}

/// The juror's seat, and whether the thread is open to them now (their own review read from
/// its stream).
fn admitted(
    c: &Chrome,
    state: &AppState,
    views: &Views,
    competition: CompetitionId,
    application: ApplicationId,
) -> Result<(Seat, Result<(), DiscussionError>), WebError> {
    let seat = juror_seat(c, views, competition, application)?;
    let key = ReviewKey {
        application,
        stage: seat.stage,
        juror: seat.juror,
    };
    let own = written_review(&state.store, key).map_err(|e| from_execute(e, refusals::review))?;
    let jury = views.juries.get(&competition).ok_or(WebError::Forbidden)?;
    let participant = Participant::juror(
        jury,
        DiscussionKey {
            application,
            stage: seat.stage,
        },
        seat.juror,
        own.as_ref().map(|r| &r.state),
    );
    Ok((seat, may_take_part(&participant)))
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (competition, application) = parse_ids(&path.0, &path.1)?;
    let views = state.models.read();
    let (seat, open) = admitted(&c, &state, &views, competition, application)?;
    let page = DiscussionPage::build(
        c,
        &state,
        &views,
        place(competition, application, seat.stage),
    )?;
    match open {
        Ok(()) => page.respond(StatusCode::OK),
        Err(why) => page.closed(&why).respond(StatusCode::FORBIDDEN),
    }
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
    CsrfForm(form): CsrfForm<PostForm>,
) -> Result<HttpResponse, WebError> {
    let (competition, application) = parse_ids(&path.0, &path.1)?;
    let user = policy::user(&c)?.clone();
    let seat = {
        let views = state.models.read();
        let (seat, open) = admitted(&c, &state, &views, competition, application)?;
        if open.is_err() {
            return Err(WebError::Forbidden);
        }
        seat
    };
    let key = DiscussionKey {
        application,
        stage: seat.stage,
    };
    let posting = Posting {
        competition,
        key,
        poster: Poster::Juror(seat.juror),
        post: post_id(&form.post),
        text: form.text.clone(),
        now: state.clock.now(),
    };
    let posted = discussion_posting::post(state.usecases(), &state.actor(&user), posting).await;
    match state.settled(&stream_of::<Discussion>(&key), posted).await {
        Ok(_) => {
            flash(&session, Flash::Success, words::POSTED);
            Ok(see_other(&format!(
                "/jury/{competition}/antraege/{application}/diskussion"
            )))
        }
        Err(error) => refusal_of(error, |why| {
            let views = state.models.read();
            Ok(DiscussionPage::build(
                c.clone(),
                &state,
                &views,
                place(competition, application, seat.stage),
            )?
            .refused(&form.post, &form.text, why))
        }),
    }
}
