use std::process::ExitCode;

use clap::Parser;

use wettbewerb::cli::{self, Cli};

#[actix_web::main]
async fn main() -> ExitCode {
    private_files();
    wettbewerb::telemetry::init();
    match cli::run(Cli::parse()).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Everything the program creates under the data directory holds personal data (documents,
/// mail, the log) or the service secret: readable by the service's user only. Our own files
/// are created `0600` anyway (`durable_file`); the umask also covers the files sled creates,
/// whose modes it does not let us choose. Set before any file is created.
fn private_files() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file mode mask and cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}
