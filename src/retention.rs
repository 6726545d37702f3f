//! The retention scheduler: erases, on its day, the data of every person whose competitions'
//! retention periods have all passed (`usecases::retention_report`), as an erasure on the
//! ground of retention, recorded by the system. It looks once an hour (tests set it shorter);
//! staff see the same list beforehand on `/verwaltung/datenschutz/loeschfristen`.

use std::time::Duration;

use actix_web::web::Data;

use crate::app::Actor;
use crate::cluster::lease::Lease;
use crate::domain::erasure::Ground;
use crate::time_display::berlin;
use crate::usecases::personal_data_erasure::{erase, scope_of};
use crate::usecases::retention_report::{competitions, report};
use crate::web::state::AppState;

/// Erases everybody due now; returns how many persons.
pub async fn tick(state: &Data<AppState>) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let all = competitions(&state.store, &state.models)?;
    let due: Vec<_> = report(&all, &state.models)
        .into_iter()
        .filter(|p| p.due <= now)
        .collect();
    let actor = Actor::new("retention-scheduler", "system");
    let mut erased = 0;
    for person in due {
        let scope = scope_of(
            &state.store,
            &state.personal,
            &state.models,
            &state.data,
            &person.address,
        )?;
        if scope.is_empty() {
            continue;
        }
        let parts: Vec<String> = person.parts.iter().map(|(name, _)| name.clone()).collect();
        let reason = format!(
            "Löschfrist abgelaufen am {} ({})",
            berlin(person.due, crate::domain::account::Language::De),
            parts.join(", ")
        );
        erase(
            &state.store,
            &state.personal,
            &state.data,
            &person.address,
            &scope,
            Ground::Retention,
            reason,
            &actor,
            now,
        )
        .await?;
        erased += 1;
    }
    if erased > 0 {
        let rebuilding = state.clone();
        tokio::task::spawn_blocking(move || rebuilding.forget_erased()).await??;
        tracing::info!(
            persons = erased,
            "personal data erased at the end of its retention"
        );
    }
    Ok(erased)
}

/// Runs for the life of the process.
/// Looks every `every` while this instance holds `lease` (with several instances, one of them
/// erases: two would record the same person's erasure twice).
pub async fn run(state: Data<AppState>, every: Duration, lease: Lease) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if !lease.is_held() {
            continue;
        }
        if let Err(error) = tick(&state).await {
            tracing::error!(%error, "the retention periods could not be applied; trying again later");
        }
    }
}
