//! The jury meeting (Jurysitzung) of one stage: who is present, the order of discussion and
//! per application the jury's recommendation with its vote. Stream
//! `meeting-{competition}.{stage}`.
//!
//! The jury recommends only when enough of its members are present (the competition's quorum,
//! a share of the jury rounded up). Members conflicted with an application are recorded as
//! absent for that item and never vote on it, so the votes of an item add up to the present
//! members without a conflict. A recommendation may be recorded again until the meeting is
//! closed; after that the minutes stand.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::competition::{Competition, Phase};
use super::ids::{ApplicationId, CompetitionId, JurorId};
use super::jury::Jury;
use super::money::Cents;
use super::recommendation::Recommendation;
use super::text::{TextError, check_text};

pub use super::recommendation::{DepartureError, departure_reason};

/// Two thirds of the jury, rounded up from 66.7 percent.
pub const DEFAULT_QUORUM_PERCENT: u32 = 67;
/// The most applications one meeting's agenda can hold.
pub const MAX_AGENDA: usize = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MeetingKey {
    pub competition: CompetitionId,
    pub stage: usize,
}

impl fmt::Display for MeetingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.competition, self.stage)
    }
}

/// The members present needed of a jury of `members` at `percent`: the share rounded up, at
/// least one.
pub fn quorum(members: usize, percent: u32) -> usize {
    (members * percent as usize).div_ceil(100).max(1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Vote {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

impl Vote {
    pub fn total(&self) -> u32 {
        self.yes + self.no + self.abstain
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum MeetingEvent {
    MeetingOpened {
        key: MeetingKey,
        /// When the jury meets.
        date: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    AttendanceRecorded {
        present: Vec<JurorId>,
        at: DateTime<Utc>,
    },
    AgendaSet {
        order: Vec<ApplicationId>,
        at: DateTime<Utc>,
    },
    RecommendationRecorded {
        application: ApplicationId,
        recommendation: Recommendation,
        yes: u32,
        no: u32,
        abstain: u32,
        /// The present members conflicted with the application: absent for this item.
        absent: Vec<JurorId>,
        note: String,
        at: DateTime<Utc>,
    },
    MeetingClosed {
        at: DateTime<Utc>,
    },
}

/// What the service knows of the stage when staff act on its meeting: from the competition
/// and the jury.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageContext {
    /// The stage is the competition's current one and in review (where staff also decide).
    pub in_review: bool,
    pub last_stage: bool,
    pub members: BTreeSet<JurorId>,
    pub quorum_percent: u32,
}

impl StageContext {
    pub fn of(competition: &Competition, jury: &Jury, stage: usize) -> Self {
        Self {
            in_review: competition.stage == stage && competition.phase == Phase::InReview,
            last_stage: competition
                .setup
                .as_ref()
                .is_some_and(|s| stage + 1 == s.stages.len()),
            members: jury.jurors.keys().copied().collect(),
            quorum_percent: competition
                .setup
                .as_ref()
                .map_or(DEFAULT_QUORUM_PERCENT, |s| s.quorum_percent),
        }
    }

    pub fn quorum(&self) -> usize {
        quorum(self.members.len(), self.quorum_percent)
    }
}

/// What the service knows of the application an item is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemContext {
    pub application: ApplicationId,
    /// In review in the stage.
    pub in_review: bool,
    pub requested: Cents,
    /// The jury's members conflicted with it.
    pub conflicted: BTreeSet<JurorId>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MeetingCommand {
    Open {
        key: MeetingKey,
        date: DateTime<Utc>,
        stage: StageContext,
        now: DateTime<Utc>,
    },
    RecordAttendance {
        present: Vec<JurorId>,
        stage: StageContext,
        now: DateTime<Utc>,
    },
    SetAgenda {
        order: Vec<ApplicationId>,
        stage: StageContext,
        now: DateTime<Utc>,
    },
    Recommend {
        item: ItemContext,
        recommendation: Recommendation,
        vote: Vote,
        note: String,
        stage: StageContext,
        now: DateTime<Utc>,
    },
    Close {
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    #[error("a meeting is held only while the stage is in review")]
    StageNotInReview,
    #[error("the meeting was opened already")]
    AlreadyOpen,
    #[error("the meeting has not been opened")]
    NotOpen,
    #[error("the meeting is closed")]
    Closed,
    #[error("someone present is not a member of the jury")]
    NotAMember,
    #[error("{present} members are present; the jury needs {needed} to recommend")]
    NoQuorum { present: usize, needed: usize },
    #[error("the application is not in review in this stage")]
    NotInReview,
    #[error("the agenda holds at most {max} applications")]
    AgendaTooLong { max: usize },
    #[error("the votes add up to {given}, not to the {voting} members voting")]
    VotesDoNotAddUp { given: u32, voting: u32 },
    #[error("a recommendation for funding needs an amount above zero")]
    NoAmount,
    #[error("the amount {amount} exceeds what was requested ({requested})")]
    AboveRequest { amount: Cents, requested: Cents },
    #[error("funding is recommended only in the last stage")]
    FundingBeforeLastStage,
    #[error("the last stage has no next stage")]
    NoNextStage,
    #[error("the note is refused: {0}")]
    BadNote(TextError),
}

/// One item's recommendation as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub recommendation: Recommendation,
    pub vote: Vote,
    pub absent: Vec<JurorId>,
    pub note: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JuryMeeting {
    pub key: Option<MeetingKey>,
    pub date: Option<DateTime<Utc>>,
    pub present: BTreeSet<JurorId>,
    /// Whether attendance was recorded at all (an empty list is a record too).
    pub attendance_recorded: bool,
    /// The order of discussion; empty until staff set one (the ranking's then).
    pub agenda: Vec<ApplicationId>,
    pub items: BTreeMap<ApplicationId, Item>,
    pub closed: Option<DateTime<Utc>>,
}

impl JuryMeeting {
    pub fn is_open(&self) -> bool {
        self.key.is_some() && self.closed.is_none()
    }

    pub fn recommendation(&self, application: ApplicationId) -> Option<&Recommendation> {
        self.items.get(&application).map(|i| &i.recommendation)
    }

    fn check_open(&self, stage: &StageContext) -> Result<(), MeetingError> {
        if self.key.is_none() {
            return Err(MeetingError::NotOpen);
        }
        if self.closed.is_some() {
            return Err(MeetingError::Closed);
        }
        if !stage.in_review {
            return Err(MeetingError::StageNotInReview);
        }
        Ok(())
    }

    fn recommend(
        &self,
        item: ItemContext,
        recommendation: Recommendation,
        vote: Vote,
        note: String,
        stage: StageContext,
        now: DateTime<Utc>,
    ) -> Result<Vec<MeetingEvent>, MeetingError> {
        self.check_open(&stage)?;
        // Only members count towards the quorum: one who left the jury since is not counted.
        let present: BTreeSet<JurorId> =
            self.present.intersection(&stage.members).copied().collect();
        let needed = stage.quorum();
        if present.len() < needed {
            return Err(MeetingError::NoQuorum {
                present: present.len(),
                needed,
            });
        }
        if !item.in_review {
            return Err(MeetingError::NotInReview);
        }
        match recommendation {
            Recommendation::Funding { .. } if !stage.last_stage => {
                return Err(MeetingError::FundingBeforeLastStage);
            }
            Recommendation::Funding { amount } if amount <= Cents::ZERO => {
                return Err(MeetingError::NoAmount);
            }
            Recommendation::Funding { amount } if amount > item.requested => {
                return Err(MeetingError::AboveRequest {
                    amount,
                    requested: item.requested,
                });
            }
            Recommendation::NextStage if stage.last_stage => {
                return Err(MeetingError::NoNextStage);
            }
            _ => {}
        }
        let absent: Vec<JurorId> = present.intersection(&item.conflicted).copied().collect();
        let voting = (present.len() - absent.len()) as u32;
        if vote.total() != voting {
            return Err(MeetingError::VotesDoNotAddUp {
                given: vote.total(),
                voting,
            });
        }
        let note = note.trim().to_owned();
        check_text(&note).map_err(MeetingError::BadNote)?;
        Ok(vec![MeetingEvent::RecommendationRecorded {
            application: item.application,
            recommendation,
            yes: vote.yes,
            no: vote.no,
            abstain: vote.abstain,
            absent,
            note,
            at: now,
        }])
    }
}

impl Aggregate for JuryMeeting {
    type Command = MeetingCommand;
    type Event = MeetingEvent;
    type Error = MeetingError;
    const CATEGORY: &'static str = "meeting";

    fn apply(&mut self, event: &MeetingEvent) {
        match event {
            MeetingEvent::MeetingOpened { key, date, .. } => {
                self.key = Some(*key);
                self.date = Some(*date);
            }
            MeetingEvent::AttendanceRecorded { present, .. } => {
                self.present = present.iter().copied().collect();
                self.attendance_recorded = true;
            }
            MeetingEvent::AgendaSet { order, .. } => self.agenda = order.clone(),
            MeetingEvent::RecommendationRecorded {
                application,
                recommendation,
                yes,
                no,
                abstain,
                absent,
                note,
                at,
            } => {
                self.items.insert(
                    *application,
                    Item {
                        recommendation: *recommendation,
                        vote: Vote {
                            yes: *yes,
                            no: *no,
                            abstain: *abstain,
                        },
                        absent: absent.clone(),
                        note: note.clone(),
                        at: *at,
                    },
                );
            }
            MeetingEvent::MeetingClosed { at } => self.closed = Some(*at),
        }
    }

    fn handle(&self, command: MeetingCommand) -> Result<Vec<MeetingEvent>, MeetingError> {
        match command {
            MeetingCommand::Open {
                key,
                date,
                stage,
                now,
            } => {
                if self.key.is_some() {
                    return Err(MeetingError::AlreadyOpen);
                }
                if !stage.in_review {
                    return Err(MeetingError::StageNotInReview);
                }
                Ok(vec![MeetingEvent::MeetingOpened { key, date, at: now }])
            }
            MeetingCommand::RecordAttendance {
                present,
                stage,
                now,
            } => {
                self.check_open(&stage)?;
                let present: BTreeSet<JurorId> = present.into_iter().collect();
                if !present.is_subset(&stage.members) {
                    return Err(MeetingError::NotAMember);
                }
                Ok(vec![MeetingEvent::AttendanceRecorded {
                    present: present.into_iter().collect(),
                    at: now,
                }])
            }
            MeetingCommand::SetAgenda { order, stage, now } => {
                self.check_open(&stage)?;
                if order.len() > MAX_AGENDA {
                    return Err(MeetingError::AgendaTooLong { max: MAX_AGENDA });
                }
                let mut seen = BTreeSet::new();
                let order = order.into_iter().filter(|a| seen.insert(*a)).collect();
                Ok(vec![MeetingEvent::AgendaSet { order, at: now }])
            }
            MeetingCommand::Recommend {
                item,
                recommendation,
                vote,
                note,
                stage,
                now,
            } => self.recommend(item, recommendation, vote, note, stage, now),
            MeetingCommand::Close { now } => {
                if self.key.is_none() {
                    return Err(MeetingError::NotOpen);
                }
                if self.closed.is_some() {
                    return Err(MeetingError::Closed);
                }
                Ok(vec![MeetingEvent::MeetingClosed { at: now }])
            }
        }
    }
}
