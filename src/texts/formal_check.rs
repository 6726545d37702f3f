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
