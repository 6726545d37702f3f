use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::sync::Arc;

use super::progress;
use crate::event_store::EventStore;
use crate::event_store::{Direction, ExportedEvent, ReadFrom};
use crate::personal::codec::PersonalCodec;

const PAGE: usize = 4096;

/// With `keys`, the persons' keys go first, on a line of their own.
pub async fn run(store: EventStore, keys: Option<Arc<PersonalCodec>>) -> anyhow::Result<ExitCode> {
    let total = store.committed_count();
    let bar = progress::bar(total, "export");
    let mut out = BufWriter::new(std::io::stdout().lock());
    if let Some(codec) = keys {
        serde_json::to_writer(&mut out, &codec.keys().export())?;
        out.write_all(b"\n")?;
    }
    let mut next = 0;
    while next < total {
        let page = store.read_all_raw(Direction::Forwards, ReadFrom::At(next), PAGE)?;
        let Some(last) = page.last() else { break };
        next = last.position.0 + 1;
        for event in page {
            serde_json::to_writer(&mut out, &ExportedEvent::from(event))?;
            out.write_all(b"\n")?;
        }
        bar.set_position(next.min(total));
    }
    out.flush()?;
    bar.finish_and_clear();
    Ok(ExitCode::SUCCESS)
}
