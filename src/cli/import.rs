use std::collections::VecDeque;
use std::io::BufRead;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use super::progress;
use crate::event_store::EventStore;
use crate::event_store::{ExportedEvent, PendingAppend};
use crate::personal::codec::PersonalCodec;
use crate::personal::key_store::ExportedKeys;

/// Appends queued ahead of the one being awaited; the writer commits them as groups.
const WINDOW: usize = 2048;

pub async fn run(store: EventStore, codec: Arc<PersonalCodec>) -> anyhow::Result<ExitCode> {
    let before = store.committed_count();
    let bar = progress::counter("import");
    let mut pending: VecDeque<(usize, PendingAppend)> = VecDeque::new();
    let mut read = 0u64;
    for (index, line) in std::io::stdin().lock().lines().enumerate() {
        let line_no = index + 1;
        let line = line.context("reading stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        if read == 0
            && pending.is_empty()
            && let Ok(keys) = serde_json::from_str::<ExportedKeys>(&line)
        {
            if let Some(pseudonyms) = &keys.pseudonym_key
                && crate::personal::pseudonyms::exported(codec.keys().dir()).as_deref()
                    != Some(pseudonyms.as_str())
            {
                if store.committed_count() > 0 {
                    anyhow::bail!(
                        "the keys of a backup go only into an empty data directory: this one holds a log"
                    );
                }
                crate::personal::pseudonyms::restore(codec.keys().dir(), pseudonyms)
                    .context("importing the keys")?;
                // On PostgreSQL every instance takes the key from the database.
                if let Some(shared) = codec.keys().shared_database() {
                    let bytes = hex::decode(pseudonyms.trim()).context("importing the keys")?;
                    crate::cluster::secrets::replace_secret(shared, "pseudonym", bytes)?;
                }
            }
            let added = codec.keys().import(&keys).context("importing the keys")?;
            eprintln!("{added} keys imported");
            continue;
        }
        let event: ExportedEvent = serde_json::from_str(&line)
            .with_context(|| format!("line {line_no} is not an exported event"))?;
        pending.push_back((line_no, store.submit_import(event)?));
        read += 1;
        if pending.len() >= WINDOW {
            settle_one(&mut pending, &bar).await?;
        }
    }
    while !pending.is_empty() {
        settle_one(&mut pending, &bar).await?;
    }
    bar.finish_and_clear();
    let erased = crate::usecases::personal_data_erasure::apply_recorded(&store, &codec)?;
    if erased > 0 {
        eprintln!("{erased} keys deleted, as erasures in the log ask");
    }
    let added = store.committed_count() - before;
    eprintln!(
        "{read} events read, {added} appended, {} already present",
        read - added
    );
    Ok(ExitCode::SUCCESS)
}

async fn settle_one(
    pending: &mut VecDeque<(usize, PendingAppend)>,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<()> {
    if let Some((line_no, append)) = pending.pop_front() {
        append
            .wait()
            .await
            .with_context(|| format!("line {line_no} could not be imported"))?;
        bar.inc(1);
    }
    Ok(())
}
