//! The ranking page's money per budget year: the table requested / awarded / budget / left,
//! the award form's fields per year (prefilled with what the plan requests), and an award as
//! staff typed it, read back with the reasons beside its fields.

use std::collections::{BTreeSet, HashMap};

use crate::domain::account::Language;
use crate::domain::budget::{self, PerYear};
use crate::domain::competition::{Competition, CompetitionError};
use crate::domain::money::Cents;
use crate::texts::{self, Text, labels};

/// One budget year of the ranking page's table.
pub struct YearRow {
    pub year: i32,
    pub requested: String,
    pub awarded: String,
    pub budget: String,
    pub left: String,
    /// More awarded than the year's budget (only possible for awards without years).
    pub over: bool,
}

/// An amount as a form field shows it: `1.250.000,00`.
pub fn field_euros(amount: Cents) -> String {
    amount.to_string().trim_end_matches(" €").to_owned()
}

/// The table's rows: every year of the budget, of an award and of a plan ranked.
pub fn table(competition: &Competition, requested: &PerYear, lang: Language) -> Vec<YearRow> {
    let budget = competition.budget_per_year();
    let awarded = competition.awarded_per_year();
    let years: BTreeSet<i32> = budget
        .keys()
        .chain(awarded.keys())
        .chain(requested.keys())
        .copied()
        .collect();
    let of = |map: &PerYear, year: i32| map.get(&year).copied().unwrap_or(Cents::ZERO);
    years
        .into_iter()
        .map(|year| {
            let left = of(&budget, year) - of(&awarded, year);
            YearRow {
                year,
                requested: labels::money(of(requested, year), lang),
                awarded: labels::money(of(&awarded, year), lang),
                budget: if budget.contains_key(&year) {
                    labels::money(of(&budget, year), lang)
                } else {
                    "–".to_owned()
                },
                left: if budget.contains_key(&year) {
                    labels::money(left, lang)
                } else {
                    "–".to_owned()
                },
                over: budget.contains_key(&year) && left < Cents::ZERO,
            }
        })
        .collect()
}

/// The years an award form offers for one application: the budget's and its plan's.
pub fn award_fields(competition: &Competition, plan: &PerYear) -> Vec<(i32, String)> {
    let years: BTreeSet<i32> = competition
        .budget_per_year()
        .keys()
        .chain(plan.keys())
        .copied()
        .collect();
    years
        .into_iter()
        .map(|year| {
            let prefilled = plan.get(&year).map(|a| field_euros(*a)).unwrap_or_default();
            (year, prefilled)
        })
        .collect()
}

/// Some year field held no amount; the reasons are beside the fields.
#[derive(Debug)]
pub struct FieldsRefused;

/// An award form as sent, kept to be shown again with the reasons beside its fields.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub application: String,
    pub amount: String,
    /// `year_2027` → the text typed.
    pub fields: HashMap<String, String>,
    /// The field's name → why it was refused.
    pub beside: HashMap<String, String>,
}

impl Typed {
    pub fn new(application: &str, amount: &str, form: &HashMap<String, String>) -> Self {
        Self {
            application: application.to_owned(),
            amount: amount.to_owned(),
            fields: form
                .iter()
                .filter(|(k, _)| k.starts_with("year_"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            beside: HashMap::new(),
        }
    }

    /// The amounts per year as typed; `None` when the form has no year fields. A field left
    /// empty is no money in that year; one that is no amount is refused beside it.
    pub fn years(&mut self, lang: Language) -> Result<Option<PerYear>, FieldsRefused> {
        if self.fields.is_empty() {
            return Ok(None);
        }
        let mut years = PerYear::new();
        let mut refused = false;
        for (name, text) in &self.fields {
            let Some(year) = name
                .strip_prefix("year_")
                .and_then(|y| y.parse::<i32>().ok())
                .filter(|y| budget::YEARS.contains(y))
            else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            match Cents::parse_euros(text) {
                Ok(amount) => {
                    years.insert(year, amount);
                }
                Err(error) => {
                    let reason = texts::staff::award_not_an_amount(&error, text).into_lang(lang);
                    self.beside.insert(name.clone(), reason);
                    refused = true;
                }
            }
        }
        if refused {
            Err(FieldsRefused)
        } else {
            Ok(Some(years))
        }
    }

    /// Puts the refusal beside the field it is about, if it is about one.
    pub fn place(&mut self, error: &CompetitionError, reason: &Text<String>, lang: Language) {
        let field = match error {
            CompetitionError::BudgetYearExceeded { year, .. }
            | CompetitionError::YearOutsideBudget { year }
            | CompetitionError::NegativeYear { year, .. } => format!("year_{year}"),
            CompetitionError::YearsDoNotAddUp { .. }
            | CompetitionError::BudgetExceeded { .. }
            | CompetitionError::AwardAboveRequest { .. }
            | CompetitionError::AwardAboveMaximum { .. }
            | CompetitionError::ZeroAward => "amount".to_owned(),
            _ => return,
        };
        self.beside.insert(field, reason.clone().into_lang(lang));
    }
}
