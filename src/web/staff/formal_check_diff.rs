//! What a correction changed, for staff: each named part as lines in the reader's language,
//! and the lines removed and added between the state at the request and at the answer.

use similar::{ChangeTag, TextDiff};

use crate::domain::financing::PledgeAmount;
use crate::domain::formal_check::PartValue;
use crate::texts::{explanations, financing, formal_check as words, labels};
use crate::web::chrome::Chrome;

/// One line of a comparison.
pub struct DiffLine {
    /// `same`, `removed` or `added`: the line's class on the page.
    pub kind: &'static str,
    pub text: String,
}

/// The lines of `before` and `after` with what was removed and added marked.
pub fn compare(c: &Chrome, before: &PartValue, after: &PartValue) -> Vec<DiffLine> {
    // Every line ends in a line break, so that the last line compares like any other.
    let ended = |value| {
        lines(c, value)
            .into_iter()
            .map(|l| l + "\n")
            .collect::<String>()
    };
    let (old, new) = (ended(before), ended(after));
    // A text whose every line differs makes the comparison slow: after a moment it settles for
    // a coarser one.
    TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_lines(&old, &new)
        .iter_all_changes()
        .map(|change| DiffLine {
            kind: match change.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Delete => "removed",
                ChangeTag::Insert => "added",
            },
            text: change.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

/// A part's content as lines a person reads; an empty part is one dash.
pub fn lines(c: &Chrome, value: &PartValue) -> Vec<String> {
    let money = |amount| labels::money(amount, c.lang);
    let lines: Vec<String> = match value {
        PartValue::Details {
            title,
            summary,
            field,
        } => {
            let mut lines = vec![format!("{}: {title}", c.text(words::TITLE))];
            lines.extend(summary.lines().map(str::to_owned));
            if let Some(field) = field {
                lines.push(format!(
                    "{}: {}",
                    c.text(words::FIELD),
                    c.text(explanations::field(*field))
                ));
            }
            lines
        }
        PartValue::Text(text) => text.lines().map(str::to_owned).collect(),
        PartValue::Document(document) => document
            .iter()
            .map(|d| format!("{} ({} KB)", d.file_name, d.size.div_ceil(1024)))
            .collect(),
        PartValue::Documents(documents) => documents
            .iter()
            .map(|d| format!("{} ({} KB)", d.file_name, d.size.div_ceil(1024)))
            .collect(),
        PartValue::Partners(partners) => partners
            .iter()
            .map(|p| {
                format!(
                    "{} ({}, {})",
                    p.name,
                    c.text(explanations::partner_kind(p.kind)),
                    p.land.name()
                )
            })
            .collect(),
        PartValue::Term(term) => term
            .iter()
            .map(|t| {
                format!(
                    "{:02}/{}, {} {}",
                    t.start_month,
                    t.start_year,
                    t.months,
                    c.text(words::MONTHS)
                )
            })
            .collect(),
        PartValue::Plan(plan) => plan
            .iter()
            .flat_map(|p| p.years.iter())
            .map(|(year, line)| {
                format!(
                    "{year}: {} {}, {} {}, {} {}",
                    c.text(words::COSTS),
                    money(line.costs),
                    c.text(words::REQUESTED),
                    money(line.requested),
                    c.text(words::OWN_SHARE),
                    money(line.own)
                )
            })
            .collect(),
        PartValue::Pledges(pledges) => pledges
            .iter()
            .map(|p| {
                let amount = match &p.amount {
                    PledgeAmount::Total(total) => money(*total),
                    PledgeAmount::PerYear(years) => years
                        .iter()
                        .map(|(year, amount)| format!("{year}: {}", money(*amount)))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                let letter = p
                    .letter
                    .as_ref()
                    .map(|l| format!(", {}", l.file_name))
                    .unwrap_or_default();
                format!(
                    "{} ({}): {amount}{letter}",
                    p.organisation,
                    c.text(financing::source(p.source))
                )
            })
            .collect(),
    };
    if lines.is_empty() {
        vec!["–".to_owned()]
    } else {
        lines
    }
}
