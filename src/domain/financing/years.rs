//! Budget years as the keys of a map. JSON writes a map's keys as strings, and an event read
//! through serde's buffer (an adjacently tagged event whose `data` comes before its `type`)
//! hands them over as strings, which a plain `i32` key refuses. A year here is read from a
//! number or from a string; it is written as before.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<S: Serializer, V: Serialize>(
    map: &BTreeMap<i32, V>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    map.serialize(serializer)
}

pub fn deserialize<'de, D: Deserializer<'de>, V: Deserialize<'de>>(
    deserializer: D,
) -> Result<BTreeMap<i32, V>, D::Error> {
    let years: BTreeMap<Year, V> = BTreeMap::deserialize(deserializer)?;
    Ok(years.into_iter().map(|(Year(year), v)| (year, v)).collect())
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Year(i32);

struct YearVisitor;

impl Visitor<'_> for YearVisitor {
    type Value = Year;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a budget year")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Year, E> {
        i32::try_from(value)
            .map(Year)
            .map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Year, E> {
        i32::try_from(value)
            .map(Year)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Year, E> {
        value
            .parse()
            .map(Year)
            .map_err(|_| E::invalid_value(Unexpected::Str(value), &self))
    }
}

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A binary format (the snapshots' postcard) cannot describe itself; it wrote a number.
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(YearVisitor)
        } else {
            deserializer.deserialize_i32(YearVisitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::application::ApplicationEvent;
    use crate::domain::financing::{PartnerPlan, PartnerSlot, PlanLine};
    use crate::domain::money::Cents;

    #[test]
    fn a_plan_event_reads_back_as_the_log_hands_it_over() {
        let event = ApplicationEvent::PartnerPlanChanged {
            slot: PartnerSlot::Coordinator,
            plan: PartnerPlan {
                years: [(
                    2027,
                    PlanLine {
                        costs: Cents::euros(10),
                        ..Default::default()
                    },
                )]
                .into(),
            },
            at: chrono::Utc::now(),
        };
        let value = serde_json::to_value(&event).unwrap();
        // As `app::decode` builds it: `data` sorts before `type`, so serde buffers the data.
        let read: ApplicationEvent = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(read, event);
        let text: ApplicationEvent = serde_json::from_str(&value.to_string()).unwrap();
        assert_eq!(text, event);
        // The snapshots keep the plan in postcard.
        let ApplicationEvent::PartnerPlanChanged { plan, .. } = event else {
            unreachable!()
        };
        let bytes = postcard::to_stdvec(&plan).unwrap();
        let binary: PartnerPlan = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(binary, plan);
    }
}
