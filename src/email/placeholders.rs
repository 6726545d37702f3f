//! Texts staff write for mail, with placeholders filled per recipient: a circular's subject
//! and body, a competition's own wording of one of the system's messages. `{{ titel }}` names a
//! placeholder; conditions such as `{% if grund %}…{% endif %}` are allowed. Each use offers its
//! own placeholders, and a text is refused when it names any other one (functions such as
//! `range` count as names and are not offered), does not parse, or is
//! longer than its limit, so a text that was accepted always fills.
//!
//! The language is MiniJinja's (Jinja2), rendered with strict undefined values (a misspelt
//! placeholder is an error, never an empty gap), no escaping (the plain-text part is the text;
//! the HTML part escapes the filled text as a whole), and a bound on the work one text may do.

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior};

/// A subject: one line, as mail programs show it.
pub const MAX_SUBJECT_CHARS: usize = 200;
/// A body: several pages of a letter, far below what one message may carry.
pub const MAX_BODY_CHARS: usize = 20_000;
/// The operations one text may take to fill: enough for any letter with conditions, and a stop
/// to a loop that would run for long.
const FUEL: u64 = 50_000;
/// What one filled text may grow to (a loop can repeat text).
const MAX_FILLED_CHARS: usize = 4 * MAX_BODY_CHARS;

/// Why a text is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceholderProblem {
    #[error("the text is empty")]
    Empty,
    #[error("the text may hold at most {max} characters, not {given}")]
    TooLong { max: usize, given: usize },
    #[error("a subject is one line")]
    LineBreak,
    /// The text does not parse: an unclosed `{{`, an unknown tag. `line` counts from 1.
    #[error("line {line}: {detail}")]
    Syntax { line: usize, detail: String },
    /// Placeholders this use does not offer, in the order of their names.
    #[error("unknown placeholders: {}", .0.join(", "))]
    Unknown(Vec<String>),
    /// The text parsed but could not be filled (a filter applied to the wrong kind of value,
    /// a loop that runs too long).
    #[error("the text cannot be filled: {0}")]
    Unfillable(String),
}

/// Where a text goes, which sets its length and whether it may break lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Subject,
    Body,
}

impl Part {
    pub fn max_chars(self) -> usize {
        match self {
            Part::Subject => MAX_SUBJECT_CHARS,
            Part::Body => MAX_BODY_CHARS,
        }
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_keep_trailing_newline(true);
    env
}

/// Checks a text for `part` that may use the placeholders `offered`; filling it afterwards with
/// values for all of them cannot fail for want of a value.
pub fn check(source: &str, part: Part, offered: &[&str]) -> Result<(), PlaceholderProblem> {
    if source.trim().is_empty() {
        return Err(PlaceholderProblem::Empty);
    }
    let given = source.chars().count();
    if given > part.max_chars() {
        return Err(PlaceholderProblem::TooLong {
            max: part.max_chars(),
            given,
        });
    }
    if part == Part::Subject && source.contains(['\r', '\n']) {
        return Err(PlaceholderProblem::LineBreak);
    }
    let env = environment();
    let template = env.template_from_str(source).map_err(syntax)?;
    let mut unknown: Vec<String> = template
        .undeclared_variables(false)
        .into_iter()
        .filter(|name| !offered.contains(&name.as_str()))
        .collect();
    if !unknown.is_empty() {
        unknown.sort();
        return Err(PlaceholderProblem::Unknown(unknown));
    }
    // A trial fill with sample values finds what only shows when filling (a filter misused).
    let sample: BTreeMap<&str, String> = offered.iter().map(|n| (*n, (*n).to_owned())).collect();
    fill(source, &sample).map(|_| ())
}

/// The text with its placeholders filled from `values`.
pub fn fill(source: &str, values: &BTreeMap<&str, String>) -> Result<String, PlaceholderProblem> {
    let env = environment();
    let template = env.template_from_str(source).map_err(syntax)?;
    let filled = template
        .render(values)
        .map_err(|e| PlaceholderProblem::Unfillable(detail(&e)))?;
    if filled.chars().count() > MAX_FILLED_CHARS {
        return Err(PlaceholderProblem::TooLong {
            max: MAX_FILLED_CHARS,
            given: filled.chars().count(),
        });
    }
    Ok(filled)
}

fn syntax(error: minijinja::Error) -> PlaceholderProblem {
    PlaceholderProblem::Syntax {
        line: error.line().unwrap_or(1),
        detail: detail(&error),
    }
}

/// The error's own description, without the template's name ("<string>") it adds.
fn detail(error: &minijinja::Error) -> String {
    error
        .detail()
        .map(str::to_owned)
        .unwrap_or_else(|| error.kind().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERED: &[&str] = &["anrede", "titel", "frist"];

    fn values() -> BTreeMap<&'static str, String> {
        BTreeMap::from([
            ("anrede", "Guten Tag, Jana Muster,".to_owned()),
            ("titel", "Photonik Jena".to_owned()),
            ("frist", "31.03.2027, 12:00 Uhr".to_owned()),
        ])
    }

    #[test]
    fn placeholders_are_filled_per_recipient() {
        let text = "{{ anrede }}\n\nIhr Antrag „{{titel}}“ fehlt bis {{ frist }}.\n";
        check(text, Part::Body, OFFERED).unwrap();
        assert_eq!(
            fill(text, &values()).unwrap(),
            "Guten Tag, Jana Muster,\n\nIhr Antrag „Photonik Jena“ fehlt bis 31.03.2027, 12:00 Uhr.\n"
        );
    }

    #[test]
    fn values_are_not_escaped_in_the_text_part() {
        let mut values = values();
        values.insert("titel", "R&D <Netz> \"Ost\"".to_owned());
        assert_eq!(fill("{{ titel }}", &values).unwrap(), "R&D <Netz> \"Ost\"");
    }

    #[test]
    fn a_condition_may_leave_out_a_paragraph() {
        let text = "{% if frist %}Frist: {{ frist }}{% endif %}";
        check(text, Part::Body, OFFERED).unwrap();
        let mut values = values();
        values.insert("frist", String::new());
        assert_eq!(fill(text, &values).unwrap(), "");
    }

    #[test]
    fn an_unknown_placeholder_is_refused_by_name() {
        assert_eq!(
            check("{{ anrede }} {{ betrag }} {{ Titel }}", Part::Body, OFFERED),
            Err(PlaceholderProblem::Unknown(vec![
                "Titel".to_owned(),
                "betrag".to_owned()
            ]))
        );
    }

    #[test]
    fn a_broken_template_is_refused_with_its_line() {
        let problem = check("Zeile eins\n{{ titel", Part::Body, OFFERED).unwrap_err();
        assert!(
            matches!(problem, PlaceholderProblem::Syntax { line: 2, .. }),
            "{problem:?}"
        );
        let tag = check("{% frobnicate %}", Part::Body, OFFERED).unwrap_err();
        assert!(matches!(tag, PlaceholderProblem::Syntax { .. }), "{tag:?}");
    }

    #[test]
    fn a_misused_filter_is_refused_before_it_is_saved() {
        let problem = check("{{ titel | nosuchfilter }}", Part::Body, OFFERED).unwrap_err();
        assert!(
            matches!(
                problem,
                PlaceholderProblem::Syntax { .. } | PlaceholderProblem::Unfillable(_)
            ),
            "{problem:?}"
        );
    }

    #[test]
    fn functions_are_not_placeholders() {
        assert_eq!(
            check("{% for i in range(10) %}x{% endfor %}", Part::Body, OFFERED),
            Err(PlaceholderProblem::Unknown(vec!["range".to_owned()]))
        );
    }

    #[test]
    fn a_loop_that_runs_too_long_is_stopped() {
        let text = "{% for a in titel %}{% for b in titel %}{% for c in titel %}x{% endfor %}{% endfor %}{% endfor %}";
        check(text, Part::Body, OFFERED).unwrap();
        let mut values = values();
        values.insert("titel", "y".repeat(1_000));
        let result = fill(text, &values);
        assert!(
            matches!(result, Err(PlaceholderProblem::Unfillable(_))),
            "{result:?}"
        );
    }

    #[test]
    fn limits_of_length_and_lines() {
        assert_eq!(
            check("  ", Part::Subject, OFFERED),
            Err(PlaceholderProblem::Empty)
        );
        assert_eq!(
            check("Betreff\nZweite Zeile", Part::Subject, OFFERED),
            Err(PlaceholderProblem::LineBreak)
        );
        let long = "x".repeat(MAX_SUBJECT_CHARS + 1);
        assert_eq!(
            check(&long, Part::Subject, OFFERED),
            Err(PlaceholderProblem::TooLong {
                max: MAX_SUBJECT_CHARS,
                given: MAX_SUBJECT_CHARS + 1
            })
        );
        check(&"x".repeat(MAX_BODY_CHARS), Part::Body, OFFERED).unwrap();
    }
}
