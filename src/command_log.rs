//! One log line for each command, wherever it runs: the stream and the types of the events
//! appended, or that it was refused or met a concurrent change. The line is written inside the
//! span of whatever ran the command, which names its origin: a request's `request{id=…}` (see
//! `web/request_id.rs`), a process manager's or the reminder scheduler's `process{name=…}`
//! ([`process`]), a command-line subcommand's `cli{command=…}` ([`cli`]). No refusal's reason
//! and no event's content is logged: they may hold what a person entered.

use std::collections::BTreeSet;

use crate::app::{ExecuteError, Executed};
use crate::domain::aggregate::Aggregate;
use crate::event_store::StreamName;

/// The span of the commands a process runs outside any request, e.g. `next-stage`.
pub fn process(name: &'static str) -> tracing::Span {
    tracing::info_span!("process", name)
}

/// The span of the commands a command-line subcommand runs, e.g. `admin create-staff`.
pub fn cli(command: &'static str) -> tracing::Span {
    tracing::info_span!("cli", command)
}

/// Writes the command's line and hands its result on.
pub fn logged<A: Aggregate>(
    stream: &StreamName,
    result: Result<Executed<A>, ExecuteError<A::Error>>,
) -> Result<Executed<A>, ExecuteError<A::Error>> {
    match &result {
        Ok(executed) => match executed.position {
            Some(position) => tracing::info!(
                %stream,
                events = executed.events.len(),
                types = %event_types::<A>(&executed.events),
                position = position.0,
                "command appended"
            ),
            None => tracing::info!(%stream, "command appended nothing"),
        },
        Err(ExecuteError::Refused(_)) => tracing::info!(%stream, "command refused"),
        Err(ExecuteError::Conflict { .. }) => {
            tracing::info!(%stream, "command met a concurrent change")
        }
        Err(error) => tracing::error!(%stream, %error, "command failed"),
    }
    result
}

/// The event types, each once, in alphabetical order: an automatic assignment appends
/// thousands of events of one type.
fn event_types<A: Aggregate>(events: &[A::Event]) -> String {
    let types: BTreeSet<String> = events
        .iter()
        .filter_map(|event| {
            let value = serde_json::to_value(event).ok()?;
            value["type"].as_str().map(str::to_owned)
        })
        .collect();
    types.into_iter().collect::<Vec<_>>().join(",")
}
