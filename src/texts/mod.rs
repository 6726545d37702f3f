//! Every text the Rust code shows a person, in German and English, in one place.
//!
//! A text is a [`Text`]: its German and its English side, both required to build it, so a text
//! in one language only cannot be written. Fixed texts are constants (`Text::new`), texts with
//! figures or names are functions that build both sides with `format!`. The domain returns
//! typed reasons (`ApplicationError`, `Ineligibility`, `AmountError`, `TechnologyField`, …); what
//! they mean for a person is said here, never there.
//! Page copy beside its markup stays in the templates as `c.t("…", "…")`.
//!
//! One file per kind: `refusals` (domain refusals), `labels` (names of domain values),
//! `explanations` (eligibility, upload and amount problems, fields and partner kinds), `audit`
//! (the audit log's sentences), `confirmations` (the staff's confirmation pages), `setup` (the
//! set-up form's labels), `setup_problems` (what a set-up lacks or has too much of); and one per area of the site for the handlers' own texts (flash
//! messages, headings, form refusals): `common` (error pages, forms, the public pages),
//! `accounts`, `applicants`, `staff`, `jury`.
//!
//! Mail is not here: each message is a template of its own (`templates/email/<message>/`),
//! German first and English in the same file, like a page's copy.
//!
//! `check_tests` holds the check: every entry in both languages, not empty, not identical
//! (outside a short allow-list), no stray whitespace; and no bilingual pair written in a handler
//! outside this module.

pub mod accessibility;
pub mod accounts;
pub mod api;
pub mod applicants;
pub mod audit;
pub mod circulars;
pub mod common;
pub mod confirmations;
pub mod consensus;
pub mod discussion;
pub mod evaluation_summary;
pub mod explanations;
pub mod financing;
pub mod financing_view;
pub mod formal_check;
pub mod jury;
pub mod labels;
pub mod mail_texts;
pub mod meeting;
pub mod personal_data;
pub mod placeholders;
pub mod redress;
pub mod refusals;
pub mod second_factor;
pub mod setup;
pub mod setup_problems;
pub mod staff;
pub mod stage_form;

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
}

impl<'a> Text<&'a str> {
    /// The side the language asks for.
    pub fn get(self, lang: Language) -> &'a str {
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

    pub fn into_pair(self) -> (&'a str, &'a str) {
        (self.de, self.en)
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

    pub fn borrowed(&self) -> Text<&str> {
        Text {
            de: &self.de,
            en: &self.en,
        }
    }

    /// Several texts as one, each language joined with `separator`.
    pub fn join(texts: impl IntoIterator<Item = Text<String>>, separator: &str) -> Self {
        let (de, en): (Vec<String>, Vec<String>) =
            texts.into_iter().map(Text::<String>::into_pair).unzip();
        Text {
            de: de.join(separator),
            en: en.join(separator),
        }
    }
}

impl From<Text<&str>> for Text<String> {
    fn from(text: Text<&str>) -> Self {
        text.owned()
    }
}

/// For the `match`es of `refusals` and `labels`, whose arms give both sides as a pair.
impl<S> From<(S, S)> for Text<S> {
    fn from((de, en): (S, S)) -> Self {
        Text { de, en }
    }
}
