use std::process::ExitCode;

use super::progress;
use crate::event_store::EventStore;

pub async fn run(store: EventStore) -> anyhow::Result<ExitCode> {
    let bar = progress::bar(store.committed_count(), "verify");
    let report = store.verify(|position| {
        if position % 1024 == 0 {
            bar.set_position(position);
        }
    })?;
    bar.finish_and_clear();
    if report.is_ok() {
        println!(
            "ok: {} events in {} streams; positions, revisions, indexes and ids agree",
            report.events, report.streams
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} problems in {} events:",
        report.problems.len() as u64 + report.unlisted_problems,
        report.events
    );
    for problem in &report.problems {
        println!("- {problem}");
    }
    if report.unlisted_problems > 0 {
        println!("… and {} more", report.unlisted_problems);
    }
    Ok(ExitCode::FAILURE)
}
