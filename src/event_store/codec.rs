//! A hook that changes fields of events on their way into and out of the log: the service
//! seals personal data with it (`crate::personal`), so the log only ever holds ciphertext of
//! those fields, and every read but the raw one (export, verify) sees them opened again.
//!
//! The store knows nothing of which fields are sealed or how: it calls `seal` on every event
//! before handing it to the writer and `open` on every event it reads, before upcasting.

use super::error::StoreError;
use super::types::{NewEvent, RecordedEvent, StreamName};

pub trait FieldCodec: Send + Sync {
    /// Seals what must not reach the log in the clear; a field already sealed stays as it is,
    /// so an exported log imports unchanged. Fails only when the key store cannot be written.
    fn seal(&self, stream: &StreamName, event: &mut NewEvent) -> Result<(), StoreError>;

    /// Opens what `seal` sealed; a field whose key is gone reads as erased.
    fn open(&self, event: &mut RecordedEvent);
}
