//! The application form of a stage (`domain::stage_form`): what a set-up's form has wrong, and
//! what an application's form still lacks before it can be submitted.

use super::Text;
use crate::domain::stage_form::{FormGap, FormProblem};
use crate::domain::text::TextError;

pub const SECTION_MISSING: Text = Text::new(
    "Dieser Abschnitt fehlt noch.",
    "This section is still missing.",
);
pub const DOCUMENT_MISSING: Text = Text::new(
    "Dieses Dokument fehlt noch.",
    "This document is still missing.",
);
pub const SECTIONS_SAVED: Text = Text::new(
    "Die Abschnitte sind gespeichert.",
    "The sections are saved.",
);
pub const NOT_SUBMITTED_INCOMPLETE: Text = Text::new(
    "Der Antrag wurde nicht eingereicht: Es fehlen noch Teile des Antragsformulars. Sie sind bei den Abschnitten und Dokumenten genannt.",
    "The application was not submitted: parts of the application form are still missing. They are named beside the sections and documents.",
);
pub const SECTIONS_CONFLICT: Text = Text::new(
    "Jemand anderes hat den Antrag inzwischen geändert. Ihre Texte sind unten erhalten; prüfen Sie sie und speichern Sie erneut.",
    "Someone else changed the application in the meantime. Your texts are kept below; check them and save again.",
);
pub const NO_SUCH_SECTION: Text = Text::new(
    "Diesen Abschnitt hat das Antragsformular dieser Stufe nicht.",
    "This stage's application form has no such section.",
);
pub const NO_SUCH_SLOT: Text = Text::new(
    "Dieses Dokument verlangt das Antragsformular dieser Stufe nicht.",
    "This stage's application form asks for no such document.",
);
pub const PAGES_UNREADABLE: Text = Text::new(
    "Die Seiten dieses PDF lassen sich nicht zählen. Bitte speichern Sie es neu als PDF und laden Sie es erneut hoch.",
    "The pages of this PDF cannot be counted. Please save it again as a PDF and upload it again.",
);

/// What a form still lacks, said beside its section or slot.
pub fn gap(gap: &FormGap) -> Text<String> {
    match gap {
        FormGap::MissingSection { .. } => SECTION_MISSING.owned(),
        FormGap::MissingDocument { .. } => DOCUMENT_MISSING.owned(),
        FormGap::SectionTooLong { max, given, .. } => Text {
            de: format!("Höchstens {max} Zeichen; dieser Abschnitt hat {given}."),
            en: format!("At most {max} characters; this section has {given}."),
        },
    }
}

/// An upload over its slot's page limit.
pub fn too_many_pages(limit: u32, pages: u32) -> Text<String> {
    Text {
        de: format!("Höchstens {limit} Seiten; dieses PDF hat {pages}."),
        en: format!("At most {limit} pages; this PDF has {pages}."),
    }
}

/// A section's limit as the editor shows it under the text field.
pub fn at_most_chars(max: u32) -> Text<String> {
    Text {
        de: format!("höchstens {max} Zeichen"),
        en: format!("at most {max} characters"),
    }
}

/// A slot's limit as the editor and the juror's page show it.
pub fn at_most_pages(max: u32) -> Text<String> {
    Text {
        de: format!("PDF, höchstens {max} Seiten"),
        en: format!("PDF, at most {max} pages"),
    }
}

/// One problem of a stage's form, after the stage's name ("Stufe 1: …").
pub fn problem(problem: &FormProblem) -> Text<String> {
    use FormProblem as P;
    let both = |de: String, en: String| Text { de, en };
    match problem {
        P::TooManySections { max, given } => both(
            format!("höchstens {max} Abschnitte, nicht {given}."),
            format!("at most {max} sections, not {given}."),
        ),
        P::TooManyDocuments { max, given } => both(
            format!("höchstens {max} verlangte Dokumente, nicht {given}."),
            format!("at most {max} required documents, not {given}."),
        ),
        P::SectionWithoutTitle { section } => both(
            format!("Abschnitt {section} braucht einen Titel."),
            format!("section {section} needs a title."),
        ),
        P::DocumentWithoutTitle { document } => both(
            format!("Dokument {document} braucht einen Titel."),
            format!("document {document} needs a title."),
        ),
        P::InvalidKey { key } => both(
            format!(
                "Die Kennung „{key}“ darf nur Kleinbuchstaben, Ziffern und Bindestriche haben (höchstens 40)."
            ),
            format!(
                "the key “{key}” may only have lower-case letters, digits and hyphens (at most 40)."
            ),
        ),
        P::KeyTwice { key } => both(
            format!("Die Kennung „{key}“ steht zweimal."),
            format!("the key “{key}” is used twice."),
        ),
        P::SectionLength { key, max } => both(
            format!("„{key}“: Die Länge muss zwischen 1 und {max} Zeichen liegen."),
            format!("“{key}”: the length must lie between 1 and {max} characters."),
        ),
        P::PageLimit { key, max } => both(
            format!("„{key}“: Die Seitenzahl muss zwischen 1 und {max} liegen."),
            format!("“{key}”: the page limit must lie between 1 and {max}."),
        ),
        P::NoSuchCriterion { key } => both(
            format!("„{key}“: Dieses Kriterium hat die Stufe nicht."),
            format!("“{key}”: the stage has no such criterion."),
        ),
        P::BadText { key, problem } => match problem {
            TextError::TooLong { max, given } => both(
                format!("„{key}“: höchstens {max} Zeichen; {given} wurden eingegeben."),
                format!("“{key}”: at most {max} characters; {given} were entered."),
            ),
            TextError::LineBreak => both(
                format!("„{key}“: Der Titel bitte in einer Zeile, ohne Zeilenumbruch."),
                format!("“{key}”: please keep the title on one line, without a line break."),
            ),
        },
    }
}
