//! A consortium's request for review of the procedure (redress, Widerspruch / Antrag auf
//! Überprüfung) after a stage's result, and the programme's answer.
//!
//! As in the EU's expert evaluation, a request can only question the *procedure* (a criterion
//! not applied, a conflicted juror, a document not read), never the experts' judgement; the form
//! says so. It may be filed once per application and stage, within the competition's redress
//! window, which opens when the stage's results are released and lasts `redress_days` days.
//! Staff answer with an outcome and a reason: rejected (the result stands), or upheld (the
//! procedure was at fault; the reason tells the consortium how the programme proceeds, for
//! example a new evaluation by other experts, which happens outside the released stage). Who
//! filed and who
//! answered is the event's actor in the log.

use std::fmt;

use chrono::{DateTime, Days, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::competition::Competition;
use super::ids::ApplicationId;
use super::text::{TextError, check_text};

/// The redress window when a set-up names none: thirty days, as the EU rules give.
pub const DEFAULT_REDRESS_DAYS: u32 = 30;
/// The longest window a set-up may give: a competition's results cannot stay open for ever.
pub const MAX_REDRESS_DAYS: u32 = 365;

/// Identifies a request; its stream is `redress-{application}.{stage}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RedressKey {
    pub application: ApplicationId,
    pub stage: usize,
}

impl fmt::Display for RedressKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.application, self.stage)
    }
}

/// The programme's answer to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedressOutcome {
    /// The procedure was followed; the result stands.
    Rejected,
    /// A fault in the procedure is recognised; the reason says how the programme proceeds.
    Upheld,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum RedressEvent {
    RedressRequested {
        key: RedressKey,
        grounds: String,
        at: DateTime<Utc>,
    },
    RedressAnswered {
        key: RedressKey,
        outcome: RedressOutcome,
        reason: String,
        at: DateTime<Utc>,
    },
}

impl RedressEvent {
    pub fn key(&self) -> RedressKey {
        match self {
            Self::RedressRequested { key, .. } | Self::RedressAnswered { key, .. } => *key,
        }
    }
}

/// When a stage's redress window is open: from the release of its results until the end of the
/// competition's number of days after it, counted as German periods are (§§ 187, 188 BGB): the
/// day of the release is not counted, and the period ends at midnight, Berlin time, after its
/// last day. The one place the window's edges are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedressWindow {
    pub opens: DateTime<Utc>,
    /// The first moment a request is refused: midnight in Berlin after the last day.
    pub closes: DateTime<Utc>,
}

impl RedressWindow {
    /// The window of `stage`, once its results are released.
    pub fn of(competition: &Competition, stage: usize) -> Option<Self> {
        let opens = *competition.released_at.get(&stage)?;
        let days = competition
            .setup
            .as_ref()
            .map_or(DEFAULT_REDRESS_DAYS, |s| s.redress_days);
        let last_day = opens.with_timezone(&Berlin).date_naive() + Days::new(u64::from(days));
        // Midnight exists on every day in Berlin (the clocks change at two and three o'clock).
        let closes = (last_day + Days::new(1))
            .and_hms_opt(0, 0, 0)
            .and_then(|midnight| Berlin.from_local_datetime(&midnight).earliest())
            .map_or(opens + Duration::days(i64::from(days) + 1), |t| {
                t.with_timezone(&Utc)
            });
        Some(Self { opens, closes })
    }

    /// The window's last minute, as pages and mails name the end ("bis 23:59 Uhr").
    pub fn last_minute(&self) -> DateTime<Utc> {
        self.closes - Duration::minutes(1)
    }

    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.opens <= now && now < self.closes
    }
}

/// What the service knows when a consortium files: from the competition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedressContext {
    /// The stage's window; `None` before its results are released.
    pub window: Option<RedressWindow>,
    /// The application had a result in the stage (a decision was recorded and released).
    pub decided: bool,
}

impl RedressContext {
    pub fn of(competition: &Competition, key: RedressKey) -> Self {
        Self {
            window: RedressWindow::of(competition, key.stage),
            decided: competition
                .decisions
                .contains_key(&(key.stage, key.application)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum RedressCommand {
    /// By a member of the consortium.
    Request {
        key: RedressKey,
        grounds: String,
        context: RedressContext,
        now: DateTime<Utc>,
    },
    /// By programme staff.
    Answer {
        key: RedressKey,
        outcome: RedressOutcome,
        reason: String,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RedressError {
    #[error("the application had no released result in this stage")]
    NoResult,
    #[error("the stage's results are not released yet")]
    NotReleased,
    #[error("the redress window closed at {}", .0.closes)]
    WindowClosed(RedressWindow),
    #[error("a request for this stage was filed already")]
    AlreadyRequested,
    #[error("the request needs its grounds")]
    NoGrounds,
    #[error("the grounds are refused: {0}")]
    BadGrounds(TextError),
    #[error("no request was filed")]
    NotRequested,
    #[error("the request was answered already")]
    AlreadyAnswered,
    #[error("the answer needs a reason")]
    NoReason,
    #[error("the reason is refused: {0}")]
    BadReason(TextError),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filed {
    pub grounds: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub outcome: RedressOutcome,
    pub reason: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Redress {
    pub key: Option<RedressKey>,
    pub request: Option<Filed>,
    pub answer: Option<Answer>,
}

impl Redress {
    /// Filed and not yet answered: what staff still owe.
    pub fn is_open(&self) -> bool {
        self.request.is_some() && self.answer.is_none()
    }
}

fn required(text: &str, missing: RedressError) -> Result<String, RedressError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(missing);
    }
    Ok(text.to_owned())
}

impl Aggregate for Redress {
    type Command = RedressCommand;
    type Event = RedressEvent;
    type Error = RedressError;
    const CATEGORY: &'static str = "redress";

    fn apply(&mut self, event: &RedressEvent) {
        match event {
            RedressEvent::RedressRequested { key, grounds, at } => {
                self.key = Some(*key);
                self.request = Some(Filed {
                    grounds: grounds.clone(),
                    at: *at,
                });
            }
            RedressEvent::RedressAnswered {
                outcome,
                reason,
                at,
                ..
            } => {
                self.answer = Some(Answer {
                    outcome: *outcome,
                    reason: reason.clone(),
                    at: *at,
                });
            }
        }
    }

    fn handle(&self, command: RedressCommand) -> Result<Vec<RedressEvent>, RedressError> {
        match command {
            RedressCommand::Request {
                key,
                grounds,
                context,
                now,
            } => {
                let window = context.window.ok_or(RedressError::NotReleased)?;
                if !context.decided {
                    return Err(RedressError::NoResult);
                }
                if !window.is_open(now) {
                    return Err(RedressError::WindowClosed(window));
                }
                if self.request.is_some() {
                    return Err(RedressError::AlreadyRequested);
                }
                let grounds = required(&grounds, RedressError::NoGrounds)?;
                check_text(&grounds).map_err(RedressError::BadGrounds)?;
                Ok(vec![RedressEvent::RedressRequested {
                    key,
                    grounds,
                    at: now,
                }])
            }
            RedressCommand::Answer {
                key,
                outcome,
                reason,
                now,
            } => {
                if self.request.is_none() {
                    return Err(RedressError::NotRequested);
                }
                if self.answer.is_some() {
                    return Err(RedressError::AlreadyAnswered);
                }
                let reason = required(&reason, RedressError::NoReason)?;
                check_text(&reason).map_err(RedressError::BadReason)?;
                Ok(vec![RedressEvent::RedressAnswered {
                    key,
                    outcome,
                    reason,
                    at: now,
                }])
            }
        }
    }
}
