//! A consensus report as the jury's and the staff's pages show it: the rapporteur, per criterion
//! the mean of the submitted reviews beside the draft's score and comment, the overall comment,
//! every other juror's answer and how it was closed. Consortia never see this view; they read
//! the summary (`texts::evaluation_summary`).

use crate::domain::consensus::{Answer, Closing, ConsensusKey};
use crate::domain::ids::{CompetitionId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::setup::{Criterion, Hundredths};
use crate::event_store::EventStore;
use crate::projections::{Views, written_consensus};
use crate::texts::consensus as words;
use crate::texts::labels::points;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, from_execute};

pub struct CriterionLine {
    pub index: usize,
    pub name: String,
    /// The mean of the submitted reviews' scores on it.
    pub mean: String,
    /// The mean rounded to the scale, which a new draft starts from.
    pub proposed: u8,
    pub options: Vec<u8>,
    pub score: String,
    pub comment: String,
}

impl CriterionLine {
    pub fn score_field(&self) -> String {
        format!("score_{}", self.index)
    }
    pub fn comment_field(&self) -> String {
        format!("comment_{}", self.index)
    }
}

pub struct AnswerLine {
    pub juror: String,
    pub answer: String,
    pub reason: String,
}

pub struct Report {
    pub competition_id: String,
    pub application_id: String,
    pub title: String,
    pub stage: usize,
    pub rapporteur: String,
    pub rapporteur_id: Option<JurorId>,
    pub state: String,
    pub drafted: bool,
    pub closed: bool,
    pub weighted: String,
    pub reviews_mean: String,
    pub reviews: usize,
    pub lines: Vec<CriterionLine>,
    pub overall: String,
    pub answers: Vec<AnswerLine>,
    /// The stream's revision the page shows, empty before its first event.
    pub revision: String,
}

fn juror_name(jury: &Jury, juror: JurorId) -> String {
    jury.jurors
        .get(&juror)
        .map(|j| j.name.clone())
        .unwrap_or_else(|| juror.to_string())
}

/// The mean per criterion and of the weighted scores of the application's submitted reviews,
/// and how many there are.
pub fn review_means(
    views: &Views,
    jury: &Jury,
    key: ConsensusKey,
    criteria: &[Criterion],
) -> (Vec<Option<Hundredths>>, Option<Hundredths>, usize) {
    let submitted: Vec<_> = jury
        .jurors_of(key.stage, key.application)
        .filter(|j| !jury.is_conflicted(*j, key.application))
        .filter_map(|juror| {
            views
                .juries
                .reviews
                .get(&crate::domain::review::ReviewKey {
                    application: key.application,
                    stage: key.stage,
                    juror,
                })
                .filter(|r| r.submitted_at.is_some())
        })
        .collect();
    let mean = |values: Vec<u32>| -> Option<Hundredths> {
        let n = values.len() as u32;
        (n > 0).then(|| (values.iter().sum::<u32>() * 2 + n) / (2 * n))
    };
    let per_criterion = (0..criteria.len())
        .map(|i| {
            mean(
                submitted
                    .iter()
                    .filter_map(|r| r.scores.get(i).copied().flatten())
                    .map(|s| u32::from(s) * 100)
                    .collect(),
            )
        })
        .collect();
    let weighted = mean(submitted.iter().filter_map(|r| r.weighted).collect());
    (per_criterion, weighted, submitted.len())
}

/// The report of `key` in competition `k`; 404 for an application of another competition.
/// The texts are read from the report's stream (`written_consensus`).
pub fn report(
    c: &Chrome,
    store: &EventStore,
    views: &Views,
    k: CompetitionId,
    key: ConsensusKey,
) -> Result<Report, WebError> {
    let competition = &views.competitions.get(&k).ok_or(WebError::NotFound)?.state;
    let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
    let stage = setup.stages.get(key.stage).ok_or(WebError::NotFound)?;
    let application = &views
        .applications
        .get(&key.application)
        .ok_or(WebError::NotFound)?
        .state;
    if application.competition_id != Some(k) {
        return Err(WebError::NotFound);
    }
    let no_jury = Jury::default();
    let jury = views.juries.get(&k).unwrap_or(&no_jury);
    let (state, revision) =
        written_consensus(store, key).map_err(|e| from_execute(e, words::refusal))?;
    let state = &state;
    let consensus = revision.map(|_| state);
    let (means, reviews_mean, reviews) = review_means(views, jury, key, &stage.criteria);
    let lines = stage
        .criteria
        .iter()
        .enumerate()
        .map(|(index, criterion)| {
            let mean = means.get(index).copied().flatten();
            let drafted = state.draft.as_ref().and_then(|d| d.criteria.get(index));
            let proposed = mean
                .map(|m| ((m + 50) / 100) as u8)
                .unwrap_or(criterion.scale_min)
                .clamp(criterion.scale_min, criterion.scale_max);
            CriterionLine {
                index,
                name: criterion.name.clone(),
                mean: mean
                    .map(|m| points(m, c.lang))
                    .unwrap_or_else(|| "–".into()),
                proposed,
                options: (criterion.scale_min..=criterion.scale_max).collect(),
                score: drafted.map(|d| d.score.to_string()).unwrap_or_default(),
                comment: drafted.map(|d| d.comment.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let others = jury
        .jurors_of(key.stage, key.application)
        .filter(|j| !jury.is_conflicted(*j, key.application))
        .filter(|j| Some(*j) != state.rapporteur);
    let dissent_reason = |juror: JurorId| match state.closed.as_ref().map(|x| &x.state) {
        Some(Closing::WithDissent { dissent }) => dissent
            .iter()
            .find(|d| d.juror == juror)
            .map(|d| d.reason.is_none()),
        _ => None,
    };
    let answers = others
        .map(|juror| {
            let (answer, reason) = match state.answers.get(&juror) {
                Some(Answer::Agreed) => (c.text(words::ANSWER_AGREES), String::new()),
                Some(Answer::Objected(reason)) => (c.text(words::ANSWER_OBJECTS), reason.clone()),
                None if dissent_reason(juror) == Some(true) => {
                    (c.text(words::ANSWER_DISSENT_SILENT), String::new())
                }
                None => (c.text(words::ANSWER_PENDING), String::new()),
            };
            AnswerLine {
                juror: juror_name(jury, juror),
                answer: answer.to_owned(),
                reason,
            }
        })
        .collect();
    Ok(Report {
        competition_id: k.to_string(),
        application_id: key.application.to_string(),
        title: application.title.clone(),
        stage: key.stage + 1,
        rapporteur: state
            .rapporteur
            .map(|j| juror_name(jury, j))
            .unwrap_or_default(),
        rapporteur_id: state.rapporteur,
        state: c.text(words::state(consensus)).to_owned(),
        drafted: state.draft.is_some(),
        closed: state.closed.is_some(),
        weighted: state
            .draft
            .as_ref()
            .map(|d| points(d.weighted, c.lang))
            .unwrap_or_default(),
        reviews_mean: reviews_mean
            .map(|m| points(m, c.lang))
            .unwrap_or_else(|| "–".into()),
        reviews,
        lines,
        overall: state
            .draft
            .as_ref()
            .map(|d| d.overall_comment.clone())
            .unwrap_or_default(),
        answers,
        revision: revision.map(|r| r.to_string()).unwrap_or_default(),
    })
}
