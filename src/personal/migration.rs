//! Sealing a log that an older version wrote with personal data in plain text: done once, on
//! the first start of this version (any command that opens the data directory), before
//! anything reads the log.
//!
//! The log is copied event by event into `events.sealing` through the sealing codec, with
//! every position, revision, id and time of writing as it was; the outbox likewise into
//! `outbox.sealing`. Only when both copies are complete do they take the old folders' places,
//! and the old folders (whose files hold the plain text) are removed. A crash before that
//! leaves the old folders in use and the copy is made again; a crash between the renames is
//! finished on the next start. The read models' snapshots are removed: they are written again
//! from the sealed log.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::codec::PersonalCodec;
use crate::email::outbox::Outbox;
use crate::event_store::{Direction, EventStore, ExportedEvent, ReadFrom, StoreOptions};

const PAGE: usize = 4096;

/// Seals the data directory's log and outbox if an older version left them in plain text;
/// marks a new directory as sealed. Returns the number of events sealed (0: nothing to do).
pub fn seal_if_needed(data: &Path, codec: &Arc<PersonalCodec>) -> anyhow::Result<u64> {
    if super::is_marked_sealed(data) {
        return Ok(0);
    }
    let events = data.join("events");
    let sealing = data.join("events.sealing");
    let plaintext = data.join("events.plaintext");
    if !events.exists() && sealing.exists() && plaintext.exists() {
        // A crash between the two renames: the copy is complete.
        std::fs::rename(&sealing, &events)?;
    }
    let count = if events.exists() {
        EventStore::open(StoreOptions::new(&events)?)?.committed_count()
    } else {
        0
    };
    if count > 0 {
        remove_dir(&sealing)?;
        copy_sealed(&events, &sealing, codec)
            .with_context(|| format!("sealing the personal data in {}", events.display()))?;
        seal_outbox(data, codec)?;
        std::fs::rename(&events, &plaintext)?;
        std::fs::rename(&sealing, &events)?;
        crate::event_store::durability::DirectorySync::sync_dir(data)?;
    }
    super::mark_sealed(data)?;
    remove_dir(&plaintext)?;
    remove_dir(&data.join("outbox.plaintext"))?;
    if count > 0 {
        super::forget::forget(data, &[], false)?;
        tracing::info!(events = count, "the personal data in the log is sealed");
    }
    Ok(count)
}

fn copy_sealed(from: &Path, to: &Path, codec: &Arc<PersonalCodec>) -> anyhow::Result<()> {
    let source = EventStore::open(StoreOptions::new(from)?)?;
    let target = EventStore::open(StoreOptions::new(to)?.with_codec(codec.clone()))?;
    let mut next = 0;
    loop {
        let page = source.read_all_raw(Direction::Forwards, ReadFrom::At(next), PAGE)?;
        let Some(last) = page.last() else { break };
        next = last.position.0 + 1;
        let pending = page
            .into_iter()
            .map(|event| target.submit_import(ExportedEvent::from(event)))
            .collect::<Result<Vec<_>, _>>()?;
        // On a thread of its own: the caller may be inside an async runtime.
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    pending
                        .into_iter()
                        .try_for_each(|append| append.wait_blocking().map(drop))
                })
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })?;
    }
    anyhow::ensure!(
        target.committed_count() == source.committed_count(),
        "the sealed copy holds {} events, the log {}",
        target.committed_count(),
        source.committed_count()
    );
    Ok(())
}

/// The outbox's messages sealed under their recipients' keys, in `outbox.sealing`, then in
/// place of the old outbox.
fn seal_outbox(data: &Path, codec: &Arc<PersonalCodec>) -> anyhow::Result<()> {
    let outbox = data.join("outbox");
    if !outbox.exists() {
        return Ok(());
    }
    let sealing = data.join("outbox.sealing");
    remove_dir(&sealing)?;
    {
        let old = Outbox::open(&outbox)?;
        let new = Outbox::open_sealed(&sealing, codec.clone())?;
        new.record(old.entries()?, old.checkpoint()?)?;
    }
    let plaintext = data.join("outbox.plaintext");
    std::fs::rename(&outbox, &plaintext)?;
    std::fs::rename(&sealing, &outbox)?;
    crate::event_store::durability::DirectorySync::sync_dir(data)?;
    Ok(())
}

fn remove_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
