//! The event log's semantics, against the real sled store on disk.

mod concurrency;
mod decision_reads;
mod expected_version;
mod metadata_and_deletes;
mod migrations;
mod model;
mod reads;
mod support;
