//! `wettbewerb prune-documents`: removes stored documents that no event names as an attached
//! document or a pledge's letter (an upload whose event was never appended, a write a crash
//! interrupted). A document once attached is kept even
//! after it was removed from its application: receipts and the audit log refer to it.

use std::collections::HashSet;
use std::process::ExitCode;

use crate::documents::DocumentStore;
use crate::event_store::{Direction, EventStore, ReadFrom};

pub fn run(store: EventStore, documents: DocumentStore, dry_run: bool) -> anyhow::Result<ExitCode> {
    let mut referenced: HashSet<String> = store
        .read_event_type(
            "DocumentAttached",
            Direction::Forwards,
            ReadFrom::Start,
            usize::MAX,
        )?
        .iter()
        .filter_map(|e| e.data["document"]["sha256"].as_str().map(str::to_owned))
        .collect();
    // The signed letters of the pledges are documents too.
    referenced.extend(
        store
            .read_event_type(
                "PledgeRecorded",
                Direction::Forwards,
                ReadFrom::Start,
                usize::MAX,
            )?
            .iter()
            .filter_map(|e| {
                e.data["pledge"]["letter"]["sha256"]
                    .as_str()
                    .map(str::to_owned)
            }),
    );
    let pruned = documents.prune(&referenced, dry_run)?;
    let verb = if dry_run { "would remove" } else { "removed" };
    println!(
        "{verb} {} files ({} bytes) that no event names; kept {}",
        pruned.removed, pruned.bytes, pruned.kept
    );
    Ok(ExitCode::SUCCESS)
}
