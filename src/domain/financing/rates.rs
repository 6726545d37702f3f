//! Funding rates: how much of a partner's costs the federal funding may cover, by kind of
//! partner. Companies' costs are funded at a share; universities' expenditure at up to all of
//! it plus a lump sum (Projektpauschale).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::money::Cents;
use crate::domain::partner::PartnerKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingRate {
    /// The share of the costs that may be funded, in percent (0 to 100).
    pub max_percent: u32,
    /// A lump sum on top, in percent of the costs (the Projektpauschale of universities).
    pub lump_sum_percent: u32,
}

/// The highest percent plus lump sum a rate may say: all costs and a lump sum of as much again.
pub const MAX_RATE_PERCENT: u32 = 100;

/// Why a rate typed in the set-up cannot be one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    #[error("a rate is at most {MAX_RATE_PERCENT} %")]
    RateAboveMax,
    #[error("a lump sum is at most {MAX_RATE_PERCENT} %")]
    LumpSumAboveMax,
}

impl FundingRate {
    /// A rate within 0 to 100 % and a lump sum within 0 to 100 %.
    pub fn new(max_percent: u32, lump_sum_percent: u32) -> Result<Self, RateError> {
        if max_percent > MAX_RATE_PERCENT {
            return Err(RateError::RateAboveMax);
        }
        if lump_sum_percent > MAX_RATE_PERCENT {
            return Err(RateError::LumpSumAboveMax);
        }
        Ok(Self {
            max_percent,
            lump_sum_percent,
        })
    }

    /// The most that may be requested on `costs`: costs × (rate + lump sum) ÷ 100, rounded
    /// down to the cent, so no cent above the rate is ever accepted.
    pub fn most_requested(&self, costs: Cents) -> Cents {
        let percent = i128::from(self.max_percent + self.lump_sum_percent);
        let most = i128::from(costs.get()) * percent / 100;
        Cents::new(i64::try_from(most).unwrap_or(i64::MAX))
    }
}

/// The rates of one competition. A kind without a rate is not limited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingRates(pub BTreeMap<PartnerKind, FundingRate>);

impl FundingRates {
    pub fn of(&self, kind: PartnerKind) -> Option<FundingRate> {
        self.0.get(&kind).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
