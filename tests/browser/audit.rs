//! Every distinct page the tests walk through, checked twice: axe-core in the live page for
//! accessibility, the Nu HTML checker on the HTML as served. Problems are collected and reported
//! together at the end of a test, so one run lists them all.

use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::recorder::Served;
use crate::tools::Tools;

pub struct Audit {
    test: String,
    axe: String,
    pages: Mutex<Vec<Page>>,
    keys: Mutex<BTreeSet<String>>,
}

struct Page {
    /// Who looked at it and its route, e.g. `staff GET /verwaltung/wettbewerbe/{id}`.
    key: String,
    served: Served,
    /// Moderate, serious and critical axe findings, one line each.
    violations: Vec<String>,
}

/// The route pattern of a path: ids and numbers in it become placeholders.
pub fn pattern(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let hex = segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
            if segment.len() == 36 && hex {
                "{id}"
            } else if segment.len() == 64 && hex {
                "{sha256}"
            } else if !segment.is_empty() && segment.chars().all(|c| c.is_ascii_digit()) {
                "{n}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The axe rules run: those of WCAG 2.0 and 2.1 at levels A and AA, which BITV 2.0 asks for
/// through EN 301 549.
pub const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Runs axe in the page with the rules of `AXE_TAGS` (the argument) and hands back what it
/// found, as JSON: moderate, serious and critical violations; only minor ones are let through.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
const tags = arguments[0];
axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
  .then((result) => done(result.violations
    .filter((v) => v.impact === "moderate" || v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                   targets: v.nodes.map((n) => n.target.join(" ")) }))))
  .catch((e) => done({ error: String(e) }));
"#;

impl Audit {
    pub fn new(test: &str, tools: &Tools) -> Audit {
        Audit {
            test: test.to_owned(),
            axe: std::fs::read_to_string(&tools.axe).expect("axe-core is installed"),
            pages: Mutex::new(Vec::new()),
            keys: Mutex::new(BTreeSet::new()),
        }
    }

    /// Whether this page was not checked yet; marks it as checked.
    pub fn is_new(&self, key: &str) -> bool {
        self.keys.lock().unwrap().insert(key.to_owned())
    }

    /// Runs axe in the page the browser shows now and keeps the served HTML for the Nu checker.
    pub async fn check(
        &self,
        client: &fantoccini::Client,
        key: String,
        served: Served,
    ) -> Result<(), String> {
        let violations = axe(client, &self.axe).await?;
        self.pages.lock().unwrap().push(Page {
            key,
            served,
            violations,
        });
        Ok(())
    }

    /// Validates the collected pages in one Java start and fails with every problem found.
    pub fn finish(&self, tools: &Tools) {
        let pages = self.pages.lock().unwrap();
        let dir = tempfile::TempDir::new().unwrap();
        let files: Vec<std::path::PathBuf> = pages
            .iter()
            .enumerate()
            .map(|(i, page)| {
                let file = dir.path().join(format!("page-{i:02}.html"));
                std::fs::write(&file, &page.served.html).unwrap();
                file
            })
            .collect();
        let mut problems = Vec::new();
        for page in pages.iter() {
            for violation in &page.violations {
                problems.push(format!("axe: {}: {violation}", page.key));
            }
        }
        for (file, line, message) in vnu(tools, &files) {
            problems.push(format!("vnu: {}: line {line}: {message}", pages[file].key));
        }
        assert!(
            problems.is_empty(),
            "{}: {} problem(s) on {} page(s):\n{}",
            self.test,
            problems.len(),
            pages.len(),
            problems.join("\n")
        );
        let keys: Vec<&str> = pages.iter().map(|p| p.key.as_str()).collect();
        eprintln!(
            "{}: {} pages valid and without moderate, serious or critical accessibility problems:\n  {}",
            self.test,
            pages.len(),
            keys.join("\n  ")
        );
    }
}

/// The moderate, serious and critical axe findings under the WCAG 2.x A and AA rules in the
/// page the browser shows, one line each.
pub async fn axe(client: &fantoccini::Client, source: &str) -> Result<Vec<String>, String> {
    client
        .execute(source, vec![])
        .await
        .map_err(|e| format!("axe does not load: {e}"))?;
    let found = client
        .execute_async(RUN_AXE, vec![serde_json::json!(AXE_TAGS)])
        .await
        .map_err(|e| format!("axe does not run: {e}"))?;
    if let Some(error) = found.get("error") {
        return Err(format!("axe failed: {error}"));
    }
    let line = |v: &serde_json::Value| {
        let targets: Vec<&str> = v["targets"]
            .as_array()
            .map(|t| t.iter().filter_map(|s| s.as_str()).collect())
            .unwrap_or_default();
        format!(
            "{} ({}): {} – {}",
            v["id"].as_str().unwrap_or_default(),
            v["impact"].as_str().unwrap_or_default(),
            v["help"].as_str().unwrap_or_default(),
            targets.join(", ")
        )
    };
    Ok(found
        .as_array()
        .map(|all| all.iter().map(line).collect())
        .unwrap_or_default())
}

/// The Nu checker's errors in these files, in one Java start: (file index, line, message).
pub fn vnu(tools: &Tools, files: &[std::path::PathBuf]) -> Vec<(usize, u64, String)> {
    if files.is_empty() {
        return Vec::new();
    }
    let output = std::process::Command::new(&tools.java)
        .arg("-jar")
        .arg(&tools.vnu)
        .args(["--errors-only", "--format", "json"])
        .args(files)
        .output()
        .expect("java starts");
    // The report comes on stderr.
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "the Nu checker's report is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    report["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|message| {
            let url = message["url"].as_str().unwrap_or_default();
            let file = files
                .iter()
                .position(|f| url.ends_with(&*f.file_name().unwrap().to_string_lossy()))
                .unwrap_or_else(|| panic!("the Nu checker reports on an unknown file: {message}"));
            let text = format!(
                "{} ({})",
                message["message"].as_str().unwrap_or_default(),
                message["extract"].as_str().unwrap_or_default().trim()
            );
            (file, message["lastLine"].as_u64().unwrap_or(0), text)
        })
        .collect()
}
