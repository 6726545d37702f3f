//! The sentences of the confirmation pages before an irreversible step (staff): what will
//! happen, to how many, and what is still missing.

use chrono::{DateTime, Utc};

use super::Text;
use crate::domain::account::Language;
use crate::domain::readiness::{Gaps, OutcomeCounts};
use crate::time_display::berlin;

/// What is missing, one line each.
pub fn gap_lines(gaps: &Gaps) -> Vec<Text<String>> {
    let mut lines = Vec::new();
    if gaps.open_reviews > 0 {
        lines.push(Text {
            de: format!(
                "Noch {} von {} Bewertungen sind offen, bei {} {}.",
                gaps.open_reviews,
                gaps.assigned_reviews,
                gaps.jurors_with_open,
                if gaps.jurors_with_open == 1 {
                    "Jurymitglied"
                } else {
                    "Jurymitgliedern"
                }
            ),
            en: format!(
                "{} of {} reviews are still open, with {} {}.",
                gaps.open_reviews,
                gaps.assigned_reviews,
                gaps.jurors_with_open,
                if gaps.jurors_with_open == 1 {
                    "juror"
                } else {
                    "jurors"
                }
            ),
        });
    }
    if gaps.places_left() > 0 {
        lines.push(Text {
            de: format!(
                "{} von {} Plätzen sind vergeben; {} bleiben frei.",
                gaps.chosen,
                gaps.places,
                gaps.places_left()
            ),
            en: format!(
                "{} of {} places are chosen; {} stay empty.",
                gaps.chosen,
                gaps.places,
                gaps.places_left()
            ),
        });
    }
    if let Some(deadline) = gaps.review_deadline_ahead {
        lines.push(Text {
            de: format!(
                "Die Begutachtungsfrist ist noch nicht abgelaufen: sie endet am {} (Berliner Zeit).",
                berlin(deadline, Language::De)
            ),
            en: format!(
                "The review deadline has not passed: it ends on {} (Berlin time).",
                berlin(deadline, Language::En)
            ),
        });
    }
    lines
}

/// The decisions by outcome, as "5 ausgewählt, 16 nicht ausgewählt"; outcomes none had are left out.
pub fn counts(counts: &OutcomeCounts) -> Text<String> {
    let parts = [
        (counts.shortlisted, Text::new("ausgewählt", "shortlisted")),
        (
            counts.not_shortlisted,
            Text::new("nicht ausgewählt", "not shortlisted"),
        ),
        (counts.funded, Text::new("gefördert", "funded")),
        (
            counts.reserve,
            Text::new("auf der Nachrückliste", "on the reserve list"),
        ),
        (
            counts.not_funded,
            Text::new("nicht gefördert", "not funded"),
        ),
    ];
    let chosen: Vec<Text<String>> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, text)| Text {
            de: format!("{n} {}", text.de),
            en: format!("{n} {}", text.en),
        })
        .collect();
    if chosen.is_empty() {
        Text::new("keine", "none").owned()
    } else {
        Text::join(chosen, ", ")
    }
}

pub fn release(counts: &OutcomeCounts) -> Text<String> {
    let listed = self::counts(counts);
    Text {
        de: format!(
            "{} Ergebnismitteilungen gehen per E-Mail an die Koordinationen der Anträge: {}. Danach kennen die Konsortien ihr Ergebnis.",
            counts.total(),
            listed.de
        ),
        en: format!(
            "{} result notices go to the applications' coordinators by e-mail: {}. The results are then public to the consortia.",
            counts.total(),
            listed.en
        ),
    }
}

pub fn release_yes(counts: &OutcomeCounts) -> Text<String> {
    Text {
        de: format!("Ja, {} Ergebnismitteilungen senden", counts.total()),
        en: format!("Yes, send {} result notices", counts.total()),
    }
}

/// `moving` shortlisted applications go on to the stage `title`, open until `deadline`.
pub fn open_next_stage(
    moving: usize,
    not_shortlisted: usize,
    title: &str,
    deadline: Option<DateTime<Utc>>,
) -> Text<String> {
    let deadline = |lang| deadline.map(|d| berlin(d, lang)).unwrap_or_default();
    Text {
        de: format!(
            "{moving} {} in die Stufe „{title}“ über: die Konsortien können den Antrag dafür bis {} (Berliner Zeit) bearbeiten und einreichen. Nicht ausgewählte Anträge ({}) nehmen nicht mehr teil.",
            if moving == 1 {
                "ausgewählter Antrag geht"
            } else {
                "ausgewählte Anträge gehen"
            },
            deadline(Language::De),
            not_shortlisted
        ),
        en: format!(
            "{moving} shortlisted {} on to the stage “{title}”: their consortia can write and submit the application for it until {} (Berlin time). Applications not shortlisted ({}) take no further part.",
            if moving == 1 {
                "application moves"
            } else {
                "applications move"
            },
            deadline(Language::En),
            not_shortlisted
        ),
    }
}

pub fn open_next_stage_yes(moving: usize) -> Text<String> {
    Text {
        de: format!("Ja, Stufe für {moving} Anträge öffnen"),
        en: format!("Yes, open the stage for {moving} applications"),
    }
}

/// The undecided applications get `not_going_on`, the outcome named in both languages.
pub fn finalise(undecided: usize, not_going_on: Text, counts: &OutcomeCounts) -> Text<String> {
    let decided = self::counts(counts);
    let (not_de, not_en) = (not_going_on.de, not_going_on.en);
    if undecided == 1 {
        Text {
            de: format!(
                "Der eine Antrag ohne Entscheidung wird als „{not_de}“ festgehalten. Bisher entschieden: {}.",
                decided.de
            ),
            en: format!(
                "The one application without a decision is recorded as “{not_en}”. Decided so far: {}.",
                decided.en
            ),
        }
    } else {
        Text {
            de: format!(
                "Die {undecided} Anträge ohne Entscheidung werden als „{not_de}“ festgehalten. Bisher entschieden: {}.",
                decided.de
            ),
            en: format!(
                "The {undecided} applications without a decision are recorded as “{not_en}”. Decided so far: {}.",
                decided.en
            ),
        }
    }
}

/// The flash after the decisions are finalised.
pub fn finalised(counts: &OutcomeCounts) -> Text<String> {
    let decided = self::counts(counts);
    Text {
        de: format!(
            "Die Entscheidungen der Stufe sind abgeschlossen: {}.",
            decided.de
        ),
        en: format!("The stage's decisions are final: {}.", decided.en),
    }
}

pub fn reject(title: &str, reason: &str) -> [Text<String>; 2] {
    [
        Text {
            de: format!(
                "Der Antrag „{title}“ wird formal abgelehnt und scheidet aus dem Wettbewerb aus."
            ),
            en: format!(
                "The application “{title}” is rejected formally and leaves the competition."
            ),
        },
        Text {
            de: format!("Das Konsortium erhält diese Begründung per E-Mail: „{reason}“"),
            en: format!("The consortium receives this reason by e-mail: “{reason}”"),
        },
    ]
}
