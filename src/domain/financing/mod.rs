//! The money of one application as the programmes count it: a financing plan per partner and
//! budget year, the funding rates it must keep, and the co-financing pledged in letters of
//! intent. The application's totals are derived from here, never typed.

pub mod plan;
pub mod pledge;
pub mod rates;
pub mod year_map;

pub use plan::{
    FinancingPlan, MAX_CELL, MAX_PROJECT_MONTHS, PartnerPlan, PartnerSlot, PlanColumn, PlanLine,
    ProjectTerm, TermError, Unattributed,
};
pub use pledge::{MAX_PLEDGES, Pledge, PledgeAmount, PledgeReview, PledgeSource, PledgeTotals};
pub use rates::{FundingRate, FundingRates};

#[cfg(test)]
mod tests;
