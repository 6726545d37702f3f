//! `/verwaltung/wettbewerbe/{id}/rangliste[?stufe=N][&gewichtung=konfidenz]`: a stage's ranking
//! (the current one unless asked for an earlier one; each review counting the same unless staff
//! weight by the jurors' confidence, with each review's confidence beside its count) from the submitted reviews: mean per criterion, weighted score, pass marks, disagreement flags, the normalised
//! rank beside the raw one, the recommended cut-off, each juror's leniency; the decisions with
//! the budget used and left; finalising the stage's results. A past stage is read-only.

use std::collections::HashMap;
use std::sync::Arc;

use actix_session::Session;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{ExecuteError, Seen, stream_of};
use crate::domain::account::Language;
use crate::domain::account::Role;
use crate::domain::competition::{Competition, CompetitionError, Outcome, Phase};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::Jury;
use crate::domain::money::Cents;
use crate::domain::ranking::{self, Entry, Weighting};
use crate::domain::readiness;
use crate::domain::stage_status::figures_in;
use crate::projections::Views;
use crate::texts::{self, Text, labels, refusals};
use crate::usecases::award_decision;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::session::{CurrentUser, Flash, flash};
use crate::web::staff::ranking_years::Typed;
use crate::web::staff::recommended::Kept;
use crate::web::staff::round_list::share;
use crate::web::staff::stage_links::StageLink;
use crate::web::state::AppState;

pub struct RankRow {
    pub id: String,
    pub title: String,
    pub rank: usize,
    pub normalised_rank: usize,
    pub reviews: usize,
    /// Each counted review's confidence ("4 · 2 · –"), in the order of the jury.
    pub confidences: String,
    pub means: Vec<String>,
    pub score: String,
    pub passes: bool,
    pub disagreement: bool,
    pub recommended: bool,
    pub requested: String,
    pub cofinancing: String,
    /// Co-financing as a share of the requested funding.
    pub share: String,
    pub decision: String,
    /// The award form's fields per budget year: the year and what the plan requests in it.
    pub award_years: Vec<(i32, String)>,
    pub consensus: super::ranking_consensus::Cell,
}

pub struct JurorRow {
    pub name: String,
    pub reviews: usize,
    pub mean: String,
    pub offset: String,
}

/// Everything the ranking page shows that follows from the log alone, in one language.
pub struct Ranked {
    id: String,
    name: String,
    stage: String,
    /// The shown stage, counted from 1 as people count stages.
    stage_number: usize,
    /// Every stage that has started, the first first.
    stages: Vec<StageLink>,
    /// An earlier stage than the current one: read-only.
    past: bool,
    last_stage: bool,
    deciding: bool,
    criteria: Vec<String>,
    /// Weighted by the jurors' confidence, and what that means.
    by_confidence: bool,
    weighting: String,
    rows: Vec<RankRow>,
    jurors: Vec<JurorRow>,
    budget: String,
    used: String,
    left: String,
    advancing: u32,
    /// The money per budget year; empty when neither budget nor plans have years.
    years: Vec<super::ranking_years::YearRow>,
    /// The reserve list while it is in use (`reserve.rs`).
    reserve: Vec<super::reserve::ReserveRow>,
    /// Sums over the applications ranked, and co-financing as a share of the requested sum.
    total_requested: String,
    total_cofinancing: String,
    total_share: String,
    /// Some application has a closed consensus: the page offers the order by consensus.
    any_consensus: bool,
}

#[derive(Template)]
#[template(path = "staff/ranking.html")]
struct RankingPage {
    c: Chrome,
    d: Arc<Ranked>,
    notice: Option<String>,
    /// An award refused, as typed, with the reasons beside its fields.
    typed: Option<Typed>,
    /// Per application the jury's recommendation at the stage's meeting, if it recorded one.
    recommendations: HashMap<String, String>,
    /// A decision refused or changed in between, as sent.
    kept: Option<Kept>,
    /// Listed by the consensus scores (`?ordnung=konsens`) rather than by the ranking.
    by_consensus: bool,
}

impl RankingPage {
    fn rows(&self) -> Vec<&RankRow> {
        super::ranking_consensus::ordered(&self.d.rows, self.by_consensus && self.d.any_consensus)
    }

    fn typed_for(&self, row: &RankRow) -> Option<&Typed> {
        self.typed.as_ref().filter(|t| t.application == row.id)
    }

    fn amount_value(&self, row: &RankRow) -> String {
        self.typed_for(row)
            .map(|t| t.amount.clone())
            .unwrap_or_default()
    }

    fn year_value(&self, row: &RankRow, year: &i32, prefilled: &str) -> String {
        match self.typed_for(row) {
            Some(t) => t
                .fields
                .get(&format!("year_{year}"))
                .cloned()
                .unwrap_or_default(),
            None => prefilled.to_owned(),
        }
    }

    fn recommendation(&self, row: &RankRow) -> Option<&String> {
        self.recommendations.get(&row.id)
    }

    fn kept_for(&self, row: &RankRow) -> Option<&Kept> {
        self.kept.as_ref().filter(|k| k.application == row.id)
    }

    /// Whether the row's form had `outcome` chosen when it came back.
    fn chosen(&self, row: &RankRow, outcome: &str) -> bool {
        self.kept_for(row).is_some_and(|k| k.outcome == outcome)
    }

    fn place_value(&self, row: &RankRow) -> String {
        self.kept_for(row)
            .map(|k| k.place.clone())
            .unwrap_or_default()
    }

    fn reason_value(&self, row: &RankRow) -> String {
        self.kept_for(row)
            .map(|k| k.reason.clone())
            .unwrap_or_default()
    }

    fn reason_error(&self, row: &RankRow) -> Option<String> {
        self.kept_for(row).and_then(|k| k.reason_error.clone())
    }

    /// Why the field `name` (`amount`, `year_2027`) of the row's form was refused.
    fn error(&self, row: &RankRow, name: &str) -> Option<String> {
        self.typed_for(row)
            .and_then(|t| t.beside.get(name).cloned())
    }
}

/// The applications in review in a stage, with their requested amounts.
fn entries(views: &Views, id: CompetitionId, stage: usize) -> Vec<(ApplicationId, Cents, Entry)> {
    views
        .applications
        .submitted
        .get(&(id, stage))
        .into_iter()
        .flatten()
        .filter_map(|(a, at)| views.applications.get(a).map(|v| (*a, *at, v)))
        .map(|(a, submitted_at, v)| {
            let entry = Entry {
                application: a,
                submitted_at,
            };
            (a, v.state.requested, entry)
        })
        .collect()
}

fn page(
    c: Chrome,
    state: &AppState,
    id: CompetitionId,
    stage: Option<usize>,
    weighting: Weighting,
    notice: Option<String>,
) -> Result<RankingPage, WebError> {
    // The version first, then the projections the ranking is computed from (see
    // `RankingCache::get_or_compute`): staff reload the page far more often than it changes.
    let version = state.models.ranking_version(id);
    let d = state.models.ranking_cache().get_or_compute(
        (id, stage, c.lang, weighting),
        version,
        || compute(&state.models.read(), id, stage, weighting, c.lang),
    )?;
    let shown = d.stage_number - 1;
    let recommendations = super::recommended::per_application(&c, state, id, shown)?;
    Ok(RankingPage {
        c,
        d,
        notice,
        typed: None,
        recommendations,
        kept: None,
        by_consensus: false,
    })
}

fn compute(
    views: &Views,
    id: CompetitionId,
    asked: Option<usize>,
    weighting: Weighting,
    lang: Language,
) -> Result<Ranked, WebError> {
    let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
    let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
    // Only a stage that has started has a ranking; a later one is no page.
    let stage_index = match asked {
        None => competition.stage,
        Some(s) if competition.opened_any_stage && s <= competition.stage => s,
        Some(_) => return Err(WebError::NotFound),
    };
    let current = stage_index == competition.stage;
    let stages = StageLink::started(setup, competition, stage_index);
    let stage = setup
        .stages
        .get(stage_index)
        .ok_or_else(|| WebError::unprocessable(texts::staff::NO_STAGE_NO_RANKING))?;
    let entries = entries(views, id, stage_index);
    let no_jury = Jury::default();
    let jury = views.juries.get(&id).unwrap_or(&no_jury);
    let Ok(reviews) = ranking::submitted_reviews(
        jury,
        stage_index,
        entries.iter().map(|(application, _, _)| *application),
        |key| Ok::<_, std::convert::Infallible>(views.juries.reviews.get(&key)),
    );
    let plain: Vec<Entry> = entries.iter().map(|(_, _, e)| e.clone()).collect();
    let ranking = ranking::rank_weighted(
        &stage.criteria,
        stage.overall_pass_mark,
        &plain,
        &reviews,
        weighting,
    );
    let mut recommended = 0;
    let plan_years = |application: &ApplicationId| {
        views
            .applications
            .get(application)
            .map(|v| v.state.plan.requested_per_year())
            .unwrap_or_default()
    };
    let requested_per_year = crate::domain::budget::add_up(
        ranking
            .applications
            .iter()
            .map(|r| plan_years(&r.application))
            .collect::<Vec<_>>()
            .iter(),
    );
    // The figures the applications had in this stage (a full proposal may change a concept's).
    let figures = |application: &ApplicationId| {
        views
            .applications
            .get(application)
            .and_then(|v| figures_in(&v.state, stage_index))
            .map(|f| (f.requested, f.cofinancing))
            .unwrap_or_default()
    };
    let (total_requested, total_cofinancing) = ranking
        .applications
        .iter()
        .map(|r| figures(&r.application))
        .fold((Cents::ZERO, Cents::ZERO), |(r, k), (a, b)| (r + a, k + b));
    let rows: Vec<RankRow> = ranking
        .applications
        .iter()
        .map(|r| {
            let view = views.applications.get(&r.application);
            let recommend = r.passes && recommended < stage.advancing as usize;
            if recommend {
                recommended += 1;
            }
            let decision = competition
                .decisions
                .get(&(stage_index, r.application))
                .map(|o| match competition.declined.get(&r.application) {
                    // The award was given up: it no longer counts as awarded.
                    Some((amount, _)) if stage_index == competition.stage => {
                        texts::staff::award_declined(*amount).into_lang(lang)
                    }
                    _ => texts::staff::outcome(*o).into_lang(lang),
                })
                .unwrap_or_default();
            RankRow {
                id: r.application.to_string(),
                title: view.map(|v| v.state.title.clone()).unwrap_or_default(),
                rank: r.rank,
                normalised_rank: r.normalised_rank,
                reviews: r.reviews,
                confidences: reviews
                    .iter()
                    .filter(|x| x.application == r.application)
                    .map(|x| {
                        x.confidence
                            .map_or("–".to_owned(), |k| k.value().to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
                means: r
                    .criterion_means
                    .iter()
                    .map(|m| labels::points(*m, lang))
                    .collect(),
                score: r
                    .score
                    .map(|p| labels::points(p, lang))
                    .unwrap_or_else(|| "–".into()),
                passes: r.passes,
                disagreement: r.disagreement,
                recommended: recommend,
                requested: labels::money(figures(&r.application).0, lang),
                cofinancing: labels::money(figures(&r.application).1, lang),
                share: {
                    let (requested, cofinancing) = figures(&r.application);
                    share(cofinancing.per_mille_of(requested), lang)
                },
                decision,
                award_years: super::ranking_years::award_fields(
                    competition,
                    &plan_years(&r.application),
                ),
                consensus: super::ranking_consensus::cell(
                    views,
                    stage_index,
                    r.application,
                    r.score,
                    lang,
                ),
            }
        })
        .collect();
    let jurors = ranking
        .jurors
        .iter()
        .map(|j| JurorRow {
            name: jury
                .jurors
                .get(&j.juror)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            reviews: j.reviews,
            mean: labels::points(j.mean, lang),
            offset: format!(
                "{}{}",
                if j.offset < 0 { "-" } else { "+" },
                labels::points(
                    u32::try_from(j.offset.unsigned_abs()).unwrap_or(u32::MAX),
                    lang
                )
            ),
        })
        .collect();
    let budget = competition.budget();
    let used = competition.awarded();
    let any_consensus = rows.iter().any(|r| r.consensus.weighted.is_some());
    Ok(Ranked {
        any_consensus,
        id: id.to_string(),
        name: setup.name.clone(),
        stage: stage.title.clone(),
        stage_number: stage_index + 1,
        stages,
        past: !current,
        last_stage: stage_index + 1 == setup.stages.len(),
        deciding: current && competition.phase == Phase::InReview,
        criteria: stage.criteria.iter().map(|k| k.name.clone()).collect(),
        by_confidence: weighting == Weighting::Confidence,
        weighting: texts::discussion::weighting(weighting).get(lang).to_owned(),
        rows,
        jurors,
        budget: labels::money(budget, lang),
        used: labels::money(used, lang),
        left: labels::money(budget - used, lang),
        advancing: stage.advancing,
        years: super::ranking_years::table(competition, &requested_per_year, lang),
        reserve: if current {
            super::reserve::rows(views, competition, lang)
        } else {
            Vec::new()
        },
        total_requested: labels::money(total_requested, lang),
        total_cofinancing: labels::money(total_cofinancing, lang),
        total_share: share(total_cofinancing.per_mille_of(total_requested), lang),
    })
}

fn competition_id(text: &str) -> Result<CompetitionId, WebError> {
    CompetitionId::parse(text).ok_or(WebError::NotFound)
}

/// `?stufe=N` picks the N-th stage (from 1); without it the page shows the current stage.
#[derive(Debug, Deserialize)]
pub struct StageQuery {
    pub stufe: Option<String>,
    /// `konsens`: listed by the consensus scores.
    pub ordnung: Option<String>,
    /// `konfidenz` weights each review by its juror's confidence; anything else counts each
    /// review the same.
    pub gewichtung: Option<String>,
}

impl StageQuery {
    pub fn stage(&self) -> Result<Option<usize>, WebError> {
        match self.stufe.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => text
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .map(Some)
                .ok_or(WebError::NotFound),
        }
    }

    fn weighting(&self) -> Weighting {
        match self.gewichtung.as_deref().map(str::trim) {
            Some("konfidenz") => Weighting::Confidence,
            _ => Weighting::Equal,
        }
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
    query: Query<StageQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = competition_id(&id)?;
    let stage = query.stage()?;
    let mut page = page(c, &state, id, stage, query.weighting(), None)?;
    page.by_consensus = query.ordnung.as_deref() == Some("konsens");
    page_with_status(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    pub application: String,
    pub outcome: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub place: String,
    /// Why the decision departs from the jury's recommendation, where it does.
    #[serde(default)]
    pub reason: String,
    /// The award per budget year: `year_2027` and so on.
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

/// An award as typed: the amount (empty: the sum of the years) and the years; refused with
/// the reasons beside the fields, or decided.
async fn award(
    c: &Chrome,
    state: &AppState,
    user: &CurrentUser,
    id: CompetitionId,
    application: ApplicationId,
    form: &DecideForm,
) -> Result<(), Box<(WebError, Typed)>> {
    let mut typed = Typed::new(&form.application, &form.amount, &form.rest);
    let refuse = |reason: Text<String>, typed: Typed| {
        Err(Box::new((WebError::unprocessable(reason), typed)))
    };
    let Ok(years) = typed.years(c.lang) else {
        return refuse(texts::staff::AWARD_YEARS_REFUSED.owned(), typed);
    };
    let amount = match (form.amount.trim(), &years) {
        ("", Some(years)) => years.values().copied().sum(),
        (text, _) => match Cents::parse_euros(text) {
            Ok(amount) => amount,
            Err(error) => {
                let reason = texts::staff::award_not_an_amount(&error, &form.amount);
                typed
                    .beside
                    .insert("amount".to_owned(), reason.clone().into_lang(c.lang));
                return refuse(reason, typed);
            }
        },
    };
    let actor = state.actor(user);
    let now = state.clock.now();
    let decided = award_decision::decide_with_reason(
        state.usecases(),
        &actor,
        id,
        application,
        award_decision::Step::Award { amount, years },
        &form.reason,
        now,
    );
    match state
        .settled(&stream_of::<Competition>(&id), decided.await)
        .await
    {
        Ok(_) => Ok(()),
        Err(ExecuteError::Refused(error)) => {
            let reason = refusals::competition(&error);
            match &error {
                CompetitionError::Departure(_) => {
                    typed
                        .beside
                        .insert("reason".to_owned(), reason.clone().into_lang(c.lang));
                }
                _ => typed.place(&error, &reason, c.lang),
            }
            refuse(reason, typed)
        }
        Err(other) => Err(Box::new((
            from_execute(other, refusals::competition),
            typed,
        ))),
    }
}

pub async fn decide(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let application = ApplicationId::parse(&form.application).ok_or(WebError::NotFound)?;
    {
        let views = state.models.read();
        views.competitions.get(&id).ok_or(WebError::NotFound)?;
        let belongs = views
            .applications
            .get(&application)
            .is_some_and(|v| v.state.competition_id == Some(id));
        if !belongs {
            return Err(WebError::NotFound);
        }
    }
    let mut kept = Kept {
        application: form.application.clone(),
        outcome: form.outcome.clone(),
        place: form.place.clone(),
        reason: form.reason.clone(),
        reason_error: None,
    };
    if form.outcome == "funded" {
        let result = award(&c, &state, &user, id, application, &form).await;
        return match result {
            Ok(()) => back(c, &state, &session, id, Ok(()), None, None),
            Err(refused) => {
                let (error, typed) = *refused;
                kept.reason_error = typed.beside.get("reason").cloned();
                back(c, &state, &session, id, Err(error), Some(typed), Some(kept))
            }
        };
    }
    let outcome = match form.outcome.as_str() {
        "shortlisted" => Ok(Outcome::Shortlisted),
        "not_shortlisted" => Ok(Outcome::NotShortlisted),
        "not_funded" => Ok(Outcome::NotFunded),
        "reserve" => form
            .place
            .trim()
            .parse()
            .map(|rank| Outcome::Reserve { rank })
            .map_err(|_| texts::staff::GIVE_RESERVE_PLACE.owned()),
        _ => return Err(WebError::NotFound),
    };
    let result = match outcome {
        Err(reason) => Err(WebError::unprocessable(reason)),
        Ok(outcome) => {
            let actor = state.actor(&user);
            let now = state.clock.now();
            let decided = award_decision::decide_with_reason(
                state.usecases(),
                &actor,
                id,
                application,
                award_decision::Step::Decide(outcome),
                &form.reason,
                now,
            );
            state
                .settled(&stream_of::<Competition>(&id), decided.await)
                .await
                .map(|_| ())
                .map_err(|e| {
                    if let ExecuteError::Refused(CompetitionError::Departure(d)) = &e {
                        kept.reason_error = Some(c.say(texts::meeting::departure(d)));
                    }
                    from_execute(e, refusals::competition)
                })
        }
    };
    back(c, &state, &session, id, result, None, Some(kept))
}

/// The confirmation page before finalising: what happens to the undecided, and what is missing.
pub async fn confirm_finalise(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = competition_id(&id)?;
    let now = state.clock.now();
    let page = super::confirm::finalise(c, &state.models.read(), id, now)?;
    page_with_status(StatusCode::OK, &page)
}

/// Ends deciding: everything undecided does not go on; then results can be released. Without
/// the confirmation it only shows the confirmation page.
pub async fn finalise(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<super::competition::ConfirmForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let now = state.clock.now();
    if !super::confirm::confirmed(&form.bestaetigt) {
        let page = super::confirm::finalise(c, &state.models.read(), id, now)?;
        return page_with_status(StatusCode::OK, &page);
    }
    let applications = {
        let views = state.models.read();
        views.competitions.get(&id).ok_or(WebError::NotFound)?;
        super::confirm::known_applications(&views, id)
    };
    // Only what was confirmed is finalised: a decision changed since brings the page back.
    let seen = Seen::At(super::confirm::seen_revision(&form.revision));
    let actor = state.actor(&user);
    let finalised = award_decision::finalise(state.usecases(), &actor, id, applications, seen, now);
    let executed = state
        .settled(&stream_of::<Competition>(&id), finalised.await)
        .await;
    if matches!(executed, Err(crate::app::ExecuteError::Conflict { .. })) {
        let notice = super::confirm::changed(&c);
        let mut page = super::confirm::finalise(c, &state.models.read(), id, now)?;
        page.notice = notice;
        return page_with_status(StatusCode::CONFLICT, &page);
    }
    let result = executed.map_err(|e| from_execute(e, refusals::competition));
    match result {
        Ok(executed) => {
            let counts = readiness::outcomes(&executed.state, executed.state.stage);
            flash(
                &session,
                Flash::Success,
                texts::confirmations::finalised(&counts),
            );
            Ok(see_other(&format!(
                "/verwaltung/wettbewerbe/{id}/rangliste"
            )))
        }
        Err(e) => back(c, &state, &session, id, Err(e), None, None),
    }
}

fn back(
    c: Chrome,
    state: &AppState,
    session: &Session,
    id: CompetitionId,
    result: Result<(), WebError>,
    typed: Option<Typed>,
    kept: Option<Kept>,
) -> Result<HttpResponse, WebError> {
    match result {
        Ok(()) => {
            flash(session, Flash::Success, texts::staff::DECISION_SAVED);
            Ok(see_other(&format!(
                "/verwaltung/wettbewerbe/{id}/rangliste"
            )))
        }
        Err(WebError::Unprocessable { de, en }) => {
            let notice = Some(if c.en() { en } else { de });
            let mut page = page(c, state, id, None, Weighting::Equal, notice)?;
            page.typed = typed;
            page.kept = kept;
            page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        // Changed by someone else in between: the page as it is now, the input kept.
        Err(WebError::Conflict) if typed.is_some() || kept.is_some() => {
            let notice = super::confirm::changed(&c);
            let mut page = page(c, state, id, None, Weighting::Equal, notice)?;
            page.typed = typed;
            page.kept = kept;
            page_with_status(StatusCode::CONFLICT, &page)
        }
        Err(other) => Err(other),
    }
}
