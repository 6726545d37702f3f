//! `finanzierung.csv`: the money of every application of a competition in the stage it is in,
//! as `antraege.csv` shows it for that stage (the submitted version, or the draft not yet
//! submitted): one row per partner and budget year of the plan, one row per pledge (per year
//! of a pledge per year). What the plan requests adds up to the application's requested
//! funding, the private pledges that count to its co-financing.

use crate::domain::financing::{FinancingPlan, PledgeAmount, PledgeReview, PledgeSource};
use crate::domain::ids::CompetitionId;
use crate::domain::partner::Partner;
use crate::projections::Views;
use crate::texts::explanations::partner_kind;
use crate::texts::financing_view as words;

use super::exports::Sheet;

const HEADER: [&str; 16] = [
    "Antrag",
    "Titel",
    "Stufe",
    "Zeile",
    "Partner/Organisation",
    "Art",
    "Land",
    "Haushaltsjahr",
    "Kosten (EUR)",
    "Beantragt (EUR)",
    "Eigenanteil (EUR)",
    "Herkunft",
    "Zugesagt (EUR)",
    "Prüfung",
    "Grund",
    "Zählt",
];

const PLAN: &str = "Plan";
const PLEDGE: &str = "Absichtserklärung";
/// An application from before plans holds only the totals typed then.
const TYPED: &str = "Summen ohne Plan";

pub fn rows(views: &Views, id: CompetitionId, sheet: &mut Sheet) {
    let competition = &views.competitions[&id].state;
    sheet.rows.push(HEADER.map(String::from).to_vec());
    for application_id in views
        .applications
        .by_competition
        .get(&id)
        .into_iter()
        .flatten()
    {
        let Some(view) = views.applications.get(application_id) else {
            continue;
        };
        let a = &view.state;
        let Some(stage) = a.status.stage() else {
            continue;
        };
        let (title, plan, pledges, partners): (_, _, _, Vec<&Partner>) =
            match a.submissions.get(&stage) {
                Some(v) => (&v.title, &v.plan, &v.pledges, v.all_partners().collect()),
                None => (&a.title, &a.plan, &a.pledges, a.all_partners().collect()),
            };
        let stage_title = competition
            .setup
            .as_ref()
            .and_then(|s| s.stages.get(stage))
            .map(|s| s.title.clone())
            .unwrap_or_else(|| stage.saturating_add(1).to_string());
        let row = |kind: &str| {
            let mut row = vec![String::new(); HEADER.len()];
            row[0] = application_id.to_string();
            row[1] = title.clone();
            row[2] = stage_title.clone();
            row[3] = kind.to_owned();
            row
        };
        if let Some(typed) = plan
            .unattributed
            .filter(|_| typed_only(plan, pledges.len()))
        {
            let mut line = row(TYPED);
            line[9] = sheet.amount(typed.requested);
            line[11] = words::source(PledgeSource::Private).de.to_owned();
            line[12] = sheet.amount(typed.cofinancing);
            line[15] = "ja".to_owned();
            sheet.rows.push(line);
            continue;
        }
        let years = plan.shown_years();
        for ((_, partner_plan), partner) in plan.slots().zip(&partners) {
            for year in &years {
                let figures = partner_plan.line(*year);
                let mut line = row(PLAN);
                line[4] = partner.name.clone();
                line[5] = partner_kind(partner.kind).de.to_owned();
                line[6] = partner.land.name().to_owned();
                line[7] = year.to_string();
                line[8] = sheet.amount(figures.costs);
                line[9] = sheet.amount(figures.requested);
                line[10] = sheet.amount(figures.own);
                sheet.rows.push(line);
            }
        }
        for pledge in pledges {
            let (review, reason) = match &pledge.review {
                PledgeReview::Unchecked => (words::UNCHECKED.de, String::new()),
                PledgeReview::Checked => (words::CHECKED.de, String::new()),
                PledgeReview::NotAccepted { reason } => (words::NOT_ACCEPTED.de, reason.clone()),
            };
            let amounts: Vec<(String, _)> = match &pledge.amount {
                PledgeAmount::Total(amount) => vec![(String::new(), *amount)],
                PledgeAmount::PerYear(years) => years
                    .iter()
                    .map(|(year, amount)| (year.to_string(), *amount))
                    .collect(),
            };
            for (year, amount) in amounts {
                let mut line = row(PLEDGE);
                line[4] = pledge.organisation.clone();
                line[7] = year;
                line[11] = words::source(pledge.source).de.to_owned();
                line[12] = sheet.amount(amount);
                line[13] = review.to_owned();
                line[14] = reason.clone();
                line[15] = if pledge.counts() { "ja" } else { "nein" }.to_owned();
                sheet.rows.push(line);
            }
        }
    }
}

/// Whether the application's money is only what was typed before plans.
fn typed_only(plan: &FinancingPlan, pledges: usize) -> bool {
    !plan.has_lines() && pledges == 0
}
