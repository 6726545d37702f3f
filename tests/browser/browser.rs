//! One person in a browser window: goes to pages, types into labelled fields, clicks buttons,
//! reads the page. A step that fails leaves a screenshot and the page's HTML under
//! `target/browser-failures/` and names them in the failure.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use crate::audit::{Audit, pattern};
use crate::failures;
use crate::recorder::{Recorder, Served};

/// How long a page may take to appear; generous for a loaded CI machine.
const PATIENCE: Duration = Duration::from_secs(20);

pub struct Browser {
    client: Client,
    recorder: Recorder,
    audit: Arc<Audit>,
    test: String,
    /// Whose view the pages are, for the page audit.
    role: String,
    steps: AtomicUsize,
}

/// A string as an XPath literal (the texts here contain no double quotes).
fn literal(text: &str) -> String {
    assert!(!text.contains('"'), "{text}");
    format!("\"{text}\"")
}

impl Browser {
    pub fn new(
        client: Client,
        recorder: Recorder,
        audit: Arc<Audit>,
        test: &str,
        role: &str,
    ) -> Browser {
        Browser {
            client,
            recorder,
            audit,
            test: test.to_owned(),
            role: role.to_owned(),
            steps: AtomicUsize::new(0),
        }
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }

    /// The WebDriver session, for the keyboard (`keys.rs`).
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// Opens a path of the service, as typing it into the address bar.
    pub async fn visit(&self, path: &str) {
        let step = self.step(&format!("visit {path}"));
        let before = self.last_number();
        let url = format!("{}{path}", self.recorder.address);
        let result = match self.client.goto(&url).await {
            Ok(()) => self.arrived(before).await,
            Err(e) => Err(format!("{url} does not open: {e}")),
        };
        self.check(&step, result).await;
    }

    /// Types into the field with this label, replacing what is in it.
    pub async fn fill(&self, label: &str, text: &str) {
        self.fill_in("//main", label, text).await
    }

    /// Like `fill`, for the field in the part of the page `scope` (an XPath) selects.
    pub async fn fill_in(&self, scope: &str, label: &str, text: &str) {
        let step = self.step(&format!("fill {label}"));
        let result = async {
            let field = self.field(scope, label).await?;
            field.clear().await.map_err(|e| e.to_string())?;
            field.send_keys(text).await.map_err(|e| e.to_string())
        }
        .await;
        self.check(&step, result).await;
    }

    /// Chooses the option with this visible text in the drop-down with this label.
    pub async fn choose(&self, label: &str, option: &str) {
        self.choose_in("//main", label, option).await
    }

    pub async fn choose_in(&self, scope: &str, label: &str, option: &str) {
        let step = self.step(&format!("choose {option}"));
        let result = async {
            let field = self.field(scope, label).await?;
            field
                .select_by_label(option)
                .await
                .map_err(|e| format!("no option {option:?} in {label:?}: {e}"))
        }
        .await;
        self.check(&step, result).await;
    }

    /// Ticks the checkbox (or radio button) with this label.
    pub async fn tick(&self, label: &str) {
        self.tick_in("//main", label).await
    }

    /// Like `tick`, for the field in the part of the page `scope` (an XPath) selects.
    pub async fn tick_in(&self, scope: &str, label: &str) {
        let step = self.step(&format!("tick {label}"));
        let result = async {
            let field = self.field(scope, label).await?;
            if !field.is_selected().await.map_err(|e| e.to_string())? {
                field.click().await.map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        .await;
        self.check(&step, result).await;
    }

    /// Picks a file for the file field with this label.
    pub async fn attach(&self, label: &str, file: &std::path::Path) {
        let step = self.step(&format!("attach {label}"));
        let result = async {
            let field = self.field("//main", label).await?;
            field
                .send_keys(&file.display().to_string())
                .await
                .map_err(|e| e.to_string())
        }
        .await;
        self.check(&step, result).await;
    }

    /// Clicks the button with this text and waits for the page that answers.
    pub async fn press(&self, button: &str) {
        self.press_in("//main", button).await
    }

    pub async fn press_in(&self, scope: &str, button: &str) {
        let step = self.step(&format!("press {button}"));
        let before = self.last_number();
        let result = async {
            let xpath = format!("{scope}//button[normalize-space()={}]", literal(button));
            let element = self.wait_for(&xpath).await?;
            element
                .click()
                .await
                .map_err(|e| format!("{button:?} cannot be clicked: {e}"))?;
            self.arrived(before).await
        }
        .await;
        self.check(&step, result).await;
    }

    /// Follows the link with this text.
    pub async fn follow(&self, link: &str) {
        let step = self.step(&format!("follow {link}"));
        let before = self.last_number();
        let result = async {
            let xpath = format!("//a[normalize-space()={}]", literal(link));
            let element = self.wait_for(&xpath).await?;
            element.click().await.map_err(|e| e.to_string())?;
            self.arrived(before).await
        }
        .await;
        self.check(&step, result).await;
    }

    /// Waits until the page shows this text.
    pub async fn sees(&self, text: &str) {
        self.sees_in("//body", text).await
    }

    /// Waits until the part of the page `scope` (an XPath) selects shows this text.
    pub async fn sees_in(&self, scope: &str, text: &str) {
        let step = self.step(&format!("see {text}"));
        let started = Instant::now();
        let result = loop {
            let body = self.text_of(scope).await;
            if body.contains(text) {
                break Ok(());
            }
            if started.elapsed() > PATIENCE {
                break Err(format!("the page does not show {text:?}:\n{body}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        self.check(&step, result).await;
    }

    /// Fails if the page shows this text.
    pub async fn does_not_see(&self, text: &str) {
        let step = self.step(&format!("not see {text}"));
        let body = self.text().await;
        let result = if body.contains(text) {
            Err(format!("the page shows {text:?}:\n{body}"))
        } else {
            Ok(())
        };
        self.check(&step, result).await;
    }

    /// Fails if the page is wider than the window: a person would have to scroll sideways.
    pub async fn fits_the_window(&self) {
        let step = self.step("fit the window");
        let result = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth]",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())
            .and_then(|widths| {
                let width = |i: usize| widths[i].as_i64().unwrap_or_default();
                let (page, window) = (width(0), width(1));
                if page <= window {
                    Ok(())
                } else {
                    Err(format!(
                        "the page is {page} px wide in a window of {window} px"
                    ))
                }
            });
        self.check(&step, result).await;
    }

    /// Where the page's links and search forms (sent as they are filled in) into the service
    /// lead: path and query of each.
    pub async fn links(&self) -> Vec<String> {
        let hrefs: Vec<String> = self
            .client
            .execute(
                "const links = Array.from(document.querySelectorAll('a[href]'), (a) => a.href);
                 const forms = Array.from(document.querySelectorAll('form'))
                   .filter((f) => f.method === 'get')
                   .map((f) => { const url = new URL(f.action);
                                 url.search = new URLSearchParams(new FormData(f));
                                 return url.href; });
                 return links.concat(forms);",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        hrefs
            .iter()
            .filter_map(|href| href.strip_prefix(&self.recorder.address))
            .map(str::to_owned)
            .collect()
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        self.text_of("//body").await
    }

    async fn text_of(&self, xpath: &str) -> String {
        match self.client.find(Locator::XPath(xpath)).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The path the browser shows now.
    pub async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.path().to_owned())
            .unwrap_or_default()
    }

    /// Names the next step: its number and what it does, for the failure files.
    pub(crate) fn step(&self, what: &str) -> String {
        let n = self.steps.fetch_add(1, Ordering::SeqCst) + 1;
        let slug: String = what
            .to_lowercase()
            .replace('ä', "ae")
            .replace('ö', "oe")
            .replace('ü', "ue")
            .replace('ß', "ss")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let slug = slug.trim_matches('-').chars().take(40).collect::<String>();
        format!("{}-{n:02}-{slug}", self.role)
    }

    pub(crate) fn last_number(&self) -> usize {
        self.recorder.last().map(|s| s.number).unwrap_or(0)
    }

    async fn wait_for(&self, xpath: &str) -> Result<Element, String> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(xpath))
            .await
            .map_err(|e| format!("nothing matches {xpath}: {e}"))
    }

    /// The form field a label (by its whole text) names, in `scope`.
    async fn field(&self, scope: &str, label: &str) -> Result<Element, String> {
        let xpath = format!("{scope}//label[normalize-space()={}]", literal(label));
        let label_element = self.wait_for(&xpath).await?;
        let id = label_element
            .attr("for")
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("the label {label:?} names no field"))?;
        self.client
            .find(Locator::Id(&id))
            .await
            .map_err(|e| format!("the label {label:?} names #{id}, which is missing: {e}"))
    }

    /// Waits until a new page from the service is loaded, then audits it if it is new.
    pub(crate) async fn arrived(&self, before: usize) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Some(served) = self.recorder.last().filter(|s| s.number > before) {
                let ready = self
                    .client
                    .execute("return document.readyState", vec![])
                    .await
                    .map(|v| v == "complete")
                    .unwrap_or(false);
                if ready && self.path().await == served.path {
                    let key = self.key(&served);
                    if self.audit.is_new(&key) {
                        self.audit.check(&self.client, key, served).await?;
                    }
                    return Ok(());
                }
            }
            if started.elapsed() > PATIENCE {
                return Err(format!(
                    "no new page within {PATIENCE:?}; the browser is at {}",
                    self.path().await
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Audits the page shown now as a variant of its route, for a route whose page looks quite
    /// different in another state (the conflict gate and the scoring form, say).
    pub async fn audit_variant(&self, variant: &str) {
        let step = self.step(&format!("audit {variant}"));
        let result = match self.recorder.last() {
            Some(served) => {
                let key = format!("{} – {variant}", self.key(&served));
                if self.audit.is_new(&key) {
                    self.audit.check(&self.client, key, served).await
                } else {
                    Ok(())
                }
            }
            None => Err("no page yet".to_owned()),
        };
        self.check(&step, result).await;
    }

    /// The page's name in the audit: who sees it, the method, the route, an error status.
    fn key(&self, served: &Served) -> String {
        format!(
            "{} {} {}{}",
            self.role,
            served.method,
            pattern(&served.path),
            if served.status >= 400 {
                format!(" ({})", served.status)
            } else {
                String::new()
            }
        )
    }

    /// Passes, or saves what the browser shows and fails naming the files.
    pub(crate) async fn check<T>(&self, step: &str, result: Result<T, String>) -> T {
        match result {
            Ok(value) => value,
            Err(message) => {
                let (png, html) = failures::keep(&self.client, &self.test, step).await;
                panic!(
                    "{} failed at step {step}: {message}\nscreenshot: {}\npage: {}",
                    self.test,
                    png.display(),
                    html.display()
                );
            }
        }
    }
}
