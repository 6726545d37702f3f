//! The shape every aggregate has: pure and synchronous, time and new ids come in the command.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub trait Aggregate: Default + Clone + Debug + Send + Sync + 'static {
    type Command;
    /// Serialised adjacently tagged (`type`, `data`): the tag is the event type in the log.
    type Event: Serialize + DeserializeOwned + Clone + Debug + PartialEq + Send;
    type Error: std::error::Error + Send + Sync + 'static;

    /// Streams of this aggregate are named `{CATEGORY}-{id}`.
    const CATEGORY: &'static str;

    /// Evolve: fold one event into the state. Never fails: events are facts.
    fn apply(&mut self, event: &Self::Event);

    /// Decide: the events a command causes, or why it is refused.
    fn handle(&self, command: Self::Command) -> Result<Vec<Self::Event>, Self::Error>;

    fn from_events<'a>(events: impl IntoIterator<Item = &'a Self::Event>) -> Self {
        let mut state = Self::default();
        for event in events {
            state.apply(event);
        }
        state
    }
}

/// given / when / then for aggregate tests.
#[cfg(test)]
pub mod testing {
    use super::Aggregate;

    pub struct Given<A: Aggregate> {
        state: A,
    }

    pub fn given<A: Aggregate>(events: Vec<A::Event>) -> Given<A> {
        Given {
            state: A::from_events(&events),
        }
    }

    impl<A: Aggregate> Given<A> {
        pub fn when(self, command: A::Command) -> Result<Vec<A::Event>, A::Error> {
            self.state.handle(command)
        }

        pub fn state(&self) -> &A {
            &self.state
        }
    }
}
