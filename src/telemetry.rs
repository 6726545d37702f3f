//! Logs go to stderr, filtered by `RUST_LOG` (default `info`), so stdout stays free for export.
//! Colours only on a terminal: a log file or journal gets plain `request{id=…}` lines to search.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
