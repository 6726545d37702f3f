//! The application form of one stage: the sections a consortium writes (each with its guidance
//! and a length in characters) and the documents it files (each into its slot, with a page
//! limit where one is set). Submission is refused until every section is answered within its
//! length and every slot holds a document; each gap names the section or slot it belongs to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::text::{MAX_TEXT_CHARS, TextError, check_line, check_text};

/// Sections of one stage's form: the calls have four to eight topics.
pub const MAX_SECTIONS: usize = 20;
/// Required documents of one stage, well within the documents one application may hold.
pub const MAX_REQUIRED_DOCUMENTS: usize = 10;
/// The longest a section may be set to: about ten pages of text.
pub const MAX_SECTION_CHARS: u32 = 30_000;
/// The highest page limit a slot may have.
pub const MAX_PAGE_LIMIT: u32 = 500;
/// A key names a section or slot across stages (`region`, `vorhabenbeschreibung`).
pub const MAX_KEY_CHARS: usize = 40;

/// One section of the application's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Stable across stages: the answer of a concept's section carries over to the full
    /// proposal's section of the same key.
    pub key: String,
    pub title: String,
    /// What the consortium should write, shown above the text field.
    pub guidance: String,
    /// The longest answer that can be submitted, in characters.
    pub max_chars: u32,
    /// The criterion (index in the stage's criteria) the jury scores this section against.
    pub criterion: Option<usize>,
}

/// One document the stage requires, filed into its own slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredDocument {
    pub key: String,
    pub title: String,
    /// The most pages a PDF filed here may have; checked on upload.
    pub page_limit: Option<u32>,
    pub criterion: Option<usize>,
}

/// What keeps an application from being submitted to a stage, tied to its place on the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormGap {
    MissingSection { key: String },
    SectionTooLong { key: String, max: u32, given: usize },
    MissingDocument { key: String },
}

impl FormGap {
    /// The form field beside which the gap is shown: `section-KEY` or `document-KEY`.
    pub fn field(&self) -> String {
        match self {
            Self::MissingSection { key } | Self::SectionTooLong { key, .. } => section_field(key),
            Self::MissingDocument { key } => document_field(key),
        }
    }
}

/// The editor's field name of a section.
pub fn section_field(key: &str) -> String {
    format!("section-{key}")
}

/// The editor's field name of a document slot.
pub fn document_field(key: &str) -> String {
    format!("document-{key}")
}

/// Every gap of `answers` (section key → text) and `filed` (slot key → document digest)
/// against the form; empty if the form is complete.
pub fn gaps(
    sections: &[Section],
    documents: &[RequiredDocument],
    answers: &BTreeMap<String, String>,
    filed: &BTreeMap<String, String>,
) -> Vec<FormGap> {
    let mut gaps = Vec::new();
    for section in sections {
        let answer = answers.get(&section.key).map_or("", String::as_str);
        let given = answer.chars().count();
        if answer.trim().is_empty() {
            gaps.push(FormGap::MissingSection {
                key: section.key.clone(),
            });
        } else if given > section.max_chars as usize {
            gaps.push(FormGap::SectionTooLong {
                key: section.key.clone(),
                max: section.max_chars,
                given,
            });
        }
    }
    for document in documents {
        if !filed.contains_key(&document.key) {
            gaps.push(FormGap::MissingDocument {
                key: document.key.clone(),
            });
        }
    }
    gaps
}

/// Whether `key` can name a section or slot: lower-case letters, digits and hyphens.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY_CHARS
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A key made from a title, for a row whose key was left empty: "Region und Netzwerk" →
/// `region-und-netzwerk`. Umlauts are spelled out, other characters become hyphens.
pub fn key_from_title(title: &str) -> String {
    let mut key = String::new();
    for c in title.trim().to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => key.push(c),
            'ä' => key.push_str("ae"),
            'ö' => key.push_str("oe"),
            'ü' => key.push_str("ue"),
            'ß' => key.push_str("ss"),
            _ if !key.ends_with('-') && !key.is_empty() => key.push('-'),
            _ => {}
        }
    }
    let mut key: String = key.chars().take(MAX_KEY_CHARS).collect();
    while key.ends_with('-') {
        key.pop();
    }
    key
}

/// One reason a stage's form cannot run; sections and documents counted from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormProblem {
    TooManySections {
        max: usize,
        given: usize,
    },
    TooManyDocuments {
        max: usize,
        given: usize,
    },
    SectionWithoutTitle {
        section: usize,
    },
    DocumentWithoutTitle {
        document: usize,
    },
    /// A key that is not lower-case letters, digits and hyphens, or too long.
    InvalidKey {
        key: String,
    },
    /// Two sections, or two slots, with the same key.
    KeyTwice {
        key: String,
    },
    /// A section's length of zero, or above [`MAX_SECTION_CHARS`].
    SectionLength {
        key: String,
        max: u32,
    },
    /// A page limit of zero, or above [`MAX_PAGE_LIMIT`].
    PageLimit {
        key: String,
        max: u32,
    },
    /// The criterion a section or slot is scored against does not exist in the stage.
    NoSuchCriterion {
        key: String,
    },
    /// A title or guidance too long or over lines.
    BadText {
        key: String,
        problem: TextError,
    },
}

impl FormProblem {
    /// Whether even a draft set-up must keep to it: a count or a text's length.
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            Self::TooManySections { .. } | Self::TooManyDocuments { .. } | Self::BadText { .. }
        )
    }
}

/// Every problem of one stage's form, given how many criteria the stage has.
pub fn problems(
    sections: &[Section],
    documents: &[RequiredDocument],
    criteria: usize,
) -> Vec<FormProblem> {
    use FormProblem as P;
    let mut problems = Vec::new();
    if sections.len() > MAX_SECTIONS {
        problems.push(P::TooManySections {
            max: MAX_SECTIONS,
            given: sections.len(),
        });
    }
    if documents.len() > MAX_REQUIRED_DOCUMENTS {
        problems.push(P::TooManyDocuments {
            max: MAX_REQUIRED_DOCUMENTS,
            given: documents.len(),
        });
    }
    let common = |key: &str, title: &str, criterion: Option<usize>, seen: &mut Vec<String>| {
        let mut found = Vec::new();
        if !valid_key(key) {
            found.push(P::InvalidKey {
                key: key.to_owned(),
            });
        } else if seen.iter().any(|k| k == key) {
            found.push(P::KeyTwice {
                key: key.to_owned(),
            });
        }
        seen.push(key.to_owned());
        if let Err(problem) = check_line(title) {
            found.push(P::BadText {
                key: key.to_owned(),
                problem,
            });
        }
        if criterion.is_some_and(|c| c >= criteria) {
            found.push(P::NoSuchCriterion {
                key: key.to_owned(),
            });
        }
        found
    };
    let mut seen = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        if section.title.trim().is_empty() {
            problems.push(P::SectionWithoutTitle { section: i + 1 });
        }
        problems.extend(common(
            &section.key,
            &section.title,
            section.criterion,
            &mut seen,
        ));
        if let Err(problem) = check_text(&section.guidance) {
            problems.push(P::BadText {
                key: section.key.clone(),
                problem,
            });
        }
        if section.max_chars == 0 || section.max_chars > MAX_SECTION_CHARS {
            problems.push(P::SectionLength {
                key: section.key.clone(),
                max: MAX_SECTION_CHARS,
            });
        }
    }
    let mut seen = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        if document.title.trim().is_empty() {
            problems.push(P::DocumentWithoutTitle { document: i + 1 });
        }
        problems.extend(common(
            &document.key,
            &document.title,
            document.criterion,
            &mut seen,
        ));
        if document
            .page_limit
            .is_some_and(|p| p == 0 || p > MAX_PAGE_LIMIT)
        {
            problems.push(P::PageLimit {
                key: document.key.clone(),
                max: MAX_PAGE_LIMIT,
            });
        }
    }
    problems
}

/// The most characters one answer may hold while it is written: a draft may run over its
/// section's length (submission then names it), but not without bound.
pub const MAX_ANSWER_CHARS: usize = MAX_SECTION_CHARS as usize + MAX_TEXT_CHARS;

/// A stage's form as submission checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageForm {
    pub sections: Vec<Section>,
    pub documents: Vec<RequiredDocument>,
}

impl StageForm {
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    pub fn slot(&self, key: &str) -> Option<&RequiredDocument> {
        self.documents.iter().find(|d| d.key == key)
    }

    /// See [`gaps`].
    pub fn gaps(
        &self,
        answers: &BTreeMap<String, String>,
        filed: &BTreeMap<String, String>,
    ) -> Vec<FormGap> {
        gaps(&self.sections, &self.documents, answers, filed)
    }
}
