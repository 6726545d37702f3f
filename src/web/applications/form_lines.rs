//! The stage's application form on the editor: its sections with their answers and its
//! document slots with what they hold, and the gaps that keep it from being submitted, each
//! beside its section or slot.

use std::collections::BTreeMap;

use crate::domain::application::Application;
use crate::domain::competition::Competition;
use crate::domain::stage_form::{StageForm, document_field, section_field};
use crate::texts;
use crate::web::chrome::Chrome;
use crate::web::forms::FieldErrors;

pub struct SectionLine {
    pub key: String,
    /// The textarea's name and id: `section-KEY`.
    pub field: String,
    pub title: String,
    pub guidance: String,
    pub max_chars: u32,
    /// "höchstens 4000 Zeichen"
    pub limit: String,
    pub text: String,
    pub chars: usize,
}

pub struct SlotLine {
    pub key: String,
    /// `document-KEY`: the file input's id, and where its reasons go.
    pub field: String,
    pub title: String,
    /// "PDF, höchstens 15 Seiten", or empty without a page limit.
    pub limit: String,
    /// The document filed here: digest, name, size.
    pub filed: Option<(String, String, String)>,
}

/// The form of the stage the application is written in; empty without a set-up.
pub fn stage_form(competition: &Competition, application: &Application) -> StageForm {
    let stage = application.status.stage().unwrap_or(0);
    competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(stage))
        .map(|s| s.form())
        .unwrap_or_default()
}

/// The sections with `answers` (the saved ones, or those typed), and the slots.
pub fn lines(
    c: &Chrome,
    application: &Application,
    form: &StageForm,
    answers: &BTreeMap<String, String>,
) -> (Vec<SectionLine>, Vec<SlotLine>) {
    let sections = form
        .sections
        .iter()
        .map(|s| {
            let text = answers.get(&s.key).cloned().unwrap_or_default();
            SectionLine {
                key: s.key.clone(),
                field: section_field(&s.key),
                title: s.title.clone(),
                guidance: s.guidance.clone(),
                max_chars: s.max_chars,
                limit: c.say(texts::stage_form::at_most_chars(s.max_chars)),
                chars: text.chars().count(),
                text,
            }
        })
        .collect();
    let slots = form
        .documents
        .iter()
        .map(|d| SlotLine {
            key: d.key.clone(),
            field: document_field(&d.key),
            title: d.title.clone(),
            limit: d
                .page_limit
                .map(|p| c.say(texts::stage_form::at_most_pages(p)))
                .unwrap_or_default(),
            filed: application.filed_document(&d.key).map(|doc| {
                (
                    doc.sha256.clone(),
                    crate::file_name::clean(&doc.file_name),
                    format!("{} KB", doc.size.div_ceil(1024)),
                )
            }),
        })
        .collect();
    (sections, slots)
}

/// What the form still lacks, by field, and how many gaps.
pub fn gaps_of(c: &Chrome, application: &Application, form: &StageForm) -> (FieldErrors, usize) {
    let mut errors = FieldErrors::default();
    let gaps = application.form_gaps(form);
    for gap in &gaps {
        errors.add(&gap.field(), c.say(texts::stage_form::gap(gap)));
    }
    (errors, gaps.len())
}
