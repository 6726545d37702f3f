//! Random appends, deletes and reads against the real store and against a plain in-memory model
//! of EventStoreDB's semantics: both must give the same answers.

use std::collections::HashMap;

use proptest::prelude::*;
use wettbewerb::event_store::{
    ActualRevision, AppendError, AppendResult, Direction, EventId, EventStore, ExpectedRevision,
    NewEvent, ReadError, ReadFrom, RecordedEvent, StreamName,
};

use crate::support;

const STREAMS: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Append {
        s: usize,
        expected: ExpectedRevision,
        n: usize,
    },
    /// Appends the last batch tried on the stream again.
    Retry {
        s: usize,
        expected: ExpectedRevision,
    },
    SoftDelete {
        s: usize,
        expected: ExpectedRevision,
    },
    Tombstone {
        s: usize,
        expected: ExpectedRevision,
    },
    ReadStream {
        s: usize,
        backwards: bool,
        from: u64,
        max: usize,
    },
    ReadAll {
        backwards: bool,
        from: u64,
        max: usize,
    },
}

fn expected() -> impl Strategy<Value = ExpectedRevision> {
    prop_oneof![
        Just(ExpectedRevision::Any),
        Just(ExpectedRevision::NoStream),
        Just(ExpectedRevision::StreamExists),
        (0u64..6).prop_map(ExpectedRevision::Exact),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let s = 0..STREAMS;
    prop_oneof![
        6 => (s.clone(), expected(), 1usize..4).prop_map(|(s, expected, n)| Op::Append { s, expected, n }),
        2 => (s.clone(), expected()).prop_map(|(s, expected)| Op::Retry { s, expected }),
        1 => (s.clone(), expected()).prop_map(|(s, expected)| Op::SoftDelete { s, expected }),
        1 => (s.clone(), expected()).prop_map(|(s, expected)| Op::Tombstone { s, expected }),
        3 => (s, any::<bool>(), 0u64..8, 1usize..5)
            .prop_map(|(s, backwards, from, max)| Op::ReadStream { s, backwards, from, max }),
        2 => (any::<bool>(), 0u64..20, 1usize..8)
            .prop_map(|(backwards, from, max)| Op::ReadAll { backwards, from, max }),
    ]
}

/// What either side answered, in comparable form.
#[derive(Debug, PartialEq)]
enum Answer {
    Written(u64),
    WrongVersion(ActualRevision),
    Deleted,
    NotFound,
    Events(Vec<(String, u64, EventId)>),
}

#[derive(Default)]
struct ModelStream {
    ids: Vec<EventId>,
    soft_deleted_after: Option<u64>,
    tombstoned: bool,
}

#[derive(Default)]
struct Model {
    all: Vec<(String, u64, EventId)>,
    streams: HashMap<String, ModelStream>,
}

impl Model {
    fn actual(&self, name: &str) -> ActualRevision {
        match self.streams.get(name) {
            Some(s) if !s.ids.is_empty() => {
                let last = s.ids.len() as u64 - 1;
                if s.soft_deleted_after == Some(last) {
                    ActualRevision::SoftDeleted(last)
                } else {
                    ActualRevision::Revision(last)
                }
            }
            _ => ActualRevision::NoStream,
        }
    }

    fn satisfies(expected: ExpectedRevision, actual: ActualRevision) -> bool {
        use ActualRevision as A;
        use ExpectedRevision as E;
        match (expected, actual) {
            (E::Any, _) => true,
            (E::NoStream, A::NoStream | A::SoftDeleted(_)) => true,
            (E::StreamExists, A::Revision(_)) => true,
            (E::Exact(e), A::Revision(r) | A::SoftDeleted(r)) => e == r,
            _ => false,
        }
    }

    fn append(
        &mut self,
        name: &str,
        expected: ExpectedRevision,
        ids: &[EventId],
        tombstone: bool,
    ) -> Answer {
        let actual = self.actual(name);
        let stream = self.streams.entry(name.to_owned()).or_default();
        let known: Vec<Option<usize>> = ids
            .iter()
            .map(|id| stream.ids.iter().position(|x| x == id))
            .collect();
        if known.iter().any(Option::is_some) {
            let revs: Vec<usize> = known.iter().flatten().copied().collect();
            let consecutive = revs.len() == ids.len() && revs.windows(2).all(|w| w[1] == w[0] + 1);
            let first = revs[0] as u64;
            let in_place = match expected {
                ExpectedRevision::Any | ExpectedRevision::StreamExists => true,
                ExpectedRevision::NoStream => {
                    first == 0 || Some(first) == stream.soft_deleted_after.map(|a| a + 1)
                }
                ExpectedRevision::Exact(e) => first == e + 1,
            };
            return if consecutive && in_place {
                Answer::Written(*revs.last().unwrap() as u64)
            } else {
                Answer::WrongVersion(actual)
            };
        }
        if stream.tombstoned {
            return Answer::Deleted;
        }
        if !Self::satisfies(expected, actual) {
            return Answer::WrongVersion(actual);
        }
        for id in ids {
            self.all
                .push((name.to_owned(), stream.ids.len() as u64, *id));
            stream.ids.push(*id);
        }
        stream.tombstoned = tombstone;
        Answer::Written(stream.ids.len() as u64 - 1)
    }

    fn soft_delete(&mut self, name: &str, expected: ExpectedRevision, marker: EventId) -> Answer {
        let actual = self.actual(name);
        let stream = self.streams.entry(name.to_owned()).or_default();
        if stream.tombstoned {
            return Answer::Deleted;
        }
        if actual == ActualRevision::NoStream {
            return Answer::NotFound;
        }
        if !Self::satisfies(expected, actual) {
            return Answer::WrongVersion(actual);
        }
        stream.soft_deleted_after = Some(stream.ids.len() as u64 - 1);
        self.append(
            &format!("$${name}"),
            ExpectedRevision::Any,
            &[marker],
            false,
        )
    }

    fn read_stream(&self, name: &str, backwards: bool, from: u64, max: usize) -> Answer {
        let Some(stream) = self.streams.get(name) else {
            return Answer::NotFound;
        };
        if stream.tombstoned {
            return Answer::Deleted;
        }
        if stream.ids.is_empty() || matches!(self.actual(name), ActualRevision::SoftDeleted(_)) {
            return Answer::NotFound;
        }
        let first = stream.soft_deleted_after.map_or(0, |a| a + 1);
        let last = stream.ids.len() as u64 - 1;
        let revisions: Vec<u64> = if backwards {
            if from.min(last) < first {
                vec![]
            } else {
                (first..=from.min(last)).rev().take(max).collect()
            }
        } else {
            (from.max(first)..=last).take(max).collect()
        };
        Answer::Events(
            revisions
                .into_iter()
                .map(|r| (name.to_owned(), r, stream.ids[r as usize]))
                .collect(),
        )
    }

    fn read_all(&self, backwards: bool, from: u64, max: usize) -> Answer {
        let picked: Vec<_> = if backwards {
            let end = (from as usize + 1).min(self.all.len());
            self.all[..end].iter().rev().take(max).cloned().collect()
        } else {
            self.all
                .iter()
                .skip(from as usize)
                .take(max)
                .cloned()
                .collect()
        };
        Answer::Events(picked)
    }
}

fn from_append(result: Result<AppendResult, AppendError>) -> Answer {
    match result {
        Ok(r) => Answer::Written(r.next_expected),
        Err(AppendError::WrongExpectedVersion { actual, .. }) => Answer::WrongVersion(actual),
        Err(AppendError::StreamDeleted(_)) => Answer::Deleted,
        Err(AppendError::StreamNotFound(_)) => Answer::NotFound,
        Err(other) => panic!("unexpected append error: {other}"),
    }
}

fn from_read(result: Result<Vec<RecordedEvent>, ReadError>) -> Answer {
    match result {
        Ok(events) => Answer::Events(
            events
                .into_iter()
                .map(|e| (e.stream.to_string(), e.revision, e.event_id))
                .collect(),
        ),
        Err(ReadError::StreamDeleted(_)) => Answer::Deleted,
        Err(ReadError::StreamNotFound(_)) => Answer::NotFound,
        Err(other) => panic!("unexpected read error: {other}"),
    }
}

async fn run(store: &EventStore, ops: Vec<Op>) {
    let mut model = Model::default();
    let mut last_batch: HashMap<usize, Vec<NewEvent>> = HashMap::new();
    let name = |s: usize| format!("model-{s}");
    let stream = |s: usize| StreamName::parse(name(s)).unwrap();
    for (step, op) in ops.into_iter().enumerate() {
        let (real, expected_answer) = match op.clone() {
            Op::Append { s, expected, n } => {
                let batch: Vec<NewEvent> = (0..n).map(|i| support::event(i as u64)).collect();
                last_batch.insert(s, batch.clone());
                let ids: Vec<EventId> = batch.iter().map(|e| e.event_id).collect();
                let want = model.append(&name(s), expected, &ids, false);
                (
                    from_append(store.append(&stream(s), expected, batch).await),
                    want,
                )
            }
            Op::Retry { s, expected } => {
                let Some(batch) = last_batch.get(&s).cloned() else {
                    continue;
                };
                let ids: Vec<EventId> = batch.iter().map(|e| e.event_id).collect();
                let want = model.append(&name(s), expected, &ids, false);
                (
                    from_append(store.append(&stream(s), expected, batch).await),
                    want,
                )
            }
            Op::SoftDelete { s, expected } => {
                let real = from_append(store.delete_stream(&stream(s), expected).await);
                // The marker's id is the store's own; take it from the log to keep the model in step.
                let marker = store
                    .read_all(Direction::Backwards, ReadFrom::End, 1)
                    .unwrap()
                    .first()
                    .map(|e| e.event_id)
                    .unwrap_or_default();
                (real, model.soft_delete(&name(s), expected, marker))
            }
            Op::Tombstone { s, expected } => {
                let real = from_append(store.tombstone_stream(&stream(s), expected).await);
                let marker = store
                    .read_all(Direction::Backwards, ReadFrom::End, 1)
                    .unwrap()
                    .first()
                    .map(|e| e.event_id)
                    .unwrap_or_default();
                let want = if matches!(real, Answer::Written(_)) {
                    model.append(&name(s), expected, &[marker], true)
                } else {
                    model.append(&name(s), expected, &[EventId::new()], true)
                };
                (real, want)
            }
            Op::ReadStream {
                s,
                backwards,
                from,
                max,
            } => {
                let direction = if backwards {
                    Direction::Backwards
                } else {
                    Direction::Forwards
                };
                let real =
                    from_read(store.read_stream(&stream(s), direction, ReadFrom::At(from), max));
                (real, model.read_stream(&name(s), backwards, from, max))
            }
            Op::ReadAll {
                backwards,
                from,
                max,
            } => {
                let direction = if backwards {
                    Direction::Backwards
                } else {
                    Direction::Forwards
                };
                let real = from_read(Ok(store
                    .read_all(direction, ReadFrom::At(from), max)
                    .unwrap()));
                (real, model.read_all(backwards, from, max))
            }
        };
        assert_eq!(real, expected_answer, "step {step}: {op:?}");
    }
    assert_eq!(
        from_read(Ok(store
            .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
            .unwrap())),
        model.read_all(false, 0, 10_000),
        "the whole of $all"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]
    #[test]
    fn the_store_answers_like_the_model(ops in proptest::collection::vec(op(), 1..40)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let t = support::open();
        runtime.block_on(run(&t.store, ops));
    }
}
