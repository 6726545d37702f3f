//! Letters of intent (Absichtserklärungen): named organisations pledge co-financing to the
//! consortium. The co-financing that counts for the programme's rule is what is pledged in
//! letters staff have not refused, never a typed total.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::application::DocumentRef;
use crate::domain::ids::PledgeId;
use crate::domain::money::Cents;

/// Pledges one application may hold: a cluster gathers dozens of letters, not thousands.
pub const MAX_PLEDGES: usize = 200;

/// Where the money comes from: private money (industry) counts for the co-financing rule;
/// a Land's money is shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PledgeSource {
    Private,
    Land,
}

impl PledgeSource {
    pub const ALL: [PledgeSource; 2] = [PledgeSource::Private, PledgeSource::Land];

    pub fn key(self) -> &'static str {
        match self {
            PledgeSource::Private => "private",
            PledgeSource::Land => "land",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PledgeAmount {
    Total(Cents),
    PerYear(#[serde(with = "super::year_map")] BTreeMap<i32, Cents>),
}

impl PledgeAmount {
    pub fn total(&self) -> Cents {
        match self {
            PledgeAmount::Total(amount) => *amount,
            PledgeAmount::PerYear(years) => years.values().copied().sum(),
        }
    }
}

/// Staff's check of a pledge and its letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PledgeReview {
    #[default]
    Unchecked,
    Checked,
    NotAccepted {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pledge {
    pub id: PledgeId,
    pub organisation: String,
    pub source: PledgeSource,
    pub amount: PledgeAmount,
    /// The signed letter as a PDF; a pledge without one does not count at submission.
    pub letter: Option<DocumentRef>,
    #[serde(default)]
    pub review: PledgeReview,
}

impl Pledge {
    /// Whether the pledge counts: staff have not refused it.
    pub fn counts(&self) -> bool {
        !matches!(self.review, PledgeReview::NotAccepted { .. })
    }

    /// The pledged amount in budget year `year`; a pledge in total has no year.
    pub fn in_year(&self, year: i32) -> Cents {
        match &self.amount {
            PledgeAmount::Total(_) => Cents::ZERO,
            PledgeAmount::PerYear(years) => years.get(&year).copied().unwrap_or_default(),
        }
    }
}

/// What the pledges that count add up to, by source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PledgeTotals {
    pub private: Cents,
    pub land: Cents,
}

impl PledgeTotals {
    pub fn of<'a>(pledges: impl IntoIterator<Item = &'a Pledge>) -> Self {
        let mut totals = PledgeTotals::default();
        for pledge in pledges.into_iter().filter(|p| p.counts()) {
            match pledge.source {
                PledgeSource::Private => totals.private = totals.private + pledge.amount.total(),
                PledgeSource::Land => totals.land = totals.land + pledge.amount.total(),
            }
        }
        totals
    }
}
