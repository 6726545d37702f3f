//! The jury's consensus report on one application in one stage (Konsensbericht): staff name a
//! rapporteur (Berichterstatter/in) among the application's jurors; the rapporteur drafts, per
//! criterion, a score and a comment written for the consortium, and an overall comment; the
//! other jurors agree or object with a reason; staff close it, agreed or with the dissent
//! recorded. The consortium later reads the comments (and, where the competition releases
//! scores, the scores) as its evaluation summary, never the individual reviews.
//!
//! A consensus is drafted from the individual reviews, so the rapporteur drafts only once their
//! own review is submitted, and the others answer only once theirs is. A new draft clears the
//! answers given to the previous one: they agreed to another text. **A closed consensus is
//! final**: the summary the consortium reads must not change after the jury's recommendation
//! rests on it, and nothing reopens it. Its stream is `consensus-{application}.{stage}`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::competition::Competition;
use super::ids::{ApplicationId, JurorId};
use super::jury::Jury;
use super::review::{CriterionScore, weighted_score};
use super::setup::{Criterion, Hundredths};
use super::text::{TextError, check_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ConsensusKey {
    pub application: ApplicationId,
    pub stage: usize,
}

impl fmt::Display for ConsensusKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.application, self.stage)
    }
}

/// One criterion of a draft: the jury's score and its comment for the consortium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionConsensus {
    pub score: u8,
    pub comment: String,
}

/// A juror who did not agree to the closed consensus: their objection, or `None` for no answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dissent {
    pub juror: JurorId,
    pub reason: Option<String>,
}

/// How staff closed the consensus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closing {
    /// Every other juror agreed.
    Agreed,
    /// Closed although some did not agree; who, and why.
    WithDissent { dissent: Vec<Dissent> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Agreed,
    Objected(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum ConsensusEvent {
    RapporteurNamed {
        key: ConsensusKey,
        juror: JurorId,
        at: DateTime<Utc>,
    },
    ConsensusDrafted {
        key: ConsensusKey,
        criteria: Vec<CriterionConsensus>,
        overall_comment: String,
        weighted: Hundredths,
        at: DateTime<Utc>,
    },
    ConsensusAgreed {
        key: ConsensusKey,
        juror: JurorId,
        at: DateTime<Utc>,
    },
    ConsensusObjected {
        key: ConsensusKey,
        juror: JurorId,
        reason: String,
        at: DateTime<Utc>,
    },
    ConsensusClosed {
        key: ConsensusKey,
        state: Closing,
        at: DateTime<Utc>,
    },
}

impl ConsensusEvent {
    pub fn key(&self) -> ConsensusKey {
        match self {
            Self::RapporteurNamed { key, .. }
            | Self::ConsensusDrafted { key, .. }
            | Self::ConsensusAgreed { key, .. }
            | Self::ConsensusObjected { key, .. }
            | Self::ConsensusClosed { key, .. } => *key,
        }
    }
}

/// What the service knows when a consensus command is decided: from the competition, the jury
/// and where the application's reviews stand.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConsensusContext {
    pub criteria: Vec<Criterion>,
    /// The application's assigned jurors in the stage who are free of conflict with it.
    pub jurors: BTreeSet<JurorId>,
    /// Those of them whose review of the application is submitted.
    pub submitted: BTreeSet<JurorId>,
    /// The stage's results are released: the consortium has read the summary.
    pub released: bool,
}

impl ConsensusContext {
    /// `submitted`: those of the application's jurors whose review is submitted (read by the
    /// caller from the reviews); only eligible jurors among them count.
    pub fn of(
        competition: &Competition,
        jury: &Jury,
        key: ConsensusKey,
        submitted: impl Fn(JurorId) -> bool,
    ) -> Self {
        let jurors = eligible_jurors(jury, key);
        let submitted = jurors.iter().copied().filter(|j| submitted(*j)).collect();
        Self {
            criteria: competition
                .setup
                .as_ref()
                .and_then(|s| s.stages.get(key.stage))
                .map(|s| s.criteria.clone())
                .unwrap_or_default(),
            jurors,
            submitted,
            released: competition.released_at.contains_key(&key.stage),
        }
    }
}

/// The application's jurors in the stage who are free of conflict with it: who may be
/// rapporteur, and who answers the draft.
pub fn eligible_jurors(jury: &Jury, key: ConsensusKey) -> BTreeSet<JurorId> {
    jury.jurors_of(key.stage, key.application)
        .filter(|j| !jury.is_conflicted(*j, key.application))
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConsensusCommand {
    /// By staff.
    Name {
        key: ConsensusKey,
        juror: JurorId,
        context: ConsensusContext,
        now: DateTime<Utc>,
    },
    /// By the rapporteur.
    Draft {
        key: ConsensusKey,
        juror: JurorId,
        criteria: Vec<CriterionScore>,
        overall_comment: String,
        context: ConsensusContext,
        now: DateTime<Utc>,
    },
    /// By another juror of the application.
    Agree {
        key: ConsensusKey,
        juror: JurorId,
        context: ConsensusContext,
        now: DateTime<Utc>,
    },
    Object {
        key: ConsensusKey,
        juror: JurorId,
        reason: String,
        context: ConsensusContext,
        now: DateTime<Utc>,
    },
    /// By staff.
    Close {
        key: ConsensusKey,
        context: ConsensusContext,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConsensusError {
    #[error("the juror is not an assigned juror free of conflict with this application")]
    NotEligible,
    #[error("the juror is the rapporteur already")]
    AlreadyRapporteur,
    #[error("no rapporteur is named")]
    NoRapporteur,
    #[error("only the rapporteur drafts the consensus")]
    NotRapporteur,
    #[error("the juror's own review is not submitted")]
    OwnReviewMissing,
    #[error("the consensus is closed and final")]
    Closed,
    #[error("the stage's results are released")]
    Released,
    #[error("the form has {got} criteria, the stage {expected}")]
    WrongCriteria { got: usize, expected: usize },
    #[error("{criterion}: scores run from {min} to {max}")]
    OutOfScale { criterion: String, min: u8, max: u8 },
    #[error("scores are missing for: {}", .0.join(", "))]
    Unscored(Vec<String>),
    #[error("comments for the consortium are missing for: {}", .0.join(", "))]
    Uncommented(Vec<String>),
    #[error("the overall comment is missing")]
    NoOverallComment,
    /// The comment on this criterion, or the overall comment (`None`), is too long.
    #[error("a comment is refused: {problem}")]
    BadComment {
        criterion: Option<String>,
        problem: TextError,
    },
    #[error("nothing is drafted yet")]
    NotDrafted,
    #[error("the rapporteur does not answer their own draft")]
    IsRapporteur,
    #[error("an objection needs a reason")]
    NoReason,
    #[error("the reason is refused: {0}")]
    BadReason(TextError),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub criteria: Vec<CriterionConsensus>,
    pub overall_comment: String,
    pub weighted: Hundredths,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Closed {
    pub state: Closing,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Consensus {
    pub key: Option<ConsensusKey>,
    pub rapporteur: Option<JurorId>,
    pub draft: Option<Draft>,
    /// The other jurors' answers to the current draft.
    pub answers: BTreeMap<JurorId, Answer>,
    pub closed: Option<Closed>,
}

impl Consensus {
    /// The report without what its jurors wrote (comments, objections' reasons): what the
    /// read model keeps of every report; the pages that show the texts read its stream.
    pub fn standing(&self) -> Self {
        let mut standing = self.clone();
        if let Some(draft) = &mut standing.draft {
            for criterion in &mut draft.criteria {
                criterion.comment.clear();
            }
            draft.overall_comment.clear();
        }
        for answer in standing.answers.values_mut() {
            if let Answer::Objected(reason) = answer {
                reason.clear();
            }
        }
        if let Some(Closed {
            state: Closing::WithDissent { dissent },
            ..
        }) = &mut standing.closed
        {
            for d in dissent {
                if let Some(reason) = &mut d.reason {
                    reason.clear();
                }
            }
        }
        standing
    }

    /// Whether the consortium will read it: closed with a draft.
    pub fn final_draft(&self) -> Option<&Draft> {
        self.closed.as_ref().and(self.draft.as_ref())
    }

    fn open(&self, context: &ConsensusContext) -> Result<(), ConsensusError> {
        if self.closed.is_some() {
            return Err(ConsensusError::Closed);
        }
        if context.released {
            return Err(ConsensusError::Released);
        }
        Ok(())
    }

    /// A juror other than the rapporteur who may answer the draft.
    fn answering(&self, juror: JurorId, context: &ConsensusContext) -> Result<(), ConsensusError> {
        self.open(context)?;
        if self.draft.is_none() {
            return Err(ConsensusError::NotDrafted);
        }
        if self.rapporteur == Some(juror) {
            return Err(ConsensusError::IsRapporteur);
        }
        if !context.jurors.contains(&juror) {
            return Err(ConsensusError::NotEligible);
        }
        if !context.submitted.contains(&juror) {
            return Err(ConsensusError::OwnReviewMissing);
        }
        Ok(())
    }
}

/// The draft's criteria checked against the stage's: every one scored within its scale and
/// commented for the consortium, each comment within the length limit.
fn check_draft(
    criteria: &[CriterionScore],
    overall: &str,
    stage: &[Criterion],
) -> Result<Vec<CriterionConsensus>, ConsensusError> {
    if criteria.len() != stage.len() {
        return Err(ConsensusError::WrongCriteria {
            got: criteria.len(),
            expected: stage.len(),
        });
    }
    let mut unscored = Vec::new();
    let mut uncommented = Vec::new();
    let mut checked = Vec::new();
    for (criterion, given) in stage.iter().zip(criteria) {
        let comment = given.comment.trim();
        check_text(comment).map_err(|problem| ConsensusError::BadComment {
            criterion: Some(criterion.name.clone()),
            problem,
        })?;
        if comment.is_empty() {
            uncommented.push(criterion.name.clone());
        }
        match given.score {
            Some(s) if s < criterion.scale_min || s > criterion.scale_max => {
                return Err(ConsensusError::OutOfScale {
                    criterion: criterion.name.clone(),
                    min: criterion.scale_min,
                    max: criterion.scale_max,
                });
            }
            Some(score) => checked.push(CriterionConsensus {
                score,
                comment: comment.to_owned(),
            }),
            None => unscored.push(criterion.name.clone()),
        }
    }
    check_text(overall.trim()).map_err(|problem| ConsensusError::BadComment {
        criterion: None,
        problem,
    })?;
    if !unscored.is_empty() {
        return Err(ConsensusError::Unscored(unscored));
    }
    if !uncommented.is_empty() {
        return Err(ConsensusError::Uncommented(uncommented));
    }
    if overall.trim().is_empty() {
        return Err(ConsensusError::NoOverallComment);
    }
    Ok(checked)
}

impl Aggregate for Consensus {
    type Command = ConsensusCommand;
    type Event = ConsensusEvent;
    type Error = ConsensusError;
    const CATEGORY: &'static str = "consensus";

    fn apply(&mut self, event: &ConsensusEvent) {
        self.key = Some(event.key());
        match event {
            ConsensusEvent::RapporteurNamed { juror, .. } => {
                self.rapporteur = Some(*juror);
                // The rapporteur answers no draft, their own or the one they take over.
                self.answers.remove(juror);
            }
            ConsensusEvent::ConsensusDrafted {
                criteria,
                overall_comment,
                weighted,
                at,
                ..
            } => {
                self.draft = Some(Draft {
                    criteria: criteria.clone(),
                    overall_comment: overall_comment.clone(),
                    weighted: *weighted,
                    at: *at,
                });
                self.answers.clear();
            }
            ConsensusEvent::ConsensusAgreed { juror, .. } => {
                self.answers.insert(*juror, Answer::Agreed);
            }
            ConsensusEvent::ConsensusObjected { juror, reason, .. } => {
                self.answers
                    .insert(*juror, Answer::Objected(reason.clone()));
            }
            ConsensusEvent::ConsensusClosed { state, at, .. } => {
                self.closed = Some(Closed {
                    state: state.clone(),
                    at: *at,
                });
            }
        }
    }

    fn handle(&self, command: ConsensusCommand) -> Result<Vec<ConsensusEvent>, ConsensusError> {
        match command {
            ConsensusCommand::Name {
                key,
                juror,
                context,
                now,
            } => {
                self.open(&context)?;
                if !context.jurors.contains(&juror) {
                    return Err(ConsensusError::NotEligible);
                }
                if self.rapporteur == Some(juror) {
                    return Err(ConsensusError::AlreadyRapporteur);
                }
                Ok(vec![ConsensusEvent::RapporteurNamed {
                    key,
                    juror,
                    at: now,
                }])
            }
            ConsensusCommand::Draft {
                key,
                juror,
                criteria,
                overall_comment,
                context,
                now,
            } => {
                self.open(&context)?;
                let rapporteur = self.rapporteur.ok_or(ConsensusError::NoRapporteur)?;
                if rapporteur != juror {
                    return Err(ConsensusError::NotRapporteur);
                }
                if !context.jurors.contains(&juror) {
                    return Err(ConsensusError::NotEligible);
                }
                if !context.submitted.contains(&juror) {
                    return Err(ConsensusError::OwnReviewMissing);
                }
                let criteria = check_draft(&criteria, &overall_comment, &context.criteria)?;
                let scores: Vec<u8> = criteria.iter().map(|c| c.score).collect();
                Ok(vec![ConsensusEvent::ConsensusDrafted {
                    key,
                    weighted: weighted_score(&context.criteria, &scores),
                    criteria,
                    overall_comment: overall_comment.trim().to_owned(),
                    at: now,
                }])
            }
            ConsensusCommand::Agree {
                key,
                juror,
                context,
                now,
            } => {
                self.answering(juror, &context)?;
                Ok(vec![ConsensusEvent::ConsensusAgreed {
                    key,
                    juror,
                    at: now,
                }])
            }
            ConsensusCommand::Object {
                key,
                juror,
                reason,
                context,
                now,
            } => {
                self.answering(juror, &context)?;
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(ConsensusError::NoReason);
                }
                check_text(reason).map_err(ConsensusError::BadReason)?;
                Ok(vec![ConsensusEvent::ConsensusObjected {
                    key,
                    juror,
                    reason: reason.to_owned(),
                    at: now,
                }])
            }
            ConsensusCommand::Close { key, context, now } => {
                self.open(&context)?;
                if self.draft.is_none() {
                    return Err(ConsensusError::NotDrafted);
                }
                let dissent: Vec<Dissent> = context
                    .jurors
                    .iter()
                    .filter(|j| Some(**j) != self.rapporteur)
                    .filter_map(|juror| match self.answers.get(juror) {
                        Some(Answer::Agreed) => None,
                        Some(Answer::Objected(reason)) => Some(Dissent {
                            juror: *juror,
                            reason: Some(reason.clone()),
                        }),
                        None => Some(Dissent {
                            juror: *juror,
                            reason: None,
                        }),
                    })
                    .collect();
                let state = if dissent.is_empty() {
                    Closing::Agreed
                } else {
                    Closing::WithDissent { dissent }
                };
                Ok(vec![ConsensusEvent::ConsensusClosed {
                    key,
                    state,
                    at: now,
                }])
            }
        }
    }
}

/// One application for the rapporteur proposal: its jurors free of conflict, and the rapporteur
/// named already, if any (kept, and counted).
#[derive(Debug, Clone, PartialEq)]
pub struct RapporteurSlot {
    pub application: ApplicationId,
    pub jurors: Vec<JurorId>,
    pub named: Option<JurorId>,
}

/// A rapporteur per application, spread evenly across the jurors: the applications with the
/// fewest jurors choose first, each the juror with the fewest rapporteurships so far (on a tie
/// the first in id order). Named rapporteurs stay and count. Applications without a juror get
/// none.
pub fn propose_rapporteurs(slots: &[RapporteurSlot]) -> BTreeMap<ApplicationId, JurorId> {
    let mut load: BTreeMap<JurorId, usize> = BTreeMap::new();
    let mut proposed = BTreeMap::new();
    for slot in slots {
        for juror in &slot.jurors {
            load.entry(*juror).or_default();
        }
        if let Some(named) = slot.named {
            *load.entry(named).or_default() += 1;
            proposed.insert(slot.application, named);
        }
    }
    let mut open: Vec<&RapporteurSlot> = slots.iter().filter(|s| s.named.is_none()).collect();
    open.sort_by_key(|s| (s.jurors.len(), s.application));
    for slot in open {
        let Some(juror) = slot
            .jurors
            .iter()
            .min_by_key(|j| (load.get(j).copied().unwrap_or_default(), **j))
        else {
            continue;
        };
        *load.entry(*juror).or_default() += 1;
        proposed.insert(slot.application, *juror);
    }
    proposed
}
