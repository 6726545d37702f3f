//! Which events cause which messages, to whom, saying what.

use chrono::{DateTime, Utc};

use super::message::{OutgoingMessage, message_id};
use super::outbox::OutboxEntry;
use super::templates::{ApplicationMail, render};
use crate::app::{decode, load, stream_of};
use crate::domain::aggregate::Aggregate;
use crate::domain::application::Application;
use crate::domain::competition::Competition;
use crate::event_store::{Direction, EventStore, ReadFrom, RecordedEvent};

pub struct Composer {
    store: EventStore,
    /// The domain part of Message-IDs.
    domain: String,
}

impl Composer {
    pub fn new(store: EventStore, domain: impl Into<String>) -> Self {
        Self {
            store,
            domain: domain.into(),
        }
    }

    /// The messages an event causes. An event that cannot be read is logged and skipped, so one
    /// bad event never holds up every later message.
    pub fn messages_for(&self, event: &RecordedEvent, now: DateTime<Utc>) -> Vec<OutboxEntry> {
        let kind = match (event.stream.category(), event.event_type.as_str()) {
            (Some("application"), "ApplicationSubmitted") => "receipt",
            (Some("application"), "ApplicationWithdrawn") => "withdrawal",
            (Some("application"), "ApplicationFormallyRejected") => "rejection",
            _ => return Vec::new(),
        };
        match self.application_message(event, kind) {
            Ok(Some(message)) => vec![OutboxEntry::new(message, kind, event.position.0, now)],
            Ok(None) => Vec::new(),
            Err(reason) => {
                tracing::error!(position = event.position.0, %reason, "no message for this event");
                Vec::new()
            }
        }
    }

    fn application_message(
        &self,
        event: &RecordedEvent,
        kind: &str,
    ) -> Result<Option<OutgoingMessage>, String> {
        // The application as it was when the event happened, not as it is now.
        let history = self
            .store
            .read_stream(
                &event.stream,
                Direction::Forwards,
                ReadFrom::Start,
                event.revision as usize + 1,
            )
            .map_err(|e| e.to_string())?;
        let mut application = Application::default();
        for recorded in &history {
            application.apply(&decode::<Application>(recorded).map_err(|e| e.to_string())?);
        }
        let Some(to) = application.contact.clone() else {
            return Ok(None);
        };
        let competition = match application.competition_id {
            Some(id) => load::<Competition>(&self.store, &stream_of::<Competition>(&id))
                .map_err(|e| e.to_string())?
                .0
                .setup
                .map(|s| s.name)
                .unwrap_or_default(),
            None => String::new(),
        };
        let mail = ApplicationMail {
            en: false,
            title: application.title.clone(),
            competition,
            at: event.created.format("%d.%m.%Y, %H:%M UTC").to_string(),
            partners: application
                .all_partners()
                .map(|p| format!("{} ({}, {})", p.name, p.kind.name_de(), p.land))
                .collect(),
            documents: application
                .documents
                .iter()
                .map(|d| format!("{} ({} KB)", d.file_name, d.size.div_ceil(1024)))
                .collect(),
            reason: application.rejection_reason.clone().unwrap_or_default(),
        };
        let (subject, text, html) = render(kind, &mail).map_err(|e| e.to_string())?;
        Ok(Some(OutgoingMessage {
            message_id: message_id(event.event_id, kind, &to, &self.domain),
            to,
            subject,
            text,
            html,
        }))
    }
}
