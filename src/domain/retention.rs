//! How long a competition keeps personal data after it is completed (storage limitation, GDPR
//! Art. 5(1)(e)): the programme sets the periods, so they are a setting of each competition,
//! changed at any time in its own stream (`retention-{competition}`). The defaults follow the
//! usual practice: applications not funded are kept a short while for questions and redress,
//! funded ones through the audit of the grant, jurors' data while their reviews may be asked
//! about.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;

/// The longest period a competition can set.
pub const MAX_YEARS: u32 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRules {
    /// Consortia whose application was not funded: years after the competition completed.
    pub not_funded_years: u32,
    /// Consortia funded in the competition.
    pub funded_years: u32,
    /// The competition's jurors.
    pub jurors_years: u32,
}

impl Default for RetentionRules {
    fn default() -> Self {
        Self {
            not_funded_years: 3,
            funded_years: 10,
            jurors_years: 5,
        }
    }
}

/// Whose data a period is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Involvement {
    NotFunded,
    Funded,
    Juror,
}

impl RetentionRules {
    pub fn years(&self, involvement: Involvement) -> u32 {
        match involvement {
            Involvement::NotFunded => self.not_funded_years,
            Involvement::Funded => self.funded_years,
            Involvement::Juror => self.jurors_years,
        }
    }

    /// When data kept for `involvement` in a competition completed at `completed` is due for
    /// erasure; `None` only beyond the calendar's end.
    pub fn due(&self, involvement: Involvement, completed: DateTime<Utc>) -> Option<DateTime<Utc>> {
        completed.checked_add_months(Months::new(12 * self.years(involvement)))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum RetentionEvent {
    RetentionRulesSet {
        rules: RetentionRules,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum RetentionCommand {
    Set {
        rules: RetentionRules,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RetentionError {
    #[error("a period is longer than {MAX_YEARS} years: {0:?}")]
    TooLong(Involvement),
}

/// A competition's periods; the defaults until staff set them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RetentionPolicy {
    pub rules: RetentionRules,
    pub set_at: Option<DateTime<Utc>>,
}

impl Aggregate for RetentionPolicy {
    type Command = RetentionCommand;
    type Event = RetentionEvent;
    type Error = RetentionError;
    const CATEGORY: &'static str = "retention";

    fn apply(&mut self, event: &RetentionEvent) {
        let RetentionEvent::RetentionRulesSet { rules, at } = event;
        self.rules = *rules;
        self.set_at = Some(*at);
    }

    fn handle(&self, command: RetentionCommand) -> Result<Vec<RetentionEvent>, RetentionError> {
        let RetentionCommand::Set { rules, now } = command;
        for involvement in [
            Involvement::NotFunded,
            Involvement::Funded,
            Involvement::Juror,
        ] {
            if rules.years(involvement) > MAX_YEARS {
                return Err(RetentionError::TooLong(involvement));
            }
        }
        if self.set_at.is_some() && self.rules == rules {
            return Ok(Vec::new());
        }
        Ok(vec![RetentionEvent::RetentionRulesSet { rules, at: now }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aggregate::testing::given;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn each_involvement_is_due_its_years_after_the_completion() {
        let rules = RetentionRules::default();
        let completed = at(2026, 2, 28);
        assert_eq!(
            rules.due(Involvement::NotFunded, completed),
            Some(at(2029, 2, 28))
        );
        assert_eq!(
            rules.due(Involvement::Funded, completed),
            Some(at(2036, 2, 28))
        );
        assert_eq!(
            rules.due(Involvement::Juror, completed),
            Some(at(2031, 2, 28))
        );
        let none = RetentionRules {
            not_funded_years: 0,
            ..rules
        };
        assert_eq!(none.due(Involvement::NotFunded, completed), Some(completed));
    }

    #[test]
    fn periods_up_to_thirty_years_are_set_once_and_longer_ones_refused() {
        let rules = RetentionRules {
            not_funded_years: 2,
            funded_years: 30,
            jurors_years: 4,
        };
        let set = given::<RetentionPolicy>(vec![])
            .when(RetentionCommand::Set {
                rules,
                now: at(2026, 1, 1),
            })
            .unwrap();
        assert_eq!(set.len(), 1);
        assert_eq!(
            given::<RetentionPolicy>(set).when(RetentionCommand::Set {
                rules,
                now: at(2026, 1, 2)
            }),
            Ok(vec![]),
            "the same periods again change nothing"
        );
        let too_long = RetentionRules {
            jurors_years: 31,
            ..rules
        };
        assert_eq!(
            given::<RetentionPolicy>(vec![]).when(RetentionCommand::Set {
                rules: too_long,
                now: at(2026, 1, 1)
            }),
            Err(RetentionError::TooLong(Involvement::Juror))
        );
    }
}
