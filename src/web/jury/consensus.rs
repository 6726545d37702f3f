//! `/jury/{competition}/antraege/{application}/konsens`: the consensus report of the current
//! stage. The rapporteur drafts it (per criterion a score and a comment for the consortium, the
//! reviews' means beside them, and an overall comment); the other jurors of the application read
//! the draft and agree or object with a reason. Only for a juror free of conflict whose own
//! review is submitted: the consensus is drawn from the individual reviews, which stay sealed
//! until then.

use std::collections::HashMap;

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::parse_ids;
use crate::app::{ExecuteError, Seen, stream_of};
use crate::domain::consensus::{Consensus, ConsensusError, ConsensusKey};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::review::{CriterionScore, ReviewKey};
use crate::event_store::EventStore;
use crate::projections::Views;
use crate::texts::consensus as words;
use crate::usecases::consensus_report::{self, Step};
use crate::web::applications::parse_revision;
use crate::web::chrome::Chrome;
use crate::web::consensus_view::{Report, report};
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy::{Seat, juror_seat};
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "jury/consensus.html")]
struct ConsensusPage {
    c: Chrome,
    base: String,
    r: Report,
    /// The juror is the rapporteur, and the consensus is still open.
    drafting: bool,
    /// The juror answers the draft.
    answering: bool,
    /// The juror's own answer so far.
    own_answer: String,
    scores: Vec<String>,
    comments: Vec<String>,
    overall: String,
    reason: String,
    errors: FieldErrors,
    notice: Option<String>,
}

/// The juror's seat, if they may see the consensus: assigned and free of conflict (else 403),
/// and their own review submitted.
fn seat(
    c: &Chrome,
    views: &Views,
    k: CompetitionId,
    a: ApplicationId,
) -> Result<(Seat, ConsensusKey), WebError> {
    let seat = juror_seat(c, views, k, a)?;
    let submitted = views
        .juries
        .reviews
        .get(&ReviewKey {
            application: a,
            stage: seat.stage,
            juror: seat.juror,
        })
        .is_some_and(|r| r.submitted_at.is_some());
    // A submitted review means the juror has passed the conflict gate (scoring on the web needs
    // it) and formed their own judgement first.
    if !submitted {
        return Err(WebError::Forbidden);
    }
    Ok((
        seat,
        ConsensusKey {
            application: a,
            stage: seat.stage,
        },
    ))
}

fn page(
    c: Chrome,
    store: &EventStore,
    views: &Views,
    k: CompetitionId,
    a: ApplicationId,
    sent: Option<(&HashMap<String, String>, FieldErrors, Option<String>)>,
) -> Result<ConsensusPage, WebError> {
    let (seat, key) = seat(&c, views, k, a)?;
    let r = report(&c, store, views, k, key)?;
    let consensus = views.juries.consensus.get(&key).map(|v| &v.state);
    let rapporteur = r.rapporteur_id == Some(seat.juror);
    let own_answer = consensus
        .and_then(|s| s.answers.get(&seat.juror))
        .map(|a| match a {
            crate::domain::consensus::Answer::Agreed => c.text(words::YOU_AGREED),
            crate::domain::consensus::Answer::Objected(_) => c.text(words::YOU_OBJECTED),
        })
        .unwrap_or_default()
        .to_owned();
    let (scores, comments, overall, reason, errors, notice) = match sent {
        Some((form, errors, notice)) => {
            let field = |name: String| form.get(&name).cloned().unwrap_or_default();
            (
                r.lines.iter().map(|l| field(l.score_field())).collect(),
                r.lines.iter().map(|l| field(l.comment_field())).collect(),
                field("overall".into()),
                field("reason".into()),
                errors,
                notice,
            )
        }
        None => (
            r.lines
                .iter()
                .map(|l| {
                    if l.score.is_empty() {
                        l.proposed.to_string()
                    } else {
                        l.score.clone()
                    }
                })
                .collect(),
            r.lines.iter().map(|l| l.comment.clone()).collect(),
            r.overall.clone(),
            String::new(),
            FieldErrors::default(),
            None,
        ),
    };
    Ok(ConsensusPage {
        base: format!("/jury/{k}/antraege/{a}"),
        drafting: rapporteur && !r.closed,
        answering: !rapporteur && r.drafted && !r.closed,
        own_answer,
        scores,
        comments,
        overall,
        reason,
        errors,
        notice,
        r,
        c,
    })
}

impl ConsensusPage {
    fn score_of(&self, index: &usize) -> &str {
        self.scores.get(*index).map_or("", String::as_str)
    }
    fn comment_of(&self, index: &usize) -> &str {
        self.comments.get(*index).map_or("", String::as_str)
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (k, a) = parse_ids(&path.0, &path.1)?;
    let page = page(c, &state.store, &state.models.read(), k, a, None)?;
    page_with_status(StatusCode::OK, &page)
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    let (k, a) = parse_ids(&path.0, &path.1)?;
    let user = crate::web::policy::user(&c)?.clone();
    let (seat, key, criteria) = {
        let views = state.models.read();
        let (seat, key) = seat(&c, &views, k, a)?;
        let r = report(&c, &state.store, &views, k, key)?;
        (seat, key, r.lines.len())
    };
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let again = |errors: FieldErrors, notice: Option<String>, status: StatusCode| {
        let page = page(
            c.clone(),
            &state.store,
            &state.models.read(),
            k,
            a,
            Some((&form, errors, notice)),
        )?;
        page_with_status(status, &page)
    };
    let (step, done) = match field("action").as_str() {
        "draft" => {
            let mut garbled = false;
            let criteria = (0..criteria)
                .map(|i| CriterionScore {
                    score: match field(&format!("score_{i}")).trim() {
                        "" => None,
                        text => text.parse().ok().or_else(|| {
                            garbled = true;
                            None
                        }),
                    },
                    comment: field(&format!("comment_{i}")),
                })
                .collect();
            if garbled {
                return again(
                    FieldErrors::default(),
                    Some(c.text(words::SCORE_NOT_NUMBER).to_owned()),
                    StatusCode::UNPROCESSABLE_ENTITY,
                );
            }
            (
                Step::Draft {
                    juror: seat.juror,
                    criteria,
                    overall_comment: field("overall"),
                },
                words::DRAFT_SAVED,
            )
        }
        "agree" => (Step::Agree(seat.juror), words::AGREED),
        "object" => (
            Step::Object {
                juror: seat.juror,
                reason: field("reason"),
            },
            words::OBJECTED,
        ),
        _ => return Err(WebError::NotFound),
    };
    let names: Vec<String> = {
        let views = state.models.read();
        report(&c, &state.store, &views, k, key)?
            .lines
            .iter()
            .map(|l| l.name.clone())
            .collect()
    };
    let ran = consensus_report::run(
        state.usecases(),
        &state.actor(&user),
        k,
        key,
        step,
        Seen::At(parse_revision(&field("revision"))),
        state.clock.now(),
    )
    .await;
    match state.settled(&stream_of::<Consensus>(&key), ran).await {
        Ok(_) => {
            flash(&session, Flash::Success, done);
            Ok(see_other(&format!("/jury/{k}/antraege/{a}/konsens")))
        }
        Err(ExecuteError::Conflict { .. }) => again(
            FieldErrors::default(),
            Some(c.text(words::CHANGED_MEANWHILE).to_owned()),
            StatusCode::CONFLICT,
        ),
        Err(ExecuteError::Refused(refusal)) => {
            let reason = c.say(words::refusal(&refusal));
            let mut errors = FieldErrors::default();
            let index_of = |name: &str| names.iter().position(|n| n == name);
            match &refusal {
                ConsensusError::NoOverallComment
                | ConsensusError::BadComment {
                    criterion: None, ..
                } => errors.add("overall", reason.clone()),
                ConsensusError::BadComment {
                    criterion: Some(name),
                    ..
                } => {
                    if let Some(i) = index_of(name) {
                        errors.add(&format!("comment_{i}"), reason.clone());
                    }
                }
                ConsensusError::OutOfScale {
                    criterion: name, ..
                } => {
                    if let Some(i) = index_of(name) {
                        errors.add(&format!("score_{i}"), reason.clone());
                    }
                }
                ConsensusError::Uncommented(missing) => {
                    for i in missing.iter().filter_map(|n| index_of(n)) {
                        errors.add(&format!("comment_{i}"), reason.clone());
                    }
                }
                ConsensusError::Unscored(missing) => {
                    for i in missing.iter().filter_map(|n| index_of(n)) {
                        errors.add(&format!("score_{i}"), reason.clone());
                    }
                }
                ConsensusError::NoReason | ConsensusError::BadReason(_) => {
                    errors.add("reason", reason.clone())
                }
                _ => {}
            }
            again(errors, Some(reason), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(from_execute(other, words::refusal)),
    }
}
