//! `wettbewerb admin create-staff`: the first staff account, created verified. The password
//! comes from `WETTBEWERB_STAFF_PASSWORD` or is asked for twice on the terminal.

use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::app::{Actor, ExecuteError, execute, stream_of};
use crate::command_log::logged;
use crate::domain::account::{Account, AccountCommand, AccountError, Language, Role};
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::AccountId;
use crate::event_store::{Direction, EventStore, ReadFrom};
use crate::projections::{Accounts, Projection};
use crate::security::password;

pub const PASSWORD_VARIABLE: &str = "WETTBEWERB_STAFF_PASSWORD";

pub async fn create_staff(store: EventStore, email: &str, name: &str) -> anyhow::Result<ExitCode> {
    let email = EmailAddress::parse(email).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let plain = match std::env::var(PASSWORD_VARIABLE) {
        Ok(plain) => plain,
        Err(_) => {
            let first = rpassword::prompt_password("Passwort: ").context("reading the password")?;
            let second = rpassword::prompt_password("Passwort wiederholen: ")
                .context("reading the password")?;
            if first != second {
                bail!("the passwords do not match");
            }
            first
        }
    };
    if let Some((de, _)) = password::weakness(&plain) {
        bail!("{de}");
    }
    let hash = tokio::task::spawn_blocking(move || password::hash(&plain)).await?;
    let id = account_stream_id(&store, &email)?;
    let command = AccountCommand::Register {
        email: email.clone(),
        name: name.to_owned(),
        role: Role::Staff,
        password_hash: hash,
        language: Language::De,
        verification_nonce: None,
        privacy_consent: None,
        now: chrono::Utc::now(),
    };
    let actor = Actor::new("command-line", "admin");
    let stream = stream_of::<Account>(&id);
    match logged(
        &stream,
        execute::<Account>(&store, &stream, &actor, command).await,
    ) {
        Ok(_) => {
            println!("Staff account {email} created; log in at /anmelden.");
            Ok(ExitCode::SUCCESS)
        }
        Err(ExecuteError::Refused(AccountError::AlreadyRegistered)) => {
            eprintln!("There is an account for {email} already.");
            Ok(ExitCode::FAILURE)
        }
        Err(other) => Err(other.into()),
    }
}

/// The stream of the account that holds the address: usually the one named after its canonical
/// form, but an account an older version filed under another spelling keeps its own, so the
/// address counts as taken.
fn account_stream_id(store: &EventStore, email: &EmailAddress) -> anyhow::Result<AccountId> {
    let mut accounts = Accounts::default();
    let registered = store.read_event_type(
        "AccountRegistered",
        Direction::Forwards,
        ReadFrom::Start,
        usize::MAX,
    )?;
    for event in &registered {
        accounts.apply(event);
    }
    Ok(accounts.account_id_of(email))
}
