//! Every text the Rust code shows a person, in German and English, in one place.
//!
//! A text is a [`Text`]: its German and its English side, both required to build it, so a text
//! in one language only cannot be written. Fixed texts are constants (`Text::new`), texts with
//! figures or names are functions that build both sides with `format!`. The domain returns
//! typed reasons (`ApplicationError`, `Ineligibility`, `TechnologyField`, …); what they mean for a
//! person is said here, never there. Page copy beside its markup stays in the templates as
//! `c.t("…", "…")`.
//!
//! One file per kind: `refusals` (domain refusals), `labels` (names of domain values),
//! `explanations` (eligibility and upload problems, fields and partner kinds), `audit` (the audit
//! log's sentences), `confirmations` (the staff's confirmation pages); and one per area of the site for the handlers' own texts (flash messages,
//! headings, confirmations, form refusals): `common` (error pages, forms, the public pages),
//! `accounts`, `applicants`, `staff`, `jury`.
//!
//! `check_tests` holds the check: every entry in both languages, not empty, not identical
//! (outside a short allow-list), no stray whitespace; and no bilingual pair written in a handler
//! outside this module.

pub mod accounts;
pub mod applicants;
pub mod audit;
pub mod common;
pub mod confirmations;

pub mod explanations;
pub mod labels;
pub mod refusals;
pub mod staff;

#[cfg(test)]
mod check_tests;

use crate::domain::account::Language;

/// One text in German and English. `Text` (the default) holds fixed texts and is a constant;
/// `Text<String>` holds a text built at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Text<S = &'static str> {
    pub de: S,
    pub en: S,
}

impl Text {
    pub const fn new(de: &'static str, en: &'static str) -> Self {
        Text { de, en }
    }

    /// The side the language asks for.
    pub fn get(self, lang: Language) -> &'static str {
        match lang {
            Language::De => self.de,
            Language::En => self.en,
        }
    }

    pub fn owned(self) -> Text<String> {
        Text {
            de: self.de.to_owned(),
            en: self.en.to_owned(),
        }
    }
}

impl Text<String> {
    /// The side the language asks for.
    pub fn into_lang(self, lang: Language) -> String {
        match lang {
            Language::De => self.de,
            Language::En => self.en,
        }
    }

    pub fn into_pair(self) -> (String, String) {
        (self.de, self.en)
    }

    /// Several texts as one, each language joined with `separator`.
    pub fn join(texts: impl IntoIterator<Item = Text<String>>, separator: &str) -> Self {
        let (de, en): (Vec<String>, Vec<String>) = texts.into_iter().map(Text::into_pair).unzip();
        Text {
            de: de.join(separator),
            en: en.join(separator),
        }
    }
}

impl From<Text> for Text<String> {
    fn from(text: Text) -> Self {
        text.owned()
    }
}

/// For the `match`es of `refusals`, whose arms give both sides as a pair.
impl From<(String, String)> for Text<String> {
    fn from((de, en): (String, String)) -> Self {
        Text { de, en }
    }
}
