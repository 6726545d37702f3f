//! The messages a competition may word itself, in one list: each kind with its name (in
//! addresses and the log), the built-in message it replaces (and which branch of it, where the
//! built-in text has several, such as a result for the shortlisted and the not shortlisted),
//! and the placeholders it offers with what each stands for. A new kind is one entry here, plus
//! its values in [`values`] if it needs new ones.
//!
//! Account mails (verification, password reset, invitations) belong to no competition and keep
//! their built-in texts; so do messages whose built-in text lists things (a receipt's
//! documents) or counts them (a juror's applications), which a placeholder cannot say.

use std::collections::BTreeMap;

use super::templates::ApplicationMail;
use crate::texts::Text;
use crate::texts::mail_texts as words;

/// One placeholder a kind offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub name: &'static str,
    pub explanation: Text,
}

/// Which of a built-in message's branches a kind words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch {
    /// The message has one.
    Only,
    /// Shortlisted, or selected for funding.
    Positive,
    /// Not shortlisted, or not selected (and not on the reserve list).
    Negative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailKind {
    pub name: &'static str,
    pub label: Text,
    /// The built-in message's template folder (`templates/email/<template>/`), which is also
    /// the outbox's kind of the message.
    pub template: &'static str,
    pub branch: Branch,
    pub placeholders: &'static [Placeholder],
}

impl MailKind {
    pub fn offered(&self) -> Vec<&'static str> {
        self.placeholders.iter().map(|p| p.name).collect()
    }
}

const fn p(name: &'static str, explanation: Text) -> Placeholder {
    Placeholder { name, explanation }
}

const ANREDE: Placeholder = p("anrede", words::ANREDE);
const TITEL: Placeholder = p("titel", words::TITEL);
const WETTBEWERB: Placeholder = p("wettbewerb", words::WETTBEWERB);
const ZEITPUNKT: Placeholder = p("zeitpunkt", words::ZEITPUNKT);
const LINK: Placeholder = p("link", words::LINK);
const STUFE: Placeholder = p("stufe", words::STUFE);
const FRIST: Placeholder = p("frist", words::FRIST);
const NAECHSTE_STUFE: Placeholder = p("naechste_stufe", words::NAECHSTE_STUFE);
const NAECHSTE_FRIST: Placeholder = p("naechste_frist", words::NAECHSTE_FRIST);
const GRUND: Placeholder = p("grund", words::GRUND);
const GRUENDE: Placeholder = p("gruende", words::GRUENDE);
const ERGEBNIS: Placeholder = p("ergebnis", words::ERGEBNIS);
const BEGRUENDUNG: Placeholder = p("begruendung", words::BEGRUENDUNG);
const BETRAG: Placeholder = p("betrag", words::BETRAG);
const PLATZ: Placeholder = p("platz", words::PLATZ);
const BEWERTUNGSBERICHT: Placeholder = p("bewertungsbericht", words::BEWERTUNGSBERICHT);
const TEILE: Placeholder = p("teile", words::TEILE);
const SCHREIBEN: Placeholder = p("schreiben", words::SCHREIBEN);

pub const KINDS: &[MailKind] = &[
    MailKind {
        name: "withdrawal",
        label: words::KIND_WITHDRAWAL,
        template: "withdrawal",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, ZEITPUNKT, FRIST, LINK],
    },
    MailKind {
        name: "rejection",
        label: words::KIND_REJECTION,
        template: "rejection",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, ZEITPUNKT, GRUND, LINK],
    },
    MailKind {
        name: "result-shortlisted",
        label: words::KIND_SHORTLISTED,
        template: "result",
        branch: Branch::Positive,
        placeholders: &[
            ANREDE,
            TITEL,
            WETTBEWERB,
            STUFE,
            NAECHSTE_STUFE,
            NAECHSTE_FRIST,
            BEWERTUNGSBERICHT,
            LINK,
        ],
    },
    MailKind {
        name: "result-not-shortlisted",
        label: words::KIND_NOT_SHORTLISTED,
        template: "result",
        branch: Branch::Negative,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, STUFE, BEWERTUNGSBERICHT, LINK],
    },
    MailKind {
        name: "funding-funded",
        label: words::KIND_FUNDED,
        template: "funding",
        branch: Branch::Positive,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, BETRAG, BEWERTUNGSBERICHT, LINK],
    },
    MailKind {
        name: "funding-not-funded",
        label: words::KIND_NOT_FUNDED,
        template: "funding",
        branch: Branch::Negative,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, BEWERTUNGSBERICHT, LINK],
    },
    MailKind {
        name: "moved-up",
        label: words::KIND_MOVED_UP,
        template: "moved-up",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, PLATZ, BETRAG, LINK],
    },
    MailKind {
        name: "extension",
        label: words::KIND_EXTENSION,
        template: "extension",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, STUFE, FRIST, LINK],
    },
    MailKind {
        name: "shortening",
        label: words::KIND_SHORTENING,
        template: "shortening",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, STUFE, FRIST, LINK],
    },
    MailKind {
        name: "redress-receipt",
        label: words::KIND_REDRESS_RECEIPT,
        template: "redress-receipt",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, STUFE, ZEITPUNKT, GRUENDE, LINK],
    },
    MailKind {
        name: "redress-upheld",
        label: words::KIND_REDRESS_UPHELD,
        template: "redress-answer",
        branch: Branch::Positive,
        placeholders: &[
            ANREDE,
            TITEL,
            WETTBEWERB,
            STUFE,
            ZEITPUNKT,
            ERGEBNIS,
            BEGRUENDUNG,
            LINK,
        ],
    },
    MailKind {
        name: "redress-rejected",
        label: words::KIND_REDRESS_REJECTED,
        template: "redress-answer",
        branch: Branch::Negative,
        placeholders: &[
            ANREDE,
            TITEL,
            WETTBEWERB,
            STUFE,
            ZEITPUNKT,
            ERGEBNIS,
            BEGRUENDUNG,
            LINK,
        ],
    },
    MailKind {
        name: "deficiency-request",
        label: words::KIND_DEFICIENCY_REQUEST,
        template: "deficiency-request",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, FRIST, TEILE, SCHREIBEN, LINK],
    },
    MailKind {
        name: "deficiency-reminder",
        label: words::KIND_DEFICIENCY_REMINDER,
        template: "deficiency-reminder",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, FRIST, TEILE, LINK],
    },
    MailKind {
        name: "corrections-received",
        label: words::KIND_CORRECTIONS_RECEIVED,
        template: "corrections-received",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, ZEITPUNKT, LINK],
    },
    MailKind {
        name: "draft-reminder",
        label: words::KIND_DRAFT_REMINDER,
        template: "draft-reminder",
        branch: Branch::Only,
        placeholders: &[ANREDE, TITEL, WETTBEWERB, STUFE, FRIST, LINK],
    },
];

pub fn kind(name: &str) -> Option<&'static MailKind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The kind a message about an application is, when a competition may word it: its outbox
/// kind, and where the built-in text branches, which branch it takes (`positive`: shortlisted,
/// funded, upheld). A place on the reserve list has no kind of its own and keeps the built-in
/// text.
pub fn of_message(template: &str, mail: &ApplicationMail) -> Option<&'static MailKind> {
    if template == "funding" && !mail.positive && mail.reserve > 0 {
        return None;
    }
    KINDS.iter().find(|k| {
        k.template == template
            && match k.branch {
                Branch::Only => true,
                Branch::Positive => mail.positive,
                Branch::Negative => !mail.positive,
            }
    })
}

/// Every placeholder's value for the message; a kind uses those it offers.
pub fn values(mail: &ApplicationMail, details: String) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        (ANREDE.name, mail.salutation.clone()),
        (TITEL.name, mail.title.clone()),
        (WETTBEWERB.name, mail.competition.clone()),
        (ZEITPUNKT.name, mail.at.clone()),
        (LINK.name, mail.link.clone()),
        (STUFE.name, mail.stage.clone()),
        (FRIST.name, mail.deadline.clone()),
        (NAECHSTE_STUFE.name, mail.next_stage.clone()),
        (NAECHSTE_FRIST.name, mail.next_deadline.clone()),
        (GRUND.name, mail.reason.clone()),
        (GRUENDE.name, mail.grounds.clone()),
        (ERGEBNIS.name, mail.outcome.clone()),
        (BEGRUENDUNG.name, mail.reason.clone()),
        (BETRAG.name, mail.amount.clone()),
        (
            PLATZ.name,
            if mail.reserve > 0 {
                mail.reserve.to_string()
            } else {
                String::new()
            },
        ),
        (BEWERTUNGSBERICHT.name, details),
        // The parts a request names, one line each, as the built-in text lists them.
        (
            TEILE.name,
            mail.parts
                .iter()
                .map(|part| format!("- {part}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (SCHREIBEN.name, mail.reason.clone()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_each_branch_of_a_message_is_one_kind() {
        for (i, k) in KINDS.iter().enumerate() {
            assert!(
                KINDS[i + 1..].iter().all(|o| o.name != k.name),
                "{} twice",
                k.name
            );
            assert!(
                KINDS[i + 1..]
                    .iter()
                    .all(|o| (o.template, o.branch) != (k.template, k.branch)),
                "{} twice",
                k.template
            );
        }
    }
}
