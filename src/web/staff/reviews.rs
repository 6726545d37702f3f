//! `/verwaltung/wettbewerbe/{k}/antraege/{a}/bewertungen`: every juror's review of one
//! application, stage by stage: its state, when it was submitted and last changed, and the
//! scores with the comment per criterion. A submitted review is final for its juror; here staff
//! reopen one for revision, with a reason that is recorded and sent to the juror.

use std::collections::HashMap;

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{ExecuteError, Seen, stream_of};
use crate::domain::account::Role;
use crate::domain::ids::{ApplicationId, CompetitionId, JurorId};
use crate::domain::review::{Review, ReviewKey};
use crate::projections::{Views, written_review};
use crate::texts::{self, labels, refusals};
use crate::time_display::berlin;
use crate::usecases::review_scoring;
use crate::web::applications::parse_revision;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

pub struct ScoreLine {
    pub criterion: String,
    pub score: String,
    pub comment: String,
}

pub struct ReviewCard {
    /// `{stage}-{juror}`: names the reopening form's field and its reason.
    pub anchor: String,
    pub stage: usize,
    pub juror_id: String,
    pub juror: String,
    pub state: String,
    pub submitted: String,
    pub changed: String,
    pub weighted: String,
    /// The juror's confidence with its words; empty until submitted.
    pub confidence: String,
    pub scores: Vec<ScoreLine>,
    pub overall: String,
    pub reopened: Option<(String, String)>,
    pub reopenings: u32,
    pub revision: String,
    pub may_reopen: bool,
    /// The reason typed into a refused reopening.
    pub reason: String,
}

pub struct StageReviews {
    pub title: String,
    pub reviews: Vec<ReviewCard>,
}

#[derive(Template)]
#[template(path = "staff/reviews.html")]
struct ReviewsPage {
    c: Chrome,
    competition_id: String,
    application_id: String,
    competition: String,
    title: String,
    stages: Vec<StageReviews>,
    notice: Option<String>,
    errors: FieldErrors,
}

fn ids(path: &(String, String)) -> Result<(CompetitionId, ApplicationId), WebError> {
    let competition = CompetitionId::parse(&path.0).ok_or(WebError::NotFound)?;
    let application = ApplicationId::parse(&path.1).ok_or(WebError::NotFound)?;
    Ok((competition, application))
}

/// The review's state as staff read it.
fn state_label(c: &Chrome, review: Option<&Review>) -> String {
    match review {
        None => c.text(texts::staff::NOT_STARTED).to_owned(),
        Some(r) if r.submitted_at.is_none() => {
            c.text(texts::staff::DRAFT_NOT_SUBMITTED_YET).to_owned()
        }
        Some(r) if r.reopened.is_some() => {
            c.text(texts::staff::REOPENED_REVISION_PENDING).to_owned()
        }
        Some(_) => c.text(texts::staff::SUBMITTED_FINAL).to_owned(),
    }
}

fn page(
    c: Chrome,
    state: &AppState,
    views: &Views,
    competition_id: CompetitionId,
    application_id: ApplicationId,
    refused: Option<(&ReopenForm, String)>,
) -> Result<ReviewsPage, WebError> {
    let competition = &views
        .competitions
        .get(&competition_id)
        .ok_or(WebError::NotFound)?
        .state;
    let application = &views
        .applications
        .get(&application_id)
        .filter(|a| a.state.competition_id == Some(competition_id))
        .ok_or(WebError::NotFound)?
        .state;
    let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
    let empty = Default::default();
    let jury = views.juries.get(&competition_id).unwrap_or(&empty);
    let now = state.clock.now();
    // What the jurors wrote is read from the reviews' streams: the projection keeps no comment.
    let mut written = HashMap::new();
    for index in 0..setup.stages.len() {
        for juror in jury.jurors_of(index, application_id) {
            let key = ReviewKey {
                application: application_id,
                stage: index,
                juror,
            };
            if let Some(review) =
                written_review(&state.store, key).map_err(|e| from_execute(e, refusals::review))?
            {
                written.insert(key, review);
            }
        }
    }
    let mut errors = FieldErrors::default();
    let stages = setup
        .stages
        .iter()
        .enumerate()
        .filter_map(|(index, stage)| {
            let open = competition.review_open(index, now);
            let reviews: Vec<ReviewCard> = jury
                .jurors_of(index, application_id)
                .map(|juror| {
                    let key = ReviewKey {
                        application: application_id,
                        stage: index,
                        juror,
                    };
                    let view = written.get(&key);
                    let review = view.map(|v| &v.state);
                    // Drafts are the juror's own until submitted.
                    let shown = review.filter(|r| r.submitted_at.is_some());
                    let anchor = format!("{index}-{juror}");
                    let may_reopen = open && shown.is_some_and(|r| r.reopened.is_none());
                    // A refusal goes beside the reason of its row while that form is shown.
                    let reason = match refused {
                        Some((form, ref message))
                            if may_reopen
                                && form.stage == index.to_string()
                                && form.juror == juror.to_string() =>
                        {
                            errors.add(&format!("reason-{anchor}"), message.clone());
                            form.reason.clone()
                        }
                        _ => String::new(),
                    };
                    ReviewCard {
                        stage: index,
                        juror_id: juror.to_string(),
                        juror: jury
                            .jurors
                            .get(&juror)
                            .map(|j| j.name.clone())
                            .unwrap_or_default(),
                        state: state_label(&c, review),
                        submitted: shown
                            .and_then(|r| r.submitted_at)
                            .map(|t| berlin(t, c.lang))
                            .unwrap_or_default(),
                        changed: shown
                            .and_then(|r| r.changed_at)
                            .map(|t| berlin(t, c.lang))
                            .unwrap_or_default(),
                        weighted: shown
                            .and_then(|r| r.weighted)
                            .map(|p| labels::points(p, c.lang))
                            .unwrap_or_default(),
                        confidence: shown
                            .map(|r| {
                                c.say(texts::discussion::confidence_shown(r.scores.confidence))
                            })
                            .unwrap_or_default(),
                        scores: shown
                            .map(|r| {
                                stage
                                    .criteria
                                    .iter()
                                    .zip(&r.scores.criteria)
                                    .map(|(k, s)| ScoreLine {
                                        criterion: k.name.clone(),
                                        score: s.score.map(|v| v.to_string()).unwrap_or_default(),
                                        comment: s.comment.clone(),
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                        overall: shown
                            .map(|r| r.scores.overall_comment.clone())
                            .unwrap_or_default(),
                        reopened: shown
                            .and_then(|r| r.reopened.as_ref())
                            .map(|r| (berlin(r.at, c.lang), r.reason.clone())),
                        reopenings: shown.map(|r| r.reopenings).unwrap_or_default(),
                        revision: view.map(|v| v.revision.to_string()).unwrap_or_default(),
                        may_reopen,
                        reason,
                        anchor,
                    }
                })
                .collect();
            (!reviews.is_empty()).then(|| StageReviews {
                title: stage.title.clone(),
                reviews,
            })
        })
        .collect();
    // A refusal whose row shows no form (the review closed, or was reopened meanwhile) heads
    // the page.
    let notice = refused
        .filter(|_| errors.is_empty())
        .map(|(_, message)| message);
    Ok(ReviewsPage {
        competition_id: competition_id.to_string(),
        application_id: application_id.to_string(),
        competition: setup.name.clone(),
        title: application.title.clone(),
        stages,
        notice,
        errors,
        c,
    })
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (competition, application) = ids(&path)?;
    let page = {
        let views = state.models.read();
        page(c, &state, &views, competition, application, None)?
    };
    page_with_status(StatusCode::OK, &page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReopenForm {
    pub stage: String,
    pub juror: String,
    pub reason: String,
    pub revision: String,
}

/// Reopens one submitted review; a refusal shows the page again with the reason typed in.
pub async fn reopen(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<ReopenForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let (competition_id, application_id) = ids(&path)?;
    let juror = JurorId::parse(&form.juror).ok_or(WebError::NotFound)?;
    let stage: usize = form.stage.trim().parse().map_err(|_| WebError::NotFound)?;
    let key = ReviewKey {
        application: application_id,
        stage,
        juror,
    };
    let name = {
        let views = state.models.read();
        let competition = &views
            .competitions
            .get(&competition_id)
            .ok_or(WebError::NotFound)?
            .state;
        let assigned = views
            .juries
            .get(&competition_id)
            .is_some_and(|j| j.assignments.contains(&(stage, application_id, juror)));
        if !assigned {
            return Err(WebError::NotFound);
        }
        competition
            .setup
            .as_ref()
            .and_then(|s| s.stages.get(stage))
            .ok_or(WebError::NotFound)?;
        views
            .juries
            .get(&competition_id)
            .and_then(|j| j.jurors.get(&juror))
            .map(|j| j.name.clone())
            .unwrap_or_default()
    };
    let again = |message: String, status: StatusCode| -> Result<HttpResponse, WebError> {
        let page = {
            let views = state.models.read();
            page(
                c.clone(),
                &state,
                &views,
                competition_id,
                application_id,
                Some((&form, message)),
            )?
        };
        page_with_status(status, &page)
    };
    let actor = state.actor(&user);
    let stream = stream_of::<Review>(&key);
    let reopened = review_scoring::reopen(
        state.usecases(),
        &actor,
        competition_id,
        key,
        form.reason.clone(),
        Seen::At(parse_revision(&form.revision)),
        state.clock.now(),
    );
    match state.settled(&stream, reopened.await).await {
        Ok(_) => {
            let done = texts::staff::review_reopened(&name);
            flash(&session, Flash::Success, done);
            Ok(see_other(&format!(
                "/verwaltung/wettbewerbe/{competition_id}/antraege/{application_id}/bewertungen"
            )))
        }
        Err(ExecuteError::Conflict { .. }) => again(
            c.text(texts::staff::REVIEW_CHANGED).to_owned(),
            StatusCode::CONFLICT,
        ),
        Err(ExecuteError::Refused(refusal)) => {
            let (de, en) = refusals::review(&refusal).into_pair();
            again(
                if c.en() { en } else { de },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(other) => Err(from_execute(other, refusals::review)),
    }
}
