//! `wettbewerb erase --email ADDR [--dry-run] --reason TEXT`: erases a person's data while the
//! service is stopped (the log admits one process per data directory); the staff page
//! `/verwaltung/datenschutz/loeschung` does the same in the running service.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;

use crate::app::Actor;
use crate::domain::email_address::EmailAddress;
use crate::domain::erasure::Ground;
use crate::event_store::EventStore;
use crate::personal::codec::PersonalCodec;
use crate::projections::{ReadModels, catch_up};
use crate::usecases::personal_data_erasure::{Scope, erase, scope_of};

pub async fn run(
    store: EventStore,
    codec: Arc<PersonalCodec>,
    data: &Path,
    email: &str,
    reason: &str,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    let address = EmailAddress::parse(email).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let models = ReadModels::default();
    catch_up(&store, &models)?;
    let scope = scope_of(&store, &codec, &models, data, &address)?;
    print_scope(&address, &scope);
    if scope.is_empty() {
        println!("Nothing of {address} is held: there is nothing to erase.");
        return Ok(ExitCode::SUCCESS);
    }
    if dry_run {
        println!("Dry run: nothing was changed.");
        return Ok(ExitCode::SUCCESS);
    }
    if reason.trim().is_empty() {
        bail!("an erasure needs --reason (e.g. the date and reference of the request)");
    }
    let now = chrono::Utc::now();
    let (_, forgotten) = erase(
        &store,
        &codec,
        data,
        &address,
        &scope,
        Ground::Request,
        reason.to_owned(),
        &Actor::new("cli", "staff"),
        now,
    )
    .await?;
    println!(
        "Erased: {} keys deleted; {} snapshots and {} mail files removed. The log's events stay; \
         their personal fields now read as \"gelöscht\".",
        scope.with_keys, forgotten.snapshots, forgotten.mail_files
    );
    Ok(ExitCode::SUCCESS)
}

fn print_scope(address: &EmailAddress, scope: &Scope) {
    println!("Erasure of {}:", address.as_str());
    println!(
        "  persons: {} (account and juror seats), {} with a key",
        scope.persons.len(),
        scope.with_keys
    );
    if !scope.names.is_empty() {
        println!("  names: {}", scope.names.join("; "));
    }
    println!("  events with their sealed fields: {}", scope.event_count());
    for (event_type, count) in &scope.events {
        println!("    {event_type}: {count}");
    }
    println!(
        "  outside the log: {} snapshots (written again), {} mail files naming them",
        scope.outside.snapshots, scope.outside.mail_files
    );
}
