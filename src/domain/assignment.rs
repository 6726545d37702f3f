//! Automatic assignment of jurors: k per application, never a conflicted juror, loads differing
//! by at most one, jurors whose expertise matches the field preferred.
//!
//! # The problem as a flow
//!
//! It is a b-matching, a flow from applications to jurors: each application asks for k places,
//! each allowed (application, juror) pair carries at most one, each juror takes at most a cap C.
//! An *augmenting path* gives an application one more juror: it takes juror j₁, the application
//! a₁ that held j₁ takes j₂ instead, …, until a juror with room is reached. Along the path every
//! juror keeps their load except the last, who gains one. When no application with a free place
//! has such a path, the assignment is a maximum flow for that cap.
//!
//! # Why the loads differ by at most one
//!
//! C starts at ⌈nk/m⌉ for n applications and m jurors. First the flow is made maximal under the
//! cap C − 1, then, continuing from it, under C, C + 1, … until every application has k jurors
//! (it ends at the latest at C = n, since every application has k allowed jurors). Say it ends at
//! C*. The flow under C* − 1 was maximal and incomplete; then every juror without a conflict
//! carried exactly C* − 1: an incomplete application can take any such juror with room directly,
//! or, if it already has them, take a full juror j′ whose applications cannot all hold the less
//! loaded one, and hand one of those on — an augmenting path either way. Augmenting never lowers
//! a load, so those jurors end with C* − 1 or C*; only jurors whom conflicts keep from more
//! applications end lower. C* is also the smallest cap under which a complete assignment exists.
//!
//! # How it is fast
//!
//! Within one cap the applications are filled in order. An application first takes the best
//! juror with room (matching expertise, then the least loaded, then a rotation that spreads ties)
//! with one pass over the jurors; only when none is left it searches an augmenting path
//! breadth-first, trying experts first. A search that fails marks everything it reached as dead
//! for this cap: those jurors are all full and every application reached can only move to one of
//! them, so no later path can pass through them, and later searches skip them. A failing search
//! thus costs each juror and application at most once per cap, and an application that failed
//! stays failed until the cap grows. Nothing depends on the order of a hash, so the same input
//! always gives the same plan (the preview shows exactly what applying writes).
//!
//! An assignment fails only when some application has fewer than k jurors without a conflict.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::field::TechnologyField;
use super::ids::{ApplicationId, JurorId};

#[derive(Debug, Clone)]
pub struct JurorProfile {
    pub id: JurorId,
    pub expertise: BTreeSet<TechnologyField>,
}

#[derive(Debug, Clone)]
pub struct ApplicationProfile {
    pub id: ApplicationId,
    pub field: Option<TechnologyField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AssignmentError {
    #[error("{k} jurors per application need at least {k} jurors, there are {jurors}")]
    TooFewJurors { k: usize, jurors: usize },
    /// Names the applications, so that staff can see whose conflicts to look at.
    #[error("{} applications have fewer than {k} jurors without a conflict", .applications.len())]
    Infeasible {
        applications: Vec<ApplicationId>,
        k: usize,
    },
}

/// A complete plan: for each application its jurors.
pub type Plan = BTreeMap<ApplicationId, BTreeSet<JurorId>>;

pub fn plan(
    jurors: &[JurorProfile],
    applications: &[ApplicationProfile],
    k: usize,
    conflicted: &BTreeSet<(JurorId, ApplicationId)>,
) -> Result<Plan, AssignmentError> {
    if applications.is_empty() {
        return Ok(Plan::new());
    }
    if jurors.len() < k {
        return Err(AssignmentError::TooFewJurors {
            k,
            jurors: jurors.len(),
        });
    }
    if k == 0 {
        return Ok(applications
            .iter()
            .map(|a| (a.id, BTreeSet::new()))
            .collect());
    }
    let instance = Instance::new(jurors, applications, conflicted);
    let starved: Vec<ApplicationId> = (0..applications.len())
        .filter(|&app| jurors.len().saturating_sub(instance.conflicts[app].len()) < k)
        .map(|app| applications[app].id)
        .collect();
    if !starved.is_empty() {
        return Err(AssignmentError::Infeasible {
            applications: starved,
            k,
        });
    }
    let mut flow = Flow::new(&instance, k);
    let mut cap = (applications.len() * k).div_ceil(jurors.len());
    flow.fill(cap - 1);
    loop {
        flow.fill(cap);
        if flow.complete() {
            break;
        }
        cap += 1;
    }
    Ok(applications
        .iter()
        .zip(flow.assigned)
        .map(|(app, set)| (app.id, set.into_iter().map(|j| jurors[j].id).collect()))
        .collect())
}

/// The input by position: jurors and applications are numbered as given.
struct Instance {
    /// For each juror their fields, one bit per position in `TechnologyField::ALL`.
    expertise: Vec<u64>,
    /// For each application the bit of its field, 0 without one.
    field: Vec<u64>,
    /// For each application the jurors it conflicts with, sorted.
    conflicts: Vec<Vec<usize>>,
}

const _: () = assert!(
    TechnologyField::ALL.len() <= 64,
    "a field is one bit of a u64"
);

fn field_bit(field: TechnologyField) -> u64 {
    TechnologyField::ALL
        .iter()
        .position(|f| *f == field)
        .map_or(0, |i| 1 << i)
}

impl Instance {
    fn new(
        jurors: &[JurorProfile],
        applications: &[ApplicationProfile],
        conflicted: &BTreeSet<(JurorId, ApplicationId)>,
    ) -> Self {
        let juror_index: BTreeMap<JurorId, usize> =
            jurors.iter().enumerate().map(|(i, j)| (j.id, i)).collect();
        let application_index: BTreeMap<ApplicationId, usize> = applications
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        let mut conflicts = vec![Vec::new(); applications.len()];
        for (juror, application) in conflicted {
            if let (Some(&j), Some(&a)) =
                (juror_index.get(juror), application_index.get(application))
            {
                conflicts[a].push(j);
            }
        }
        for list in &mut conflicts {
            list.sort_unstable();
            list.dedup();
        }
        Instance {
            expertise: jurors
                .iter()
                .map(|j| j.expertise.iter().fold(0, |bits, f| bits | field_bit(*f)))
                .collect(),
            field: applications
                .iter()
                .map(|a| a.field.map_or(0, field_bit))
                .collect(),
            conflicts,
        }
    }

    fn allowed(&self, app: usize, juror: usize) -> bool {
        self.conflicts[app].binary_search(&juror).is_err()
    }

    fn expert(&self, app: usize, juror: usize) -> bool {
        self.expertise[juror] & self.field[app] != 0
    }

    /// All jurors, starting at one that depends on the application so that ties spread.
    fn rotated(&self, app: usize) -> impl Iterator<Item = usize> + use<> {
        let m = self.expertise.len();
        let start = app % m;
        (0..m).map(move |i| (start + i) % m)
    }

    /// The jurors `app` may have, experts on its field first, each group in rotated order.
    fn candidates(&self, app: usize) -> impl Iterator<Item = usize> + '_ {
        let experts = self.rotated(app).filter(move |&j| self.expert(app, j));
        let others = self.rotated(app).filter(move |&j| !self.expert(app, j));
        experts.chain(others).filter(move |&j| self.allowed(app, j))
    }
}

/// The assignment being built, with the bookkeeping of the path search.
struct Flow<'a> {
    instance: &'a Instance,
    k: usize,
    cap: usize,
    /// For each application its jurors (at most k).
    assigned: Vec<Vec<usize>>,
    /// For each juror their applications; its length is the juror's load.
    holders: Vec<Vec<usize>>,
    /// Reached by a failed search under the current cap: no path passes through them.
    dead_juror: Vec<bool>,
    dead_app: Vec<bool>,
    /// The search that last reached a juror or application, and from where.
    search: usize,
    seen_juror: Vec<usize>,
    seen_app: Vec<usize>,
    /// The application that takes this juror on the path found.
    taken_by: Vec<usize>,
    /// The juror this application gives up on the path found.
    gives_up: Vec<usize>,
}

impl<'a> Flow<'a> {
    fn new(instance: &'a Instance, k: usize) -> Self {
        let n = instance.field.len();
        let m = instance.expertise.len();
        Flow {
            instance,
            k,
            cap: 0,
            assigned: vec![Vec::with_capacity(k); n],
            holders: vec![Vec::new(); m],
            dead_juror: vec![false; m],
            dead_app: vec![false; n],
            search: 0,
            seen_juror: vec![0; m],
            seen_app: vec![0; n],
            taken_by: vec![0; m],
            gives_up: vec![0; n],
        }
    }

    fn complete(&self) -> bool {
        self.assigned.iter().all(|a| a.len() == self.k)
    }

    /// Makes the flow maximal under `cap`, continuing from the current one.
    fn fill(&mut self, cap: usize) {
        self.cap = cap;
        self.dead_juror.fill(false);
        self.dead_app.fill(false);
        for app in 0..self.assigned.len() {
            while self.assigned[app].len() < self.k && !self.dead_app[app] {
                match self.best_with_room(app) {
                    Some(juror) => self.give(app, juror),
                    None => {
                        if !self.augment(app) {
                            break;
                        }
                    }
                }
            }
        }
    }

    /// Matching expertise first, then the least loaded, then the first in rotated order.
    fn best_with_room(&self, app: usize) -> Option<usize> {
        let instance = self.instance;
        instance
            .rotated(app)
            .filter(|&j| {
                self.holders[j].len() < self.cap
                    && instance.allowed(app, j)
                    && !self.assigned[app].contains(&j)
            })
            .min_by_key(|&j| (!instance.expert(app, j), self.holders[j].len()))
    }

    /// Breadth-first search for an augmenting path from `start`; shifts the jurors along it.
    fn augment(&mut self, start: usize) -> bool {
        let instance = self.instance;
        self.search += 1;
        let search = self.search;
        let mut queue = VecDeque::from([start]);
        let mut reached_apps = vec![start];
        let mut reached_jurors = Vec::new();
        self.seen_app[start] = search;
        while let Some(app) = queue.pop_front() {
            for juror in instance.candidates(app) {
                if self.seen_juror[juror] == search
                    || self.dead_juror[juror]
                    || self.assigned[app].contains(&juror)
                {
                    continue;
                }
                self.seen_juror[juror] = search;
                self.taken_by[juror] = app;
                reached_jurors.push(juror);
                if self.holders[juror].len() < self.cap {
                    self.shift(start, juror);
                    return true;
                }
                for &holder in &self.holders[juror] {
                    if self.seen_app[holder] != search && !self.dead_app[holder] {
                        self.seen_app[holder] = search;
                        self.gives_up[holder] = juror;
                        reached_apps.push(holder);
                        queue.push_back(holder);
                    }
                }
            }
        }
        for juror in reached_jurors {
            self.dead_juror[juror] = true;
        }
        for app in reached_apps {
            self.dead_app[app] = true;
        }
        false
    }

    /// Walks the path found back from the juror with room to `start`.
    fn shift(&mut self, start: usize, with_room: usize) {
        let mut juror = with_room;
        loop {
            let app = self.taken_by[juror];
            self.give(app, juror);
            if app == start {
                return;
            }
            let released = self.gives_up[app];
            self.take_away(app, released);
            juror = released;
        }
    }

    fn give(&mut self, app: usize, juror: usize) {
        self.assigned[app].push(juror);
        self.holders[juror].push(app);
    }

    fn take_away(&mut self, app: usize, juror: usize) {
        self.assigned[app].retain(|&j| j != juror);
        self.holders[juror].retain(|&a| a != app);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn juror(n: u128, fields: &[TechnologyField]) -> JurorProfile {
        JurorProfile {
            id: JurorId::from_uuid(uuid::Uuid::from_u128(n)),
            expertise: fields.iter().copied().collect(),
        }
    }

    fn application(n: u128, field: TechnologyField) -> ApplicationProfile {
        ApplicationProfile {
            id: ApplicationId::from_uuid(uuid::Uuid::from_u128(1000 + n)),
            field: Some(field),
        }
    }

    fn check(
        plan: &Plan,
        jurors: &[JurorProfile],
        apps: &[ApplicationProfile],
        k: usize,
        conflicts: &BTreeSet<(JurorId, ApplicationId)>,
    ) {
        let mut loads: BTreeMap<JurorId, usize> = jurors.iter().map(|j| (j.id, 0)).collect();
        assert_eq!(plan.len(), apps.len());
        for (app, assigned) in plan {
            assert_eq!(
                assigned.len(),
                k,
                "application {app} has {} jurors",
                assigned.len()
            );
            for juror in assigned {
                assert!(
                    !conflicts.contains(&(*juror, *app)),
                    "conflicted juror assigned"
                );
                *loads.get_mut(juror).unwrap() += 1;
            }
        }
        let free: Vec<usize> = jurors
            .iter()
            .filter(|j| !conflicts.iter().any(|(c, _)| *c == j.id))
            .map(|j| loads[&j.id])
            .collect();
        let max = *loads.values().max().unwrap();
        if let Some(min) = free.iter().min() {
            assert!(
                max - min <= 1,
                "jurors without conflicts carry {min}, the busiest {max}"
            );
        }
    }

    #[test]
    fn innoregio_scale_444_applications_3_jurors_each_out_of_30() {
        let fields = TechnologyField::ALL;
        let jurors: Vec<_> = (0..30)
            .map(|n| juror(n, &[fields[n as usize % 14], fields[(n as usize + 5) % 14]]))
            .collect();
        let apps: Vec<_> = (0..444)
            .map(|n| application(n, fields[n as usize % 14]))
            .collect();
        let conflicts: BTreeSet<_> = (0..444u128)
            .map(|n| (jurors[(n % 30) as usize].id, apps[n as usize].id))
            .collect();
        let plan = plan(&jurors, &apps, 3, &conflicts).unwrap();
        check(&plan, &jurors, &apps, 3, &conflicts);
        let matched = plan
            .iter()
            .flat_map(|(app, js)| js.iter().map(move |j| (app, j)))
            .filter(|(app, j)| {
                let field = apps.iter().find(|a| a.id == **app).unwrap().field.unwrap();
                jurors
                    .iter()
                    .find(|x| x.id == **j)
                    .unwrap()
                    .expertise
                    .contains(&field)
            })
            .count();
        // Every field has at least 4 experts, so most places go to a matching juror.
        assert!(
            matched * 2 > 444 * 3,
            "only {matched} of 1332 places match the field"
        );
    }

    #[test]
    fn a_juror_conflicted_with_everything_leaves_the_load_to_the_others() {
        let jurors: Vec<_> = (0..3).map(|n| juror(n, &[])).collect();
        let apps: Vec<_> = (0..6)
            .map(|n| application(n, TechnologyField::Energy))
            .collect();
        let conflicts: BTreeSet<_> = apps.iter().map(|a| (jurors[0].id, a.id)).collect();
        let plan = plan(&jurors, &apps, 1, &conflicts).unwrap();
        check(&plan, &jurors, &apps, 1, &conflicts);
        assert!(plan.values().all(|js| !js.contains(&jurors[0].id)));
    }

    #[test]
    fn an_application_with_too_few_free_jurors_cannot_be_assigned() {
        let jurors: Vec<_> = (0..3).map(|n| juror(n, &[])).collect();
        let apps = vec![application(1, TechnologyField::Energy)];
        let conflicts: BTreeSet<_> = jurors.iter().take(2).map(|j| (j.id, apps[0].id)).collect();
        assert_eq!(
            plan(&jurors, &apps, 2, &conflicts),
            Err(AssignmentError::Infeasible {
                applications: vec![apps[0].id],
                k: 2
            })
        );
    }

    #[test]
    fn too_few_jurors_are_named() {
        let jurors = vec![juror(1, &[])];
        let apps = vec![application(1, TechnologyField::Energy)];
        assert_eq!(
            plan(&jurors, &apps, 3, &BTreeSet::new()),
            Err(AssignmentError::TooFewJurors { k: 3, jurors: 1 })
        );
    }

    proptest! {
        #[test]
        fn automatic_assignment_always_meets_its_constraints_or_says_it_cannot(
            juror_count in 3usize..12,
            app_count in 1usize..40,
            k in 1usize..4,
            conflict_bits in proptest::collection::vec(any::<bool>(), 0..480),
        ) {
            let jurors: Vec<_> = (0..juror_count as u128).map(|n| juror(n, &[TechnologyField::ALL[n as usize % 14]])).collect();
            let apps: Vec<_> = (0..app_count as u128).map(|n| application(n, TechnologyField::ALL[n as usize % 14])).collect();
            let mut conflicts = BTreeSet::new();
            // Roughly one pair in eight is conflicted.
            for (i, bit) in conflict_bits.iter().enumerate().filter(|(i, _)| i % 8 == 0) {
                if *bit {
                    let j = i % juror_count;
                    let a = (i / juror_count) % app_count;
                    conflicts.insert((jurors[j].id, apps[a].id));
                }
            }
            match plan(&jurors, &apps, k, &conflicts) {
                Ok(plan) => check(&plan, &jurors, &apps, k, &conflicts),
                Err(AssignmentError::Infeasible { .. }) => {
                    // Only acceptable if some application has fewer than k allowed jurors.
                    let starved = apps.iter().any(|a| jurors.iter().filter(|j| !conflicts.contains(&(j.id, a.id))).count() < k);
                    prop_assert!(starved);
                }
                Err(e) => prop_assert!(false, "unexpected {e}"),
            }
        }

        #[test]
        fn without_conflicts_a_plan_always_exists(juror_count in 3usize..15, app_count in 1usize..60, k in 1usize..4) {
            let jurors: Vec<_> = (0..juror_count as u128).map(|n| juror(n, &[])).collect();
            let apps: Vec<_> = (0..app_count as u128).map(|n| application(n, TechnologyField::Energy)).collect();
            let plan = plan(&jurors, &apps, k, &BTreeSet::new()).unwrap();
            check(&plan, &jurors, &apps, k, &BTreeSet::new());
        }
    }
}
