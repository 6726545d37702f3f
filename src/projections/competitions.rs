//! Competitions: each one's state and revision, and its own mail texts (`mailtexts-{id}`). A
//! deleted draft leaves every list and page; its events stay in the log.

use std::collections::BTreeMap;

use crate::app::decode;
use crate::domain::aggregate::Aggregate;
use crate::domain::competition::Competition;
use crate::domain::ids::CompetitionId;
use crate::domain::mail_texts::MailTexts;
use crate::event_store::RecordedEvent;

use super::projection::Projection;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompetitionView {
    pub state: Competition,
    pub revision: u64,
}

#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Competitions {
    by_id: BTreeMap<CompetitionId, CompetitionView>,
    mail_texts: BTreeMap<CompetitionId, MailTextsView>,
}

/// A competition's own mail texts and the revision of their stream.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MailTextsView {
    pub state: MailTexts,
    pub revision: u64,
}

impl Competitions {
    /// The competition's own mail texts; `None` while it has never had one.
    pub fn mail_texts(&self, id: &CompetitionId) -> Option<&MailTextsView> {
        self.mail_texts.get(id)
    }
}

impl std::ops::Deref for Competitions {
    type Target = BTreeMap<CompetitionId, CompetitionView>;
    fn deref(&self) -> &Self::Target {
        &self.by_id
    }
}

impl Projection for Competitions {
    const NAME: &'static str = "competitions";

    fn apply(&mut self, event: &RecordedEvent) {
        if event.stream.category() == Some(MailTexts::CATEGORY) {
            return self.apply_mail_text(event);
        }
        if event.stream.category() != Some(Competition::CATEGORY) {
            return;
        }
        let Some(id) = super::stream_uuid(event).map(CompetitionId::from_uuid) else {
            return;
        };
        let decoded = match decode::<Competition>(event) {
            Ok(decoded) => decoded,
            Err(reason) => return super::skipped(event, reason),
        };
        let view = self.by_id.entry(id).or_default();
        view.state.apply(&decoded);
        view.revision = event.revision;
        if view.state.deleted {
            self.by_id.remove(&id);
            self.mail_texts.remove(&id);
        }
    }
}

impl Competitions {
    fn apply_mail_text(&mut self, event: &RecordedEvent) {
        let Some(id) = super::stream_uuid(event).map(CompetitionId::from_uuid) else {
            return;
        };
        let decoded = match decode::<MailTexts>(event) {
            Ok(decoded) => decoded,
            Err(reason) => return super::skipped(event, reason),
        };
        let view = self.mail_texts.entry(id).or_default();
        view.state.apply(&decoded);
        view.revision = event.revision;
    }
}
