//! The streams one event's messages read, each folded at most once while that event is handled
//! (a release of results reads the jury once, not once per application), and kept folded in the
//! composer's [`FactCache`] between events, so that the next event reads only what is new.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::app::{FactCache, stream_of};
use crate::domain::aggregate::Aggregate;
use crate::domain::application::Application;
use crate::domain::ids::ApplicationId;
use crate::event_store::{EventStore, RecordedEvent, StreamName};
use crate::projections::ReadModels;

pub(super) struct Reads<'a> {
    store: &'a EventStore,
    facts: &'a FactCache,
    models: Option<&'a ReadModels>,
    folded: RefCell<HashMap<StreamName, Arc<dyn Any + Send + Sync>>>,
}

impl<'a> Reads<'a> {
    pub(super) fn new(
        store: &'a EventStore,
        facts: &'a FactCache,
        models: Option<&'a ReadModels>,
    ) -> Self {
        Self {
            store,
            facts,
            models,
            folded: RefCell::default(),
        }
    }

    /// The aggregate of `id` as it is now.
    pub(super) fn of<A: Aggregate>(&self, id: &impl std::fmt::Display) -> Result<Arc<A>, String> {
        self.current(&stream_of::<A>(id))
    }

    /// The stream's aggregate as it is now, folded the first time it is asked for.
    pub(super) fn current<A: Aggregate>(&self, stream: &StreamName) -> Result<Arc<A>, String> {
        if let Some(folded) = self.folded.borrow().get(stream) {
            return Arc::clone(folded)
                .downcast::<A>()
                .map_err(|_| format!("{stream} was read as another aggregate"));
        }
        let (state, _) = self
            .facts
            .current::<A>(self.store, stream)
            .map_err(|e| e.to_string())?;
        self.folded.borrow_mut().insert(
            stream.clone(),
            Arc::clone(&state) as Arc<dyn Any + Send + Sync>,
        );
        Ok(state)
    }

    /// The application of an event of its stream as it was when the event happened: from the
    /// read models when they stand at that very revision, as they mostly do (the projector
    /// and the outbox follow the same log), otherwise folded.
    pub(super) fn application_at(&self, event: &RecordedEvent) -> Result<Arc<Application>, String> {
        let held = self
            .models
            .zip(event.stream.id().and_then(ApplicationId::parse));
        if let Some((models, id)) = held
            && let Some(state) = models.application_at(id, event.revision)
        {
            return Ok(Arc::new(state));
        }
        self.at::<Application>(event)
    }

    /// The aggregate of the event's own stream as it was when the event happened, not as it
    /// is now.
    pub(super) fn at<A: Aggregate>(&self, event: &RecordedEvent) -> Result<Arc<A>, String> {
        self.facts
            .at::<A>(self.store, event)
            .map_err(|e| e.to_string())
    }
}
