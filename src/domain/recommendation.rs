//! The jury's recommendation for one application at its meeting, and when staff's decision
//! departs from it. The jury recommends; staff decide, and a decision that departs from the
//! recommendation needs a reason (the one place that rule is decided).

use serde::{Deserialize, Serialize};

use super::competition::Outcome;
use super::money::Cents;
use super::text::{TextError, check_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recommendation {
    /// Recommended for the next stage (a stage before the last).
    NextStage,
    /// Recommended for funding with this amount (the last stage).
    Funding {
        amount: Cents,
    },
    /// Recommended for the reserve list.
    Reserve,
    NotRecommended,
}

impl Recommendation {
    /// Whether `outcome` follows the recommendation. In a stage before the last no reserve
    /// list exists: an application recommended for reserve that does not go on is followed.
    pub fn followed_by(&self, outcome: &Outcome) -> bool {
        match (self, outcome) {
            (Self::NextStage, Outcome::Shortlisted) => true,
            (Self::Funding { amount }, Outcome::Funded { amount: given }) => amount == given,
            (Self::Reserve, Outcome::Reserve { .. } | Outcome::NotShortlisted) => true,
            (Self::NotRecommended, Outcome::NotShortlisted | Outcome::NotFunded) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DepartureError {
    #[error("the decision departs from the jury's recommendation and needs a reason")]
    ReasonNeeded,
    #[error("the reason is refused: {0}")]
    BadReason(TextError),
}

/// The reason recorded with a decision: `None` when it follows the recommendation (or none
/// was given); the trimmed reason when it departs, which it must then have.
pub fn departure_reason(
    recommended: Option<&Recommendation>,
    outcome: &Outcome,
    reason: &str,
) -> Result<Option<String>, DepartureError> {
    let Some(recommended) = recommended else {
        return Ok(None);
    };
    if recommended.followed_by(outcome) {
        return Ok(None);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DepartureError::ReasonNeeded);
    }
    check_text(reason).map_err(DepartureError::BadReason)?;
    Ok(Some(reason.to_owned()))
}
