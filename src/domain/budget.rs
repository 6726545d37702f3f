//! The budget across budget years (Haushaltsjahre): a competition's budget may give an amount
//! per year besides the total, and an award then commits money per year. This is the one place
//! that says whether an award's years fit: each year within what that year's budget has left,
//! no year outside the budget's years, and the years adding up to the award. The total is
//! checked beside it (`competition/decisions.rs`), as before years existed.

use std::collections::BTreeMap;

use super::competition::CompetitionError;
use super::money::Cents;

/// Amounts per budget year; a year without an amount is not in the map.
pub type PerYear = BTreeMap<i32, Cents>;

/// The budget years a set-up may name: the years a competition can run in.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// At most this many budget years per competition (a row each in the set-up form).
pub const MAX_BUDGET_YEARS: usize = 15;

/// Drops years without money, so that an award of nothing in a year commits nothing there.
pub fn without_zeros(years: PerYear) -> PerYear {
    years
        .into_iter()
        .filter(|(_, c)| *c != Cents::ZERO)
        .collect()
}

/// The sum per year over several maps.
pub fn add_up<'a>(maps: impl IntoIterator<Item = &'a PerYear>) -> PerYear {
    let mut sum = PerYear::new();
    for map in maps {
        for (year, amount) in map {
            let entry = sum.entry(*year).or_default();
            *entry = *entry + *amount;
        }
    }
    sum
}

/// What an award of `amount` commits per year when staff give no years: what the plan
/// requests per year, cut in proportion when the award is less (the cents that do not divide
/// go to the first year). Without a plan, nothing per year.
pub fn in_proportion(plan: &PerYear, amount: Cents) -> PerYear {
    let requested: i128 = plan.values().map(|c| i128::from(c.get())).sum();
    if requested <= 0 || amount.get() == requested as i64 {
        return without_zeros(plan.clone());
    }
    let mut years: PerYear = plan
        .iter()
        .map(|(year, c)| {
            let share = i128::from(amount.get()) * i128::from(c.get()) / requested;
            (*year, Cents::new(i64::try_from(share).unwrap_or(i64::MAX)))
        })
        .collect();
    let rest = amount - years.values().copied().sum();
    if let Some(first) = years.values_mut().next() {
        *first = *first + rest;
    }
    without_zeros(years)
}

/// Whether the award's `years` fit: they add up to `award`; each year is one of the budget's
/// (when it has years) and stays within what is left there after `used` (the awards besides
/// this one). An empty `years` commits nothing per year (an award recorded before years, or
/// one of an application without a plan): only the total counts for it.
pub fn check_years(
    budget: &PerYear,
    used: &PerYear,
    award: Cents,
    years: &PerYear,
) -> Result<(), CompetitionError> {
    if years.is_empty() {
        return Ok(());
    }
    if let Some((year, amount)) = years.iter().find(|(_, a)| **a < Cents::ZERO) {
        return Err(CompetitionError::NegativeYear {
            year: *year,
            amount: *amount,
        });
    }
    let sum: Cents = years.values().copied().sum();
    if sum != award {
        return Err(CompetitionError::YearsDoNotAddUp { sum, award });
    }
    if budget.is_empty() {
        return Ok(());
    }
    for (year, amount) in years {
        let Some(year_budget) = budget.get(year).copied() else {
            return Err(CompetitionError::YearOutsideBudget { year: *year });
        };
        let awarded = used.get(year).copied().unwrap_or(Cents::ZERO);
        if awarded + *amount > year_budget {
            return Err(CompetitionError::BudgetYearExceeded {
                year: *year,
                award: *amount,
                awarded,
                left: year_budget - awarded,
                budget: year_budget,
            });
        }
    }
    Ok(())
}
