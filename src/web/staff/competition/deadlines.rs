//! The open stage's deadlines: extending the submission deadline, or moving deadlines earlier.

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::web::{Data, Path};
use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Europe::Berlin;
use serde::Deserialize;

use super::{again_or_back, again_or_back_saying, competition_id};
use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::competition::{Competition, CompetitionCommand};
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute};
use crate::web::policy;
use crate::web::state::AppState;

#[derive(Debug, Deserialize)]
pub struct ExtendForm {
    pub date: String,
    pub time: String,
}

/// The new deadline comes as a date and a time in Berlin.
pub async fn extend(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<ExtendForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let to = berlin_time(&form.date, &form.time).ok().flatten();
    let result = match to {
        None => Err(WebError::unprocessable(
            texts::staff::GIVE_NEW_DEADLINE_DATE,
        )),
        Some(to) => {
            let command = CompetitionCommand::ExtendDeadline {
                to,
                now: state.clock.now(),
            };
            state
                .execute::<Competition>(
                    &stream_of::<Competition>(&id),
                    &state.actor(&user),
                    command,
                )
                .await
                .map(|_| ())
                .map_err(|e| from_execute(e, refusals::competition))
        }
    };
    again_or_back(c, &state, &session, id, result)
}

#[derive(Debug, Deserialize)]
pub struct ShortenForm {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub review_date: String,
    #[serde(default)]
    pub review_time: String,
}

/// A date and a time in Berlin: `Ok(None)` when both are empty, `Err` when only one is given or
/// either does not parse.
fn berlin_time(date: &str, time: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, ()> {
    let (date, time) = (date.trim(), time.trim());
    if date.is_empty() && time.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .zip(NaiveTime::parse_from_str(time, "%H:%M").ok())
        .and_then(|(d, t)| Berlin.from_local_datetime(&d.and_time(t)).earliest())
        .map(|t| Some(t.with_timezone(&chrono::Utc)))
        .ok_or(())
}

/// Moving the open stage's submission deadline, its review deadline or both earlier; the
/// consortia of the stage are told of a new submission deadline by e-mail.
pub async fn shorten(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<ShortenForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let submission = berlin_time(&form.date, &form.time);
    let review = berlin_time(&form.review_date, &form.review_time);
    let result = match (submission, review) {
        (Ok(submission), Ok(review)) => {
            let command = CompetitionCommand::ShortenDeadlines {
                submission,
                review,
                now: state.clock.now(),
            };
            state
                .execute::<Competition>(
                    &stream_of::<Competition>(&id),
                    &state.actor(&user),
                    command,
                )
                .await
                .map(|_| ())
                .map_err(|e| from_execute(e, refusals::competition))
        }
        _ => Err(WebError::unprocessable(texts::staff::GIVE_DATE_TIME_EACH)),
    };
    again_or_back_saying(
        c,
        &state,
        &session,
        id,
        result,
        texts::staff::DEADLINE_MOVED_EARLIER,
    )
}
