//! `/jury/{competition}/antraege/{application}`: first the conflict-of-interest gate (who is in
//! the consortium, confirm or declare), then the full content, the documents and the scoring
//! form. Other jurors' reviews appear only once the juror's own review is submitted.

use std::collections::HashMap;

use actix_session::Session;
use actix_web::http::header;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use super::parse_ids;
use crate::app::stream_of;
use crate::domain::confidence::Confidence;
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::{Jury, JuryCommand};
use crate::domain::review::{ReviewKey, may_see_other_reviews, weighted_score};
use crate::projections::{Views, WrittenReview, written_review};
use crate::texts::refusals;
use crate::texts::{self, labels};
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::financing_view::FinancingView;
use crate::web::forms::{FieldErrors, check_text};
use crate::web::policy::{Seat, juror_seat};
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// The service's policy, with frames (the document beside the form) allowed from itself only.
const PAGE_POLICY: &str = "default-src 'self'; frame-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub struct CriterionRow {
    pub index: usize,
    pub name: String,
    pub description: String,
    pub weight: u32,
    /// Each score of the scale with its words ("3 – gut"), as the select offers it.
    pub options: Vec<(u8, String)>,
    pub pass_mark: String,
    pub score: String,
    pub comment: String,
    pub below_pass_mark: bool,
    /// The sections and documents scored against this criterion.
    pub parts: super::by_criterion::Parts,
}

impl CriterionRow {
    /// The name of the criterion's comment field, for its reason when refused.
    pub fn comment_field(&self) -> String {
        format!("comment_{}", self.index)
    }
}

pub struct OtherReview {
    pub number: usize,
    pub weighted: String,
    /// The other juror's confidence with its words; empty for an older review without one.
    pub confidence: String,
    pub scores: Vec<(String, String, String)>,
    pub overall: String,
}

#[derive(Template)]
#[template(path = "jury/application.html")]
pub struct ApplicationPage {
    pub c: Chrome,
    pub base: String,
    /// The stage the form scores; a form from an earlier stage is refused.
    pub stage_index: usize,
    pub confirmed: bool,
    pub title: String,
    pub competition: String,
    pub stage: String,
    pub deadline: String,
    pub summary: String,
    pub field: String,
    pub requested: String,
    pub cofinancing: String,
    pub partners: Vec<String>,
    pub documents: Vec<(String, String)>,
    /// The plan and the letters of intent, once the juror confirmed having no conflict.
    pub financing: Option<FinancingView>,
    pub criteria: Vec<CriterionRow>,
    pub overall: String,
    /// The juror's confidence as the form holds it ("1" to "4", or empty).
    pub confidence: String,
    /// Each confidence with its words, as the radio group offers them.
    pub confidence_options: Vec<(u8, String)>,
    pub revision: String,
    /// Submitted at least once: the other jurors' reviews are visible.
    pub submitted: bool,
    /// When the version that counts was submitted.
    pub submitted_on: String,
    /// The juror may still change the review: not yet submitted, or reopened by staff.
    pub editable: bool,
    /// Staff reopened the submitted review: when, and why.
    pub reopened: Option<(String, String)>,
    pub open: bool,
    pub weighted: String,
    pub pass_mark: String,
    pub below_overall: bool,
    pub others: Vec<OtherReview>,
    /// The fewest characters a criterion's comment needs on submission; 0: none.
    pub min_comment_chars: u32,
    /// The words of the scores, once above the criteria: "0 nicht erfüllt · 1 mangelhaft · …".
    pub scale_legend: String,
    pub notice: Option<String>,
    pub errors: FieldErrors,
    /// The sections and documents scored against no criterion.
    pub other_parts: super::by_criterion::Parts,
    /// Where the documents of the parts are downloaded.
    pub doc_base: String,
}

impl ApplicationPage {
    /// The confidence chosen, with its words, for the review once it is no longer a form.
    pub fn confidence_words(&self) -> String {
        self.confidence_options
            .iter()
            .find(|(value, _)| value.to_string() == self.confidence)
            .map(|(_, words)| words.clone())
            .unwrap_or_default()
    }

    /// The page as saved; `input` (a refused form) replaces the saved scores.
    pub fn build(
        c: Chrome,
        state: &AppState,
        views: &Views,
        competition_id: CompetitionId,
        application_id: ApplicationId,
        seat: Seat,
        input: Option<&HashMap<String, String>>,
    ) -> Result<Self, WebError> {
        let competition = &views
            .competitions
            .get(&competition_id)
            .ok_or(WebError::NotFound)?
            .state;
        let application = &views
            .applications
            .get(&application_id)
            .ok_or(WebError::NotFound)?
            .state;
        let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
        let stage = setup.stages.get(seat.stage).ok_or(WebError::NotFound)?;
        let key = ReviewKey {
            application: application_id,
            stage: seat.stage,
            juror: seat.juror,
        };
        // What the juror wrote is read from the review's stream: the projection keeps no comment.
        let own = written(state, key)?;
        let own = own.as_ref();
        let saved = own
            .map(|r| r.state.form_scores().clone())
            .unwrap_or_default();
        let value = |name: &str, saved: String| match input {
            Some(form) => form.get(name).cloned().unwrap_or_default(),
            None => saved,
        };
        let (mut per_criterion, other_parts) =
            super::by_criterion::by_criterion(stage, application);
        let criteria: Vec<CriterionRow> = stage
            .criteria
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let parts = per_criterion
                    .get_mut(i)
                    .map(std::mem::take)
                    .unwrap_or_default();
                let saved_score = saved
                    .criteria
                    .get(i)
                    .and_then(|s| s.score)
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                let score = value(&format!("score_{i}"), saved_score);
                let below = match (score.parse::<u8>(), k.pass_mark) {
                    (Ok(s), Some(mark)) => s < mark,
                    _ => false,
                };
                CriterionRow {
                    index: i,
                    name: k.name.clone(),
                    description: k.description.clone(),
                    weight: k.weight,
                    options: (k.scale_min..=k.scale_max)
                        .map(|score| {
                            let label = match setup.review.anchor(score) {
                                Some(a) => format!("{score} – {}", c.ts(&a.de, &a.en)),
                                None => score.to_string(),
                            };
                            (score, label)
                        })
                        .collect(),
                    pass_mark: k.pass_mark.map(|p| p.to_string()).unwrap_or_default(),
                    comment: value(
                        &format!("comment_{i}"),
                        saved
                            .criteria
                            .get(i)
                            .map(|s| s.comment.clone())
                            .unwrap_or_default(),
                    ),
                    score,
                    below_pass_mark: below,
                    parts,
                }
            })
            .collect();
        let values: Option<Vec<u8>> = criteria.iter().map(|r| r.score.parse().ok()).collect();
        let total = values.map(|v| weighted_score(&stage.criteria, &v));
        let jury = views.juries.get(&competition_id);
        let others = if may_see_other_reviews(own.map(|r| &r.state), false) {
            other_reviews(state, jury, key, stage, c.lang)?
        } else {
            Vec::new()
        };
        let now = state.clock.now();
        Ok(Self {
            base: format!("/jury/{competition_id}/antraege/{application_id}"),
            stage_index: seat.stage,
            confirmed: seat.confirmed,
            title: application.title.clone(),
            competition: setup.name.clone(),
            stage: stage.title.clone(),
            deadline: berlin(stage.review_deadline, c.lang),
            summary: application.summary.clone(),
            field: application
                .field
                .map(|f| c.text(crate::texts::explanations::field(f)).to_owned())
                .unwrap_or_default(),
            requested: labels::money(application.requested, c.lang),
            cofinancing: labels::money(application.cofinancing, c.lang),
            partners: application
                .all_partners()
                .map(|p| {
                    format!(
                        "{} ({}, {})",
                        p.name,
                        c.text(crate::texts::explanations::partner_kind(p.kind)),
                        p.land
                    )
                })
                .collect(),
            documents: application
                .documents
                .iter()
                .map(|d| (d.sha256.clone(), crate::file_name::clean(&d.file_name)))
                .collect(),
            financing: seat.confirmed.then(|| {
                let base = format!("/jury/{competition_id}/antraege/{application_id}");
                FinancingView::build(
                    &application.plan,
                    &application.pledges,
                    application.all_partners(),
                    &setup.rules,
                    c.lang,
                    |id| format!("{base}/absichtserklaerungen/{id}"),
                )
            }),
            overall: value("overall", saved.overall_comment.clone()),
            confidence: value(
                "confidence",
                saved
                    .confidence
                    .map(|k| k.value().to_string())
                    .unwrap_or_default(),
            ),
            confidence_options: Confidence::ALL
                .iter()
                .map(|k| {
                    let words = c.text(texts::discussion::confidence(*k));
                    (k.value(), format!("{} – {words}", k.value()))
                })
                .collect(),
            revision: own.map(|r| r.revision.to_string()).unwrap_or_default(),
            submitted: own.is_some_and(|r| r.state.submitted_at.is_some()),
            submitted_on: own
                .and_then(|r| r.state.changed_at)
                .map(|t| berlin(t, c.lang))
                .unwrap_or_default(),
            editable: own.is_none_or(|r| r.state.awaits_juror()),
            reopened: own
                .and_then(|r| r.state.reopened.as_ref())
                .map(|r| (berlin(r.at, c.lang), r.reason.clone())),
            open: competition.review_open(seat.stage, now),
            weighted: total.map(|p| labels::points(p, c.lang)).unwrap_or_default(),
            pass_mark: stage
                .overall_pass_mark
                .map(|p| labels::points(p, c.lang))
                .unwrap_or_default(),
            below_overall: matches!((total, stage.overall_pass_mark), (Some(t), Some(m)) if t < m),
            criteria,
            others,
            min_comment_chars: setup.review.min_comment_chars,
            scale_legend: setup
                .review
                .anchors
                .iter()
                .filter(|a| !c.ts(&a.de, &a.en).trim().is_empty())
                .map(|a| format!("{} {}", a.score, c.ts(&a.de, &a.en)))
                .collect::<Vec<_>>()
                .join(" · "),
            notice: None,
            errors: FieldErrors::default(),
            other_parts,
            doc_base: format!("/jury/{competition_id}/antraege/{application_id}/dokumente"),
            c,
        })
    }

    pub fn respond(&self, status: StatusCode) -> Result<HttpResponse, WebError> {
        let mut response = page_with_status(status, self)?;
        // The page frames the application's PDF beside the form: from the service only.
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(PAGE_POLICY),
        );
        Ok(response)
    }
}

/// The review as its juror wrote it, from its stream; `None` for one not written.
fn written(state: &AppState, key: ReviewKey) -> Result<Option<WrittenReview>, WebError> {
    written_review(&state.store, key).map_err(|e| from_execute(e, refusals::review))
}

/// The other jurors' submitted reviews, numbered, without names.
fn other_reviews(
    state: &AppState,
    jury: Option<&Jury>,
    own: ReviewKey,
    stage: &crate::domain::setup::Stage,
    lang: crate::domain::account::Language,
) -> Result<Vec<OtherReview>, WebError> {
    let Some(jury) = jury else {
        return Ok(Vec::new());
    };
    let mut submitted = Vec::new();
    for juror in jury.jurors_of(own.stage, own.application) {
        if juror == own.juror {
            continue;
        }
        if let Some(review) = written(state, ReviewKey { juror, ..own })?
            && review.state.submitted_at.is_some()
        {
            submitted.push(review);
        }
    }
    Ok(submitted
        .into_iter()
        .enumerate()
        .map(|(i, r)| OtherReview {
            number: i + 1,
            weighted: r
                .state
                .weighted
                .map(|p| labels::points(p, lang))
                .unwrap_or_default(),
            confidence: r
                .state
                .scores
                .confidence
                .map(|k| texts::discussion::confidence_shown(Some(k)).into_lang(lang))
                .unwrap_or_default(),
            scores: stage
                .criteria
                .iter()
                .zip(&r.state.scores.criteria)
                .map(|(k, s)| {
                    (
                        k.name.clone(),
                        s.score.map(|v| v.to_string()).unwrap_or_default(),
                        s.comment.clone(),
                    )
                })
                .collect(),
            overall: r.state.scores.overall_comment.clone(),
        })
        .collect())
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (competition, application) = parse_ids(&path.0, &path.1)?;
    let page = {
        let views = state.models.read();
        let seat = juror_seat(&c, &views, competition, application)?;
        ApplicationPage::build(c, &state, &views, competition, application, seat, None)?
    };
    page.respond(StatusCode::OK)
}

pub async fn confirm(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, WebError> {
    let (competition, application) = parse_ids(&path.0, &path.1)?;
    let user = crate::web::policy::user(&c)?.clone();
    let seat = juror_seat(&c, &state.models.read(), competition, application)?;
    let command = JuryCommand::ConfirmNoConflict {
        juror_id: seat.juror,
        application_id: application,
        now: state.clock.now(),
    };
    state
        .execute_retrying::<Jury>(
            &stream_of::<Jury>(&competition),
            &state.actor(&user),
            command,
        )
        .await
        .map_err(|e| from_execute(e, refusals::jury))?;
    Ok(see_other(&format!(
        "/jury/{competition}/antraege/{application}"
    )))
}

#[derive(Debug, Deserialize)]
pub struct DeclareForm {
    #[serde(default)]
    pub reason: String,
}

pub async fn declare(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String)>,
    CsrfForm(form): CsrfForm<DeclareForm>,
) -> Result<HttpResponse, WebError> {
    let (competition, application) = parse_ids(&path.0, &path.1)?;
    let user = crate::web::policy::user(&c)?.clone();
    let seat = juror_seat(&c, &state.models.read(), competition, application)?;
    let mut errors = FieldErrors::default();
    if form.reason.trim().is_empty() {
        errors.add(
            "reason",
            c.text(texts::jury::GIVE_CONFLICT_REASON).to_owned(),
        );
    }
    check_text(&c, "reason", &form.reason, &mut errors);
    if !errors.is_empty() {
        let page = {
            let views = state.models.read();
            let mut page =
                ApplicationPage::build(c, &state, &views, competition, application, seat, None)?;
            page.errors = errors;
            page
        };
        return page.respond(StatusCode::UNPROCESSABLE_ENTITY);
    }
    let command = JuryCommand::DeclareConflict {
        juror_id: seat.juror,
        application_id: application,
        reason: form.reason.trim().to_owned(),
        now: state.clock.now(),
    };
    state
        .execute_retrying::<Jury>(
            &stream_of::<Jury>(&competition),
            &state.actor(&user),
            command,
        )
        .await
        .map_err(|e| from_execute(e, refusals::jury))?;
    flash(&session, Flash::Success, texts::jury::CONFLICT_DECLARED);
    Ok(see_other("/jury"))
}
