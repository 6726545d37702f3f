//! Appends from concurrent writers and prints `ack POSITION STREAM REVISION EVENT_ID` for every
//! acknowledged event. Killing the process and running `verify` shows whether the disk and the
//! store keep what was acknowledged; the crash test does exactly that.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use super::StressArgs;
use crate::event_store::{EventStore, ExpectedRevision, NewEvent, StreamName};

pub async fn run(args: StressArgs, store: EventStore) -> anyhow::Result<ExitCode> {
    let payload = "x".repeat(args.size);
    let mut writers = Vec::new();
    for _ in 0..args.writers.max(1) {
        let store = store.clone();
        let payload = payload.clone();
        let stream = StreamName::parse(format!("stress-{}", uuid::Uuid::new_v4()))?;
        writers.push(tokio::spawn(async move {
            let mut expected = ExpectedRevision::NoStream;
            let mut written = 0;
            while args.events == 0 || written < args.events {
                let event =
                    NewEvent::new("StressEvent", json!({ "n": written, "payload": payload }));
                let id = event.event_id;
                let result = store.append(&stream, expected, vec![event]).await?;
                let line = format!(
                    "ack {} {stream} {} {id}\n",
                    result.position, result.next_expected
                );
                let mut out = std::io::stdout().lock();
                out.write_all(line.as_bytes())?;
                out.flush()?;
                expected = ExpectedRevision::Exact(result.next_expected);
                written += 1;
            }
            anyhow::Ok(())
        }));
    }
    for writer in writers {
        writer.await??;
    }
    Ok(ExitCode::SUCCESS)
}
