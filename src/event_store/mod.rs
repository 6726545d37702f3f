//! An append-only event log on sled with EventStoreDB's semantics.

mod codec;
pub(crate) mod durability;
mod error;
mod export;
pub mod keys;
mod metadata;
mod migrations;
mod postgres;
mod record;
mod store;
mod subscription;
mod types;
mod verify;
mod writer;

pub use codec::FieldCodec;
pub use error::{AppendError, NameError, ReadError, StoreError};
pub use export::ExportedEvent;
pub use metadata::{SOFT_DELETE_MARKER, StreamMetadata};
pub use migrations::{Migration, Migrations, Step};
pub(crate) use store::open_error;
pub use store::{EventStore, PendingAppend, STORAGE_FORMAT, StoreOptions};
pub use subscription::Subscription;
pub use types::{
    ActualRevision, AppendResult, Direction, EventId, ExpectedRevision, METADATA_TYPE, NewEvent,
    Position, ReadFrom, RecordedEvent, SCHEMA_VERSION_KEY, STREAM_DELETED_TYPE, StreamName,
};
pub use verify::VerifyReport;
