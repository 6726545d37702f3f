//! The command line: `serve`, `export`, `import`, `erase`, `verify`, `stress-append`, `demo`,
//! `admin`.

mod admin;
mod demo;
mod erase;
mod export;
mod import;
mod progress;
mod prune;
mod serve;
mod stress;
mod verify;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tracing::Instrument;

use std::sync::Arc;

use crate::config::{Overrides, Settings};
use crate::event_store::EventStore;
use crate::personal::codec::PersonalCodec;

#[derive(Debug, Parser)]
#[command(
    name = "wettbewerb",
    version,
    about = "Förderwettbewerbe auf einem Ereignisprotokoll"
)]
pub struct Cli {
    /// Settings file (TOML); default `wettbewerb.toml` if it exists, or `WETTBEWERB_CONFIG`.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web service.
    Serve(ServeArgs),
    /// Write the whole log to stdout as JSON lines, in `$all` order; personal data stays
    /// sealed, and without `--with-keys` cannot be read from the export.
    Export {
        /// Write the persons' keys first (one line), so the export restores everything.
        #[arg(long)]
        with_keys: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Append JSON lines from stdin with their original ids and revisions (and the keys of an
    /// export made `--with-keys`); repeatable. Erasures in the log are applied afterwards.
    Import(DataArgs),
    /// Erase a person's data (GDPR Art. 17): their keys are deleted, their data reads as
    /// "gelöscht" everywhere; the erasure is recorded as an event. Stop the service first.
    Erase {
        /// The person's e-mail address.
        #[arg(long)]
        email: String,
        /// Why (a reference to the request); required unless --dry-run.
        #[arg(long, default_value = "")]
        reason: String,
        /// Only list what would be erased.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Check positions, revisions, indexes and ids; exit 1 if anything is wrong.
    Verify(DataArgs),
    /// Remove stored documents that no event names (stop the service first).
    PruneDocuments {
        /// Only report what would be removed.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Append from concurrent writers and print each durable acknowledgement, to check a disk.
    StressAppend(StressArgs),
    /// Fill the data directory with a whole competition run through the real commands.
    Demo {
        /// innoregio, spitzencluster or bioregio
        #[arg(long, default_value = "innoregio")]
        preset: String,
        /// Multiplies the programme's applications and jurors.
        #[arg(long, default_value_t = 1)]
        scale: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also a second round, open now, with this many complete drafts of one applicant
        /// (for the submission benchmark).
        #[arg(long, default_value_t = 0)]
        open_drafts: usize,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Accounts that cannot be created on the web.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a verified staff account. The password comes from WETTBEWERB_STAFF_PASSWORD or
    /// is asked for on the terminal.
    CreateStaff {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Programmverwaltung")]
        name: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Debug, Args)]
pub struct DataArgs {
    /// The data directory (overrides `data` in the settings and `WETTBEWERB_DATA`).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// The log on PostgreSQL, `postgres://user:password@host/database` (overrides `store` and
    /// `WETTBEWERB_STORE`); without it, the embedded store in the data directory.
    #[arg(long)]
    pub store: Option<String>,
}

impl DataArgs {
    fn overrides(&self) -> Overrides {
        Overrides {
            data: self.data.clone(),
            store: self.store.clone(),
            ..Overrides::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Address and port to listen on (overrides `listen` and `WETTBEWERB_LISTEN`).
    #[arg(long)]
    pub listen: Option<SocketAddr>,
}

#[derive(Debug, Args)]
pub struct StressArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Concurrent writers, each appending to its own stream.
    #[arg(long, default_value_t = 8)]
    pub writers: usize,
    /// Events per writer; 0 appends until the process is stopped.
    #[arg(long, default_value_t = 0)]
    pub events: u64,
    /// Bytes of payload per event.
    #[arg(long, default_value_t = 300)]
    pub size: usize,
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = cli.config.as_deref();
    let settings = |overrides: Overrides| -> anyhow::Result<Settings> {
        Settings::load(config, &overrides)
            .map_err(|e| anyhow::anyhow!("the settings are invalid: {e}"))
    };
    match cli.command {
        Command::Serve(args) => {
            let overrides = Overrides {
                listen: args.listen,
                ..args.data.overrides()
            };
            serve::run(settings(overrides)?).await
        }
        Command::Export { with_keys, data } => {
            let (store, codec) = open_sealed(&settings(data.overrides())?)?;
            export::run(store, with_keys.then_some(codec)).await
        }
        Command::Import(args) => {
            let (store, codec) = open_sealed(&settings(args.overrides())?)?;
            import::run(store, codec).await
        }
        Command::Erase {
            email,
            reason,
            dry_run,
            data,
        } => {
            let settings = settings(data.overrides())?;
            let (store, codec) = open_sealed(&settings)?;
            erase::run(store, codec, &settings.data, &email, &reason, dry_run)
                .instrument(crate::command_log::cli("erase"))
                .await
        }
        Command::Verify(args) => verify::run(open_store(&settings(args.overrides())?)?).await,
        Command::PruneDocuments { dry_run, data } => {
            let settings = settings(data.overrides())?;
            let opened = open_applied(&settings)?;
            let documents = opened.documents(&settings.data)?;
            prune::run(opened.store, documents, dry_run)
        }
        Command::Demo {
            preset,
            scale,
            seed,
            open_drafts,
            data,
        } => {
            let settings = settings(data.overrides())?;
            let opened = open_applied(&settings)?;
            let documents = opened.documents(&settings.data)?;
            demo::run(opened.store, documents, &preset, scale, seed, open_drafts).await
        }
        Command::Admin(AdminCommand::CreateStaff { email, name, data }) => {
            let store = open_store(&settings(data.overrides())?)?;
            admin::create_staff(store, &email, &name)
                .instrument(crate::command_log::cli("admin create-staff"))
                .await
        }
        Command::StressAppend(args) => {
            let store = open_store(&settings(args.data.overrides())?)?;
            stress::run(args, store).await
        }
    }
}

fn open_store(settings: &Settings) -> anyhow::Result<EventStore> {
    Ok(open_sealed(settings)?.0)
}

/// The data directory's log, sealing personal data with the directory's keys (and sealing a
/// log an older version left in plain text first), with every recorded erasure applied.
fn open_sealed(settings: &Settings) -> anyhow::Result<(EventStore, Arc<PersonalCodec>)> {
    let opened = open_applied(settings)?;
    Ok((opened.store, opened.codec))
}

fn open_applied(settings: &Settings) -> anyhow::Result<crate::cluster::open::OpenedLog> {
    let opened = crate::cluster::open::open_log(settings)?;
    crate::usecases::personal_data_erasure::apply_recorded(&opened.store, &opened.codec)?;
    Ok(opened)
}
