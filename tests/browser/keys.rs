//! A person at the keyboard: the Tab key moves the focus, Enter follows a link or presses a
//! button, text is typed into the field that has the focus (WebDriver key actions, no mouse and
//! no clicks). Every element the focus lands on must show it: its computed outline or box
//! shadow must differ from the look it had before anything had the focus on that page.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde::Deserialize;

use crate::browser::Browser;

/// Tab stops tried before a target counts as unreachable; the longest page on the paths
/// (a round's control page) has some hundred.
const MAX_TABS: usize = 400;

/// Remembers, once per page, how each element that can take the focus looks without it.
const REMEMBER_UNFOCUSED: &str = r#"
if (!window.__unfocused) {
  window.__look = (e) => {
    const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" | ");
  };
  window.__unfocused = new Map();
  for (const e of document.querySelectorAll(
      "a[href], button, input, select, textarea, iframe, summary, [tabindex]")) {
    if (e !== document.activeElement) window.__unfocused.set(e, window.__look(e));
  }
}
return window.__unfocused.size;
"#;

/// What has the focus, how it looks, and whether that differs visibly from its unfocused look.
const FOCUSED: &str = r#"
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return null;
const s = getComputedStyle(e);
const look = window.__look ? window.__look(e) : "";
const before = window.__unfocused ? window.__unfocused.get(e) : undefined;
const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
const words = (t) => (t || "").trim().replace(/\s+/g, " ").slice(0, 120);
return {
  tag: e.tagName.toLowerCase(),
  id: e.id || "",
  text: words(e.innerText || e.value || e.getAttribute("title")),
  href: e.getAttribute("href") || "",
  label: e.labels && e.labels.length ? words(e.labels[0].innerText) : "",
  action: e.form ? (e.form.getAttribute("action") || "") : "",
  look: look,
  unfocused: before === undefined ? "(not seen before the focus)" : before,
  shown: ring && before !== undefined && before !== look,
};
"#;

/// The element that has the focus.
#[derive(Debug, Clone, Deserialize)]
pub struct Focused {
    pub tag: String,
    pub id: String,
    /// Its text, or a field's value, or a frame's title.
    pub text: String,
    pub href: String,
    /// A field's label.
    pub label: String,
    /// The action of the form it belongs to.
    pub action: String,
    look: String,
    unfocused: String,
    /// Whether the focus shows.
    shown: bool,
}

impl Focused {
    fn describe(&self) -> String {
        format!(
            "<{}{}> {:?}{}{}",
            self.tag,
            if self.id.is_empty() {
                String::new()
            } else {
                format!(" id={}", self.id)
            },
            self.text,
            if self.href.is_empty() {
                String::new()
            } else {
                format!(" href={}", self.href)
            },
            if self.label.is_empty() {
                String::new()
            } else {
                format!(" label={:?}", self.label)
            },
        )
    }
}

impl Browser {
    async fn press_key(&self, key: Key) -> Result<(), String> {
        let value: char = key.into();
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
        self.client()
            .perform_actions(actions)
            .await
            .map_err(|e| format!("the key does not go through: {e}"))
    }

    async fn focused(&self) -> Result<Option<Focused>, String> {
        self.client()
            .execute(REMEMBER_UNFOCUSED, vec![])
            .await
            .map_err(|e| e.to_string())?;
        let found = self
            .client()
            .execute(FOCUSED, vec![])
            .await
            .map_err(|e| e.to_string())?;
        if found.is_null() {
            return Ok(None);
        }
        serde_json::from_value(found)
            .map(Some)
            .map_err(|e| e.to_string())
    }

    /// Presses Tab until the focus is on what `target` accepts (`what` names it), failing at
    /// the first stop on the way whose focus does not show, or when it is never reached.
    pub async fn tab_to(&self, what: &str, target: impl Fn(&Focused) -> bool) -> Focused {
        let step = self.step(&format!("tab to {what}"));
        let result = async {
            // The page's look before the first key.
            self.focused().await?;
            let mut stops: Vec<String> = Vec::new();
            for _ in 0..MAX_TABS {
                self.press_key(Key::Tab).await?;
                let Some(focused) = self.focused().await? else {
                    stops.push("(the page itself)".to_owned());
                    continue;
                };
                if !focused.shown {
                    return Err(format!(
                        "the focus on {} does not show: focused {:?}, unfocused {:?}",
                        focused.describe(),
                        focused.look,
                        focused.unfocused
                    ));
                }
                if target(&focused) {
                    return Ok(focused);
                }
                stops.push(focused.describe());
            }
            let last: Vec<&String> = stops.iter().rev().take(15).collect();
            Err(format!(
                "{what} is not reached with {MAX_TABS} presses of Tab; the last stops, newest first:\n{}",
                last.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            ))
        }
        .await;
        self.check(&step, result).await
    }

    /// Types into the field that has the focus, as a keyboard does.
    pub async fn type_keys(&self, text: &str) {
        let step = self.step(&format!("type {text}"));
        let result = async {
            let field = self
                .client()
                .active_element()
                .await
                .map_err(|e| format!("nothing has the focus: {e}"))?;
            field.send_keys(text).await.map_err(|e| e.to_string())
        }
        .await;
        self.check(&step, result).await
    }

    /// Presses Enter on what has the focus (a link or a button) and waits for the page that
    /// answers.
    pub async fn enter(&self) {
        let step = self.step("press Enter");
        let before = self.last_number();
        let result = async {
            self.press_key(Key::Enter).await?;
            self.arrived(before).await
        }
        .await;
        self.check(&step, result).await
    }
}
