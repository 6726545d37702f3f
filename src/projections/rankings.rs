//! Rankings: a version per competition that moves only with the events a ranking reads (the
//! competition's own stream, its jury, its applications, their reviews and consensus reports),
//! and the rankings computed at each version. Staff reload the ranking far more often than the
//! log moves, and an event in one competition leaves every other competition's ranking where it
//! was.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::domain::account::Language;
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, ApplicationEvent};
use crate::domain::competition::Competition;
use crate::domain::consensus::Consensus;
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::Jury;
use crate::domain::ranking::Weighting;
use crate::domain::review::Review;
use crate::event_store::RecordedEvent;

use super::projection::Projection;

#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RankingVersions {
    /// How many events concerning the competition's rankings were folded in.
    versions: HashMap<CompetitionId, u64>,
    /// The competition each application belongs to, so that its events and its reviews' find
    /// their competition.
    competition_of: HashMap<ApplicationId, CompetitionId>,
}

impl RankingVersions {
    pub fn version(&self, competition: CompetitionId) -> u64 {
        self.versions.get(&competition).copied().unwrap_or(0)
    }

    fn moved(&mut self, competition: CompetitionId) {
        *self.versions.entry(competition).or_default() += 1;
    }

    fn competition(&self, event: &RecordedEvent) -> Option<CompetitionId> {
        let category = event.stream.category();
        if category == Some(Consensus::CATEGORY) {
            let consensus = crate::app::decode::<Consensus>(event).ok()?;
            return self
                .competition_of
                .get(&consensus.key().application)
                .copied();
        }
        if category == Some(Review::CATEGORY) {
            let review = crate::app::decode::<Review>(event).ok()?;
            return self.competition_of.get(&review.key().application).copied();
        }
        let id = super::stream_uuid(event)?;
        if category == Some(Competition::CATEGORY) || category == Some(Jury::CATEGORY) {
            return Some(CompetitionId::from_uuid(id));
        }
        if category == Some(Application::CATEGORY) {
            return self
                .competition_of
                .get(&ApplicationId::from_uuid(id))
                .copied();
        }
        None
    }
}

impl Projection for RankingVersions {
    const NAME: &'static str = "rankings";

    fn apply(&mut self, event: &RecordedEvent) {
        if event.stream.category() == Some(Application::CATEGORY)
            && event.event_type == "ApplicationCreated"
            && let Some(id) = super::stream_uuid(event).map(ApplicationId::from_uuid)
            && let Ok(ApplicationEvent::ApplicationCreated { competition_id, .. }) =
                crate::app::decode::<Application>(event)
        {
            self.competition_of.insert(id, competition_id);
        }
        if let Some(competition) = self.competition(event) {
            self.moved(competition);
        }
    }
}

/// A competition, the stage shown (`None`: the current one), the page's language, and how the
/// reviews are weighted.
type Key = (CompetitionId, Option<usize>, Language, Weighting);

/// The rankings computed, each with the competition's version it was computed at. What a ranking
/// is (the page's figures) is the page's business; the cache only knows when one is stale.
#[derive(Default)]
pub struct RankingCache(Mutex<HashMap<Key, (u64, Computed)>>);

/// A ranking as the page computed it.
type Computed = Arc<dyn Any + Send + Sync>;

impl RankingCache {
    /// Forgets every ranking computed: after a rebuild of the projections.
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// The ranking computed at `version`, or a fresh one from `compute`. The caller reads the
    /// version before it reads the projections it computes from (the versions are folded after
    /// them), so a ranking is never filed under a version newer than what it was computed from.
    pub fn get_or_compute<T, E>(
        &self,
        key: Key,
        version: u64,
        compute: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
    {
        let cached = self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .filter(|(at, _)| *at == version)
            .and_then(|(_, ranked)| ranked.clone().downcast::<T>().ok());
        if let Some(ranked) = cached {
            return Ok(ranked);
        }
        let ranked = Arc::new(compute()?);
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, (version, ranked.clone()));
        Ok(ranked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_store::{Direction, EventStore, ReadFrom, StoreOptions, StreamName};

    /// The event moved to another stream of the same category.
    fn elsewhere(event: &RecordedEvent, id: uuid::Uuid) -> RecordedEvent {
        let category = event.stream.category().unwrap();
        RecordedEvent {
            stream: StreamName::parse(format!("{category}-{id}")).unwrap(),
            ..event.clone()
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_competitions_version_moves_only_with_its_own_streams() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
        let options = crate::demo::Options {
            preset: crate::domain::presets::Preset::BioRegio,
            scale: 1,
            seed: 7,
            open_drafts: 0,
        };
        let report = crate::demo::fill(&store, options, &|_| {}).await.unwrap();
        let competition = report.competition;
        let events = store
            .read_all(Direction::Forwards, ReadFrom::Start, usize::MAX)
            .unwrap();
        let of = |category: &str| {
            events
                .iter()
                .find(|e| e.stream.category() == Some(category))
                .unwrap()
                .clone()
        };
        let mut versions = RankingVersions::default();
        let mut last = 0;
        for event in &events {
            versions.apply(event);
            let now = versions.version(competition);
            let concerns = [
                Competition::CATEGORY,
                Jury::CATEGORY,
                Application::CATEGORY,
                Review::CATEGORY,
                Consensus::CATEGORY,
            ]
            .contains(&event.stream.category().unwrap_or_default());
            assert_eq!(
                now > last,
                concerns,
                "{} {}",
                event.stream,
                event.event_type
            );
            last = now;
        }
        // Another competition's events, an unknown application's and an account's leave it.
        let other = uuid::Uuid::new_v4();
        versions.apply(&elsewhere(&of(Competition::CATEGORY), other));
        versions.apply(&elsewhere(&of(Jury::CATEGORY), other));
        let later = events
            .iter()
            .find(|e| {
                e.stream.category() == Some(Application::CATEGORY)
                    && e.event_type != "ApplicationCreated"
            })
            .unwrap();
        versions.apply(&elsewhere(later, uuid::Uuid::new_v4()));
        versions.apply(&of(crate::domain::account::Account::CATEGORY));
        assert_eq!(versions.version(competition), last);
        assert_eq!(versions.version(CompetitionId::from_uuid(other)), 2);
    }

    #[test]
    fn a_ranking_is_computed_once_per_version() {
        let cache = RankingCache::default();
        let key = (
            CompetitionId::from_uuid(uuid::Uuid::new_v4()),
            None,
            Language::De,
            Weighting::Equal,
        );
        let computed = std::cell::Cell::new(0);
        let get = |version| {
            cache
                .get_or_compute(key, version, || {
                    computed.set(computed.get() + 1);
                    Ok::<_, ()>(version)
                })
                .unwrap()
        };
        assert_eq!(*get(1), 1);
        assert_eq!(*get(1), 1);
        assert_eq!(*get(2), 2);
        assert_eq!(computed.get(), 2);
    }

    #[test]
    fn a_weighted_ranking_is_cached_apart_from_the_plain_one() {
        let cache = RankingCache::default();
        let competition = CompetitionId::from_uuid(uuid::Uuid::new_v4());
        let key = |weighting| (competition, None, Language::De, weighting);
        let plain = cache
            .get_or_compute(key(Weighting::Equal), 1, || Ok::<_, ()>("plain"))
            .unwrap();
        let weighted = cache
            .get_or_compute(key(Weighting::Confidence), 1, || Ok::<_, ()>("weighted"))
            .unwrap();
        assert_eq!((*plain, *weighted), ("plain", "weighted"));
        let again = cache
            .get_or_compute(key(Weighting::Equal), 1, || Ok::<_, ()>("computed again"))
            .unwrap();
        assert_eq!(*again, "plain");
    }
}
