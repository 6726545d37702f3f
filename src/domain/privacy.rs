//! Consent to the privacy notice. An applicant registers only after agreeing to the notice
//! that says what is stored about them and why; the registration records which version of
//! the notice they agreed to and when, so a later change of the notice can be traced to who
//! agreed to what.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The version of the privacy notice on `/datenschutz`: the date of its text. Change it with
/// every change of the text.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-12-03";

/// A person's agreement to one version of the privacy notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyConsent {
    pub version: String,
    pub at: DateTime<Utc>,
}

impl PrivacyConsent {
    /// Consent, given now, to the notice as it stands.
    pub fn to_current_notice(at: DateTime<Utc>) -> Self {
        Self {
            version: PRIVACY_NOTICE_VERSION.to_owned(),
            at,
        }
    }
}
