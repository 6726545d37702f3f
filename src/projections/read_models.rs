//! The shared read models and how far into the log they have read.

use std::sync::{RwLock, RwLockReadGuard};

use tokio::sync::watch;

use super::views::Views;
use crate::event_store::{Position, RecordedEvent};

pub struct ReadModels {
    views: RwLock<Views>,
    /// The position of the last event folded in.
    applied: watch::Sender<Option<Position>>,
}

impl Default for ReadModels {
    fn default() -> Self {
        Self {
            views: RwLock::new(Views::default()),
            applied: watch::Sender::new(None),
        }
    }
}

impl ReadModels {
    pub fn read(&self) -> RwLockReadGuard<'_, Views> {
        self.views.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn apply(&self, events: &[RecordedEvent]) {
        let Some(last) = events.last() else { return };
        {
            let mut views = self.views.write().unwrap_or_else(|p| p.into_inner());
            for event in events {
                views.apply(event);
            }
        }
        self.applied.send_replace(Some(last.position));
    }

    pub fn applied(&self) -> Option<Position> {
        *self.applied.borrow()
    }

    /// Waits until the event at `position` is folded in, so that the page after a POST shows
    /// what the POST wrote.
    pub async fn caught_up_to(&self, position: Position) {
        let mut receiver = self.applied.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail while we hold it.
        let _ = receiver
            .wait_for(|applied| applied.is_some_and(|p| p >= position))
            .await;
    }
}
