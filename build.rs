//! Embeds every file of migrations/ into the binary, so a new migration needs no code change;
//! fingerprints the sources that give the read models' snapshots their shape.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("migrations/ exists")
        .map(|entry| entry.expect("readable migrations/").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut code = String::from("pub const EMBEDDED: &[(&str, &str)] = &[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("migrations.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
    snapshot_schema();
}

/// A fingerprint of everything that decides what a snapshot of the read models holds and how an
/// event folds into them: the domain, the projections, the log and the decoding of its events,
/// the migrations and the locked crate versions. A snapshot carries it; one written by a binary built from other sources is rebuilt
/// from the log, never read (`src/projections/snapshot.rs`). Any edit there changes it, which
/// costs one full replay at the next start and never a wrongly read snapshot.
fn snapshot_schema() {
    use std::hash::Hasher;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    // The log's own code decides too how an event reaches a projection: the migrations' steps,
    // stream names and categories, and `app::decode`.
    for dir in [
        "src/domain",
        "src/projections",
        "src/event_store",
        "src/app",
        "migrations",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
        collect(&root.join(dir), &mut files);
    }
    for file in ["src/app.rs", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", root.join(file).display());
        files.push(root.join(file));
    }
    files.sort();
    // SipHash with fixed keys: the same sources give the same fingerprint.
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    for file in &files {
        let relative = file.strip_prefix(root).unwrap_or(file);
        hasher.write(relative.to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(file).expect("readable source"));
    }
    // Not named WETTBEWERB_…: cargo also sets it for the test binaries, and the service (which
    // they start) reads every WETTBEWERB_ variable as a setting.
    println!(
        "cargo:rustc-env=PROJECTIONS_SNAPSHOT_SCHEMA={}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        hasher.finish()
    );
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
