//! The formal check (Formalprüfung) of a submitted application, between the submission and the
//! jury's review of its stage. Staff tick the competition's checklist; where something is
//! missing or wrong they ask the consortium to correct named parts of the application by a date
//! (Nachforderung). The application then opens for exactly those parts, the consortium hands
//! the corrections in, staff see what changed and close the check as complete. A request that
//! lapses unanswered is listed for a formal rejection, which staff decide: never the service.
//!
//! The check belongs to the application (its events are in the application's stream), because
//! what the consortium may change depends on it; this module holds its state and its rules.

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use serde::{Deserialize, Serialize};

use super::application::{Application, DocumentRef, Status};
use super::field::TechnologyField;
use super::financing::{PartnerPlan, PartnerSlot, Pledge, ProjectTerm};
use super::partner::Partner;
use super::stage_form::StageForm;

/// Items of a competition's checklist: the points of a real call's formal check, with room.
pub const MAX_CHECKLIST_ITEMS: usize = 30;
/// One checklist item is one line.
pub const MAX_CHECKLIST_ITEM_CHARS: usize = 200;
/// Parts one request may name: every section, slot and partner plan of a large consortium.
pub const MAX_NAMED_ITEMS: usize = 150;
/// Rounds of requests in one stage; a check that needs more is a rejection.
pub const MAX_ROUNDS: u32 = 10;
/// The longest time a consortium may be given to correct.
pub const MAX_CORRECTION_DAYS: i64 = 90;
/// The shortest: a request must leave the consortium a working day.
pub const MIN_CORRECTION_HOURS: i64 = 24;
/// The reminder goes out this long before the date, or halfway when the time given is shorter.
pub const REMINDER_LEAD_DAYS: i64 = 3;

/// A part of an application a deficiency request can open for correction.
/// Externally tagged, as every type the read models' snapshots hold (postcard cannot read an
/// adjacently tagged enum back).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Correctable {
    /// Title, summary and technology field.
    Details,
    /// A section of the stage's form, by its key.
    Section(String),
    /// A document slot of the stage's form, by its key.
    Document(String),
    /// The documents in no slot.
    Attachments,
    /// The coordinator and the partners: names, kinds, Länder, who takes part.
    Partners,
    /// The project's start and duration.
    Term,
    /// One partner's lines of the financing plan, every budget year.
    Plan(PartnerSlot),
    /// The letters of intent and their amounts.
    Pledges,
}

impl Correctable {
    /// The value in forms: `angaben`, `abschnitt:KEY`, `dokument:KEY`, `anlagen`, `partner`,
    /// `laufzeit`, `plan:k` / `plan:N`, `zusagen`.
    pub fn key(&self) -> String {
        match self {
            Correctable::Details => "angaben".to_owned(),
            Correctable::Section(key) => format!("abschnitt:{key}"),
            Correctable::Document(key) => format!("dokument:{key}"),
            Correctable::Attachments => "anlagen".to_owned(),
            Correctable::Partners => "partner".to_owned(),
            Correctable::Term => "laufzeit".to_owned(),
            Correctable::Plan(slot) => format!("plan:{}", slot.key()),
            Correctable::Pledges => "zusagen".to_owned(),
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Some(match key.trim() {
            "angaben" => Correctable::Details,
            "anlagen" => Correctable::Attachments,
            "partner" => Correctable::Partners,
            "laufzeit" => Correctable::Term,
            "zusagen" => Correctable::Pledges,
            other => match other.split_once(':')? {
                ("abschnitt", key) if !key.is_empty() => Correctable::Section(key.to_owned()),
                ("dokument", key) if !key.is_empty() => Correctable::Document(key.to_owned()),
                ("plan", "k") => Correctable::Plan(PartnerSlot::Coordinator),
                ("plan", index) => Correctable::Plan(PartnerSlot::Partner(index.parse().ok()?)),
                _ => return None,
            },
        })
    }

    /// The parts of `application` a request in its stage may name, in the editor's order.
    pub fn offered(application: &Application, form: &StageForm) -> Vec<Correctable> {
        let mut items = vec![Correctable::Details];
        items.extend(
            form.sections
                .iter()
                .map(|s| Correctable::Section(s.key.clone())),
        );
        items.extend(
            form.documents
                .iter()
                .map(|d| Correctable::Document(d.key.clone())),
        );
        items.extend([
            Correctable::Attachments,
            Correctable::Partners,
            Correctable::Term,
        ]);
        items.extend(
            application
                .coordinator
                .iter()
                .map(|_| Correctable::Plan(PartnerSlot::Coordinator)),
        );
        items.extend(
            (0..application.partners.len()).map(|i| Correctable::Plan(PartnerSlot::Partner(i))),
        );
        items.push(Correctable::Pledges);
        items
    }

    /// What the part holds in `application` now, for the comparison after the correction.
    pub fn value_in(&self, application: &Application) -> PartValue {
        match self {
            Correctable::Details => PartValue::Details {
                title: application.title.clone(),
                summary: application.summary.clone(),
                field: application.field,
            },
            Correctable::Section(key) => {
                PartValue::Text(application.answers.get(key).cloned().unwrap_or_default())
            }
            Correctable::Document(key) => {
                PartValue::Document(application.filed_document(key).cloned())
            }
            Correctable::Attachments => PartValue::Documents(
                application
                    .documents
                    .iter()
                    .filter(|d| !application.filed.values().any(|f| *f == d.sha256))
                    .cloned()
                    .collect(),
            ),
            Correctable::Partners => {
                PartValue::Partners(application.all_partners().cloned().collect())
            }
            Correctable::Term => PartValue::Term(application.plan.term),
            Correctable::Plan(slot) => PartValue::Plan(application.plan.partner(*slot).cloned()),
            Correctable::Pledges => PartValue::Pledges(application.pledges.clone()),
        }
    }
}

/// What one part held, before and after a correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PartValue {
    Details {
        title: String,
        summary: String,
        field: Option<TechnologyField>,
    },
    Text(String),
    Document(Option<DocumentRef>),
    Documents(Vec<DocumentRef>),
    Partners(Vec<Partner>),
    Term(Option<ProjectTerm>),
    Plan(Option<PartnerPlan>),
    Pledges(Vec<Pledge>),
}

/// One deficiency request and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionRound {
    /// Counted from 1 in the stage.
    pub round: u32,
    pub items: Vec<Correctable>,
    /// What staff wrote to the consortium.
    pub text: String,
    pub due: DateTime<Utc>,
    pub requested_at: DateTime<Utc>,
    pub reminded: bool,
    pub answered_at: Option<DateTime<Utc>>,
    /// What each named part held when it was requested (in the order of `items`) and when the
    /// corrections were handed in.
    pub before: Vec<PartValue>,
    pub after: Vec<PartValue>,
}

impl CorrectionRound {
    /// Whether the consortium may still correct and hand in.
    pub fn open_at(&self, now: DateTime<Utc>) -> bool {
        self.answered_at.is_none() && now < self.due
    }

    /// Whether the date passed without an answer.
    pub fn lapsed_at(&self, now: DateTime<Utc>) -> bool {
        self.answered_at.is_none() && now >= self.due
    }

    /// When the reminder is due: [`REMINDER_LEAD_DAYS`] before the date, or halfway when the
    /// consortium was given less than twice that.
    pub fn reminder_at(&self) -> DateTime<Utc> {
        let given = self.due - self.requested_at;
        self.due - Duration::days(REMINDER_LEAD_DAYS).min(given / 2)
    }

    /// The named parts that the corrections changed, with what they held before and after.
    pub fn changes(&self) -> impl Iterator<Item = (&Correctable, &PartValue, &PartValue)> {
        self.items
            .iter()
            .zip(self.before.iter().zip(self.after.iter()))
            .filter(|(_, (before, after))| before != after)
            .map(|(item, (before, after))| (item, before, after))
    }
}

/// The formal check of one stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormalCheck {
    /// The checklist's items by their place in the competition's list: met or not.
    pub ticks: std::collections::BTreeMap<usize, bool>,
    pub rounds: Vec<CorrectionRound>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl FormalCheck {
    pub fn last_round(&self) -> Option<&CorrectionRound> {
        self.rounds.last()
    }

    /// The round the consortium may answer now.
    pub fn open_round(&self, now: DateTime<Utc>) -> Option<&CorrectionRound> {
        self.last_round().filter(|r| r.open_at(now))
    }

    /// Whether every item of a checklist of `len` items is ticked as met.
    pub fn all_met(&self, len: usize) -> bool {
        (0..len).all(|i| self.ticks.get(&i) == Some(&true))
    }

    /// The checklist's items not ticked as met, by place.
    pub fn unmet(&self, len: usize) -> Vec<usize> {
        (0..len)
            .filter(|i| self.ticks.get(i) != Some(&true))
            .collect()
    }
}

/// Where the formal check of a submitted application stands, as the round's list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckState {
    /// Nothing ticked, nothing asked.
    Unchecked,
    /// Staff have ticked items, or the corrections came in and wait to be looked at.
    InCheck,
    /// Corrections are asked for and the date has not passed.
    Deficient,
    /// The date passed without an answer: listed for staff to reject.
    Lapsed,
    /// Handed in after a request; staff have not closed the check yet.
    Corrected,
    Complete,
    Rejected,
}

impl CheckState {
    pub const ALL: [CheckState; 7] = [
        CheckState::Unchecked,
        CheckState::InCheck,
        CheckState::Deficient,
        CheckState::Lapsed,
        CheckState::Corrected,
        CheckState::Complete,
        CheckState::Rejected,
    ];

    /// The name in the list's query string.
    pub fn key(self) -> &'static str {
        match self {
            CheckState::Unchecked => "ungeprueft",
            CheckState::InCheck => "in-pruefung",
            CheckState::Deficient => "nachforderung",
            CheckState::Lapsed => "frist-verstrichen",
            CheckState::Corrected => "nachgereicht",
            CheckState::Complete => "vollstaendig",
            CheckState::Rejected => "abgelehnt",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key.trim())
    }

    /// The state of `application`'s check in `stage` at `now`; `None` when it was never
    /// submitted to the stage (a draft has no formal check).
    pub fn of(application: &Application, stage: usize, now: DateTime<Utc>) -> Option<Self> {
        match application.status {
            Status::FormallyRejected { stage: s } if s == stage => {
                return Some(CheckState::Rejected);
            }
            _ if !application.submissions.contains_key(&stage) => return None,
            _ => {}
        }
        let Some(check) = application.formal_checks.get(&stage) else {
            return Some(CheckState::Unchecked);
        };
        if check.completed_at.is_some() {
            return Some(CheckState::Complete);
        }
        Some(match check.last_round() {
            Some(r) if r.answered_at.is_some() => CheckState::Corrected,
            Some(r) if r.lapsed_at(now) => CheckState::Lapsed,
            Some(_) => CheckState::Deficient,
            None if check.ticks.is_empty() => CheckState::Unchecked,
            None => CheckState::InCheck,
        })
    }
}

/// Whether `due` is a date a consortium can be given at `now`.
pub fn due_in_range(due: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    due >= now + Duration::hours(MIN_CORRECTION_HOURS)
        && due <= now + Duration::days(MAX_CORRECTION_DAYS)
}

/// The date of a request when staff pick its last day: the consortium has the whole day, Berlin
/// time, and the first late moment is midnight after it (as `RedressWindow` counts).
pub fn due_after(last_day: NaiveDate) -> Option<DateTime<Utc>> {
    let midnight = last_day
        .checked_add_days(Days::new(1))?
        .and_hms_opt(0, 0, 0)?;
    // Midnight exists on every day in Berlin (the clocks change at two and three o'clock).
    Some(
        Berlin
            .from_local_datetime(&midnight)
            .earliest()?
            .with_timezone(&Utc),
    )
}

/// The last day a date given by [`due_after`] leaves, as pages and mails name it.
pub fn last_minute(due: DateTime<Utc>) -> DateTime<Utc> {
    due - Duration::minutes(1)
}

/// How many of `applications` have a request for corrections not answered (open, or lapsed
/// and not yet rejected or asked again): the jury's review of the stage cannot begin while any
/// has, for the jury would read an application that may still change, or changes that were
/// saved but never handed in and checked.
pub fn corrections_open<'a>(applications: impl IntoIterator<Item = &'a Application>) -> usize {
    applications
        .into_iter()
        .filter(|a| a.unanswered_correction().is_some())
        .count()
}
