//! The financing plan (Finanzierungsplan): per partner and budget year the eligible costs or
//! expenditure, the federal funding requested and the partner's own contribution.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::money::Cents;

/// The longest project the plan can hold: ten years, far beyond any call of these programmes,
/// and small enough that a plan has at most eleven budget years.
pub const MAX_PROJECT_MONTHS: u32 = 120;
/// The largest amount one cell may hold: a billion euro, far above any partner's share.
pub const MAX_CELL: Cents = Cents::new(100_000_000_000);
/// Budget years a start may lie in: plans are written for projects of this era.
pub const FIRST_START_YEAR: i32 = 2000;
pub const LAST_START_YEAR: i32 = 2100;

/// When the project runs: its first month and how many months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectTerm {
    pub start_year: i32,
    /// 1 to 12.
    pub start_month: u32,
    pub months: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TermError {
    #[error("the start year must lie between {FIRST_START_YEAR} and {LAST_START_YEAR}")]
    Year,
    #[error("the start month must be 1 to 12")]
    Month,
    #[error("a project runs 1 to {MAX_PROJECT_MONTHS} months")]
    Months,
}

impl ProjectTerm {
    pub fn new(start_year: i32, start_month: u32, months: u32) -> Result<Self, TermError> {
        if !(FIRST_START_YEAR..=LAST_START_YEAR).contains(&start_year) {
            return Err(TermError::Year);
        }
        if !(1..=12).contains(&start_month) {
            return Err(TermError::Month);
        }
        if !(1..=MAX_PROJECT_MONTHS).contains(&months) {
            return Err(TermError::Months);
        }
        Ok(Self {
            start_year,
            start_month,
            months,
        })
    }

    /// The last month, as (year, month).
    pub fn end(&self) -> (i32, u32) {
        let last = (self.start_month - 1) + (self.months - 1);
        (self.start_year + (last / 12) as i32, last % 12 + 1)
    }

    /// The budget years (Haushaltsjahre) the project touches, in order.
    pub fn years(&self) -> Vec<i32> {
        (self.start_year..=self.end().0).collect()
    }

    pub fn contains_year(&self, year: i32) -> bool {
        (self.start_year..=self.end().0).contains(&year)
    }
}

/// One partner's figures for one budget year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    /// Eligible costs (companies) or expenditure (universities, institutes).
    pub costs: Cents,
    /// The federal funding requested.
    pub requested: Cents,
    /// The partner's own contribution (Eigenanteil).
    pub own: Cents,
}

impl PlanLine {
    pub fn plus(self, other: PlanLine) -> PlanLine {
        PlanLine {
            costs: self.costs + other.costs,
            requested: self.requested + other.requested,
            own: self.own + other.own,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == PlanLine::default()
    }

    pub fn get(&self, column: PlanColumn) -> Cents {
        match column {
            PlanColumn::Costs => self.costs,
            PlanColumn::Requested => self.requested,
            PlanColumn::Own => self.own,
        }
    }
}

/// The three figures of a line, as named in forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanColumn {
    Costs,
    Requested,
    Own,
}

impl PlanColumn {
    pub const ALL: [PlanColumn; 3] = [PlanColumn::Costs, PlanColumn::Requested, PlanColumn::Own];

    pub fn key(self) -> &'static str {
        match self {
            PlanColumn::Costs => "costs",
            PlanColumn::Requested => "requested",
            PlanColumn::Own => "own",
        }
    }
}

/// One partner's plan: a line per budget year. Years without figures have no line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerPlan {
    #[serde(with = "super::year_map")]
    pub years: BTreeMap<i32, PlanLine>,
}

impl PartnerPlan {
    pub fn total(&self) -> PlanLine {
        self.years
            .values()
            .fold(PlanLine::default(), |sum, line| sum.plus(*line))
    }

    pub fn line(&self, year: i32) -> PlanLine {
        self.years.get(&year).copied().unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.years.values().all(PlanLine::is_empty)
    }

    /// The same plan without the lines that hold nothing.
    pub fn without_empty_lines(mut self) -> Self {
        self.years.retain(|_, line| !line.is_empty());
        self
    }
}

/// Whose line: the coordinator's, or the partner's at this place in the partner list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PartnerSlot {
    Coordinator,
    Partner(usize),
}

impl PartnerSlot {
    /// The name in forms and addresses: `k` for the coordinator, the partner's index otherwise.
    pub fn key(self) -> String {
        match self {
            PartnerSlot::Coordinator => "k".to_owned(),
            PartnerSlot::Partner(index) => index.to_string(),
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "k" => Some(PartnerSlot::Coordinator),
            index => index.parse().ok().map(PartnerSlot::Partner),
        }
    }

    /// The form field of one cell: `plan-k-2027-requested`.
    pub fn field_name(self, year: i32, column: PlanColumn) -> String {
        format!("plan-{}-{year}-{}", self.key(), column.key())
    }
}

/// Totals typed before plans existed: what an application held as one requested amount and
/// one co-financing amount. They stand in for the plan until its first line or pledge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unattributed {
    pub requested: Cents,
    pub cofinancing: Cents,
}

/// The whole plan of an application.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancingPlan {
    pub term: Option<ProjectTerm>,
    pub coordinator: PartnerPlan,
    /// In the order of the application's partner list.
    pub partners: Vec<PartnerPlan>,
    /// Always written: the snapshots' postcard cannot skip a field it would not know was left out.
    #[serde(default)]
    pub unattributed: Option<Unattributed>,
}

impl FinancingPlan {
    pub fn partner(&self, slot: PartnerSlot) -> Option<&PartnerPlan> {
        match slot {
            PartnerSlot::Coordinator => Some(&self.coordinator),
            PartnerSlot::Partner(index) => self.partners.get(index),
        }
    }

    /// Every partner's plan with its slot, the coordinator first.
    pub fn slots(&self) -> impl Iterator<Item = (PartnerSlot, &PartnerPlan)> {
        std::iter::once((PartnerSlot::Coordinator, &self.coordinator)).chain(
            self.partners
                .iter()
                .enumerate()
                .map(|(i, plan)| (PartnerSlot::Partner(i), plan)),
        )
    }

    /// Sets one partner's plan, growing the partner list's plans if it was shorter.
    pub fn set(&mut self, slot: PartnerSlot, plan: PartnerPlan) {
        match slot {
            PartnerSlot::Coordinator => self.coordinator = plan,
            PartnerSlot::Partner(index) => {
                if self.partners.len() <= index {
                    self.partners.resize_with(index + 1, PartnerPlan::default);
                }
                self.partners[index] = plan;
            }
        }
    }

    /// Whether any partner has a line.
    pub fn has_lines(&self) -> bool {
        self.slots().any(|(_, plan)| !plan.is_empty())
    }

    /// All partners' lines added up.
    pub fn total(&self) -> PlanLine {
        self.slots()
            .fold(PlanLine::default(), |sum, (_, plan)| sum.plus(plan.total()))
    }

    /// All partners' lines per budget year.
    pub fn per_year(&self) -> BTreeMap<i32, PlanLine> {
        let mut years: BTreeMap<i32, PlanLine> = BTreeMap::new();
        for (_, plan) in self.slots() {
            for (year, line) in &plan.years {
                let sum = years.entry(*year).or_default();
                *sum = sum.plus(*line);
            }
        }
        years
    }

    /// The federal funding requested: the plan's, or the typed total of an application from
    /// before plans.
    pub fn requested(&self) -> Cents {
        match self.unattributed {
            Some(typed) if !self.has_lines() => typed.requested,
            _ => self.total().requested,
        }
    }

    /// The federal funding requested per budget year. A typed total from before plans has no
    /// year and is not in here.
    pub fn requested_per_year(&self) -> BTreeMap<i32, Cents> {
        self.per_year()
            .into_iter()
            .filter(|(_, line)| line.requested > Cents::ZERO)
            .map(|(year, line)| (year, line.requested))
            .collect()
    }

    /// The years a table of the plan shows: the term's, and any other year that holds figures
    /// (after the term was shortened), in order.
    pub fn shown_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.term.map(|t| t.years()).unwrap_or_default();
        years.extend(self.per_year().into_keys());
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The partner list lost the partner at `index`; its plan goes with it.
    pub fn remove_partner(&mut self, index: usize) {
        if index < self.partners.len() {
            self.partners.remove(index);
        }
    }
}
