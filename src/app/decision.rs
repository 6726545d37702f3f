//! A decision across aggregates: the command of one aggregate built from facts read fresh from
//! other aggregates' streams, appended only if none of those streams moved in between.
//!
//! As in disintegrate, a decision names what it read and its append checks it: `Facts` notes
//! every stream the decision folds with the revision it was at, and the append carries them
//! (`EventStore::append_checked`). When one of them moved, the decision is taken again on
//! what is there now (the person's input is unchanged, so they are not asked again); when the
//! decision's own stream moved from the revision the person saw, that stays a conflict.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::append::append_guarded;
use super::{Actor, ExecuteError, Executed, decode, load, load_onto};
use crate::domain::aggregate::Aggregate;
use crate::event_store::{
    ActualRevision, AppendError, Direction, EventStore, ExpectedRevision, ReadError, ReadFrom,
    StoreError, StreamName,
};

/// How often a decision is taken again after the streams it read moved, before giving up with
/// a conflict. Each time, something else was decided in between, so this is rarely reached.
pub const MAX_ATTEMPTS: u32 = 10;

/// Which state of its own stream the decision must be taken on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Whatever is current: a decision that depends on no form, taken again after any
    /// concurrent write.
    Latest,
    /// The revision the person's page showed (`None`: the stream did not exist yet); a later
    /// one is a conflict the person should see.
    At(Option<u64>),
}

/// Streams most kept in a [`FactCache`]; beyond it the one used longest ago makes room.
const MAX_CACHED_FACTS: usize = 256;

/// The states of streams decisions read recently, each with the revision it was folded at. A
/// stream's fold at a revision never changes (its events are immutable, the migrations fixed
/// for the process), so a decision that finds the stream still there folds nothing, and one
/// that finds it moved folds only the events since: thousands of reviews scored against one
/// jury read it once, not once each. Streams that hide old events by age (`$maxAge`) are never
/// kept.
/// Cloned cheaply: the clones share the states kept.
#[derive(Default, Clone)]
pub struct FactCache(Arc<Mutex<Cached>>);

#[derive(Default)]
struct Cached {
    states: HashMap<StreamName, CachedFact>,
    /// Counts uses, so that the one used longest ago is known.
    uses: u64,
}

struct CachedFact {
    revision: u64,
    state: CachedState,
    last_used: u64,
}

/// An aggregate's state, of whichever type the stream's aggregate has.
type CachedState = Arc<dyn Any + Send + Sync>;

impl FactCache {
    /// Forgets every state kept: after an erasure, which changes what streams read as.
    pub fn clear(&self) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .states
            .clear();
    }

    /// The stream's state as it is now and its revision, for a page that shows a small stream
    /// read on demand (a jury meeting): folded once and kept, so that a page asked for again
    /// reads only the stream's revision, and the events since when it moved.
    pub fn current<B: Aggregate>(
        &self,
        store: &EventStore,
        stream: &StreamName,
    ) -> Result<(Arc<B>, Option<u64>), ExecuteError<std::convert::Infallible>> {
        Facts::new(store, self, true).fold::<B, std::convert::Infallible>(stream)
    }

    /// The state of an event's stream just after that event, not as it is now (what a message
    /// about the event says): folded onto the state kept when that is not later than the event,
    /// and kept in its place, so that the outbox, which reads a stream's events in order, folds
    /// each event once rather than the stream's whole history for every message.
    pub fn at<B: Aggregate>(
        &self,
        store: &EventStore,
        event: &crate::event_store::RecordedEvent,
    ) -> Result<Arc<B>, ExecuteError<std::convert::Infallible>> {
        let stream = &event.stream;
        let cacheable = store.stream_metadata(stream)?.max_age.is_none();
        let kept = self.get::<B>(stream).filter(|_| cacheable);
        let (mut state, from) = match kept {
            Some((state, at)) if at == event.revision => return Ok(state),
            Some((state, at)) if at < event.revision => ((*state).clone(), at + 1),
            // A later state is kept (a page read the stream as it is now): it stays.
            Some(_) => return Ok(Arc::new(fold_until::<B>(store, event, B::default(), 0)?)),
            None => (B::default(), 0),
        };
        state = fold_until::<B>(store, event, state, from)?;
        let state = Arc::new(state);
        if cacheable {
            self.put(stream, event.revision, state.clone());
        }
        Ok(state)
    }

    /// The latest state kept of `stream` and its revision, whatever the revision.
    fn get<B: Aggregate>(&self, stream: &StreamName) -> Option<(Arc<B>, u64)> {
        let mut cached = self.0.lock().unwrap_or_else(|p| p.into_inner());
        cached.uses += 1;
        let uses = cached.uses;
        let fact = cached.states.get_mut(stream)?;
        fact.last_used = uses;
        let state = fact.state.clone().downcast::<B>().ok()?;
        Some((state, fact.revision))
    }

    fn put<B: Aggregate>(&self, stream: &StreamName, revision: u64, state: Arc<B>) {
        let mut cached = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if cached.states.len() >= MAX_CACHED_FACTS && !cached.states.contains_key(stream) {
            let oldest = cached
                .states
                .iter()
                .min_by_key(|(_, fact)| fact.last_used)
                .map(|(stream, _)| stream.clone());
            if let Some(oldest) = oldest {
                cached.states.remove(&oldest);
            }
        }
        cached.uses += 1;
        let last_used = cached.uses;
        cached.states.insert(
            stream.clone(),
            CachedFact {
                revision,
                state,
                last_used,
            },
        );
    }
}

/// The other aggregates a decision read, each with the revision it was read at.
pub struct Facts<'s> {
    store: &'s EventStore,
    cache: &'s FactCache,
    read: Vec<(StreamName, ExpectedRevision)>,
    /// The decision's first attempt, not one taken again after its append was refused.
    first_attempt: bool,
}

/// A copy of a stream's state the caller holds already (a read model's), and the revision it
/// is the state at.
#[derive(Debug, Clone)]
pub struct Held<B> {
    pub revision: u64,
    pub state: Arc<B>,
}

impl<'s> Facts<'s> {
    fn new(store: &'s EventStore, cache: &'s FactCache, first_attempt: bool) -> Self {
        Self {
            store,
            cache,
            read: Vec::new(),
            first_attempt,
        }
    }

    /// Like `load`, but on the decision's first attempt takes `held`, the caller's copy of the
    /// stream, without reading the stream: the append then depends on the stream still being at
    /// the copy's revision, so a copy behind the log (a read model not caught up, an application
    /// withdrawn a moment ago) has the append refused and the decision taken again, and then the
    /// stream is read. For decisions on thousands of streams a read model holds anyway.
    pub fn load_held<B: Aggregate, E: std::error::Error + 'static>(
        &mut self,
        stream: &StreamName,
        held: Option<&Held<B>>,
    ) -> Result<Arc<B>, ExecuteError<E>> {
        match held {
            Some(held) if self.first_attempt => {
                let expected = ExpectedRevision::Exact(held.revision);
                self.read.push((stream.clone(), expected));
                Ok(held.state.clone())
            }
            _ => self.load(stream),
        }
    }

    /// Folds `stream` as it is now, and makes the decision's append depend on it staying so.
    /// Shared, not copied: a decision only reads its facts.
    pub fn load<B: Aggregate, E: std::error::Error + 'static>(
        &mut self,
        stream: &StreamName,
    ) -> Result<Arc<B>, ExecuteError<E>> {
        let (state, revision) = self.fold::<B, E>(stream)?;
        let expected = revision.map_or(ExpectedRevision::NoStream, ExpectedRevision::Exact);
        self.read.push((stream.clone(), expected));
        Ok(state)
    }

    fn fold<B: Aggregate, E: std::error::Error + 'static>(
        &self,
        stream: &StreamName,
    ) -> Result<(Arc<B>, Option<u64>), ExecuteError<E>> {
        let now = self.store.stream_revision(stream)?;
        let cacheable = self.store.stream_metadata(stream)?.max_age.is_none();
        let kept = match (now, cacheable) {
            (ActualRevision::Revision(now), true) => {
                self.cache.get::<B>(stream).filter(|(_, at)| *at <= now)
            }
            _ => None,
        };
        if let (Some((state, at)), ActualRevision::Revision(now)) = (&kept, now)
            && *at == now
        {
            return Ok((state.clone(), Some(now)));
        }
        // Only the events since the kept state, if one is kept.
        let (state, revision) = match kept {
            Some((state, at)) => load_onto::<B>(self.store, stream, (*state).clone(), Some(at)),
            None => load::<B>(self.store, stream),
        }
        .map_err(read_failure)?;
        let state = Arc::new(state);
        if let (Some(revision), true) = (revision, cacheable) {
            self.cache.put(stream, revision, state.clone());
        }
        Ok((state, revision))
    }
}

/// `state` (the stream's state before revision `from`) with the events from `from` to the
/// event's own applied.
fn fold_until<B: Aggregate>(
    store: &EventStore,
    event: &crate::event_store::RecordedEvent,
    mut state: B,
    from: u64,
) -> Result<B, ExecuteError<std::convert::Infallible>> {
    let count = (event.revision + 1).saturating_sub(from) as usize;
    let history = store
        .read_stream(
            &event.stream,
            Direction::Forwards,
            ReadFrom::At(from),
            count,
        )
        .map_err(|e| match e {
            ReadError::Store(e) => ExecuteError::Store(e),
            other => ExecuteError::Store(StoreError::Corrupt {
                key: event.stream.to_string(),
                reason: other.to_string(),
            }),
        })?;
    for recorded in &history {
        state.apply(&decode::<B>(recorded).map_err(read_failure)?);
    }
    Ok(state)
}

/// A failure to read another aggregate's stream, in the deciding aggregate's error type.
fn read_failure<B: std::error::Error + 'static, E: std::error::Error + 'static>(
    e: ExecuteError<B>,
) -> ExecuteError<E> {
    match e {
        ExecuteError::Unreadable {
            stream,
            revision,
            reason,
        } => ExecuteError::Unreadable {
            stream,
            revision,
            reason,
        },
        ExecuteError::Store(e) => ExecuteError::Store(e),
        // `load` neither refuses nor conflicts.
        ExecuteError::Refused(refusal) => ExecuteError::Store(StoreError::Corrupt {
            key: "a fact of a decision".into(),
            reason: refusal.to_string(),
        }),
        ExecuteError::Conflict { stream, expected } => ExecuteError::Conflict { stream, expected },
    }
}

/// Waits a random while, longer after each attempt (up to 128 ms), before a command runs again:
/// writers that collided on one stream (many jurors confirming at once on deadline day) do not
/// collide again in lockstep.
pub async fn back_off(attempt: u32) {
    use rand::Rng;
    let most = 1u64 << attempt.min(7);
    let wait = rand::rng().random_range(0..=most);
    tokio::time::sleep(Duration::from_millis(wait)).await;
}

/// Takes a decision on `stream`'s aggregate: folds it, lets `decide` read the facts it needs
/// through [`Facts`] and build the command, runs it, and appends its events guarded by the
/// streams read. A moved fact takes the decision again; a moved own stream does too with
/// `Seen::Latest`, and is a `Conflict` with `Seen::At`.
pub async fn execute_deciding<A: Aggregate>(
    store: &EventStore,
    cache: &FactCache,
    stream: &StreamName,
    seen: Seen,
    actor: &Actor,
    decide: impl FnMut(&A, &mut Facts<'_>) -> Result<A::Command, ExecuteError<A::Error>>,
) -> Result<Executed<A>, ExecuteError<A::Error>> {
    execute_deciding_from(store, cache, stream, None, seen, actor, decide).await
}

/// Like [`execute_deciding`], starting from `held`, the caller's copy of the stream's state (a
/// read model's), instead of folding the stream: the append then depends on the stream still
/// being at the copy's revision, so a copy behind the log has the append refused and the
/// decision taken again on the stream itself; a refusal on the copy is decided again on the
/// stream too, so that nobody is refused for what the copy had not caught up with yet. Only
/// with `Seen::Latest`, where a stream that moved is decided on again rather than a conflict.
pub async fn execute_deciding_from<A: Aggregate>(
    store: &EventStore,
    cache: &FactCache,
    stream: &StreamName,
    held: Option<Held<A>>,
    seen: Seen,
    actor: &Actor,
    mut decide: impl FnMut(&A, &mut Facts<'_>) -> Result<A::Command, ExecuteError<A::Error>>,
) -> Result<Executed<A>, ExecuteError<A::Error>> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let start = held
            .as_ref()
            .filter(|_| attempt == 1 && seen == Seen::Latest);
        let decided = match decide_once(store, cache, stream, start, seen, attempt, &mut decide) {
            // Refused on the copy: perhaps only because it is behind; the stream decides.
            Err(ExecuteError::Refused(_)) if start.is_some() => continue,
            decided => decided?,
        };
        match append_decided(store, stream, seen, actor, decided, attempt).await? {
            Appended::Written(executed) => return Ok(executed),
            Appended::Again => back_off(attempt).await,
        }
    }
}

/// Like [`execute_deciding`], with the reading and the deciding on tokio's blocking pool: for a
/// decision that reads thousands of streams and takes long (the automatic jury assignment), so
/// that the async worker awaiting it goes on serving other requests meanwhile.
pub async fn execute_deciding_off_worker<A, D>(
    store: &EventStore,
    cache: &FactCache,
    stream: &StreamName,
    seen: Seen,
    actor: &Actor,
    mut decide: D,
) -> Result<Executed<A>, ExecuteError<A::Error>>
where
    A: Aggregate,
    A::Command: Send + 'static,
    D: FnMut(&A, &mut Facts<'_>) -> Result<A::Command, ExecuteError<A::Error>> + Send + 'static,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (owned_store, owned_cache, owned_stream) =
            (store.clone(), cache.clone(), stream.clone());
        let (decided, given_back) = off_worker(move || {
            let decided = decide_once(
                &owned_store,
                &owned_cache,
                &owned_stream,
                None,
                seen,
                attempt,
                &mut decide,
            );
            (decided, decide)
        })
        .await;
        decide = given_back;
        match append_decided(store, stream, seen, actor, decided?, attempt).await? {
            Appended::Written(executed) => return Ok(executed),
            Appended::Again => back_off(attempt).await,
        }
    }
}

/// What `decide` would do on the state of `stream` and the facts as they are now, without
/// writing anything (a preview), on tokio's blocking pool: the state, and the events the
/// command would append.
pub async fn preview_deciding<A, D>(
    store: &EventStore,
    cache: &FactCache,
    stream: &StreamName,
    mut decide: D,
) -> Result<(A, Vec<A::Event>), ExecuteError<A::Error>>
where
    A: Aggregate,
    D: FnMut(&A, &mut Facts<'_>) -> Result<A::Command, ExecuteError<A::Error>> + Send + 'static,
{
    let (store, cache, stream) = (store.clone(), cache.clone(), stream.clone());
    let decided = off_worker(move || {
        decide_once(&store, &cache, &stream, None, Seen::Latest, 1, &mut decide)
    })
    .await?;
    Ok((decided.state, decided.events))
}

/// Runs `work` on tokio's blocking pool; a panic in it goes on as if it had happened here.
async fn off_worker<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

/// A decision taken on the state at `revision`, not written yet.
struct Decided<A: Aggregate> {
    state: A,
    revision: Option<u64>,
    events: Vec<A::Event>,
    /// The facts it read, each with the revision it was read at.
    read: Vec<(StreamName, ExpectedRevision)>,
}

/// Folds `stream`, checks the revision the person saw, reads the facts and decides, for the
/// `attempt`-th time.
fn decide_once<A: Aggregate>(
    store: &EventStore,
    cache: &FactCache,
    stream: &StreamName,
    held: Option<&Held<A>>,
    seen: Seen,
    attempt: u32,
    decide: &mut impl FnMut(&A, &mut Facts<'_>) -> Result<A::Command, ExecuteError<A::Error>>,
) -> Result<Decided<A>, ExecuteError<A::Error>> {
    let (state, revision) = match held {
        Some(held) => ((*held.state).clone(), Some(held.revision)),
        None => load::<A>(store, stream)?,
    };
    if let Seen::At(seen) = seen
        && seen != revision
    {
        return Err(ExecuteError::Conflict {
            stream: stream.clone(),
            expected: seen,
        });
    }
    let mut facts = Facts::new(store, cache, attempt == 1);
    let command = decide(&state, &mut facts)?;
    let events = state.handle(command).map_err(ExecuteError::Refused)?;
    Ok(Decided {
        state,
        revision,
        events,
        read: facts.read,
    })
}

enum Appended<A: Aggregate> {
    Written(Executed<A>),
    /// A fact or (with `Seen::Latest`) the own stream moved: decide again.
    Again,
}

/// Appends a decision's events guarded by the facts it read; after the `attempt`-th try of
/// `MAX_ATTEMPTS` a moved stream is a `Conflict`.
async fn append_decided<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    seen: Seen,
    actor: &Actor,
    decided: Decided<A>,
    attempt: u32,
) -> Result<Appended<A>, ExecuteError<A::Error>> {
    let Decided {
        state,
        revision,
        events,
        read,
    } = decided;
    let refused = match append_guarded(store, stream, actor, events, state, revision, read).await {
        Ok(executed) => return Ok(Appended::Written(executed)),
        Err(refused) => refused,
    };
    let again = match &refused {
        AppendError::ReadStreamMoved { stream: moved, .. } => {
            tracing::debug!(%stream, %moved, attempt, "a fact moved; deciding again");
            true
        }
        AppendError::WrongExpectedVersion { .. } => seen == Seen::Latest,
        _ => false,
    };
    if !again || attempt >= MAX_ATTEMPTS {
        return Err(ExecuteError::from_append(stream, revision, refused));
    }
    Ok(Appended::Again)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{execute, stream_of};
    use crate::domain::competition::Competition;
    use crate::domain::competition::{CompetitionCommand, CompetitionError, Phase};
    use crate::domain::ids::CompetitionId;
    use crate::domain::presets::Preset;
    use crate::event_store::StoreOptions;

    #[tokio::test]
    async fn a_cached_fact_serves_only_the_revision_it_was_folded_at() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
        let id = CompetitionId::from_uuid(uuid::Uuid::from_u128(1));
        let stream = stream_of::<Competition>(&id);
        let now = chrono::Utc::now();
        let system = Actor::system();
        let run = |command| execute::<Competition>(&store, &stream, &system, command);
        run(CompetitionCommand::Draft {
            competition_id: id,
            setup: Preset::BioRegio.setup(now),
            now,
        })
        .await
        .unwrap();
        let cache = FactCache::default();
        let read = || {
            let mut facts = Facts::new(&store, &cache, true);
            let state = facts
                .load::<Competition, CompetitionError>(&stream)
                .unwrap();
            (state, facts.read)
        };

        let (first, guard) = read();
        let (again, _) = read();
        assert!(Arc::ptr_eq(&first, &again), "the second read folds nothing");
        assert_eq!(guard, vec![(stream.clone(), ExpectedRevision::Exact(0))]);

        run(CompetitionCommand::Publish { now }).await.unwrap();
        let (after, guard) = read();
        assert_eq!(after.phase, Phase::Published);
        assert_eq!(first.phase, Phase::Drafted);
        assert_eq!(guard, vec![(stream, ExpectedRevision::Exact(1))]);
    }

    #[tokio::test]
    async fn a_held_copy_behind_the_stream_is_decided_again_on_the_stream() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
        let id = CompetitionId::from_uuid(uuid::Uuid::from_u128(2));
        let stream = stream_of::<Competition>(&id);
        let now = chrono::Utc::now();
        let system = Actor::system();
        let run = |command| execute::<Competition>(&store, &stream, &system, command);
        let drafted = run(CompetitionCommand::Draft {
            competition_id: id,
            setup: Preset::BioRegio.setup(now),
            now,
        })
        .await
        .unwrap();
        // A read model's copy from before the competition was published.
        let held = Held {
            revision: 0,
            state: Arc::new(drafted.state),
        };
        run(CompetitionCommand::Publish { now }).await.unwrap();
        let cache = FactCache::default();
        let mut phases = Vec::new();
        let executed = execute_deciding_from::<Competition>(
            &store,
            &cache,
            &stream,
            Some(held),
            Seen::Latest,
            &system,
            |state, _| {
                phases.push(state.phase);
                Ok(CompetitionCommand::OpenNextStage { now })
            },
        )
        .await
        .unwrap();
        // The copy was tried first; its append was refused, and the stream decided.
        assert_eq!(phases, [Phase::Drafted, Phase::Published]);
        assert_eq!(executed.state.phase, Phase::StageOpen);
        assert_eq!(executed.revision, Some(2));
    }

    #[tokio::test]
    async fn a_stream_at_an_event_is_folded_onto_the_state_kept_and_never_past_the_event() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
        let id = CompetitionId::from_uuid(uuid::Uuid::from_u128(3));
        let stream = stream_of::<Competition>(&id);
        let now = chrono::Utc::now();
        let system = Actor::system();
        let run = |command| execute::<Competition>(&store, &stream, &system, command);
        run(CompetitionCommand::Draft {
            competition_id: id,
            setup: Preset::BioRegio.setup(now),
            now,
        })
        .await
        .unwrap();
        run(CompetitionCommand::Publish { now }).await.unwrap();
        run(CompetitionCommand::OpenNextStage { now })
            .await
            .unwrap();
        let events = store
            .read_stream(&stream, Direction::Forwards, ReadFrom::Start, 10)
            .unwrap();
        let cache = FactCache::default();
        let phases: Vec<Phase> = events
            .iter()
            .map(|event| cache.at::<Competition>(&store, event).unwrap().phase)
            .collect();
        assert_eq!(phases, [Phase::Drafted, Phase::Published, Phase::StageOpen]);
        // Asked for an earlier event once the later state is kept: still that event's state.
        let first = cache.at::<Competition>(&store, &events[0]).unwrap();
        assert_eq!(first.phase, Phase::Drafted);
        assert_eq!(cache.get::<Competition>(&stream).map(|(_, at)| at), Some(2));
    }

    #[test]
    fn a_full_cache_makes_room_by_the_fact_used_longest_ago() {
        let cache = FactCache::default();
        let name = |n: usize| StreamName::parse(format!("competition-{n}")).unwrap();
        let hot = StreamName::parse("jury-hot").unwrap();
        cache.put(&hot, 7, Arc::new(Competition::default()));
        for n in 0..MAX_CACHED_FACTS * 2 {
            cache.put(&name(n), 0, Arc::new(Competition::default()));
            // The jury every decision reads stays in use.
            assert!(
                cache.get::<Competition>(&hot).is_some(),
                "evicted after {n}"
            );
        }
        assert_eq!(cache.get::<Competition>(&hot).map(|(_, at)| at), Some(7));
        assert!(
            cache.get::<Competition>(&name(0)).is_none(),
            "the oldest made room"
        );
        let kept = cache.0.lock().unwrap().states.len();
        assert_eq!(kept, MAX_CACHED_FACTS);
    }
}
