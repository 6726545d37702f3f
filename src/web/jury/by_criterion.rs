//! An application's form read by criterion: beside each criterion of the stage, the sections
//! and documents scored against it, so that a juror reads and scores on one page; what is
//! scored against no criterion comes apart. Jurors' and staff's pages show the same.

use crate::domain::application::Application;
use crate::domain::setup::Stage;

pub struct AnswerPart {
    pub title: String,
    /// Empty when the consortium wrote nothing.
    pub text: String,
}

pub struct DocumentPart {
    pub title: String,
    /// The filed document's digest and name; `None` while the slot is empty.
    pub filed: Option<(String, String)>,
}

#[derive(Default)]
pub struct Parts {
    pub sections: Vec<AnswerPart>,
    pub documents: Vec<DocumentPart>,
}

impl Parts {
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty() && self.documents.is_empty()
    }
}

/// For each criterion of `stage` (by index) its parts, and the parts of no criterion.
pub fn by_criterion(stage: &Stage, application: &Application) -> (Vec<Parts>, Parts) {
    let mut per: Vec<Parts> = stage.criteria.iter().map(|_| Parts::default()).collect();
    let mut other = Parts::default();
    for section in &stage.sections {
        let part = AnswerPart {
            title: section.title.clone(),
            text: application
                .answers
                .get(&section.key)
                .cloned()
                .unwrap_or_default(),
        };
        match section.criterion.and_then(|c| per.get_mut(c)) {
            Some(parts) => parts.sections.push(part),
            None => other.sections.push(part),
        }
    }
    for slot in &stage.documents {
        let part = DocumentPart {
            title: slot.title.clone(),
            filed: application
                .filed_document(&slot.key)
                .map(|d| (d.sha256.clone(), crate::file_name::clean(&d.file_name))),
        };
        match slot.criterion.and_then(|c| per.get_mut(c)) {
            Some(parts) => parts.documents.push(part),
            None => other.documents.push(part),
        }
    }
    (per, other)
}
