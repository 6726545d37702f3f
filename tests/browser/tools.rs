//! The programs the browser tests need, and what happens when one is missing: on a developer
//! machine the tests say so and return; in CI (`WETTBEWERB_BROWSER_TESTS=required`) they fail.

use std::io::Write;
use std::path::{Path, PathBuf};

pub const REQUIRED_VAR: &str = "WETTBEWERB_BROWSER_TESTS";

pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    pub java: PathBuf,
    pub axe: PathBuf,
    pub vnu: PathBuf,
}

/// The tools, or `None` after telling the developer how to install them.
pub fn find(test: &str) -> Option<Tools> {
    let node_modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules");
    let chromium = program(&["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = program(&["chromedriver"]);
    let java = program(&["java"]);
    let axe = node_modules.join("axe-core/axe.min.js");
    let vnu = node_modules.join("vnu-jar/build/dist/vnu.jar");
    let mut missing = Vec::new();
    if chromium.is_none() {
        missing.push("chromium (apt-get install chromium)".to_owned());
    }
    if chromedriver.is_none() {
        missing.push("chromedriver (apt-get install chromium-driver)".to_owned());
    }
    if java.is_none() {
        missing.push("java (apt-get install default-jre-headless)".to_owned());
    }
    for file in [&axe, &vnu] {
        if !file.is_file() {
            missing.push(format!(
                "{} (npm ci --prefix tests/browser)",
                file.display()
            ));
        }
    }
    if missing.is_empty() {
        return Some(Tools {
            chromium: chromium.unwrap(),
            chromedriver: chromedriver.unwrap(),
            java: java.unwrap(),
            axe,
            vnu,
        });
    }
    let list = missing.join(", ");
    if std::env::var(REQUIRED_VAR).as_deref() == Ok("required") {
        panic!(
            "{test}: the browser tests are required ({REQUIRED_VAR}=required) but missing: {list}"
        );
    }
    // Straight to stderr: the test harness would swallow `eprintln!` of a passing test.
    let _ = writeln!(
        std::io::stderr(),
        "{test} skipped: missing {list}; install with: apt-get install chromium chromium-driver default-jre-headless && npm ci --prefix tests/browser"
    );
    None
}

/// The first of these programs on the PATH.
fn program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}
