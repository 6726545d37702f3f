//! Reasons shown beside form fields, and the checks every form shares.

use std::collections::BTreeMap;

use super::chrome::Chrome;
use crate::security::password;
use crate::texts;

/// Field name → reason, in the page's language.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All reasons for a field, joined; for the template.
    pub fn get(&self, field: &str) -> Option<String> {
        self.0.get(field).map(|m| m.join(" "))
    }

    /// `aria-invalid` for a field.
    pub fn invalid(&self, field: &str) -> &'static str {
        if self.0.contains_key(field) {
            "true"
        } else {
            "false"
        }
    }

    /// `aria-invalid` and `aria-describedby` for a field's input, pointing at its reason when
    /// there is one. Field names are literals of the templates, so the text is safe as is.
    pub fn aria(&self, field: &str) -> String {
        if self.0.contains_key(field) {
            format!(r#"aria-invalid="true" aria-describedby="{field}-error""#)
        } else {
            String::new()
        }
    }

    /// Like `aria`, for an input that also has a hint.
    pub fn aria_with(&self, field: &str, hint: &str) -> String {
        if self.0.contains_key(field) {
            format!(r#"aria-invalid="true" aria-describedby="{hint} {field}-error""#)
        } else {
            format!(r#"aria-describedby="{hint}""#)
        }
    }

    pub fn all(&self) -> impl Iterator<Item = (&String, &Vec<String>)> {
        self.0.iter()
    }
}

/// A name or title checked against the domain's rule (`domain/text.rs`) before anything is
/// done, its reason beside the field.
/// A search field's text as searched: trimmed, and at most this many characters (no title or
/// name is longer), so that a long query costs nothing.
pub const MAX_SEARCH_CHARS: usize = 200;

pub fn search_text(typed: &str) -> String {
    typed.trim().chars().take(MAX_SEARCH_CHARS).collect()
}

pub fn check_line(c: &Chrome, field: &str, value: &str, errors: &mut FieldErrors) {
    text_reason(c, field, crate::domain::text::check_line(value), errors);
}

/// Like [`check_line`], for a text of several lines.
pub fn check_text(c: &Chrome, field: &str, value: &str, errors: &mut FieldErrors) {
    text_reason(c, field, crate::domain::text::check_text(value), errors);
}

fn text_reason(
    c: &Chrome,
    field: &str,
    checked: Result<(), crate::domain::text::TextError>,
    errors: &mut FieldErrors,
) {
    if let Err(problem) = checked {
        errors.add(field, c.say(crate::texts::refusals::text(&problem)));
    }
}

/// A new password: long enough, and typed the same twice.
pub fn check_new_password(c: &Chrome, password: &str, repeat: &str, errors: &mut FieldErrors) {
    if let Some((de, en)) = password::weakness(password) {
        errors.add("password", c.t(de, en));
    } else if password != repeat {
        errors.add(
            "password_repeat",
            c.text(texts::common::PASSWORDS_DO_NOT_MATCH),
        );
    }
}

/// Only paths on this site: `/antraege`, not `//evil.example` or `https://…`.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    // Browsers drop tabs and newlines and read `\` as `/`, so `/\t/evil.example` would leave.
    let plain = !next
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    let local = plain && next.starts_with('/') && !next.starts_with("//");
    local.then(|| next.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/antraege")), Some("/antraege".into()));
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(None), None);
        assert_eq!(safe_next(Some("/\t/evil.example")), None);
        assert_eq!(
            safe_next(Some("/%09/x")),
            Some("/%09/x".into()),
            "encoded stays a path"
        );
    }
}
