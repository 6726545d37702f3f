//! `wettbewerb demo`: fills the data directory with a competition run through the real
//! commands, and prints the staff login.

use std::process::ExitCode;

use anyhow::anyhow;

use super::progress;
use crate::demo::{self, DEMO_PASSWORD, OPEN_ROUND_EMAIL, Options, STAFF_EMAIL};
use crate::documents::DocumentStore;
use crate::domain::presets::Preset;
use crate::event_store::EventStore;

pub async fn run(
    store: EventStore,
    documents: DocumentStore,
    preset: &str,
    scale: usize,
    seed: u64,
    open_drafts: usize,
) -> anyhow::Result<ExitCode> {
    let preset = Preset::parse(preset).ok_or_else(|| {
        anyhow!("unknown preset {preset:?}; use innoregio, spitzencluster or bioregio")
    })?;
    // The one signed letter every demo pledge names, stored by its digest.
    documents.save(&demo::letter_pdf())?;
    let bar = progress::counter("demo");
    let tick = |n: u64| bar.inc(n);
    let report = demo::fill_with_documents(
        &store,
        &documents,
        Options {
            preset,
            scale,
            seed,
            open_drafts,
        },
        &tick,
    )
    .await?;
    bar.finish_and_clear();
    println!(
        "{} applications, {} jurors, {} reviews; going on per stage: {:?}",
        report.applications, report.jurors, report.reviews, report.going_on
    );
    println!(
        "Competition: /verwaltung/wettbewerbe/{}",
        report.competition
    );
    if let Some(open) = report.open_round {
        println!("Open round: /verwaltung/wettbewerbe/{open}, drafts of {OPEN_ROUND_EMAIL}");
    }
    println!("Staff login: {STAFF_EMAIL} / {DEMO_PASSWORD}");
    println!(
        "Jurors: jury0@demo.wettbewerb.test …, applicants: antrag0@demo.wettbewerb.test …, same password"
    );
    println!(
        "Staff and jurors set up a second factor at their first login; to try the demo without one, serve it with WETTBEWERB_SECOND_FACTOR=optional"
    );
    Ok(ExitCode::SUCCESS)
}
