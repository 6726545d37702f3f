//! The dashboard's money: awards and the pledged co-financing that counts, per budget year and
//! per Land of the coordinator, each a chart with its table (`web/charts.rs`). An award without
//! years, and a pledge in total, are listed as "ohne Jahresangabe".

use std::collections::BTreeMap;

use crate::domain::account::Language;
use crate::domain::application::Application;
use crate::domain::competition::{Competition, Outcome};
use crate::domain::financing::PledgeAmount;
use crate::domain::ids::ApplicationId;
use crate::domain::money::Cents;
use crate::texts::{Text, staff};
use crate::web::charts::{MoneyChart, money_chart};

/// Amounts by budget year, and the part without a year.
#[derive(Default)]
struct ByYear {
    years: BTreeMap<i32, Cents>,
    without_year: Cents,
}

impl ByYear {
    fn add(&mut self, year: Option<i32>, amount: Cents) {
        let slot = match year {
            Some(year) => self.years.entry(year).or_default(),
            None => &mut self.without_year,
        };
        *slot = *slot + amount;
    }

    fn rows(self, lang: Language) -> Vec<(String, Cents)> {
        let mut rows: Vec<(String, Cents)> = self
            .years
            .into_iter()
            .map(|(y, c)| (y.to_string(), c))
            .collect();
        if self.without_year > Cents::ZERO {
            rows.push((staff::WITHOUT_YEAR.get(lang).to_owned(), self.without_year));
        }
        rows
    }
}

fn land_of(application: &Application) -> String {
    application
        .coordinator
        .as_ref()
        .map(|p| p.land.name().to_owned())
        .unwrap_or_else(|| "–".to_owned())
}

fn add(map: &mut BTreeMap<String, Cents>, key: String, amount: Cents) {
    let slot = map.entry(key).or_default();
    *slot = *slot + amount;
}

/// The four money charts of a competition; `applications` are its applications by id.
pub fn charts(
    competition: &Competition,
    applications: &BTreeMap<ApplicationId, &Application>,
    lang: Language,
) -> Vec<MoneyChart> {
    let mut awards_by_year = ByYear::default();
    let mut awards_by_land = BTreeMap::new();
    for ((stage, id), outcome) in &competition.decisions {
        let Outcome::Funded { amount } = outcome else {
            continue;
        };
        if competition.declined.contains_key(id) {
            continue;
        }
        match competition.award_years.get(&(*stage, *id)) {
            Some(years) => years
                .iter()
                .for_each(|(y, c)| awards_by_year.add(Some(*y), *c)),
            None => awards_by_year.add(None, *amount),
        }
        let land = applications
            .get(id)
            .map_or_else(|| "–".to_owned(), |a| land_of(a));
        add(&mut awards_by_land, land, *amount);
    }
    let mut pledged_by_year = ByYear::default();
    let mut pledged_by_land = BTreeMap::new();
    for application in applications.values().filter(|a| a.submitted_at.is_some()) {
        for pledge in application.pledges.iter().filter(|p| p.counts()) {
            match &pledge.amount {
                PledgeAmount::Total(total) => pledged_by_year.add(None, *total),
                PledgeAmount::PerYear(years) => years
                    .iter()
                    .for_each(|(y, c)| pledged_by_year.add(Some(*y), *c)),
            }
            add(
                &mut pledged_by_land,
                land_of(application),
                pledge.amount.total(),
            );
        }
    }
    let chart = |id: &str, title: Text, description: Text, rows| {
        money_chart(
            id,
            title.get(lang).to_owned(),
            description.get(lang).to_owned(),
            rows,
            lang,
        )
    };
    vec![
        chart(
            "foerderung-jahr",
            staff::AWARDS_PER_YEAR,
            staff::AWARDS_PER_YEAR_DESC,
            awards_by_year.rows(lang),
        ),
        chart(
            "foerderung-land",
            staff::AWARDS_PER_LAND,
            staff::AWARDS_PER_LAND_DESC,
            awards_by_land.into_iter().collect(),
        ),
        chart(
            "kofinanzierung-jahr",
            staff::PLEDGED_PER_YEAR,
            staff::PLEDGED_PER_YEAR_DESC,
            pledged_by_year.rows(lang),
        ),
        chart(
            "kofinanzierung-land",
            staff::PLEDGED_PER_LAND,
            staff::PLEDGED_PER_LAND_DESC,
            pledged_by_land.into_iter().collect(),
        ),
    ]
}
