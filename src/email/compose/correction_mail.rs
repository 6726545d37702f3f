//! The formal check's messages to a consortium: the request for corrections with the parts,
//! the staff's text and the date; the reminder before the date; the receipt of the answer.

use super::reads::Reads;
use super::{Composed, Composer};
use crate::domain::application::Status;
use crate::domain::formal_check;
use crate::event_store::RecordedEvent;
use crate::time_display::berlin;

impl Composer {
    /// `kind` is `deficiency-request`, `deficiency-reminder` or `corrections-received`, about
    /// the request `round` of `stage`.
    pub(super) fn correction(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        kind: &'static str,
        stage: usize,
        round: u32,
    ) -> Result<Composed, String> {
        // The application as it was when the event happened.
        let application = reads.application_at(event)?;
        let Some(request) = application
            .formal_checks
            .get(&stage)
            .and_then(|c| c.rounds.iter().find(|r| r.round == round))
        else {
            return Ok(Vec::new());
        };
        let competition = self.competition_of(reads, &application)?;
        let mut mail = self.mail(reads, &application, &competition)?;
        let form = competition
            .setup
            .as_ref()
            .and_then(|s| s.stages.get(stage))
            .map(|s| s.form());
        mail.at = berlin(event.created, mail.language);
        mail.deadline = berlin(formal_check::last_minute(request.due), mail.language);
        mail.reason = request.text.clone();
        mail.parts = request
            .items
            .iter()
            .map(|item| {
                crate::texts::formal_check::part(item, form.as_ref(), Some(&application))
                    .into_lang(mail.language)
            })
            .collect();
        // The request and the reminder lead to where the parts are corrected.
        if kind != "corrections-received" && matches!(application.status, Status::Submitted { .. })
        {
            mail.link = self.editor_link(&application);
        }
        Ok(self
            .message(event, reads, kind, &round.to_string(), &application, &mail)?
            .into_iter()
            .collect())
    }
}
