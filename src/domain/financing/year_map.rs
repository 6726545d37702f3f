//! Maps keyed by budget year, written as JSON objects with the years as string keys. The log
//! reads events through `serde_json::Value`, which does not turn a key "2027" back into a
//! number by itself; this does, for events and snapshots alike.

use std::collections::BTreeMap;

use serde::de::Error;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<T: Serialize, S: Serializer>(
    map: &BTreeMap<i32, T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let keyed: BTreeMap<String, &T> = map.iter().map(|(k, v)| (k.to_string(), v)).collect();
    keyed.serialize(serializer)
}

pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<i32, T>, D::Error> {
    let keyed = BTreeMap::<String, T>::deserialize(deserializer)?;
    keyed
        .into_iter()
        .map(|(k, v)| {
            k.parse::<i32>()
                .map(|year| (year, v))
                .map_err(|_| D::Error::custom(format!("{k:?} is not a year")))
        })
        .collect()
}
