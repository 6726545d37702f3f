//! The command line: `serve`, `export`, `import`, `verify`, `stress-append`.

mod export;
mod import;
mod progress;
mod serve;
mod stress;
mod verify;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config;
use crate::event_store::{EventStore, StoreOptions};

#[derive(Debug, Parser)]
#[command(
    name = "wettbewerb",
    version,
    about = "Förderwettbewerbe auf einem Ereignisprotokoll"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web service.
    Serve(ServeArgs),
    /// Write the whole log to stdout as JSON lines, in `$all` order.
    Export(DataArgs),
    /// Append JSON lines from stdin with their original ids and revisions; repeatable.
    Import(DataArgs),
    /// Check positions, revisions, indexes and ids; exit 1 if anything is wrong.
    Verify(DataArgs),
    /// Append from concurrent writers and print each durable acknowledgement, to check a disk.
    StressAppend(StressArgs),
}

#[derive(Debug, Args)]
pub struct DataArgs {
    /// The data directory (the event log lives in its `events/` folder).
    #[arg(long, env = "WETTBEWERB_DATA", default_value = "data")]
    pub data: PathBuf,
}

impl DataArgs {
    pub fn open_store(&self) -> anyhow::Result<EventStore> {
        let options = StoreOptions::new(config::event_store_dir(&self.data))?;
        Ok(EventStore::open(options)?)
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Address and port to listen on.
    #[arg(long, env = "WETTBEWERB_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub mail: MailArgs,
}

/// Where mail goes: an SMTP server if a host is given, otherwise `.eml` files in `DATA/mail`.
#[derive(Debug, Args)]
pub struct MailArgs {
    #[arg(long, env = "WETTBEWERB_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// Defaults to 25, 587 or 465 after the security chosen.
    #[arg(long, env = "WETTBEWERB_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    #[arg(
        long,
        env = "WETTBEWERB_SMTP_SECURITY",
        value_enum,
        default_value = "starttls"
    )]
    pub smtp_security: crate::email::mailer::SmtpSecurity,
    #[arg(long, env = "WETTBEWERB_SMTP_USER")]
    pub smtp_user: Option<String>,
    /// Only from the environment, so it never shows in a process list.
    #[arg(skip = std::env::var("WETTBEWERB_SMTP_PASSWORD").ok())]
    pub smtp_password: Option<String>,
    /// The sender of every message.
    #[arg(
        long,
        env = "WETTBEWERB_MAIL_FROM",
        default_value = "wettbewerb <noreply@wettbewerb.localhost>"
    )]
    pub mail_from: String,
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
    match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::Export(args) => export::run(args).await,
        Command::Import(args) => import::run(args).await,
        Command::Verify(args) => verify::run(args).await,
        Command::StressAppend(args) => stress::run(args).await,
    }
}
