//! A long decision leaves the async worker free: while the automatic assignment of a large
//! competition is decided, other tasks on the same single-threaded runtime go on.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use wettbewerb::app::{Actor, FactCache, Seen, execute, execute_deciding_off_worker, stream_of};
use wettbewerb::domain::aggregate::Aggregate;
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{ApplicationId, CompetitionId, JurorId};
use wettbewerb::domain::jury::{ApplicationFacts, Juror, Jury, JuryCommand};
use wettbewerb::event_store::{EventStore, StoreOptions};

#[test]
fn other_tasks_go_on_while_a_large_jury_is_assigned() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let store = EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let competition_id = CompetitionId::from_uuid(uuid::Uuid::from_u128(1));
    let stream = stream_of::<Jury>(&competition_id);
    let fields = TechnologyField::ALL;
    let applications: Vec<ApplicationFacts> = (0..4_440u128)
        .map(|n| ApplicationFacts {
            id: ApplicationId::from_uuid(uuid::Uuid::from_u128(1_000_000 + n)),
            field: Some(fields[n as usize % fields.len()]),
            organisations: vec![
                format!("Hochschule {}", (n * 7) % 300),
                format!("Firma {n} GmbH"),
            ],
        })
        .collect();
    let assign = JuryCommand::AssignAutomatically {
        stage: 0,
        applications,
        per_application: 3,
        now,
    };
    runtime.block_on(async {
        let mut jury = Jury::default();
        for n in 0..300u128 {
            let appoint = JuryCommand::Appoint {
                competition_id,
                juror_id: JurorId::from_uuid(uuid::Uuid::from_u128(10 + n)),
                juror: Juror {
                    name: format!("Prof. Jury {n}"),
                    email: wettbewerb::domain::email_address::EmailAddress::parse(&format!(
                        "jury{n}@example.org"
                    ))
                    .unwrap(),
                    organisation: format!("Hochschule {n}"),
                    expertise: BTreeSet::from([
                        fields[n as usize % 14],
                        fields[(n as usize + 5) % 14],
                    ]),
                },
                now,
            };
            jury = execute::<Jury>(&store, &stream, &Actor::system(), appoint)
                .await
                .unwrap()
                .state;
        }
        // How long the decision holds a thread.
        let started = Instant::now();
        assert!(jury.handle(assign.clone()).is_ok());
        let decision = started.elapsed();

        let ticks = Arc::new(Mutex::new(Vec::new()));
        let ticker = tokio::spawn({
            let ticks = ticks.clone();
            async move {
                loop {
                    ticks.lock().unwrap().push(Instant::now());
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            }
        });
        tokio::task::yield_now().await;
        let executed = execute_deciding_off_worker::<Jury, _>(
            &store,
            &FactCache::default(),
            &stream,
            Seen::Latest,
            &Actor::system(),
            move |_, _| Ok(assign.clone()),
        )
        .await
        .unwrap();
        ticker.abort();
        assert_eq!(executed.state.assignments.len(), 4_440 * 3);
        let ticks = ticks.lock().unwrap();
        let longest_pause = ticks
            .windows(2)
            .map(|w| w[1] - w[0])
            .max()
            .unwrap_or_default();
        assert!(
            longest_pause < decision / 2,
            "the other task waited {longest_pause:?}; the decision takes {decision:?}"
        );
    });
}
