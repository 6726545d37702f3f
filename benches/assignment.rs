//! Automatic jury assignment at InnoRegio's scale: 444 applications, 3 jurors each, out of 30,
//! with a conflict for every application. Run with `cargo bench --bench assignment`.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use wettbewerb::domain::assignment::{ApplicationProfile, JurorProfile, plan};
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{ApplicationId, JurorId};

const APPLICATIONS: usize = 444;
const JURORS: usize = 30;
const PER_APPLICATION: usize = 3;
const RUNS: usize = 20;

fn main() {
    let fields = TechnologyField::ALL;
    let jurors: Vec<JurorProfile> = (0..JURORS)
        .map(|n| JurorProfile {
            id: JurorId::from_uuid(uuid::Uuid::from_u128(n as u128)),
            expertise: BTreeSet::from([fields[n % fields.len()], fields[(n + 5) % fields.len()]]),
        })
        .collect();
    let applications: Vec<ApplicationProfile> = (0..APPLICATIONS)
        .map(|n| ApplicationProfile {
            id: ApplicationId::from_uuid(uuid::Uuid::from_u128(1_000 + n as u128)),
            field: Some(fields[n % fields.len()]),
        })
        .collect();
    // Each application has one juror from a partner organisation.
    let conflicts: BTreeSet<(JurorId, ApplicationId)> = applications
        .iter()
        .enumerate()
        .map(|(n, a)| (jurors[(n * 7) % JURORS].id, a.id))
        .collect();

    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let result = plan(&jurors, &applications, PER_APPLICATION, &conflicts);
        times.push(start.elapsed());
        assert!(result.is_ok(), "{result:?}");
    }
    times.sort();
    let median = times[RUNS / 2];
    let worst = times[RUNS - 1];
    println!("# Automatic assignment benchmark\n");
    println!(
        "{APPLICATIONS} applications × {PER_APPLICATION} jurors out of {JURORS}, {} conflicts, {RUNS} runs:",
        conflicts.len()
    );
    println!("- median {:.1} ms", ms(median));
    println!("- slowest {:.1} ms", ms(worst));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
