//! The streams one event's messages read, each folded at most once while that event is handled
//! (a release of results reads the jury once, not once per application).

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::app::{decode, load, stream_of};
use crate::domain::aggregate::Aggregate;
use crate::event_store::{Direction, EventStore, ReadFrom, RecordedEvent, StreamName};

pub(super) struct Reads<'a> {
    store: &'a EventStore,
    folded: RefCell<HashMap<StreamName, Rc<dyn Any>>>,
}

impl<'a> Reads<'a> {
    pub(super) fn new(store: &'a EventStore) -> Self {
        Self {
            store,
            folded: RefCell::default(),
        }
    }

    /// The aggregate of `id` as it is now.
    pub(super) fn of<A: Aggregate>(&self, id: &impl std::fmt::Display) -> Result<Rc<A>, String> {
        self.current(&stream_of::<A>(id))
    }

    /// The stream's aggregate as it is now, folded the first time it is asked for.
    pub(super) fn current<A: Aggregate>(&self, stream: &StreamName) -> Result<Rc<A>, String> {
        if let Some(folded) = self.folded.borrow().get(stream) {
            return Rc::clone(folded)
                .downcast::<A>()
                .map_err(|_| format!("{stream} was read as another aggregate"));
        }
        let (state, _) = load::<A>(self.store, stream).map_err(|e| e.to_string())?;
        let state = Rc::new(state);
        self.folded
            .borrow_mut()
            .insert(stream.clone(), Rc::clone(&state) as Rc<dyn Any>);
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
