//! `/verwaltung/protokoll/{antrag|wettbewerb}/{id}`: every event of an application and of its
//! reviews, or of a competition and its jury, with who caused it, when, what happened as a
//! sentence and its data as stored behind a disclosure, straight from the log;
//! 200 to a page (`?seite=N`), as a large round's jury writes tens of thousands.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::application::Application;
use crate::domain::competition::Competition;
use crate::domain::consensus::{Consensus, ConsensusKey};
use crate::domain::discussion::{Discussion, DiscussionKey};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::Jury;
use crate::domain::meeting::{JuryMeeting, MeetingKey};
use crate::domain::redress::{Redress, RedressKey};
use crate::domain::review::{Review, ReviewKey};
use crate::event_store::{Direction, ReadError, ReadFrom, RecordedEvent, StreamName};
use crate::texts::audit::sentence;
use crate::time_display::berlin;
use crate::web::applications::status::actor_name;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::paging::{PageQuery, Pager};
use crate::web::policy;
use crate::web::state::AppState;

pub struct Line {
    pub position: u64,
    pub stream: String,
    pub revision: u64,
    pub at: String,
    pub event_type: String,
    pub who: String,
    pub role: String,
    /// What happened, as a sentence in the reader's language.
    pub sentence: String,
    /// The event's data as stored; none for a draft, which stays the juror's own.
    pub data: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditPage {
    c: Chrome,
    title: String,
    lines: Vec<Line>,
    /// How many events, with thousands grouped in the reader's language.
    total: String,
    pager: Pager,
}

/// Events on one page of the audit log.
pub const PAGE_SIZE: usize = 200;

fn events(state: &AppState, stream: &StreamName) -> Result<Vec<RecordedEvent>, WebError> {
    match state
        .store
        .read_stream(stream, Direction::Forwards, ReadFrom::Start, usize::MAX)
    {
        Ok(events) => Ok(events),
        Err(ReadError::StreamNotFound(_)) => Ok(Vec::new()),
        Err(other) => Err(WebError::internal(other)),
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
    query: Query<PageQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (kind, id) = path.into_inner();
    let base = format!("/verwaltung/protokoll/{kind}/{id}");
    let (title, mut recorded) = match kind.as_str() {
        "antrag" => {
            let id = ApplicationId::parse(&id).ok_or(WebError::NotFound)?;
            let title = state
                .models
                .read()
                .applications
                .get(&id)
                .map(|a| a.state.title.clone())
                .ok_or(WebError::NotFound)?;
            let mut all = events(&state, &stream_of::<Application>(&id))?;
            // The jury's reviews of it too: drafts, submissions, revisions and reopenings.
            let reviews: Vec<ReviewKey> = state
                .models
                .read()
                .juries
                .reviews
                .keys()
                .filter(|key| key.application == id)
                .copied()
                .collect();
            for key in reviews {
                all.extend(events(&state, &stream_of::<Review>(&key))?);
            }
            // The consortium's requests for review of the procedure, and their answers.
            let redress: Vec<RedressKey> = state
                .models
                .read()
                .applications
                .redress
                .get(&id)
                .map(|by_stage| {
                    by_stage
                        .keys()
                        .map(|&stage| RedressKey {
                            application: id,
                            stage,
                        })
                        .collect()
                })
                .unwrap_or_default();
            for key in redress {
                all.extend(events(&state, &stream_of::<Redress>(&key))?);
            }
            // The jury's consensus reports on it: rapporteur, drafts, answers, closing.
            let consensus: Vec<ConsensusKey> = state
                .models
                .read()
                .juries
                .consensus
                .keys()
                .filter(|key| key.application == id)
                .copied()
                .collect();
            for key in consensus {
                all.extend(events(&state, &stream_of::<Consensus>(&key))?);
            }
            // The jurors' discussion of it, stage by stage.
            let stages = {
                let views = state.models.read();
                views
                    .applications
                    .get(&id)
                    .and_then(|a| a.state.competition_id)
                    .and_then(|k| views.competitions.get(&k))
                    .map_or(0, |k| k.state.stage + 1)
            };
            for stage in 0..stages {
                let key = DiscussionKey {
                    application: id,
                    stage,
                };
                all.extend(events(&state, &stream_of::<Discussion>(&key))?);
            }
            (title, all)
        }
        "wettbewerb" => {
            let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
            let title = state
                .models
                .read()
                .competitions
                .get(&id)
                .and_then(|k| k.state.setup.as_ref().map(|s| s.name.clone()))
                .ok_or(WebError::NotFound)?;
            let mut all = events(&state, &stream_of::<Competition>(&id))?;
            all.extend(events(&state, &stream_of::<Jury>(&id))?);
            all.extend(events(
                &state,
                &stream_of::<crate::domain::mail_texts::MailTexts>(&id),
            )?);
            // Each stage's jury meeting: attendance, recommendations and votes.
            let stages = state
                .models
                .read()
                .competitions
                .get(&id)
                .and_then(|k| k.state.setup.as_ref().map(|s| s.stages.len()))
                .unwrap_or(0);
            for stage in 0..stages {
                let key = MeetingKey {
                    competition: id,
                    stage,
                };
                all.extend(events(&state, &stream_of::<JuryMeeting>(&key))?);
            }
            (title, all)
        }
        _ => return Err(WebError::NotFound),
    };
    recorded.sort_by_key(|e| e.position);
    let total = recorded.len();
    let shown_total = crate::number_display::count(total, c.lang);
    let pager = Pager::new(&c, total, PAGE_SIZE, query.seite, |n| {
        if n == 1 {
            base.clone()
        } else {
            format!("{base}?seite={n}")
        }
    });
    let lines = {
        let views = state.models.read();
        recorded
            .iter()
            .skip(pager.skip)
            .take(pager.take)
            .map(|e| Line {
                position: e.position.0,
                stream: e.stream.to_string(),
                revision: e.revision,
                at: berlin(e.created, c.lang),
                event_type: e.event_type.clone(),
                who: actor_name(&c, &views, e.metadata["actor"].as_str().unwrap_or("system")),
                role: e.metadata["role"].as_str().unwrap_or_default().to_owned(),
                sentence: sentence(&c, &views, e),
                // A draft is the juror's own until submitted; the log keeps it, the page says
                // only that it was saved.
                data: (e.event_type != "ReviewDraftSaved")
                    .then(|| serde_json::to_string_pretty(&e.data).unwrap_or_default()),
            })
            .collect()
    };
    page_with_status(
        StatusCode::OK,
        &AuditPage {
            c,
            title,
            lines,
            total: shown_total,
            pager,
        },
    )
}
