//! Process managers: workflows that span several aggregates run here, not in a request. Each
//! reacts to an event in `$all` and issues its follow-up commands idempotently, so that after a
//! crash the log is read again from the durable checkpoint and what already happened is a
//! no-op. A request that starts such a workflow only appends the first event and waits for the
//! processes to pass it (see [`Progress::handled`]).

mod checkpoint;
mod next_stage;
mod runner;

pub use checkpoint::Checkpoint;
pub use runner::{Progress, Runner};
