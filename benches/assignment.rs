//! Automatic jury assignment at InnoRegio's scale (444 applications, 3 jurors each, out of 30)
//! and at ten times that (4 440 out of 300, what `demo --preset innoregio --scale 10` assigns),
//! with a conflict for every application and a second one for every third.
//!
//! Run with `cargo bench --bench assignment`, or `cargo bench --bench assignment -- --quick`
//! for three runs per size instead of twenty.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use wettbewerb::domain::assignment::{ApplicationProfile, JurorProfile, plan};
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{ApplicationId, JurorId};

const PER_APPLICATION: usize = 3;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 20 };
    println!("# Automatic assignment benchmark\n");
    for (applications, jurors) in [(444, 30), (4_440, 300)] {
        measure(applications, jurors, runs);
    }
}

fn measure(application_count: usize, juror_count: usize, runs: usize) {
    let fields = TechnologyField::ALL;
    let jurors: Vec<JurorProfile> = (0..juror_count)
        .map(|n| JurorProfile {
            id: JurorId::from_uuid(uuid::Uuid::from_u128(n as u128)),
            expertise: BTreeSet::from([fields[n % fields.len()], fields[(n + 5) % fields.len()]]),
        })
        .collect();
    let applications: Vec<ApplicationProfile> = (0..application_count)
        .map(|n| ApplicationProfile {
            id: ApplicationId::from_uuid(uuid::Uuid::from_u128(1_000_000 + n as u128)),
            field: Some(fields[n % fields.len()]),
        })
        .collect();
    // Each application has one juror from a partner organisation, every third a second one.
    let conflicts: BTreeSet<(JurorId, ApplicationId)> = applications
        .iter()
        .enumerate()
        .flat_map(|(n, a)| {
            let first = Some((jurors[(n * 7) % juror_count].id, a.id));
            let second = (n % 3 == 0).then(|| (jurors[(n * 13 + 1) % juror_count].id, a.id));
            first.into_iter().chain(second)
        })
        .collect();

    let mut times = Vec::with_capacity(runs);
    let mut result = None;
    for _ in 0..runs {
        let start = Instant::now();
        let planned = plan(&jurors, &applications, PER_APPLICATION, &conflicts);
        times.push(start.elapsed());
        result = Some(planned.expect("a plan exists"));
    }
    let Some(result) = result else { return };
    times.sort();
    let median = times[runs / 2];
    let worst = times[runs - 1];

    let mut loads: BTreeMap<JurorId, usize> = jurors.iter().map(|j| (j.id, 0)).collect();
    let mut matched = 0;
    for (application, assigned) in &result {
        let field = applications
            .iter()
            .find(|a| a.id == *application)
            .and_then(|a| a.field);
        for juror in assigned {
            *loads.entry(*juror).or_default() += 1;
            let expert = jurors
                .iter()
                .find(|j| j.id == *juror)
                .is_some_and(|j| field.is_some_and(|f| j.expertise.contains(&f)));
            matched += usize::from(expert);
        }
    }
    let places = application_count * PER_APPLICATION;
    println!(
        "{application_count} applications × {PER_APPLICATION} jurors out of {juror_count}, {} conflicts, {runs} runs:",
        conflicts.len()
    );
    println!("- median {:.1} ms", ms(median));
    println!("- slowest {:.1} ms", ms(worst));
    println!(
        "- loads {}–{}, {matched} of {places} places with matching expertise\n",
        loads.values().min().unwrap_or(&0),
        loads.values().max().unwrap_or(&0),
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
