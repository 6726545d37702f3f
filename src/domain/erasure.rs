//! Erasure of a person's data (GDPR Art. 17; retention, Art. 5(1)(e)): the record that a
//! person's keys were deleted, naming who erased (the event's actor), the persons by their
//! pseudonymous ids only, and why. It holds none of the erased data, so it can stay in the log
//! and be replayed after a restore to erase the persons again (`usecases::personal_data_erasure`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::aggregate::Aggregate;
use super::text::check_text;

/// The most persons one erasure names: a person is an account and their juror seats.
pub const MAX_PERSONS: usize = 1_000;
/// The reason is a sentence or a reference to the request, not a letter.
pub const MAX_REASON_CHARS: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ground {
    /// The person asked (Art. 17).
    Request,
    /// The competition's retention period ended (Art. 5(1)(e)).
    Retention,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum ErasureEvent {
    PersonalDataErased {
        persons: Vec<Uuid>,
        ground: Ground,
        reason: String,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ErasureCommand {
    Erase {
        persons: Vec<Uuid>,
        ground: Ground,
        reason: String,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErasureError {
    #[error("nobody to erase")]
    Nobody,
    #[error("more than {MAX_PERSONS} persons in one erasure")]
    TooMany,
    #[error("the reason is missing")]
    NoReason,
    #[error("the reason is refused: {0}")]
    BadReason(String),
    #[error("this erasure is recorded already")]
    Recorded,
}

#[derive(Debug, Clone, Default)]
pub struct Erasure {
    pub persons: Vec<Uuid>,
    pub at: Option<DateTime<Utc>>,
}

impl Aggregate for Erasure {
    type Command = ErasureCommand;
    type Event = ErasureEvent;
    type Error = ErasureError;
    const CATEGORY: &'static str = "erasure";

    fn apply(&mut self, event: &ErasureEvent) {
        let ErasureEvent::PersonalDataErased { persons, at, .. } = event;
        self.persons = persons.clone();
        self.at = Some(*at);
    }

    fn handle(&self, command: ErasureCommand) -> Result<Vec<ErasureEvent>, ErasureError> {
        let ErasureCommand::Erase {
            mut persons,
            ground,
            reason,
            now,
        } = command;
        if self.at.is_some() {
            return Err(ErasureError::Recorded);
        }
        persons.sort();
        persons.dedup();
        if persons.is_empty() {
            return Err(ErasureError::Nobody);
        }
        if persons.len() > MAX_PERSONS {
            return Err(ErasureError::TooMany);
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ErasureError::NoReason);
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(ErasureError::BadReason(format!(
                "more than {MAX_REASON_CHARS} characters"
            )));
        }
        check_text(reason).map_err(|p| ErasureError::BadReason(format!("{p:?}")))?;
        Ok(vec![ErasureEvent::PersonalDataErased {
            persons,
            ground,
            reason: reason.to_owned(),
            at: now,
        }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aggregate::testing::given;

    fn erase(persons: Vec<Uuid>, reason: &str) -> ErasureCommand {
        ErasureCommand::Erase {
            persons,
            ground: Ground::Request,
            reason: reason.into(),
            now: Utc::now(),
        }
    }

    #[test]
    fn an_erasure_names_each_person_once_with_its_reason() {
        let anna = Uuid::new_v4();
        let events = given::<Erasure>(vec![])
            .when(erase(vec![anna, anna], "  Antrag vom 2. Dezember  "))
            .unwrap();
        let [
            ErasureEvent::PersonalDataErased {
                persons, reason, ..
            },
        ] = events.as_slice()
        else {
            panic!("one event expected: {events:?}");
        };
        assert_eq!(persons, &vec![anna]);
        assert_eq!(reason, "Antrag vom 2. Dezember");
    }

    #[test]
    fn an_erasure_without_persons_or_reason_or_twice_is_refused() {
        assert_eq!(
            given::<Erasure>(vec![]).when(erase(vec![], "x")),
            Err(ErasureError::Nobody)
        );
        assert_eq!(
            given::<Erasure>(vec![]).when(erase(vec![Uuid::new_v4()], " ")),
            Err(ErasureError::NoReason)
        );
        let done = given::<Erasure>(vec![])
            .when(erase(vec![Uuid::new_v4()], "x"))
            .unwrap();
        assert_eq!(
            given::<Erasure>(done).when(erase(vec![Uuid::new_v4()], "x")),
            Err(ErasureError::Recorded)
        );
        let many = (0..=MAX_PERSONS).map(|_| Uuid::new_v4()).collect();
        assert_eq!(
            given::<Erasure>(vec![]).when(erase(many, "x")),
            Err(ErasureError::TooMany)
        );
    }
}
