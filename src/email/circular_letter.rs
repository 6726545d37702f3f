//! A circular as one recipient reads it: the subject and text with the placeholders filled
//! from their values, the programme's signoff beneath, and an HTML part that escapes the filled
//! text, so nothing staff or a recipient's data wrote becomes markup. The compose page's
//! preview and the message in the outbox are made here alike.

use std::collections::BTreeMap;

use askama::Template;

use super::placeholders::{PlaceholderProblem, fill};
use super::signoff::Signoff;
use crate::domain::account::Language;
use crate::domain::circular::{PLACEHOLDERS, Recipient};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Template)]
#[template(path = "email/circular/body.html")]
struct Html<'a> {
    language: Language,
    subject: &'a str,
    /// The filled text split at blank lines; the template escapes each.
    paragraphs: Vec<&'a str>,
    signoff: &'a str,
}

/// Why a letter could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LetterError {
    #[error("the subject cannot be filled: {0}")]
    Subject(PlaceholderProblem),
    #[error("the text cannot be filled: {0}")]
    Body(PlaceholderProblem),
    #[error("the message cannot be rendered: {0}")]
    Render(String),
}

pub fn letter(
    subject: &str,
    body: &str,
    recipient: &Recipient,
    signoff: &Signoff,
) -> Result<Letter, LetterError> {
    // Every placeholder has a value, empty where the recipient's has none.
    let values: BTreeMap<&str, String> = PLACEHOLDERS
        .iter()
        .map(|name| {
            let value = recipient.values.get(*name).cloned().unwrap_or_default();
            (*name, value)
        })
        .collect();
    let subject = fill(subject, &values).map_err(LetterError::Subject)?;
    // A subject is one line even when a value held a line break.
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = fill(body, &values).map_err(LetterError::Body)?;
    let body = body.trim_end();
    let paragraphs = body
        .split("\n\n")
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.trim().is_empty())
        .collect();
    let html = Html {
        language: recipient.language,
        subject: &subject,
        paragraphs,
        signoff: &signoff.html,
    }
    .render()
    .map_err(|e| LetterError::Render(e.to_string()))?;
    Ok(Letter {
        text: format!("{body}\n\n{}", signoff.text),
        html,
        subject,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::email_address::EmailAddress;

    fn recipient() -> Recipient {
        Recipient {
            email: EmailAddress::parse("jana@uni-jena.de").unwrap(),
            language: Language::De,
            name: "Jana Muster".into(),
            values: BTreeMap::from([
                ("anrede".to_owned(), "Guten Tag, Jana Muster,".to_owned()),
                ("titel".to_owned(), "Photonik <Jena> & Co".to_owned()),
            ]),
        }
    }

    #[test]
    fn the_letter_fills_the_placeholders_and_escapes_them_in_html() {
        let signoff = Signoff {
            text: "Mit freundlichen Grüßen".into(),
            html: "<p>Mit freundlichen Grüßen</p>".into(),
        };
        let letter = letter(
            "Ihr Antrag {{ titel }}",
            "{{ anrede }}\n\nzu „{{ titel }}“ bis {{ frist }}.\n",
            &recipient(),
            &signoff,
        )
        .unwrap();
        assert_eq!(letter.subject, "Ihr Antrag Photonik <Jena> & Co");
        assert_eq!(
            letter.text,
            "Guten Tag, Jana Muster,\n\nzu „Photonik <Jena> & Co“ bis .\n\nMit freundlichen Grüßen"
        );
        assert!(
            letter.html.contains("Photonik &#60;Jena&#62; &#38; Co"),
            "{}",
            letter.html
        );
        assert!(!letter.html.contains("<Jena>"), "{}", letter.html);
        assert!(letter.html.contains("<p>Mit freundlichen Grüßen</p>"));
    }
}
