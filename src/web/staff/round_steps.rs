//! What the round control offers next, asked of the domain (`domain/steps.rs`): the steps
//! possible now as buttons, the ones that come next but are refused now with the reason, the
//! deadline extension and the reminders.

use chrono::{DateTime, Utc};

use crate::domain::competition::{Competition, CompetitionError, Phase, ReminderKind};
use crate::domain::steps::{StepKind, Waiting, next_steps, reminders, waiting};
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;

pub struct Offered {
    /// Steps possible now: (action path, label).
    pub actions: Vec<(String, String)>,
    /// Steps and tools that come next but are not possible now, each "label: why".
    pub not_yet: Vec<String>,
    pub waiting: Option<String>,
    pub can_extend: bool,
    /// Reminders staff may send now: (recipients key, button label).
    pub reminders: Vec<(String, String)>,
}

impl Offered {
    pub fn of(c: &Chrome, competition: &Competition, now: DateTime<Utc>) -> Self {
        let (actions, mut not_yet) = actions(c, competition, now);
        let reminder_buttons: Vec<_> = reminders(competition, now)
            .into_iter()
            .map(|(kind, answer)| {
                let key = match kind {
                    ReminderKind::Reviews => "jury",
                    ReminderKind::Drafts => "antragsteller",
                };
                let label = c.text(texts::staff::reminder_step(kind));
                (key.to_owned(), label.to_owned(), answer)
            })
            .collect();
        if let (Phase::StageOpen, Err(refusal)) = (competition.phase, competition.extendable(now)) {
            let (de, en) = refusals::competition(&refusal).into_pair();
            let label = c.text(texts::staff::EXTEND_DEADLINE);
            not_yet.push(format!("{label}: {}", if c.en() { en } else { de }));
        }
        for (_, label, answer) in &reminder_buttons {
            if let Err(refusal) = answer {
                not_yet.push(format!(
                    "{label}: {}",
                    c.say(refusals::competition(refusal))
                ));
            }
        }
        Self {
            actions,
            not_yet,
            waiting: waiting_for(c, competition),
            can_extend: competition.extendable(now).is_ok(),
            reminders: reminder_buttons
                .into_iter()
                .filter_map(|(key, label, answer)| answer.ok().map(|()| (key, label)))
                .collect(),
        }
    }
}

/// The action path of each step: the control page posts to `…/schritt/{path}`.
const STEP_PATHS: [(StepKind, &str); 6] = [
    (StepKind::Publish, "veroeffentlichen"),
    (StepKind::OpenStage, "stufe-oeffnen"),
    (StepKind::Close, "schliessen"),
    (StepKind::StartReview, "begutachtung"),
    (StepKind::Release, "freigeben"),
    (StepKind::Complete, "abschliessen"),
];

pub fn step_of(path: &str) -> Option<StepKind> {
    STEP_PATHS.iter().find(|(_, p)| *p == path).map(|(k, _)| *k)
}

fn path_of(kind: StepKind) -> &'static str {
    STEP_PATHS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, p)| p)
}

/// The action path of a step and its label.
fn step_label(c: &Chrome, competition: &Competition, kind: StepKind) -> (&'static str, String) {
    let first = competition.phase == Phase::Published;
    let label = c.text(texts::staff::step(kind, first)).to_owned();
    (path_of(kind), label)
}

/// The next steps as the domain answers them: those possible now as (action path, label), and
/// the others as "label: why not yet".
fn actions(
    c: &Chrome,
    competition: &Competition,
    now: DateTime<Utc>,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut possible = Vec::new();
    let mut not_yet = Vec::new();
    for step in next_steps(competition, now) {
        let (path, label) = step_label(c, competition, step.kind);
        match step.possible {
            Ok(()) => possible.push((path.to_owned(), label)),
            Err(CompetitionError::DeadlineNotReached { deadline }) => {
                not_yet.push(c.say(texts::staff::possible_from(&label, deadline)))
            }
            Err(refusal) => {
                not_yet.push(format!(
                    "{label}: {}",
                    c.say(refusals::competition(&refusal))
                ));
            }
        }
    }
    (possible, not_yet)
}

/// What the round waits for when no step of its own comes next.
fn waiting_for(c: &Chrome, competition: &Competition) -> Option<String> {
    waiting(competition).map(|w| match w {
        Waiting::Decisions => c.text(texts::staff::WAITING_FOR_DECISIONS).to_owned(),
        Waiting::Nothing => c.text(texts::staff::WAITING_FOR_NOTHING).to_owned(),
    })
}
