//! What every projection is: a state folded from `$all` for one purpose, with the position of the
//! last event it has seen, behind a lock of its own so that one purpose's readers never wait for
//! another purpose's writes.

use std::sync::{RwLock, RwLockReadGuard};

use crate::event_store::{Position, RecordedEvent};

pub trait Projection:
    Default + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static
{
    /// The name of its snapshot (`snapshot.rs`).
    const NAME: &'static str;

    /// Folds one event in. An event that cannot be decoded is logged and skipped: a page missing
    /// one fact is better than no pages at all.
    fn apply(&mut self, event: &RecordedEvent);
}

/// A projection and how far into the log it has read.
pub struct Held<P> {
    state: RwLock<Positioned<P>>,
}

/// A projection's state with its position: the two change together, and a snapshot stores both.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Positioned<P> {
    pub state: P,
    /// The position of the last event folded in (`None`: nothing yet).
    pub position: Option<Position>,
}

impl<P: Projection> Default for Held<P> {
    fn default() -> Self {
        Self {
            state: RwLock::new(Positioned::default()),
        }
    }
}

/// A read guard on a projection's state.
pub struct Read<'a, P>(RwLockReadGuard<'a, Positioned<P>>);

impl<P> std::ops::Deref for Read<'_, P> {
    type Target = P;
    fn deref(&self) -> &P {
        &self.0.state
    }
}

impl<P: Projection> Held<P> {
    pub fn read(&self) -> Read<'_, P> {
        Read(self.state.read().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn position(&self) -> Option<Position> {
        self.positioned().position
    }

    /// The state with its position, for a snapshot or a comparison.
    pub fn positioned(&self) -> RwLockReadGuard<'_, Positioned<P>> {
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Hands over the state, leaving the empty one: a rebuilt projection's state moves so.
    pub fn take(&self) -> Positioned<P> {
        std::mem::take(&mut *self.state.write().unwrap_or_else(|p| p.into_inner()))
    }

    /// Starts from a snapshot instead of the empty state.
    pub fn restore(&self, restored: Positioned<P>) {
        *self.state.write().unwrap_or_else(|p| p.into_inner()) = restored;
    }

    /// Folds in the events after its own position (a projection restored from a later snapshot
    /// than another has already seen the first ones).
    pub fn apply(&self, events: &[RecordedEvent]) {
        let Some(last) = events.last() else { return };
        let mut held = self.state.write().unwrap_or_else(|p| p.into_inner());
        if held.position.is_some_and(|p| p >= last.position) {
            return;
        }
        let seen = held.position;
        for event in events {
            if seen.is_none_or(|p| event.position > p) {
                held.state.apply(event);
            }
        }
        held.position = Some(last.position);
    }
}
