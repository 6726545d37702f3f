//! What the consortium may change on its pages: everything of a draft (or of a withdrawn
//! application) while its stage accepts it, and of a submitted application only the parts an
//! open request for corrections names (`formal_check.rs`). The pages ask this, never the
//! status, so that a part offered for editing is a part the domain accepts a change to.

use chrono::{DateTime, Utc};

use crate::domain::application::{Application, Status};
use crate::domain::competition::Progress;
use crate::domain::financing::PartnerSlot;
use crate::domain::formal_check::Correctable;

#[derive(Debug, Clone, Default)]
pub struct OpenParts {
    all: bool,
    /// The keys of the parts open for correction (`Correctable::key`).
    keys: Vec<String>,
}

impl OpenParts {
    /// For a member of the consortium (`member`); nothing is open to anyone else.
    pub fn of(
        application: &Application,
        competition: Progress,
        member: bool,
        now: DateTime<Utc>,
    ) -> Self {
        if !member {
            return Self::default();
        }
        let draft = matches!(
            application.status,
            Status::Draft { .. } | Status::Withdrawn { .. }
        ) && !application.past_submission(competition);
        if draft {
            return Self {
                all: true,
                keys: Vec::new(),
            };
        }
        Self {
            all: false,
            keys: application
                .open_correction(now)
                .map(|r| r.items.iter().map(Correctable::key).collect())
                .unwrap_or_default(),
        }
    }

    /// Everything may be changed (a draft).
    pub fn all(&self) -> bool {
        self.all
    }

    /// Some part may be changed.
    pub fn any(&self) -> bool {
        self.all || !self.keys.is_empty()
    }

    pub fn has(&self, key: &str) -> bool {
        self.all || self.keys.iter().any(|k| k == key)
    }

    pub fn section(&self, key: &str) -> bool {
        self.has(&Correctable::Section(key.to_owned()).key())
    }

    pub fn any_section(&self) -> bool {
        self.all || self.keys.iter().any(|k| k.starts_with("abschnitt:"))
    }

    pub fn slot(&self, key: &str) -> bool {
        self.has(&Correctable::Document(key.to_owned()).key())
    }

    /// A partner's plan, by the slot's key in forms (`k` or the partner's index).
    pub fn plan(&self, slot: &str) -> bool {
        self.has(&format!("plan:{slot}"))
    }

    /// Some part of the financing page may be changed.
    pub fn financing(&self) -> bool {
        self.all
            || self
                .keys
                .iter()
                .any(|k| k == "laufzeit" || k == "zusagen" || k.starts_with("plan:"))
    }

    pub fn plan_of(&self, slot: PartnerSlot) -> bool {
        self.plan(&slot.key())
    }
}
