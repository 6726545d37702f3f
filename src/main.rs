use std::process::ExitCode;

use clap::Parser;

use wettbewerb::cli::{self, Cli};

#[actix_web::main]
async fn main() -> ExitCode {
    wettbewerb::telemetry::init();
    match cli::run(Cli::parse()).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
