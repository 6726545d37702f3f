//! The projections together, how far into the log all of them have read, and waiting for that.

use tokio::sync::watch;

use super::accounts::Accounts;
use super::applications::Applications;
use super::competitions::Competitions;
use super::juries::Juries;
use super::projection::{Held, Read};
use super::rankings::{RankingCache, RankingVersions};
use super::snapshot::{Found, Snapshots};
use super::views::Views;
use crate::event_store::{EventStore, Position, RecordedEvent, StoreError};

/// What a start found of each projection's snapshot (`ReadModels::read_snapshots`).
pub struct FoundSnapshots {
    competitions: Found<Competitions>,
    juries: Found<Juries>,
    applications: Found<Applications>,
    accounts: Found<Accounts>,
    rankings: Found<RankingVersions>,
}

pub struct ReadModels {
    pub(super) competitions: Held<Competitions>,
    pub(super) juries: Held<Juries>,
    pub(super) applications: Held<Applications>,
    pub(super) accounts: Held<Accounts>,
    pub(super) rankings: Held<RankingVersions>,
    ranking_cache: RankingCache,
    /// The position every projection has folded in.
    applied: watch::Sender<Option<Position>>,
    /// Held while a page is folded into every projection, and while a rebuild swaps them: a
    /// page is never half in the old projections and half in the new.
    folding: std::sync::Mutex<()>,
}

impl Default for ReadModels {
    fn default() -> Self {
        Self {
            competitions: Held::default(),
            juries: Held::default(),
            applications: Held::default(),
            accounts: Held::default(),
            rankings: Held::default(),
            ranking_cache: RankingCache::default(),
            applied: watch::Sender::new(None),
            folding: std::sync::Mutex::new(()),
        }
    }
}

impl ReadModels {
    /// Every projection a page may need, read together (see `Views`).
    pub fn read(&self) -> Views<'_> {
        Views {
            accounts: self.accounts.read(),
            applications: self.applications.read(),
            juries: self.juries.read(),
            competitions: self.competitions.read(),
        }
    }

    /// The application as it was at `revision` of its stream, if that is where its read model
    /// stands: what a message about the event at that revision says, without folding the
    /// stream again.
    pub fn application_at(
        &self,
        id: crate::domain::ids::ApplicationId,
        revision: u64,
    ) -> Option<crate::domain::application::Application> {
        let applications = self.applications.read();
        let view = applications.get(&id)?;
        (view.revision == revision && !view.skipped).then(|| view.state.clone())
    }

    /// Accounts and sessions alone: what every request checks.
    pub fn accounts(&self) -> Read<'_, Accounts> {
        self.accounts.read()
    }

    /// The competition's ranking version; read it before the projections a ranking is computed
    /// from (see `RankingCache::get_or_compute`).
    pub fn ranking_version(&self, competition: crate::domain::ids::CompetitionId) -> u64 {
        self.rankings.read().version(competition)
    }

    pub fn ranking_cache(&self) -> &RankingCache {
        &self.ranking_cache
    }

    /// Folds a page of events into every projection, one after the other, each under its own
    /// lock: what others refer to first (competitions before their juries and applications),
    /// the ranking versions last, so that a version never runs ahead of what it stands for.
    pub fn apply(&self, events: &[RecordedEvent]) {
        let Some(last) = events.last() else { return };
        let _folding = self.folding.lock().unwrap_or_else(|p| p.into_inner());
        self.competitions.apply(events);
        self.juries.apply(events);
        self.applications.apply(events);
        self.accounts.apply(events);
        self.rankings.apply(events);
        self.applied.send_if_modified(|applied| match *applied {
            Some(p) if p >= last.position => false,
            _ => {
                *applied = Some(last.position);
                true
            }
        });
    }

    /// Builds every projection again from the whole log and puts the new ones in place of
    /// these: after an erasure, so that what the log now reads as erased is erased in the pages
    /// too. Pages go on reading the old projections until the new ones are complete.
    pub fn rebuild(&self, store: &EventStore) -> Result<(), StoreError> {
        let fresh = ReadModels::default();
        super::catch_up(store, &fresh)?;
        let _folding = self.folding.lock().unwrap_or_else(|p| p.into_inner());
        super::catch_up(store, &fresh)?;
        self.competitions.restore(fresh.competitions.take());
        self.juries.restore(fresh.juries.take());
        self.applications.restore(fresh.applications.take());
        self.accounts.restore(fresh.accounts.take());
        self.rankings.restore(fresh.rankings.take());
        self.ranking_cache.clear();
        self.applied.send_replace(fresh.applied());
        Ok(())
    }

    /// The position every projection has folded in: where a catch-up goes on from.
    pub fn applied(&self) -> Option<Position> {
        *self.applied.borrow()
    }

    /// Reads and decodes every projection's snapshot, without the log, so that a start can do it
    /// while the log opens; the two largest (applications, juries and reviews) decode on two
    /// threads.
    pub fn read_snapshots(snapshots: &Snapshots) -> FoundSnapshots {
        std::thread::scope(|scope| {
            let first = scope.spawn(|| (snapshots.read(), snapshots.read()));
            let (juries, competitions, rankings) =
                (snapshots.read(), snapshots.read(), snapshots.read());
            let (applications, accounts) = first
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            FoundSnapshots {
                competitions,
                juries,
                applications,
                accounts,
                rankings,
            }
        })
    }

    /// Starts each projection from its snapshot where that is trusted (`snapshot::trusted`);
    /// returns how many were. The catch-up then goes on from the least advanced one.
    pub fn restore(&self, snapshots: &Snapshots, store: &EventStore) -> Result<usize, StoreError> {
        let found = Self::read_snapshots(snapshots);
        self.restore_found(snapshots, found, store)
    }

    /// Like `restore`, from snapshots read before the log was open.
    pub fn restore_found(
        &self,
        snapshots: &Snapshots,
        found: FoundSnapshots,
        store: &EventStore,
    ) -> Result<usize, StoreError> {
        let restored = [
            snapshots.restore(&self.competitions, found.competitions, store)?,
            snapshots.restore(&self.juries, found.juries, store)?,
            snapshots.restore(&self.applications, found.applications, store)?,
            snapshots.restore(&self.accounts, found.accounts, store)?,
            snapshots.restore(&self.rankings, found.rankings, store)?,
        ];
        self.restored();
        Ok(restored.into_iter().filter(|r| *r).count())
    }

    /// Writes every projection's snapshot, each in a file of its own: a crash between two
    /// leaves each projection at its own position, which a start handles.
    pub fn save(&self, snapshots: &Snapshots, store: &EventStore) -> Result<(), StoreError> {
        snapshots.save(&self.competitions, store)?;
        snapshots.save(&self.juries, store)?;
        snapshots.save(&self.applications, store)?;
        snapshots.save(&self.accounts, store)?;
        snapshots.save(&self.rankings, store)
    }

    /// Whether both hold the same state at the same positions, projection by projection.
    pub fn same_as(&self, other: &ReadModels) -> bool {
        *self.competitions.positioned() == *other.competitions.positioned()
            && *self.juries.positioned() == *other.juries.positioned()
            && *self.applications.positioned() == *other.applications.positioned()
            && *self.accounts.positioned() == *other.accounts.positioned()
            && *self.rankings.positioned() == *other.rankings.positioned()
    }

    /// Where the projections stand after a start from snapshots: the least advanced one.
    fn restored(&self) {
        let positions = [
            self.competitions.position(),
            self.juries.position(),
            self.applications.position(),
            self.accounts.position(),
            self.rankings.position(),
        ];
        let least = positions.into_iter().min().flatten();
        self.applied.send_replace(least);
    }

    /// Waits until the event at `position` is folded in, so that the page after a POST shows
    /// what the POST wrote.
    pub async fn caught_up_to(&self, position: Position) {
        let mut receiver = self.applied.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail while we hold it.
        let _ = receiver
            .wait_for(|applied| applied.is_some_and(|p| p >= position))
            .await;
    }
}
