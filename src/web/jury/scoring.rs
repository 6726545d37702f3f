//! `POST /jury/{competition}/antraege/{application}/bewertung`: save the review as a draft, or
//! submit it. A refusal (the review has closed, a score is missing) shows the form again with
//! the juror's input; so does a save from an older page of the same review (409).

use std::collections::HashMap;

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};

use super::application::ApplicationPage;
use super::parse_ids;
use crate::app::{ExecuteError, Seen, stream_of};
use crate::domain::confidence::Confidence;
use crate::domain::review::{CriterionScore, Review, ReviewError, ReviewKey, Scores};
use crate::texts::{self, refusals};
use crate::usecases::review_scoring::{self, Scoring};
use crate::web::applications::parse_revision;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::policy;
use crate::web::policy::juror_seat;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    let (competition_id, application_id) = parse_ids(&path.0, &path.1)?;
    let user = policy::user(&c)?.clone();
    // Who may see the page is policy's; whether this juror may score it now is the review's
    // own rule, on the competition and the jury as they are when the review is written.
    let (seat, criteria) = {
        let views = state.models.read();
        let seat = juror_seat(&c, &views, competition_id, application_id)?;
        if !seat.confirmed {
            return Err(WebError::Forbidden);
        }
        let stage = views
            .competitions
            .get(&competition_id)
            .and_then(|v| v.state.setup.as_ref())
            .and_then(|s| s.stages.get(seat.stage))
            .ok_or(WebError::NotFound)?;
        (seat, stage.criteria.clone())
    };
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let mut garbled = false;
    // A confidence off the scale is not one: refused beside its field.
    let confidence = match field("confidence").trim() {
        "" => Ok(None),
        text => text
            .parse()
            .ok()
            .and_then(Confidence::parse)
            .map(Some)
            .ok_or(()),
    };
    let scores = Scores {
        criteria: (0..criteria.len())
            .map(|i| CriterionScore {
                score: match field(&format!("score_{i}")).trim() {
                    "" => None,
                    text => text.parse().ok().or_else(|| {
                        garbled = true;
                        None
                    }),
                },
                comment: field(&format!("comment_{i}")).trim().to_owned(),
            })
            .collect(),
        overall_comment: field("overall").trim().to_owned(),
        confidence: confidence.unwrap_or_default(),
    };
    let key = ReviewKey {
        application: application_id,
        stage: seat.stage,
        juror: seat.juror,
    };
    let criteria_names: Vec<String> = criteria.iter().map(|k| k.name.clone()).collect();
    let comment_lengths: Vec<usize> = scores
        .criteria
        .iter()
        .map(|s| s.comment.chars().count())
        .collect();
    let submit = field("action") == "submit";
    // `beside`: the fields a refusal concerns, each with its reason.
    let again = |notice: String,
                 status: StatusCode,
                 beside: Vec<(String, String)>|
     -> Result<HttpResponse, WebError> {
        let views = state.models.read();
        let mut page = ApplicationPage::build(
            c.clone(),
            &state,
            &views,
            competition_id,
            application_id,
            seat,
            Some(&form),
        )?;
        // The form stays based on the revision it was made from, so that it still conflicts.
        page.revision = field("revision");
        for (name, reason) in beside {
            page.errors.add(&name, reason);
        }
        page.notice = Some(notice);
        page.respond(status)
    };
    if field("stage") != seat.stage.to_string() {
        return again(
            c.text(texts::jury::FORM_BELONGS_EARLIER_STAGE).to_owned(),
            StatusCode::CONFLICT,
            Vec::new(),
        );
    }
    if garbled {
        return again(
            c.text(texts::jury::SCORE_NOT_NUMBER).to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            Vec::new(),
        );
    }
    if confidence.is_err() {
        let reason = c
            .text(texts::discussion::CONFIDENCE_NOT_ON_SCALE)
            .to_owned();
        return again(
            reason.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("confidence".to_owned(), reason)],
        );
    }
    let scoring = Scoring {
        competition: competition_id,
        key,
        scores,
        submit,
        seen: Seen::At(parse_revision(&field("revision"))),
        now: state.clock.now(),
    };
    let stream = stream_of::<Review>(&scoring.key);
    let scored = review_scoring::score(state.usecases(), &state.actor(&user), scoring).await;
    match state.settled(&stream, scored).await {
        Ok(_) => {
            if submit {
                flash(&session, Flash::Success, texts::jury::REVIEW_SUBMITTED);
            } else {
                flash(&session, Flash::Success, texts::jury::REVIEW_SAVED);
            }
            Ok(see_other(&format!(
                "/jury/{competition_id}/antraege/{application_id}#bewertung"
            )))
        }
        Err(ExecuteError::Conflict { .. }) => again(
            c.text(texts::jury::REVIEW_SAVED_ELSEWHERE).to_owned(),
            StatusCode::CONFLICT,
            Vec::new(),
        ),
        Err(ExecuteError::Refused(refusal)) => {
            let notice = c.say(refusals::review(&refusal));
            let beside = match &refusal {
                ReviewError::NoConfidence => vec![("confidence".to_owned(), notice.clone())],
                ReviewError::BadComment {
                    criterion: None, ..
                } => {
                    vec![("overall".to_owned(), notice.clone())]
                }
                ReviewError::BadComment {
                    criterion: Some(name),
                    ..
                } => criteria_names
                    .iter()
                    .position(|n| n == name)
                    .map(|i| (format!("comment_{i}"), notice.clone()))
                    .into_iter()
                    .collect(),
                ReviewError::Unjustified { min, criteria } => criteria_names
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| criteria.contains(n))
                    .map(|(i, _)| {
                        let given = comment_lengths.get(i).copied().unwrap_or_default();
                        (
                            format!("comment_{i}"),
                            c.say(refusals::comment_too_short(*min, given)),
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            again(notice, StatusCode::UNPROCESSABLE_ENTITY, beside)
        }
        Err(other) => Err(from_execute(other, refusals::review)),
    }
}
