//! A competition's own text of a message, made into the message: subject and body filled with
//! the message's values, the programme's signoff appended, and the HTML part made from the
//! filled text (escaped, in paragraphs). And the other way round: the built-in wording of a kind
//! as a text with placeholders, where the editor starts.

use std::collections::BTreeMap;

use askama::Template;

use super::mail_kinds::{Branch, MailKind};
use super::placeholders::{PlaceholderProblem, fill};
use super::signoff::Signoff;
use super::templates::{ApplicationMail, render};
use crate::domain::account::Language;
use crate::domain::mail_texts::OwnText;

/// The result's scores and evaluation summary as the built-in result text shows them: what
/// the placeholder `bewertungsbericht` stands for.
#[derive(Template)]
#[template(path = "email/result-details.txt")]
struct Details<'a> {
    m: &'a ApplicationMail,
}

pub fn details(mail: &ApplicationMail) -> Result<String, askama::Error> {
    Ok(Details { m: mail }.render()?.trim().to_owned())
}

/// Subject, plain text and HTML of the message in the competition's own words.
pub fn worded(
    own: &OwnText,
    values: &BTreeMap<&str, String>,
    signoff: &Signoff,
    language: Language,
) -> Result<(String, String, String), PlaceholderProblem> {
    // A value may hold a line break; a subject stays one line.
    let subject = fill(&own.subject, values)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let body = fill(&own.body, values)?;
    let body = body.trim();
    let text = format!("{body}\n\n{}", signoff.text);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n{}{}\n</body>\n</html>\n",
        language.code(),
        escape(&subject),
        paragraphs(body),
        signoff.html
    );
    Ok((subject, text, html))
}

/// Paragraphs at blank lines, line breaks within; a paragraph that is a web address alone
/// becomes its link.
pub fn paragraphs(text: &str) -> String {
    let mut html = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let is_link = (paragraph.starts_with("https://") || paragraph.starts_with("http://"))
            && !paragraph.contains(char::is_whitespace);
        if is_link {
            let href = escape(paragraph);
            html.push_str(&format!("<p><a href=\"{href}\">{href}</a></p>\n"));
        } else {
            let lines: Vec<String> = paragraph.lines().map(escape).collect();
            html.push_str(&format!("<p>{}</p>\n", lines.join("<br>\n")));
        }
    }
    html
}

pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A place on the reserve list is a number in the built-in text; rendered as this one, it is
/// then replaced by its placeholder.
const PLACE_STANDIN: u32 = 987_654_321;

/// The built-in subject and body of `kind` in `language`, with a placeholder wherever the
/// message's values go, and without the signoff (which every message gets anyway).
pub fn default_text(kind: &MailKind, language: Language) -> Result<(String, String), String> {
    let slot = |name: &str| format!("{{{{ {name} }}}}");
    let offers = |name: &str| kind.placeholders.iter().any(|p| p.name == name);
    let value = |name: &str| {
        if offers(name) {
            slot(name)
        } else {
            String::new()
        }
    };
    let mail = ApplicationMail {
        language,
        salutation: value("anrede"),
        link: value("link"),
        next_stage: value("naechste_stufe"),
        next_deadline: value("naechste_frist"),
        signoff: Signoff::default(),
        title: value("titel"),
        competition: value("wettbewerb"),
        at: value("zeitpunkt"),
        partners: Vec::new(),
        documents: Vec::new(),
        // A rejection's reason, or the reason of an answer to a request for review.
        reason: if offers("grund") {
            value("grund")
        } else if offers("schreiben") {
            value("schreiben")
        } else {
            value("begruendung")
        },
        positive: kind.branch == Branch::Positive,
        submitted: false,
        reserve: if offers("platz") { PLACE_STANDIN } else { 0 },
        amount: value("betrag"),
        stage: value("stufe"),
        deadline: value("frist"),
        score: String::new(),
        criterion_scores: Vec::new(),
        grounds: value("gruende"),
        outcome: value("ergebnis"),
        summary: crate::texts::evaluation_summary::Rendered {
            unavailable: value("bewertungsbericht"),
            ..Default::default()
        },
        parts: if offers("teile") {
            vec![value("teile")]
        } else {
            Vec::new()
        },
    };
    let (subject, text, _) = render(kind.template, &mail).map_err(|e| e.to_string())?;
    let place = PLACE_STANDIN.to_string();
    // The parts' value brings its own dashes.
    let mut body = text
        .trim()
        .replace(&place, &slot("platz"))
        .replace(&format!("- {}", slot("teile")), &slot("teile"));
    // Branches left out leave blank lines behind: one between paragraphs is enough.
    while body.contains("\n\n\n") {
        body = body.replace("\n\n\n", "\n\n");
    }
    Ok((subject.replace(&place, &slot("platz")), body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::email::mail_kinds::{KINDS, values};
    use crate::email::placeholders::{Part, check};

    #[test]
    fn every_kind_starts_from_its_built_in_wording_with_only_the_placeholders_it_offers() {
        for kind in KINDS {
            for language in [Language::De, Language::En] {
                let (subject, body) = default_text(kind, language).unwrap();
                check(&subject, Part::Subject, &kind.offered())
                    .unwrap_or_else(|e| panic!("{} {language:?}: {e}: {subject}", kind.name));
                check(&body, Part::Body, &kind.offered())
                    .unwrap_or_else(|e| panic!("{} {language:?}: {e}: {body}", kind.name));
                assert!(body.contains("{{ anrede }}"), "{}: {body}", kind.name);
                assert!(!body.contains(&PLACE_STANDIN.to_string()), "{body}");
            }
        }
        let shortlisted = crate::email::mail_kinds::kind("result-shortlisted").unwrap();
        let (_, body) = default_text(shortlisted, Language::De).unwrap();
        assert!(body.contains("wurde ausgewählt"), "{body}");
        assert!(body.contains("{{ bewertungsbericht }}"), "{body}");
        let not = crate::email::mail_kinds::kind("result-not-shortlisted").unwrap();
        let (_, body) = default_text(not, Language::En).unwrap();
        assert!(body.contains("has not been shortlisted"), "{body}");
    }

    #[test]
    fn every_placeholder_of_every_kind_has_a_value() {
        let mail = ApplicationMail {
            language: Language::De,
            salutation: String::new(),
            link: String::new(),
            next_stage: String::new(),
            next_deadline: String::new(),
            signoff: Signoff::default(),
            title: String::new(),
            competition: String::new(),
            at: String::new(),
            partners: Vec::new(),
            documents: Vec::new(),
            reason: String::new(),
            positive: false,
            submitted: false,
            reserve: 0,
            amount: String::new(),
            stage: String::new(),
            deadline: String::new(),
            score: String::new(),
            criterion_scores: Vec::new(),
            grounds: String::new(),
            outcome: String::new(),
            summary: Default::default(),
            parts: Vec::new(),
        };
        let values = values(&mail, String::new());
        for kind in KINDS {
            for p in kind.placeholders {
                assert!(
                    values.contains_key(p.name),
                    "{} lacks {}",
                    kind.name,
                    p.name
                );
            }
        }
    }

    #[test]
    fn the_html_part_escapes_the_filled_text_in_paragraphs() {
        let own = OwnText {
            kind: "rejection".into(),
            language: Language::De,
            subject: "Ablehnung: {{ titel }}".into(),
            body: "{{ anrede }}\n\nIhr Antrag {{ titel }}\nist abgelehnt.\n\n{{ link }}\n".into(),
            at: chrono::Utc::now(),
        };
        let values = BTreeMap::from([
            ("anrede", "Guten Tag, Anna,".to_owned()),
            ("titel", "R&D <Ost>".to_owned()),
            ("link", "https://wettbewerb.example/antraege/1".to_owned()),
        ]);
        let signoff = Signoff {
            text: "Mit freundlichen Grüßen".into(),
            html: "<p>Mit freundlichen Grüßen</p>".into(),
        };
        let (subject, text, html) = worded(&own, &values, &signoff, Language::De).unwrap();
        assert_eq!(subject, "Ablehnung: R&D <Ost>");
        assert!(text.starts_with("Guten Tag, Anna,\n\nIhr Antrag R&D <Ost>\nist abgelehnt."));
        assert!(text.ends_with("\n\nMit freundlichen Grüßen"), "{text}");
        assert!(
            html.contains("<p>Ihr Antrag R&amp;D &lt;Ost&gt;<br>\nist abgelehnt.</p>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://wettbewerb.example/antraege/1\">"),
            "{html}"
        );
        assert!(html.contains("<p>Mit freundlichen Grüßen</p>"), "{html}");
    }
}
