//! The assignment against the search it replaced (kept here only as a reference): on small
//! random instances, with few and with many conflicts, both find a plan or both refuse, and
//! the new plan keeps every guarantee with the same busiest load, the smallest possible.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::assignment::{ApplicationProfile, AssignmentError, JurorProfile, Plan, plan};
use super::field::TechnologyField;
use super::ids::{ApplicationId, JurorId};

/// The previous assignment: depth-first augmenting paths that re-sort all jurors at every step.
mod reference {
    use super::*;

    struct Search<'a> {
        jurors: &'a [JurorProfile],
        applications: &'a [ApplicationProfile],
        conflicted: &'a BTreeSet<(JurorId, ApplicationId)>,
        assigned: Vec<BTreeSet<usize>>,
        load: Vec<usize>,
        cap: usize,
    }

    impl Search<'_> {
        fn allowed(&self, app: usize, juror: usize) -> bool {
            !self
                .conflicted
                .contains(&(self.jurors[juror].id, self.applications[app].id))
        }

        /// Jurors to try for `app`: matching expertise first, then the least loaded.
        fn order(&self, app: usize) -> Vec<usize> {
            let field = self.applications[app].field;
            let mut order: Vec<usize> = (0..self.jurors.len()).collect();
            let rotation = app % self.jurors.len().max(1);
            order.sort_by_key(|&j| {
                let matches = field.is_some_and(|f| self.jurors[j].expertise.contains(&f));
                (
                    !matches,
                    self.load[j],
                    (j + self.jurors.len() - rotation) % self.jurors.len(),
                )
            });
            order
        }

        fn augment(&mut self, app: usize, visited: &mut [bool]) -> bool {
            for juror in self.order(app) {
                if visited[juror]
                    || self.assigned[app].contains(&juror)
                    || !self.allowed(app, juror)
                {
                    continue;
                }
                visited[juror] = true;
                if self.load[juror] < self.cap {
                    self.assigned[app].insert(juror);
                    self.load[juror] += 1;
                    return true;
                }
                // The juror is full: hand one of their applications to someone else.
                let holders: Vec<usize> = (0..self.applications.len())
                    .filter(|&other| other != app && self.assigned[other].contains(&juror))
                    .collect();
                for other in holders {
                    if self.augment(other, visited) {
                        self.assigned[other].remove(&juror);
                        self.assigned[app].insert(juror);
                        return true;
                    }
                }
            }
            false
        }

        fn fill(&mut self, k: usize) {
            loop {
                let mut progress = false;
                for app in 0..self.applications.len() {
                    while self.assigned[app].len() < k {
                        let mut visited = vec![false; self.jurors.len()];
                        if !self.augment(app, &mut visited) {
                            break;
                        }
                        progress = true;
                    }
                }
                if !progress {
                    return;
                }
            }
        }
    }

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
        let starved = applications
            .iter()
            .filter(|a| {
                jurors
                    .iter()
                    .filter(|j| !conflicted.contains(&(j.id, a.id)))
                    .count()
                    < k
            })
            .map(|a| a.id)
            .collect::<Vec<_>>();
        if !starved.is_empty() {
            return Err(AssignmentError::Infeasible {
                applications: starved,
                k,
            });
        }
        let places = applications.len() * k;
        let mut cap = places.div_ceil(jurors.len());
        let search = loop {
            let mut search = Search {
                jurors,
                applications,
                conflicted,
                assigned: vec![BTreeSet::new(); applications.len()],
                load: vec![0; jurors.len()],
                cap: cap.saturating_sub(1),
            };
            search.fill(k);
            search.cap = cap;
            search.fill(k);
            if search.assigned.iter().all(|a| a.len() == k) {
                break search;
            }
            // Every application has k allowed jurors, so a cap of one per application succeeds.
            cap += 1;
        };
        Ok(applications
            .iter()
            .zip(search.assigned)
            .map(|(app, set)| (app.id, set.into_iter().map(|j| jurors[j].id).collect()))
            .collect())
    }
}

fn juror(n: usize, fields: &[usize]) -> JurorProfile {
    JurorProfile {
        id: JurorId::from_uuid(uuid::Uuid::from_u128(n as u128)),
        expertise: fields
            .iter()
            .map(|f| TechnologyField::ALL[f % 14])
            .collect(),
    }
}

fn application(n: usize, field: Option<usize>) -> ApplicationProfile {
    ApplicationProfile {
        id: ApplicationId::from_uuid(uuid::Uuid::from_u128(1000 + n as u128)),
        field: field.map(|f| TechnologyField::ALL[f % 14]),
    }
}

fn loads(plan: &Plan, jurors: &[JurorProfile]) -> BTreeMap<JurorId, usize> {
    let mut loads: BTreeMap<JurorId, usize> = jurors.iter().map(|j| (j.id, 0)).collect();
    for juror in plan.values().flatten() {
        *loads.entry(*juror).or_default() += 1;
    }
    loads
}

/// Every application has k distinct jurors, none conflicted, and the jurors without any
/// conflict carry the busiest load or one less.
fn assert_guarantees(
    plan: &Plan,
    jurors: &[JurorProfile],
    apps: &[ApplicationProfile],
    k: usize,
    conflicts: &BTreeSet<(JurorId, ApplicationId)>,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(plan.len(), apps.len());
    for app in apps {
        let assigned = &plan[&app.id];
        prop_assert_eq!(
            assigned.len(),
            k,
            "application {} has {:?}",
            app.id,
            assigned
        );
        for juror in assigned {
            prop_assert!(
                !conflicts.contains(&(*juror, app.id)),
                "conflicted juror assigned"
            );
            prop_assert!(
                jurors.iter().any(|j| j.id == *juror),
                "unknown juror assigned"
            );
        }
    }
    let loads = loads(plan, jurors);
    let busiest = loads.values().copied().max().unwrap_or(0);
    for juror in jurors {
        if !conflicts.iter().any(|(j, _)| *j == juror.id) {
            prop_assert!(
                loads[&juror.id] + 1 >= busiest,
                "a juror without conflicts carries {}, the busiest {}",
                loads[&juror.id],
                busiest
            );
        }
    }
    Ok(())
}

type Instance = (
    Vec<JurorProfile>,
    Vec<ApplicationProfile>,
    usize,
    BTreeSet<(JurorId, ApplicationId)>,
);

/// Up to 12 jurors with zero to two fields, up to 40 applications with or without a field, and
/// a conflict density from none to nine in ten.
fn instances() -> impl Strategy<Value = Instance> {
    (1usize..12, 1usize..40, 1usize..4, 0u32..10).prop_flat_map(|(m, n, k, density)| {
        (
            proptest::collection::vec(proptest::collection::vec(0usize..14, 0..3), m),
            proptest::collection::vec(proptest::option::of(0usize..14), n),
            proptest::collection::vec(0u32..10, m * n),
        )
            .prop_map(move |(expertise, fields, dice)| {
                let jurors: Vec<_> = expertise
                    .iter()
                    .enumerate()
                    .map(|(i, e)| juror(i, e))
                    .collect();
                let apps: Vec<_> = fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| application(i, *f))
                    .collect();
                let conflicts = dice
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| **d < density)
                    .map(|(i, _)| (jurors[i % m].id, apps[i / m].id))
                    .collect();
                (jurors, apps, k, conflicts)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_assignment_refuses_exactly_when_the_previous_search_did_and_otherwise_keeps_its_guarantees(
        (jurors, apps, k, conflicts) in instances()
    ) {
        let new = plan(&jurors, &apps, k, &conflicts);
        let old = reference::plan(&jurors, &apps, k, &conflicts);
        match (&new, &old) {
            (Ok(new), Ok(old)) => {
                assert_guarantees(new, &jurors, &apps, k, &conflicts)?;
                let busiest = |p: &Plan| loads(p, &jurors).values().copied().max();
                prop_assert_eq!(busiest(new), busiest(old), "the busiest juror carries more than before");
            }
            (Err(new), Err(old)) => prop_assert_eq!(new, old),
            _ => prop_assert!(false, "now {:?}, before {:?}", new.as_ref().err(), old.as_ref().err()),
        }
    }

    #[test]
    fn the_same_input_gives_the_same_plan((jurors, apps, k, conflicts) in instances()) {
        prop_assert_eq!(plan(&jurors, &apps, k, &conflicts), plan(&jurors, &apps, k, &conflicts));
    }
}

#[test]
fn innoregio_at_ten_times_its_size_is_assigned_with_every_guarantee() {
    let jurors: Vec<_> = (0..300)
        .map(|n| juror(n, &[n % 14, (n + 5) % 14]))
        .collect();
    let apps: Vec<_> = (0..4440).map(|n| application(n, Some(n % 14))).collect();
    let conflicts: BTreeSet<_> = (0..4440)
        .flat_map(|n| {
            let second = (n % 3 == 0).then(|| (jurors[(n * 13 + 1) % 300].id, apps[n].id));
            std::iter::once((jurors[(n * 7) % 300].id, apps[n].id)).chain(second)
        })
        .collect();
    let plan = plan(&jurors, &apps, 3, &conflicts).expect("a plan exists");
    assert_guarantees(&plan, &jurors, &apps, 3, &conflicts).unwrap();
    let loads = loads(&plan, &jurors);
    // 13 320 places over 300 jurors: 44 or 45 each.
    assert!(loads.values().all(|l| (44..=45).contains(l)), "{loads:?}");
}

#[test]
fn no_jurors_are_needed_for_zero_per_application() {
    let apps = vec![application(1, None)];
    assert_eq!(
        plan(&[], &apps, 0, &BTreeSet::new()),
        Ok(Plan::from([(apps[0].id, BTreeSet::new())]))
    );
}

#[test]
fn too_many_per_application_are_refused_as_before() {
    let jurors = vec![juror(1, &[])];
    let apps = vec![application(1, None)];
    assert_eq!(
        plan(&jurors, &apps, 2, &BTreeSet::new()),
        Err(AssignmentError::TooFewJurors { k: 2, jurors: 1 })
    );
}
