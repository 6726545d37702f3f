//! The streams one event's messages read, each folded at most once while that event is handled
//! (a release of results reads the jury once, not once per application), and kept folded in the
//! composer's [`FactCache`] between events, so that the next event reads only what is new.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::app::{FactCache, decode, stream_of};
use crate::domain::aggregate::Aggregate;
use crate::event_store::{Direction, EventStore, ReadFrom, RecordedEvent, StreamName};

pub(super) struct Reads<'a> {
    store: &'a EventStore,
    facts: &'a FactCache,
    folded: RefCell<HashMap<StreamName, Arc<dyn Any + Send + Sync>>>,
}

impl<'a> Reads<'a> {
    pub(super) fn new(store: &'a EventStore, facts: &'a FactCache) -> Self {
        Self {
            store,
            facts,
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

    /// The aggregate of the event's own stream as it was when the event happened, not as it
    /// is now.
    pub(super) fn at<A: Aggregate>(&self, event: &RecordedEvent) -> Result<A, String> {
        let history = self
            .store
            .read_stream(
                &event.stream,
                Direction::Forwards,
                ReadFrom::Start,
                event.revision as usize + 1,
            )
            .map_err(|e| e.to_string())?;
        let mut state = A::default();
        for recorded in &history {
            state.apply(&decode::<A>(recorded).map_err(|e| e.to_string())?);
        }
        Ok(state)
    }
}
