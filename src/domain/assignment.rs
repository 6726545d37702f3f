//! Automatic assignment of jurors: k per application, never a conflicted juror, loads differing
//! by at most one, jurors whose expertise matches the field preferred.
//!
//! It is a b-matching found by augmenting paths. The highest load C starts at ⌈nk/m⌉ and only
//! grows where conflicts leave no complete assignment. For a given C every juror is first filled
//! up to C − 1, then up to C; augmenting never lowers a juror's load, so the first phase's level
//! survives the second. A juror without conflicts therefore ends with C − 1 or C; only jurors
//! whom conflicts keep from more applications end lower. An assignment fails only when some
//! application has fewer than k jurors without a conflict.

use std::collections::{BTreeMap, BTreeSet};

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
            if visited[juror] || self.assigned[app].contains(&juror) || !self.allowed(app, juror) {
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
    let starved: Vec<ApplicationId> = applications
        .iter()
        .filter(|a| {
            jurors
                .iter()
                .filter(|j| !conflicted.contains(&(j.id, a.id)))
                .count()
                < k
        })
        .map(|a| a.id)
        .collect();
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
