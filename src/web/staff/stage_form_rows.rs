//! The set-up form's rows for a stage's application form: its sections and required documents,
//! each row as typed, with empty rows to add more (no JavaScript). Field names carry the stage
//! and row index (`section_title_0_2`, `document_pages_1_0`); a row without title and key is no
//! row, and a row without key takes one made from its title.

use crate::domain::setup::Stage;
use crate::domain::stage_form::{
    MAX_REQUIRED_DOCUMENTS, MAX_SECTIONS, RequiredDocument, Section, key_from_title,
};
use crate::texts::{self, Text};

/// Empty rows offered below a stage's sections and below its documents.
const EMPTY_ROWS: usize = 2;

pub struct SectionRow {
    /// `STAGE_ROW`, the suffix of the row's field names.
    pub id: String,
    pub key: String,
    pub title: String,
    pub guidance: String,
    pub max_chars: String,
    /// The chosen criterion's index as text, empty for none.
    pub criterion: String,
}

pub struct DocumentRow {
    pub id: String,
    pub key: String,
    pub title: String,
    pub page_limit: String,
    pub criterion: String,
}

/// One criterion a row may be scored against, for the rows' selects.
pub struct CriterionChoice {
    pub value: String,
    pub name: String,
}

fn criterion_text(criterion: Option<usize>) -> String {
    criterion.map(|c| c.to_string()).unwrap_or_default()
}

/// The rows of stage `i`'s form, with empty ones to add to it.
pub fn rows(i: usize, stage: &Stage) -> (Vec<SectionRow>, Vec<DocumentRow>, Vec<CriterionChoice>) {
    let mut sections: Vec<SectionRow> = stage
        .sections
        .iter()
        .enumerate()
        .map(|(j, s)| SectionRow {
            id: format!("{i}_{j}"),
            key: s.key.clone(),
            title: s.title.clone(),
            guidance: s.guidance.clone(),
            max_chars: s.max_chars.to_string(),
            criterion: criterion_text(s.criterion),
        })
        .collect();
    let mut documents: Vec<DocumentRow> = stage
        .documents
        .iter()
        .enumerate()
        .map(|(j, d)| DocumentRow {
            id: format!("{i}_{j}"),
            key: d.key.clone(),
            title: d.title.clone(),
            page_limit: d.page_limit.map(|p| p.to_string()).unwrap_or_default(),
            criterion: criterion_text(d.criterion),
        })
        .collect();
    for _ in 0..EMPTY_ROWS {
        let j = sections.len();
        if j < MAX_SECTIONS {
            sections.push(SectionRow {
                id: format!("{i}_{j}"),
                key: String::new(),
                title: String::new(),
                guidance: String::new(),
                max_chars: String::new(),
                criterion: String::new(),
            });
        }
        let j = documents.len();
        if j < MAX_REQUIRED_DOCUMENTS {
            documents.push(DocumentRow {
                id: format!("{i}_{j}"),
                key: String::new(),
                title: String::new(),
                page_limit: String::new(),
                criterion: String::new(),
            });
        }
    }
    let criteria = stage
        .criteria
        .iter()
        .enumerate()
        .map(|(c, k)| CriterionChoice {
            value: c.to_string(),
            name: k.name.clone(),
        })
        .collect();
    (sections, documents, criteria)
}

/// Stage `i`'s sections and documents as submitted, into `stage`; the values that do not parse,
/// as reasons. `field` reads one trimmed field (empty when absent). Rows are read only while
/// they are sent, and no more than the limits and the empty rows allow.
pub fn read(field: &dyn Fn(&str) -> String, i: usize, stage: &mut Stage) -> Vec<Text<String>> {
    let n = i + 1;
    let mut problems = Vec::new();
    // Reads a number that may be empty; one that does not parse is named.
    let number = |name: &str, problems: &mut Vec<Text<String>>| -> Option<u32> {
        let text = field(name);
        if text.is_empty() {
            return None;
        }
        let parsed = text.parse().ok();
        if parsed.is_none() {
            let label = texts::setup::stage(n);
            problems.push(texts::setup::not_a_whole_number(label.borrowed(), &text));
        }
        parsed
    };
    let criterion = |name: &str| field(name).parse::<usize>().ok();
    // A form from before these rows existed keeps the saved form.
    if field(&format!("form_rows_{i}")) != "1" {
        return problems;
    }
    let mut sections = Vec::new();
    for j in 0..MAX_SECTIONS + EMPTY_ROWS {
        let id = format!("{i}_{j}");
        let title = field(&format!("section_title_{id}"));
        let mut key = field(&format!("section_key_{id}"));
        if title.is_empty() && key.is_empty() {
            continue;
        }
        if key.is_empty() {
            key = key_from_title(&title);
        }
        sections.push(Section {
            key,
            title,
            guidance: field(&format!("section_guidance_{id}")),
            max_chars: number(&format!("section_max_{id}"), &mut problems).unwrap_or(0),
            criterion: criterion(&format!("section_criterion_{id}")),
        });
    }
    let mut documents = Vec::new();
    for j in 0..MAX_REQUIRED_DOCUMENTS + EMPTY_ROWS {
        let id = format!("{i}_{j}");
        let title = field(&format!("document_title_{id}"));
        let mut key = field(&format!("document_key_{id}"));
        if title.is_empty() && key.is_empty() {
            continue;
        }
        if key.is_empty() {
            key = key_from_title(&title);
        }
        documents.push(RequiredDocument {
            key,
            title,
            page_limit: number(&format!("document_pages_{id}"), &mut problems),
            criterion: criterion(&format!("document_criterion_{id}")),
        });
    }
    stage.sections = sections;
    stage.documents = documents;
    problems
}
