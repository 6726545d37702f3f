//! A competition's own wording of the messages the system sends (a result, a rejection, a
//! moved deadline): per kind of message and language a subject and a body with placeholders,
//! kept in the stream `mailtexts-{competition}`. Without one the built-in text is sent; a reset
//! goes back to it. A text is accepted only when it names no placeholder its kind does not
//! offer and fills (`email::placeholders`), so a saved text always fills when a message goes
//! out. Who changed a text is the event's actor in the log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::Language;
use super::aggregate::Aggregate;
use super::ids::CompetitionId;
use crate::email::placeholders::{Part, PlaceholderProblem, check};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum MailTextEvent {
    MailTextChanged {
        competition: CompetitionId,
        kind: String,
        language: Language,
        subject: String,
        body: String,
        at: DateTime<Utc>,
    },
    MailTextReset {
        competition: CompetitionId,
        kind: String,
        language: Language,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum MailTextCommand {
    /// By programme staff: the text for `kind` in `language`, which may use `offered`.
    Change {
        competition: CompetitionId,
        kind: String,
        language: Language,
        subject: String,
        body: String,
        offered: Vec<&'static str>,
        now: DateTime<Utc>,
    },
    /// Back to the built-in text.
    Reset {
        competition: CompetitionId,
        kind: String,
        language: Language,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MailTextError {
    /// What is wrong with the subject and with the body; at least one is set.
    #[error("the text is refused (subject: {subject:?}, body: {body:?})")]
    Refused {
        subject: Option<PlaceholderProblem>,
        body: Option<PlaceholderProblem>,
    },
    #[error("the built-in text is in use already")]
    NotAdjusted,
}

/// One adjusted text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnText {
    pub kind: String,
    pub language: Language,
    pub subject: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MailTexts {
    pub competition: Option<CompetitionId>,
    /// At most one per kind and language; a handful in all, so a list.
    pub texts: Vec<OwnText>,
}

impl MailTexts {
    /// The competition's own text for the kind and language, if it has one.
    pub fn get(&self, kind: &str, language: Language) -> Option<&OwnText> {
        self.texts
            .iter()
            .find(|t| t.kind == kind && t.language == language)
    }

    fn remove(&mut self, kind: &str, language: Language) {
        self.texts
            .retain(|t| !(t.kind == kind && t.language == language));
    }
}

impl Aggregate for MailTexts {
    type Command = MailTextCommand;
    type Event = MailTextEvent;
    type Error = MailTextError;
    const CATEGORY: &'static str = "mailtexts";

    fn apply(&mut self, event: &MailTextEvent) {
        match event {
            MailTextEvent::MailTextChanged {
                competition,
                kind,
                language,
                subject,
                body,
                at,
            } => {
                self.competition = Some(*competition);
                self.remove(kind, *language);
                self.texts.push(OwnText {
                    kind: kind.clone(),
                    language: *language,
                    subject: subject.clone(),
                    body: body.clone(),
                    at: *at,
                });
            }
            MailTextEvent::MailTextReset {
                competition,
                kind,
                language,
                ..
            } => {
                self.competition = Some(*competition);
                self.remove(kind, *language);
            }
        }
    }

    fn handle(&self, command: MailTextCommand) -> Result<Vec<MailTextEvent>, MailTextError> {
        match command {
            MailTextCommand::Change {
                competition,
                kind,
                language,
                subject,
                body,
                offered,
                now,
            } => {
                // A subject is one line: surrounding blanks and a trailing line break go.
                let subject = subject.trim().to_owned();
                // Browsers send line breaks as CR LF; the text is kept with LF alone.
                let body = body.replace("\r\n", "\n");
                let subject_problem = check(&subject, Part::Subject, &offered).err();
                let body_problem = check(&body, Part::Body, &offered).err();
                if subject_problem.is_some() || body_problem.is_some() {
                    return Err(MailTextError::Refused {
                        subject: subject_problem,
                        body: body_problem,
                    });
                }
                Ok(vec![MailTextEvent::MailTextChanged {
                    competition,
                    kind,
                    language,
                    subject,
                    body,
                    at: now,
                }])
            }
            MailTextCommand::Reset {
                competition,
                kind,
                language,
                now,
            } => {
                if self.get(&kind, language).is_none() {
                    return Err(MailTextError::NotAdjusted);
                }
                Ok(vec![MailTextEvent::MailTextReset {
                    competition,
                    kind,
                    language,
                    at: now,
                }])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::aggregate::testing::given;

    const OFFERED: &[&str] = &["anrede", "titel"];

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    fn competition() -> CompetitionId {
        CompetitionId::from_uuid(uuid::Uuid::from_u128(1))
    }

    fn change(subject: &str, body: &str) -> MailTextCommand {
        MailTextCommand::Change {
            competition: competition(),
            kind: "rejection".into(),
            language: Language::De,
            subject: subject.into(),
            body: body.into(),
            offered: OFFERED.to_vec(),
            now: now(),
        }
    }

    fn reset() -> MailTextCommand {
        MailTextCommand::Reset {
            competition: competition(),
            kind: "rejection".into(),
            language: Language::De,
            now: now(),
        }
    }

    #[test]
    fn a_text_with_offered_placeholders_is_kept_and_replaces_the_last() {
        let first = given::<MailTexts>(vec![])
            .when(change(
                "Ablehnung: {{ titel }}",
                "{{ anrede }}\r\n\r\nEins.",
            ))
            .unwrap();
        let second = given::<MailTexts>(first.clone())
            .when(change(" Neu: {{ titel }} ", "Zwei."))
            .unwrap();
        let state = MailTexts::from_events(first.iter().chain(&second));
        let text = state.get("rejection", Language::De).unwrap();
        assert_eq!(text.subject, "Neu: {{ titel }}");
        assert_eq!(text.body, "Zwei.");
        assert_eq!(state.texts.len(), 1);
        assert!(state.get("rejection", Language::En).is_none());
        assert!(
            matches!(&first[0], MailTextEvent::MailTextChanged { body, .. } if body == "{{ anrede }}\n\nEins.")
        );
    }

    #[test]
    fn an_unknown_placeholder_and_a_broken_template_are_refused_with_both_reasons() {
        let refused = given::<MailTexts>(vec![])
            .when(change("{{ betrag }}", "Text {% if titel %}"))
            .unwrap_err();
        let MailTextError::Refused { subject, body } = refused else {
            panic!("{refused:?}")
        };
        assert_eq!(
            subject,
            Some(PlaceholderProblem::Unknown(vec!["betrag".into()]))
        );
        assert!(
            matches!(body, Some(PlaceholderProblem::Syntax { .. })),
            "{body:?}"
        );
    }

    #[test]
    fn a_reset_needs_an_own_text_and_brings_back_the_default() {
        assert_eq!(
            given::<MailTexts>(vec![]).when(reset()),
            Err(MailTextError::NotAdjusted)
        );
        let changed = given::<MailTexts>(vec![])
            .when(change("Betreff", "Text"))
            .unwrap();
        let reset = given::<MailTexts>(changed.clone()).when(reset()).unwrap();
        let state = MailTexts::from_events(changed.iter().chain(&reset));
        assert!(state.get("rejection", Language::De).is_none());
    }
}
