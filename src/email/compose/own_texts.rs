//! Which wording a message about an application goes out in: the competition's own text for its
//! kind and language where it has one, otherwise the built-in one. An own text that fails to
//! fill (it was checked when saved, so this is not expected) is logged and the built-in text
//! sent instead: a message is never lost for its wording.

use super::Composer;
use super::reads::Reads;
use crate::domain::ids::CompetitionId;
use crate::domain::mail_texts::MailTexts;
use crate::email::mail_kinds::{of_message, values};
use crate::email::own_text::{details, worded};
use crate::email::templates::{ApplicationMail, render};

impl Composer {
    /// Subject, plain text and HTML of the message of `kind` (its built-in template).
    pub(super) fn worded(
        &self,
        reads: &Reads,
        competition: Option<CompetitionId>,
        kind: &str,
        mail: &ApplicationMail,
    ) -> Result<(String, String, String), String> {
        if let (Some(competition), Some(adjustable)) = (competition, of_message(kind, mail)) {
            match reads.of::<MailTexts>(&competition) {
                Ok(texts) => {
                    if let Some(own) = texts.get(adjustable.name, mail.language) {
                        let filled = details(mail)
                            .map_err(|e| e.to_string())
                            .and_then(|details| {
                                worded(own, &values(mail, details), &mail.signoff, mail.language)
                                    .map_err(|e| e.to_string())
                            });
                        match filled {
                            Ok(message) => return Ok(message),
                            Err(reason) => tracing::error!(
                                %competition,
                                kind = adjustable.name,
                                %reason,
                                "the competition's own text does not fill; the built-in text goes out"
                            ),
                        }
                    }
                }
                Err(reason) => tracing::error!(
                    %competition,
                    %reason,
                    "the competition's own texts cannot be read; the built-in text goes out"
                ),
            }
        }
        render(kind, mail).map_err(|e| e.to_string())
    }
}
