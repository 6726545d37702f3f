//! The check that every text exists in German and English.
//!
//! It reads the sources: every pair written as `Text::new("…", "…")` or as a tuple `("…", "…")`
//! in this module, and every `c.t("…", "…")` in the templates. A pair built with `format!` is
//! not read; the functions that build them are tested with their figures where they matter. A side may not be empty, the two sides may not be the same (unless the
//! word is on `SAME_IN_BOTH`), and no side may begin or end with a space or hold two in a row.
//! Outside `src/texts/` no handler may write a pair of its own: its texts live here.

use std::path::{Path, PathBuf};

use super::{Text, explanations, labels, setup_problems};
use crate::domain::field::TechnologyField;
use crate::domain::partner::PartnerKind;
use crate::domain::setup::{Deadline, SetupProblem};
use crate::domain::setup_limits::{Counted, SetupText};

/// Words that are the same in both languages.
const SAME_IN_BOTH: &[&str] = &[
    "Budget",
    "Code",
    "Jury",
    "Land",
    "Name",
    "Name (optional)",
    "Position",
    "Status",
    "System",
];

/// Calls whose two literal arguments are a German and an English text.
const PAIR_CALLS: &[&str] = &[
    "t",
    "ts",
    "Text::new",
    "pair",
    "unprocessable",
    "bad_request",
    "flash",
];

/// What is wrong with a pair, if anything.
fn problem(de: &str, en: &str) -> Option<String> {
    let stray = |s: &str| s.trim() != s || s.contains("  ");
    if de.trim().is_empty() || en.trim().is_empty() {
        Some("a side is empty".into())
    } else if de == en && !SAME_IN_BOTH.contains(&de) {
        Some("both sides are the same".into())
    } else if stray(de) || stray(en) {
        Some("stray whitespace".into())
    } else {
        None
    }
}

#[derive(Debug)]
struct Pair {
    at: String,
    call: String,
    de: String,
    en: String,
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Punct(char),
}

/// The source as words, string literals (unescaped) and punctuation; comments left out.
fn tokens(source: &str, html: bool) -> Vec<(usize, Token)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if !html && c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if html && c == '{' && next == Some('#') {
            while i + 1 < chars.len() && !(chars[i] == '#' && chars[i + 1] == '}') {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += 2;
        } else if c == '"' {
            let start = line;
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                    match chars[i] {
                        'n' => text.push('\n'),
                        't' => text.push('\t'),
                        '\n' => {
                            // A line continuation: the break and the next line's indent go.
                            line += 1;
                            while i + 1 < chars.len() && chars[i + 1].is_whitespace() {
                                line += usize::from(chars[i + 1] == '\n');
                                i += 1;
                            }
                        }
                        other => text.push(other),
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    text.push(chars[i]);
                }
                i += 1;
            }
            i += 1;
            out.push((start, Token::Text(text)));
        } else if c == '\'' && !html {
            // A char literal or a lifetime: skip it, so that '"' does not open a string.
            if next == Some('\\') {
                i += 4;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let mut word = String::new();
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                word.push(chars[i]);
                i += 1;
            }
            out.push((line, Token::Word(word)));
        } else {
            if !c.is_whitespace() {
                out.push((line, Token::Punct(c)));
            }
            i += 1;
        }
    }
    out
}

/// The name of the call whose argument list holds the token at `at`, as `t` or `Text::new`;
/// empty for a tuple.
fn call_of(tokens: &[(usize, Token)], at: usize) -> String {
    let mut depth = 0usize;
    let mut i = at;
    while i > 0 {
        i -= 1;
        match tokens[i].1 {
            Token::Punct(')') => depth += 1,
            Token::Punct('(') if depth == 0 => break,
            Token::Punct('(') => depth -= 1,
            _ => {}
        }
    }
    let word = |back: usize| i.checked_sub(back).map(|j| &tokens[j].1);
    match word(1) {
        Some(Token::Word(w))
            if w == "new"
                && word(2) == Some(&Token::Punct(':'))
                && word(4) == Some(&Token::Word("Text".into())) =>
        {
            "Text::new".to_owned()
        }
        Some(Token::Word(w)) => w.clone(),
        _ => String::new(),
    }
}

/// Two texts that end an argument list, `name(…, "…", "…")`, for the calls of `PAIR_CALLS`;
/// with `tuples` also every `("…", "…")`.
fn pairs(file: &Path, tuples: bool) -> Vec<Pair> {
    let source = std::fs::read_to_string(file).unwrap_or_default();
    let html = file.extension().is_some_and(|e| e == "html");
    let tokens = tokens(&source, html);
    let mut found = Vec::new();
    for (i, window) in tokens.windows(6).enumerate().skip(1) {
        let [
            (line, Token::Text(de)),
            (_, Token::Punct(',')),
            (_, Token::Text(en)),
            (_, next),
            (_, after),
            ..,
        ] = window
        else {
            continue;
        };
        let closed = *next == Token::Punct(')')
            || (*next == Token::Punct(',') && *after == Token::Punct(')'));
        let opened = tokens[i - 1].1 == Token::Punct('(');
        if !closed || !(opened || tokens[i - 1].1 == Token::Punct(',')) {
            continue;
        }
        let call = call_of(&tokens, i);
        let is_pair = PAIR_CALLS.contains(&call.as_str()) && (opened || call == "flash");
        if is_pair || (tuples && opened && call.is_empty()) {
            found.push(Pair {
                at: format!("{}:{line}", file.display()),
                call,
                de: de.clone(),
                en: en.clone(),
            });
        }
    }
    found
}

fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut open = vec![dir.to_path_buf()];
    while let Some(dir) = open.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                open.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn is_texts(file: &Path) -> bool {
    file.starts_with(root().join("src/texts"))
}

fn bad(pairs: &[Pair]) -> Vec<String> {
    pairs
        .iter()
        .filter_map(|p| {
            problem(&p.de, &p.en).map(|why| format!("{}: {why}: {:?} / {:?}", p.at, p.de, p.en))
        })
        .collect()
}

#[test]
fn every_text_of_the_catalogue_and_the_templates_is_written_in_german_and_english() {
    let mut found = Vec::new();
    for file in files(&root().join("src/texts"), "rs") {
        if !file.ends_with("check_tests.rs") {
            found.extend(pairs(&file, true));
        }
    }
    for file in files(&root().join("templates"), "html") {
        found.extend(pairs(&file, false));
    }
    // The scan finds the catalogue: a failing scanner finds nothing and would pass.
    assert!(found.len() > 700, "only {} pairs found", found.len());
    let bad = bad(&found);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn no_handler_writes_a_text_pair_of_its_own() {
    let mut found = Vec::new();
    for file in files(&root().join("src"), "rs") {
        if !is_texts(&file) {
            found.extend(pairs(&file, false));
        }
    }
    let outside: Vec<String> = found
        .iter()
        .map(|p| format!("{}: {}({:?}, {:?})", p.at, p.call, p.de, p.en))
        .collect();
    assert!(
        outside.is_empty(),
        "texts belong in src/texts/:\n{}",
        outside.join("\n")
    );
}

#[test]
fn the_names_of_fields_and_partner_kinds_are_given_in_both_languages() {
    let names: Vec<(String, Text)> = TechnologyField::ALL
        .into_iter()
        .map(|f| (format!("{f:?}"), explanations::field(f)))
        .chain(
            PartnerKind::ALL
                .into_iter()
                .map(|k| (format!("{k:?}"), explanations::partner_kind(k))),
        )
        .chain(
            ["receipt", "funding", "juror-invitation"]
                .into_iter()
                .map(|k| (k.to_owned(), labels::message_kind(k))),
        )
        .collect();
    let bad: Vec<String> = names
        .iter()
        .filter_map(|(what, t)| problem(t.de, t.en).map(|why| format!("{what}: {why}")))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// One of each problem a set-up can have. The `match` names every kind, so a kind added to
/// the domain does not compile until it is here and said in both languages.
fn every_setup_problem() -> Vec<SetupProblem> {
    use SetupProblem as P;
    let criterion = || "Exzellenz".to_owned();
    let texts = [
        SetupText::Name,
        SetupText::Programme,
        SetupText::Description,
        SetupText::ContactName,
        SetupText::ContactAddress,
        SetupText::ContactPhone,
        SetupText::ContactEmail,
        SetupText::AnchorDe { score: 3 },
        SetupText::AnchorEn { score: 3 },
        SetupText::Requirement,
        SetupText::StageTitle { stage: 1 },
        SetupText::ChecklistItem { number: 2 },
        SetupText::CriterionName {
            stage: 1,
            criterion: 2,
        },
        SetupText::CriterionDescription {
            stage: 1,
            criterion: 2,
        },
    ];
    let counted = [
        Counted::Stages,
        Counted::Requirements,
        Counted::Anchors,
        Counted::BudgetYears,
        Counted::Criteria { stage: 2 },
        Counted::ChecklistItems,
    ];
    let mut all = vec![
        P::DateOutOfRange(Deadline::Submission { stage: 1 }),
        P::DateOutOfRange(Deadline::ReviewEnd { stage: 2 }),
        P::NoName,
        P::NoStage,
        P::NoBudget,
        P::NoLand,
        P::MaxRequestedOverBudget,
        P::BudgetYearOutOfRange(1999),
        P::NoBudgetInYear(2027),
        P::BudgetYearsOverTotal,
        P::NoTechnologyField,
        P::RequirementWithoutKind("Ein Unternehmen".into()),
        P::NoCriterion { stage: 1 },
        P::NoneAdvancing { stage: 1 },
        P::ReviewEndsBeforeSubmission { stage: 1 },
        P::OpensBeforePreviousReview { stage: 2 },
        P::CriterionWithoutName { stage: 1 },
        P::ZeroWeight {
            stage: 1,
            criterion: criterion(),
        },
        P::ScaleInverted {
            stage: 1,
            criterion: criterion(),
        },
        P::PassMarkOutsideScale {
            stage: 1,
            criterion: criterion(),
        },
        P::OverallPassMarkAboveScales { stage: 1 },
        P::CommentLengthOverTextLimit {
            max: 10_000,
            given: 10_001,
        },
        P::RedressWindowOutOfRange { max: 365, given: 0 },
        P::QuorumOutOfRange { given: 101 },
    ];
    all.extend(counted.map(|what| P::TooMany {
        what,
        max: 10,
        given: 11,
    }));
    all.extend(texts.map(|text| P::TooLong {
        text,
        max: 300,
        given: 301,
    }));
    all.extend(texts.map(|text| P::LineBreak { text }));
    {
        use crate::domain::stage_form::FormProblem as F;
        let key = || "region".to_owned();
        all.extend(
            [
                F::TooManySections { max: 20, given: 21 },
                F::TooManyDocuments { max: 10, given: 11 },
                F::SectionWithoutTitle { section: 2 },
                F::DocumentWithoutTitle { document: 1 },
                F::InvalidKey { key: key() },
                F::KeyTwice { key: key() },
                F::SectionLength {
                    key: key(),
                    max: 30_000,
                },
                F::PageLimit {
                    key: key(),
                    max: 500,
                },
                F::NoSuchCriterion { key: key() },
                F::BadText {
                    key: key(),
                    problem: crate::domain::text::TextError::LineBreak,
                },
                F::BadText {
                    key: key(),
                    problem: crate::domain::text::TextError::TooLong {
                        max: 300,
                        given: 301,
                    },
                },
            ]
            .map(|problem| P::Form { stage: 1, problem }),
        );
    }
    let kinds: std::collections::BTreeSet<u8> = all
        .iter()
        .map(|p| match p {
            P::DateOutOfRange(_) => 0,
            P::NoName => 1,
            P::NoStage => 2,
            P::NoBudget => 3,
            P::NoLand => 4,
            P::MaxRequestedOverBudget => 5,
            P::NoTechnologyField => 6,
            P::RequirementWithoutKind(_) => 7,
            P::NoCriterion { .. } => 8,
            P::NoneAdvancing { .. } => 9,
            P::ReviewEndsBeforeSubmission { .. } => 10,
            P::OpensBeforePreviousReview { .. } => 11,
            P::CriterionWithoutName { .. } => 12,
            P::ZeroWeight { .. } => 13,
            P::ScaleInverted { .. } => 14,
            P::PassMarkOutsideScale { .. } => 15,
            P::OverallPassMarkAboveScales { .. } => 16,
            P::TooMany { .. } => 17,
            P::CommentLengthOverTextLimit { .. } => 18,
            P::TooLong { .. } => 19,
            P::LineBreak { .. } => 20,
            P::BudgetYearOutOfRange(_) => 21,
            P::NoBudgetInYear(_) => 22,
            P::BudgetYearsOverTotal => 23,
            P::Form { .. } => 24,
            P::RedressWindowOutOfRange { .. } => 25,
            P::QuorumOutOfRange { .. } => 26,
        })
        .collect();
    assert_eq!(kinds.len(), 27, "a kind of set-up problem has no sample");
    all
}

#[test]
fn every_problem_of_a_set_up_is_said_in_german_and_english() {
    let bad: Vec<String> = every_setup_problem()
        .iter()
        .filter_map(|p| {
            let said = setup_problems::problem(p);
            problem(&said.de, &said.en).map(|why| format!("{p:?}: {why}: {said:?}"))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_check_finds_an_empty_side_a_copy_and_stray_spaces() {
    assert!(problem("", "Saved.").is_some());
    assert!(problem("Gespeichert.", " ").is_some());
    assert!(problem("Gespeichert.", "Gespeichert.").is_some());
    assert!(problem("Gespeichert. ", "Saved.").is_some());
    assert!(problem("Gespeichert.", "Is  saved.").is_some());
    assert_eq!(problem("Status", "Status"), None);
    assert_eq!(problem("Gespeichert.", "Saved."), None);
    let source = "c.t(\"Ja\", \"Yes\") // c.t(\"x\", \"x\")\nlet q = '\"'; Text::new(\"a \\\n    b\", \"\");\nflash(&s, Flash::Success, \"Gut\", \"Good\"); f(x, \"a\", \"b\"); (\"c\", \"d\")";
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("sample.rs");
    std::fs::write(&file, source).expect("the sample is written");
    let found = pairs(&file, false);
    let seen: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|p| (p.call.as_str(), p.de.as_str(), p.en.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("t", "Ja", "Yes"),
            ("Text::new", "a b", ""),
            ("flash", "Gut", "Good")
        ]
    );
    assert_eq!(bad(&found).len(), 1);
}
