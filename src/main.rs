use std::process::ExitCode;

use clap::Parser;

use wettbewerb::cli::{self, Cli};

#[actix_web::main]
async fn main() -> ExitCode {
    private_files();
    large_blocks_go_back_to_the_system();
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

/// glibc raises its threshold for serving a block from the heap rather than its own mapping
/// each time a large mapped block is freed (a rendered page, a snapshot read at start), up to
/// 32 MB; blocks below it that are freed stay in the heap's arenas, cut up, and rarely go back
/// to the system. With the threshold fixed at glibc's initial 128 KiB, large blocks are mapped
/// and unmapped as they come and go: in the load benchmark (bench/load.sh) the resident memory
/// after the run fell from about 205 MB to about 150 MB, holding the same data.
fn large_blocks_go_back_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of the allocator, under the allocator's own
    // locks; it takes no pointers.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
