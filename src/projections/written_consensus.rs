//! A consensus report with its texts (the rapporteur's comments, the objections' reasons): read
//! from its stream when a page, the export or the consortium's summary asks, since the juries'
//! projection keeps only where each report stands.

use crate::app::{ExecuteError, load, stream_of};
use crate::domain::consensus::{Consensus, ConsensusError, ConsensusKey};
use crate::event_store::EventStore;

/// The report of `key` as it is now, and the revision it was read at (`None`: not begun).
pub fn written_consensus(
    store: &EventStore,
    key: ConsensusKey,
) -> Result<(Consensus, Option<u64>), ExecuteError<ConsensusError>> {
    load::<Consensus>(store, &stream_of::<Consensus>(&key))
}
