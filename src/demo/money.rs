//! A consortium's money as the programmes plan it: a term of three or five budget years, each
//! partner's costs per year with the federal funding its kind's rate allows and its own
//! contribution, and the co-financing pledged in signed letters by the consortium's companies
//! and a regional bank (and, now and then, the Land). Every figure keeps the set-up's rules,
//! so that the applications pass eligibility.

use rand::Rng;
use rand::rngs::StdRng;

use crate::documents::digest;
use crate::domain::application::DocumentRef;
use crate::domain::eligibility::cofinancing_needed;
use crate::domain::financing::{
    FundingRate, PartnerPlan, PartnerSlot, PlanLine, Pledge, PledgeAmount, PledgeReview,
    PledgeSource, ProjectTerm,
};
use crate::domain::ids::PledgeId;
use crate::domain::land::Land;
use crate::domain::money::Cents;
use crate::domain::partner::{Partner, PartnerKind};
use crate::domain::setup::CompetitionSetup;

/// What a consortium writes into its plan and its letters of intent.
pub struct Money {
    pub term: ProjectTerm,
    pub lines: Vec<(PartnerSlot, PartnerPlan)>,
    pub pledges: Vec<Pledge>,
}

/// How much of the federal money a kind of partner typically takes on.
fn weight(kind: PartnerKind) -> u32 {
    match kind {
        PartnerKind::University => 4,
        PartnerKind::ResearchInstitute | PartnerKind::Company => 3,
        PartnerKind::Sme | PartnerKind::Other => 2,
    }
}

/// Whole thousands of euros, rounded down.
fn thousands(cents: i64) -> Cents {
    Cents::new(cents / 100_000 * 100_000)
}

/// The plan and pledges of a consortium asking for about `target` federal money.
pub fn plan(
    setup: &CompetitionSetup,
    rng: &mut StdRng,
    consortium: (&Partner, &[Partner]),
    city: &str,
    target: Cents,
) -> Money {
    let rules = &setup.rules;
    let (coordinator, partners) = consortium;
    // Large programmes (Spitzencluster, BioRegio) run five years, InnoRegio three.
    let long = rules
        .max_requested
        .is_some_and(|max| max >= Cents::million_euros(25));
    // The project starts in the budget's first year, so that its years are the budget's.
    let start = setup
        .budget_per_year
        .keys()
        .next()
        .copied()
        .unwrap_or_else(|| {
            setup
                .stages
                .first()
                .map(|s| chrono::Datelike::year(&s.submission_deadline) + 1)
                .unwrap_or(2027)
        });
    let term = ProjectTerm::new(start, 1, if long { 60 } else { 36 }).expect("a valid term");
    let years = term.years();
    let everyone: Vec<(PartnerSlot, &Partner)> =
        std::iter::once((PartnerSlot::Coordinator, coordinator))
            .chain(
                partners
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (PartnerSlot::Partner(i), p)),
            )
            .collect();
    let weights: Vec<u32> = everyone
        .iter()
        .map(|(_, p)| weight(p.kind) * 10 + rng.random_range(0..10))
        .collect();
    let all: u32 = weights.iter().sum();
    let mut lines = Vec::new();
    let mut requested = Cents::ZERO;
    for ((slot, partner), weight) in everyone.iter().zip(&weights) {
        let share = target.get() * i64::from(*weight) / i64::from(all.max(1));
        let rate = rules.funding_rates.of(partner.kind).unwrap_or(FundingRate {
            max_percent: 100,
            lump_sum_percent: 0,
        });
        let percent = i64::from((rate.max_percent + rate.lump_sum_percent).max(1));
        // The costs that, at the kind's rate, bring the partner's share, spread over the years.
        let per_year = thousands(share * 100 / percent / years.len() as i64);
        let plan = PartnerPlan {
            years: years
                .iter()
                .map(|year| {
                    let asked = rate.most_requested(per_year);
                    let own = if per_year > asked {
                        per_year - asked
                    } else {
                        Cents::ZERO
                    };
                    requested = requested + asked;
                    (
                        *year,
                        PlanLine {
                            costs: per_year,
                            requested: asked,
                            own,
                        },
                    )
                })
                .collect(),
        };
        lines.push((*slot, plan));
    }
    let pledges = pledges(rng, setup, (coordinator, partners), city, &years, requested);
    Money {
        term,
        lines,
        pledges,
    }
}

/// Private money at least what the rule needs (InnoRegio has none: 40 % and more), pledged by
/// the consortium's companies and a regional bank; the first pledges per budget year.
fn pledges(
    rng: &mut StdRng,
    setup: &CompetitionSetup,
    (coordinator, partners): (&Partner, &[Partner]),
    city: &str,
    years: &[i32],
    requested: Cents,
) -> Vec<Pledge> {
    let percent = setup.rules.min_cofinancing_percent.unwrap_or(40);
    let needed = cofinancing_needed(requested, percent + rng.random_range(0..60));
    // Rounded up to whole thousands, so that rounding never leaves it below the rule.
    let private = Cents::new((needed.get() + 99_999) / 100_000 * 100_000);
    let mut pledgers: Vec<String> = partners
        .iter()
        .filter(|p| matches!(p.kind, PartnerKind::Company | PartnerKind::Sme))
        .map(|p| p.name.clone())
        .collect();
    pledgers.push(format!("Sparkasse {city}"));
    let weights: Vec<i64> = pledgers.iter().map(|_| rng.random_range(1..5)).collect();
    let all: i64 = weights.iter().sum();
    let mut given = Cents::ZERO;
    let letter = letter();
    let mut pledges: Vec<Pledge> = pledgers
        .iter()
        .zip(&weights)
        .enumerate()
        .map(|(i, (organisation, weight))| {
            let amount = if i + 1 == pledgers.len() {
                private - given
            } else {
                thousands(private.get() * weight / all)
            };
            given = given + amount;
            let amount = if i == 0 {
                per_year(amount, years)
            } else {
                PledgeAmount::Total(amount)
            };
            pledge(organisation, PledgeSource::Private, amount, &letter)
        })
        .collect();
    // Half the consortia also bring money of their Land, counted apart.
    if rng.random_bool(0.5) {
        let land: Land = coordinator.land;
        let amount = thousands(requested.get() * rng.random_range(10..30) / 100);
        if amount > Cents::ZERO {
            pledges.push(pledge(
                &format!("Land {}", land.name()),
                PledgeSource::Land,
                PledgeAmount::Total(amount),
                &letter,
            ));
        }
    }
    pledges
}

/// `amount` spread evenly over the budget years, the rest in the last.
fn per_year(amount: Cents, years: &[i32]) -> PledgeAmount {
    let each = thousands(amount.get() / years.len().max(1) as i64);
    let mut spread: std::collections::BTreeMap<i32, Cents> =
        years.iter().map(|y| (*y, each)).collect();
    let rest = amount - Cents::new(each.get() * years.len() as i64);
    if let Some(last) = years.last() {
        spread.insert(*last, each + rest);
    }
    PledgeAmount::PerYear(spread)
}

fn pledge(
    organisation: &str,
    source: PledgeSource,
    amount: PledgeAmount,
    letter: &DocumentRef,
) -> Pledge {
    Pledge {
        id: PledgeId::from_uuid(uuid::Uuid::now_v7()),
        organisation: organisation.to_owned(),
        source,
        amount,
        letter: Some(DocumentRef {
            file_name: format!("Absichtserklärung {organisation}.pdf"),
            ..letter.clone()
        }),
        review: PledgeReview::Unchecked,
    }
}

/// The signed letter every demo pledge carries: one small valid one-page PDF, stored once
/// (documents are stored by their digest).
pub fn letter_pdf() -> Vec<u8> {
    let text = "BT /F1 14 Tf 72 760 Td (Absichtserklaerung - Demo) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

fn letter() -> DocumentRef {
    let bytes = letter_pdf();
    DocumentRef {
        sha256: digest(&bytes),
        file_name: String::new(),
        size: bytes.len() as u64,
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::domain::presets::Preset;

    #[test]
    fn the_demo_letter_is_a_pdf() {
        assert!(crate::documents::check_pdf(&letter_pdf()).is_ok());
    }

    #[test]
    fn a_spitzencluster_plan_keeps_the_rates_the_maximum_and_the_cofinancing_rule() {
        let setup = Preset::Spitzencluster.setup(chrono::Utc::now());
        let mut rng = StdRng::seed_from_u64(7);
        let partner = |name: &str, kind| Partner {
            name: name.into(),
            kind,
            land: Land::Bayern,
        };
        let coordinator = partner("TU München", PartnerKind::University);
        let partners = [
            partner("Siemens AG", PartnerKind::Company),
            partner("Lichtwerk GmbH", PartnerKind::Sme),
            partner("Fraunhofer IIS", PartnerKind::ResearchInstitute),
        ];
        let money = plan(
            &setup,
            &mut rng,
            (&coordinator, &partners),
            "München",
            Cents::million_euros(36),
        );
        assert_eq!(money.term.years().len(), 5);
        let requested: Cents = money.lines.iter().map(|(_, p)| p.total().requested).sum();
        assert!(requested <= Cents::million_euros(40));
        assert!(requested > Cents::million_euros(30));
        let private: Cents = money
            .pledges
            .iter()
            .filter(|p| p.source == PledgeSource::Private)
            .map(|p| p.amount.total())
            .sum();
        assert!(private >= requested, "{private} for {requested}");
        assert!(money.pledges.len() >= 3);
    }
}
