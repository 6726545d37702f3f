//! Seals the personal fields of events (`domain::personal_fields`) under their person's key as
//! they go into the log, and opens them as they come out; a field whose key is gone reads as
//! erased. The outbox seals its messages the same way, under the recipient's key.

use std::sync::Arc;

use serde_json::Value;
use uuid::Uuid;

use super::ERASED_TEXT;
use super::envelope::{Envelope, Kind};
use super::key_store::KeyStore;
use crate::domain::account::account_id_for;
use crate::domain::email_address::{ERASED_ADDRESS, EmailAddress};
use crate::domain::personal_fields::{Owner, PersonalFields, has_personal_fields, personal_fields};
use crate::event_store::{FieldCodec, NewEvent, RecordedEvent, StoreError, StreamName};

pub struct PersonalCodec {
    keys: Arc<KeyStore>,
}

/// The person an address belongs to: the id their account has or would have.
pub fn person_of_address(address: &str) -> Option<Uuid> {
    let address = EmailAddress::from_stored(address).ok()?;
    (!address.is_erased()).then(|| account_id_for(&address).as_uuid())
}

impl PersonalCodec {
    pub fn new(keys: Arc<KeyStore>) -> Self {
        Self { keys }
    }

    pub fn keys(&self) -> &Arc<KeyStore> {
        &self.keys
    }

    /// Seals the named fields of `object` (an `@` marks an address) under `person`'s key.
    pub fn seal_fields(
        &self,
        object: &mut Value,
        fields: &[&str],
        person: Uuid,
        context: &str,
    ) -> Result<(), StoreError> {
        let Some(object) = object.as_object_mut() else {
            return Ok(());
        };
        let mut key = None;
        for field in fields {
            let (name, kind) = field_kind(field);
            let Some(value) = object.get_mut(name) else {
                continue;
            };
            if !holds_text(value) {
                continue;
            }
            let key = match &key {
                Some(key) => key,
                None => key.insert(self.keys.key_for(person).map_err(StoreError::from)?),
            };
            let aad = format!("{context}/{name}");
            seal_value(value, kind, person, key, aad.as_bytes());
        }
        Ok(())
    }

    /// Opens the named fields of `object`; returns whether any of them is erased.
    pub fn open_fields(&self, object: &mut Value, fields: &[&str], context: &str) -> bool {
        let Some(object) = object.as_object_mut() else {
            return false;
        };
        let mut erased = false;
        for field in fields {
            let (name, _) = field_kind(field);
            if let Some(value) = object.get_mut(name) {
                let aad = format!("{context}/{name}");
                erased |= self.open_value(value, aad.as_bytes());
            }
        }
        erased
    }

    /// Opens every envelope in `value`; returns whether one of them is erased.
    fn open_value(&self, value: &mut Value, aad: &[u8]) -> bool {
        match value {
            Value::String(text) if Envelope::is_sealed(text) => {
                let opened = Envelope::read(text).and_then(|envelope| {
                    let key = self.keys.key_of(envelope.person)?;
                    let plain = key.open(&envelope.sealed, aad).ok()?;
                    String::from_utf8(plain).ok()
                });
                match opened {
                    Some(plain) => {
                        *text = plain;
                        false
                    }
                    None => {
                        let kind = Envelope::read(text).map_or(Kind::Text, |e| e.kind);
                        *text = erased(kind).to_owned();
                        true
                    }
                }
            }
            Value::Array(items) => items
                .iter_mut()
                .fold(false, |erased, v| self.open_value(v, aad) | erased),
            Value::Object(map) => map
                .values_mut()
                .fold(false, |erased, v| self.open_value(v, aad) | erased),
            _ => false,
        }
    }

    /// The fields of a raw event sealed under one of `persons`' keys, opened, each with its
    /// path in the event's data (`juror.name`, `recipients.3.email`): what the log holds of
    /// those persons in it, and of nobody else.
    pub fn own_fields(&self, event: &RecordedEvent, persons: &[Uuid]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let Some(category) = event.stream.category() else {
            return out;
        };
        let context = event.event_id.to_string();
        for group in personal_fields(category, &event.event_type) {
            for (path, container) in containers_at(&event.data, group.at) {
                for field in group.fields {
                    let (name, _) = field_kind(field);
                    if let Some(value) = container.get(name) {
                        let aad = format!("{context}/{name}");
                        let path = join(&path, name);
                        self.collect_own(value, &path, persons, aad.as_bytes(), &mut out);
                    }
                }
            }
        }
        out
    }

    fn collect_own(
        &self,
        value: &Value,
        path: &str,
        persons: &[Uuid],
        aad: &[u8],
        out: &mut Vec<(String, String)>,
    ) {
        match value {
            Value::String(text) if Envelope::is_sealed(text) => {
                let Some(envelope) = Envelope::read(text) else {
                    return;
                };
                if !persons.contains(&envelope.person) {
                    return;
                }
                let plain = self
                    .keys
                    .key_of(envelope.person)
                    .and_then(|key| key.open(&envelope.sealed, aad).ok())
                    .and_then(|plain| String::from_utf8(plain).ok())
                    .unwrap_or_else(|| erased(envelope.kind).to_owned());
                out.push((path.to_owned(), plain));
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.collect_own(item, &join(path, &i.to_string()), persons, aad, out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    self.collect_own(item, &join(path, key), persons, aad, out);
                }
            }
            _ => {}
        }
    }

    /// Every person whose fields this event holds sealed.
    pub fn persons_in(event: &RecordedEvent) -> Vec<Uuid> {
        let mut persons = Vec::new();
        collect_persons(&event.data, &mut persons);
        persons.sort();
        persons.dedup();
        persons
    }
}

/// What an erased field reads as.
pub fn erased(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => ERASED_TEXT,
        Kind::Address => ERASED_ADDRESS,
    }
}

fn field_kind(field: &str) -> (&str, Kind) {
    match field.strip_prefix('@') {
        Some(name) => (name, Kind::Address),
        None => (field, Kind::Text),
    }
}

/// Whether a value holds a string worth sealing (an empty one reveals nothing).
fn holds_text(value: &Value) -> bool {
    match value {
        Value::String(text) => !text.is_empty() && !Envelope::is_sealed(text),
        Value::Array(items) => items.iter().any(holds_text),
        Value::Object(map) => map.values().any(holds_text),
        _ => false,
    }
}

fn seal_value(
    value: &mut Value,
    kind: Kind,
    person: Uuid,
    key: &crate::security::sealed::SealingKey,
    aad: &[u8],
) {
    match value {
        Value::String(text) if !text.is_empty() && !Envelope::is_sealed(text) => {
            let sealed = key.seal(text.as_bytes(), aad);
            *text = Envelope {
                kind,
                person,
                sealed,
            }
            .write();
        }
        Value::Array(items) => {
            for item in items {
                seal_value(item, Kind::Text, person, key, aad);
            }
        }
        Value::Object(map) => {
            for item in map.values_mut() {
                seal_value(item, Kind::Text, person, key, aad);
            }
        }
        _ => {}
    }
}

fn collect_persons(value: &Value, persons: &mut Vec<Uuid>) {
    match value {
        Value::String(text) if Envelope::is_sealed(text) => {
            if let Some(envelope) = Envelope::read(text) {
                persons.push(envelope.person);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_persons(v, persons)),
        Value::Object(map) => map.values().for_each(|v| collect_persons(v, persons)),
        _ => {}
    }
}

/// The objects a group's `at` names: the data itself, a nested object, or each of an array's.
fn containers<'a>(data: &'a mut Value, at: &str) -> Vec<&'a mut Value> {
    let mut current = vec![data];
    if at.is_empty() {
        return current;
    }
    for step in at.split('.') {
        let (name, each) = match step.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (step, false),
        };
        let mut next = Vec::new();
        for value in current {
            let Some(inner) = value.get_mut(name) else {
                continue;
            };
            match (each, inner) {
                (true, Value::Array(items)) => next.extend(items.iter_mut()),
                (false, inner @ Value::Object(_)) => next.push(inner),
                _ => {}
            }
        }
        current = next;
    }
    current
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Like `containers`, reading, with each object's path.
fn containers_at<'a>(data: &'a Value, at: &str) -> Vec<(String, &'a Value)> {
    let mut current = vec![(String::new(), data)];
    if at.is_empty() {
        return current;
    }
    for step in at.split('.') {
        let (name, each) = match step.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (step, false),
        };
        let mut next = Vec::new();
        for (path, value) in current {
            let Some(inner) = value.get(name) else {
                continue;
            };
            let path = join(&path, name);
            match (each, inner) {
                (true, Value::Array(items)) => next.extend(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| (join(&path, &i.to_string()), item)),
                ),
                (false, inner @ Value::Object(_)) => next.push((path, inner)),
                _ => {}
            }
        }
        current = next;
    }
    current
}

fn text_at<'a>(value: &'a Value, path: &str) -> Option<&'a str> {
    path.split('.')
        .try_fold(value, |v, step| v.get(step))
        .and_then(Value::as_str)
}

fn uuid_in(text: Option<&str>) -> Option<Uuid> {
    text.and_then(|t| Uuid::try_parse(t).ok())
}

/// Whose key seals the group's fields when it is the same for every object of the group:
/// `None` when each object names its own (`Some(None)`: nobody's, e.g. the system acted).
fn event_owner(
    group: &PersonalFields,
    stream: &StreamName,
    data: &Value,
    metadata: &Value,
) -> Option<Option<Uuid>> {
    match group.owner {
        Owner::StreamAccount => Some(uuid_in(stream.id())),
        Owner::Actor => Some(uuid_in(metadata.get("actor").and_then(Value::as_str))),
        Owner::IdIn(path) => path
            .strip_prefix("data.")
            .map(|path| uuid_in(text_at(data, path))),
        Owner::AddressIn(_) => None,
    }
}

/// Whose key seals the group's fields in `container`, when each object names its own.
fn container_owner(group: &PersonalFields, container: &Value) -> Option<Uuid> {
    match group.owner {
        Owner::AddressIn(field) => {
            let text = container.get(field)?.as_str()?;
            match Envelope::read(text) {
                Some(envelope) => Some(envelope.person),
                None => person_of_address(text),
            }
        }
        Owner::IdIn(path) => uuid_in(text_at(container, path)),
        Owner::StreamAccount | Owner::Actor => None,
    }
}

impl FieldCodec for PersonalCodec {
    fn seal(&self, stream: &StreamName, event: &mut NewEvent) -> Result<(), StoreError> {
        let Some(category) = stream.category() else {
            return Ok(());
        };
        if !has_personal_fields(category, &event.event_type) {
            return Ok(());
        }
        let context = event.event_id.to_string();
        for group in personal_fields(category, &event.event_type) {
            let shared = event_owner(group, stream, &event.data, &event.metadata);
            for container in containers(&mut event.data, group.at) {
                let person = match shared {
                    Some(person) => person,
                    None => container_owner(group, container),
                };
                if let Some(person) = person {
                    self.seal_fields(container, group.fields, person, &context)?;
                }
            }
        }
        Ok(())
    }

    fn open(&self, event: &mut RecordedEvent) {
        let Some(category) = event.stream.category() else {
            return;
        };
        if !has_personal_fields(category, &event.event_type) {
            return;
        }
        let context = event.event_id.to_string();
        for group in personal_fields(category, &event.event_type) {
            for container in containers(&mut event.data, group.at) {
                self.open_fields(container, group.fields, &context);
            }
        }
    }
}
