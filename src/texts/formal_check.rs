//! The formal check's words: its states, the parts of an application a request names, and
//! the lines of the audit and the status page.

use super::Text;
use crate::domain::application::Application;
use crate::domain::financing::PartnerSlot;
use crate::domain::formal_check::{CheckState, Correctable};
use crate::domain::stage_form::StageForm;

pub fn state(state: CheckState) -> Text {
    match state {
        CheckState::Unchecked => Text::new("ungeprüft", "not checked"),
        CheckState::InCheck => Text::new("in Prüfung", "in check"),
        CheckState::Deficient => Text::new("Nachforderung offen", "corrections requested"),
        CheckState::Lapsed => Text::new(
            "Frist verstrichen – zur Ablehnung",
            "date passed – for rejection",
        ),
        CheckState::Corrected => Text::new("nachgereicht", "corrections handed in"),
        CheckState::Complete => Text::new("formal vollständig", "formally complete"),
        CheckState::Rejected => Text::new("formal abgelehnt", "formally rejected"),
    }
}

/// A part of the application by the names its consortium and staff know: a section or slot by
/// its title on the stage's form, a partner's plan by the partner's name. Without the form or
/// the application (an audit line of a part since removed), by its key.
pub fn part(
    item: &Correctable,
    form: Option<&StageForm>,
    application: Option<&Application>,
) -> Text<String> {
    let named = |de: &str, en: &str, name: &str| Text {
        de: format!("{de} „{name}“"),
        en: format!("{en} “{name}”"),
    };
    match item {
        Correctable::Details => Text::new(
            "Angaben zum Vorhaben (Titel, Zusammenfassung, Technologiefeld)",
            "About the project (title, summary, technology field)",
        )
        .owned(),
        Correctable::Section(key) => {
            let title = form
                .and_then(|f| f.section(key))
                .map_or(key.as_str(), |s| s.title.as_str());
            named("Antragstext", "Application text", title)
        }
        Correctable::Document(key) => {
            let title = form
                .and_then(|f| f.documents.iter().find(|d| d.key == *key))
                .map_or(key.as_str(), |d| d.title.as_str());
            named("Unterlage", "Document", title)
        }
        Correctable::Attachments => Text::new("Weitere Unterlagen", "Further documents").owned(),
        Correctable::Partners => Text::new(
            "Konsortium (Koordination und Partner)",
            "Consortium (coordinator and partners)",
        )
        .owned(),
        Correctable::Term => Text::new("Laufzeit des Vorhabens", "Term of the project").owned(),
        Correctable::Plan(slot) => {
            let name = application.and_then(|a| match slot {
                PartnerSlot::Coordinator => a.coordinator.as_ref(),
                PartnerSlot::Partner(i) => a.partners.get(*i),
            });
            match name {
                Some(partner) => named("Finanzierungsplan", "Financing plan", &partner.name),
                None => named("Finanzierungsplan", "Financing plan", &slot.key()),
            }
        }
        Correctable::Pledges => Text::new(
            "Absichtserklärungen (Kofinanzierung)",
            "Letters of intent (co-financing)",
        )
        .owned(),
    }
}

/// The parts named, joined for one line.
pub fn parts(
    items: &[Correctable],
    form: Option<&StageForm>,
    application: Option<&Application>,
) -> Text<String> {
    Text::join(items.iter().map(|i| part(i, form, application)), "; ")
}

pub const TICKS_SAVED: Text = Text::new("Prüfpunkte gespeichert.", "Checklist saved.");
pub const REQUEST_SENT: Text = Text::new(
    "Nachforderung verschickt. Das Konsortium kann die genannten Teile bis zur Frist ändern und nachreichen.",
    "Request for corrections sent. The consortium can change the named parts and hand them in until the date.",
);
pub const CHECK_COMPLETED: Text = Text::new(
    "Formalprüfung abgeschlossen: Der Antrag ist formal vollständig.",
    "Formal check closed: the application is formally complete.",
);
pub const NO_DAY: Text = Text::new(
    "Bitte geben Sie den letzten Tag der Frist als Datum an.",
    "Please give the last day of the period as a date.",
);
pub const CORRECTIONS_HANDED_IN: Text = Text::new(
    "Ihre Korrekturen sind eingereicht. Der Antrag ist wieder gesperrt; die Programmverwaltung prüft ihn weiter.",
    "Your corrections are handed in. The application is locked again; staff go on checking it.",
);

/// Where the check stands, as the consortium reads it on its status page; nothing while staff
/// have not asked anything (`due` is the request's date as people read it).
pub fn for_consortium(state: CheckState, due: &str) -> Option<Text<String>> {
    Some(match state {
        CheckState::Unchecked | CheckState::InCheck | CheckState::Rejected => return None,
        CheckState::Deficient => Text {
            de: format!(
                "Die Programmverwaltung hat Angaben oder Unterlagen nachgefordert. Bitte korrigieren Sie die genannten Teile und reichen Sie sie bis {due} ein."
            ),
            en: format!(
                "The programme staff asked for corrections. Please correct the parts named and hand them in by {due} (Berlin time)."
            ),
        },
        CheckState::Lapsed => Text {
            de: format!(
                "Die Frist der Nachforderung ist am {due} abgelaufen, ohne dass Korrekturen eingereicht wurden."
            ),
            en: format!(
                "The date for the corrections, {due}, passed without corrections handed in."
            ),
        },
        CheckState::Corrected => Text::new(
            "Ihre Korrekturen sind eingegangen; die Formalprüfung läuft weiter.",
            "Your corrections arrived; the formal check goes on.",
        )
        .owned(),
        CheckState::Complete => Text::new(
            "Die Formalprüfung ist abgeschlossen: Der Antrag ist formal vollständig.",
            "The formal check is closed: the application is formally complete.",
        )
        .owned(),
    })
}

/// Why the jury's review cannot begin yet.
pub fn review_waits_for_corrections(open: usize) -> Text<String> {
    Text {
        de: format!(
            "Die Begutachtung kann noch nicht beginnen: {open} Nachforderung(en) sind unbeantwortet. Warten Sie die Antworten ab; eine verstrichene lehnen Sie ab oder fordern erneut nach."
        ),
        en: format!(
            "The review cannot begin yet: {open} request(s) for corrections are unanswered. Wait for the answers; reject or ask again where one lapsed."
        ),
    }
}

/// The words of the comparison's lines.
pub const TITLE: Text = Text::new("Titel", "Title");
pub const FIELD: Text = Text::new("Technologiefeld", "Technology field");
pub const MONTHS: Text = Text::new("Monate", "months");
pub const COSTS: Text = Text::new("Kosten", "costs");
pub const REQUESTED: Text = Text::new("beantragt", "requested");
pub const OWN_SHARE: Text = Text::new("Eigenanteil", "own share");
