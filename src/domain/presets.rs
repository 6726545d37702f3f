//! Competitions ready to publish, after the programmes' public record (see docs on the domain).
//! Staff adjust a preset with `ChangeSetup` before publishing.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::budget::PerYear;
use super::email_address::EmailAddress;
use super::field::TechnologyField;
use super::financing::{FundingRate, FundingRates};
use super::land::Land;
use super::money::Cents;
use super::partner::PartnerKind;
use super::setup::{
    CompetitionSetup, Criterion, EligibilityRules, KindRequirement, ProgrammeContact, ReviewRules,
    ScoreAnchor, Stage, StageKind,
};
use super::stage_form::{RequiredDocument, Section};

/// A comment on each criterion of at least this many characters: enough for a sentence that
/// says why, so that a score of 1 with nothing beside it is not accepted.
pub const DEFAULT_MIN_COMMENT_CHARS: u32 = 30;

/// The words of the EU evaluation scale for 0 to 5, which every preset scores on.
pub fn eu_scale_anchors() -> Vec<ScoreAnchor> {
    [
        (0, "nicht erfüllt", "fails"),
        (1, "mangelhaft", "poor"),
        (2, "ausreichend", "fair"),
        (3, "gut", "good"),
        (4, "sehr gut", "very good"),
        (5, "hervorragend", "excellent"),
    ]
    .into_iter()
    .map(|(score, de, en)| ScoreAnchor {
        score,
        de: de.into(),
        en: en.into(),
    })
    .collect()
}

/// A budget spread evenly over `years` budget years from the year of the call's first
/// deadline on (the year the projects are planned from), the first year taking the cents that
/// do not divide.
fn in_equal_years(total: Cents, first_deadline: DateTime<Utc>, years: i32) -> PerYear {
    let first = first_deadline
        .with_timezone(&chrono_tz::Europe::Berlin)
        .year();
    let share = total.get() / i64::from(years);
    let rest = total.get() - share * i64::from(years);
    (0..years)
        .map(|n| {
            let extra = if n == 0 { rest } else { 0 };
            (first + n, Cents::new(share + extra))
        })
        .collect()
}

/// The programme office a preset names at the foot of its messages, for staff to adjust: the
/// federal programmes are run by a Projektträger on the ministry's behalf.
fn projekttraeger() -> ProgrammeContact {
    ProgrammeContact {
        name: "Projektträger Jülich (PtJ)".into(),
        address: "Zimmerstraße 26–27, 10969 Berlin".into(),
        phone: "+49 30 20199-0".into(),
        email: EmailAddress::parse("wettbewerb@ptj.example").ok(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preset {
    Spitzencluster,
    InnoRegio,
    BioRegio,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Spitzencluster, Preset::InnoRegio, Preset::BioRegio];

    pub fn parse(text: &str) -> Option<Preset> {
        match text.to_lowercase().as_str() {
            "spitzencluster" => Some(Preset::Spitzencluster),
            "innoregio" => Some(Preset::InnoRegio),
            "bioregio" => Some(Preset::BioRegio),
            _ => None,
        }
    }

    /// A complete set-up whose first deadline is twelve weeks after `now`.
    pub fn setup(self, now: DateTime<Utc>) -> CompetitionSetup {
        match self {
            Preset::Spitzencluster => spitzencluster(now),
            Preset::InnoRegio => innoregio(now),
            Preset::BioRegio => bioregio(now),
        }
    }
}

/// The formal check's points every programme asks, then `own`: what a Projektträger checks
/// before a jury reads an application.
fn formal_checklist(own: &[&str]) -> Vec<String> {
    [
        "Fristgerecht und vollständig eingereicht",
        "Vorhabenbeschreibung vollständig und im vorgegebenen Umfang",
        "Antragsberechtigung aller Partner gegeben",
        "Finanzierungsplan vollständig und plausibel",
    ]
    .iter()
    .chain(own)
    .map(|item| (*item).to_owned())
    .collect()
}

/// A set-up to build from scratch: one concept stage with dates twelve and twenty weeks ahead,
/// and nothing else. It can be saved as a draft; publication lists what is missing.
pub fn blank(name: &str, now: DateTime<Utc>) -> CompetitionSetup {
    let mut first = stage(
        StageKind::Concept,
        "Skizze",
        now + Duration::weeks(12),
        Vec::new(),
        0,
    );
    first.overall_pass_mark = None;
    CompetitionSetup {
        name: name.to_owned(),
        programme: String::new(),
        description: String::new(),
        stages: vec![first],
        rules: EligibilityRules {
            lands: BTreeSet::new(),
            min_partners: 0,
            min_smes: 0,
            required_kinds: Vec::new(),
            max_requested: None,
            min_cofinancing_percent: None,
            technology_fields: None,
            funding_rates: FundingRates::default(),
        },
        budget: Cents::ZERO,
        budget_per_year: Default::default(),
        release_scores: false,
        contact: ProgrammeContact::default(),
        review: ReviewRules::default(),
        redress_days: super::redress::DEFAULT_REDRESS_DAYS,
        quorum_percent: super::meeting::DEFAULT_QUORUM_PERCENT,
        formal_checklist: Vec::new(),
    }
}

/// The stage that follows `previous`: a full proposal twelve weeks after its review ends, with
/// the same criteria and pass mark to start from. `None` if those dates cannot be counted (a
/// review that ends at the end of time); a set-up keeps its dates within `setup::LAST_YEAR`.
pub fn following_stage(previous: &Stage) -> Option<Stage> {
    let deadline = previous
        .review_deadline
        .checked_add_signed(Duration::weeks(12))?;
    // `stage` adds the weeks of review to the deadline: checked here that they fit.
    deadline.checked_add_signed(REVIEW_WEEKS)?;
    let mut next = stage(
        StageKind::FullProposal,
        "Vollantrag",
        deadline,
        previous.criteria.clone(),
        previous.advancing,
    );
    next.overall_pass_mark = previous.overall_pass_mark;
    next.sections = previous.sections.clone();
    next.documents = previous.documents.clone();
    Some(next)
}

/// How long a stage's review runs after its deadline, to start from.
const REVIEW_WEEKS: Duration = Duration::weeks(8);

fn stage(
    kind: StageKind,
    title: &str,
    deadline: DateTime<Utc>,
    criteria: Vec<Criterion>,
    advancing: u32,
) -> Stage {
    Stage {
        kind,
        title: title.to_owned(),
        submission_deadline: deadline,
        review_deadline: deadline + REVIEW_WEEKS,
        // The EU evaluation's rule: at least 3 of 5 on each criterion, 3.00 on average.
        overall_pass_mark: Some(300),
        criteria,
        advancing,
        sections: Vec::new(),
        documents: Vec::new(),
    }
}

/// A section scored against the criterion `criterion` (index in the stage's criteria).
fn section(key: &str, title: &str, guidance: &str, max_chars: u32, criterion: usize) -> Section {
    Section {
        key: key.to_owned(),
        title: title.to_owned(),
        guidance: guidance.to_owned(),
        max_chars,
        criterion: Some(criterion),
    }
}

fn document(key: &str, title: &str, page_limit: Option<u32>) -> RequiredDocument {
    RequiredDocument {
        key: key.to_owned(),
        title: title.to_owned(),
        page_limit,
        criterion: None,
    }
}

/// A stage with its application form.
fn with_form(mut stage: Stage, sections: Vec<Section>, documents: Vec<RequiredDocument>) -> Stage {
    stage.sections = sections;
    stage.documents = documents;
    stage
}

/// The Spitzencluster call's five topics, one per criterion, as the concept and the full
/// proposal (at greater length) describe them.
fn spitzencluster_sections(max_chars: u32) -> Vec<Section> {
    vec![
        section(
            "engagement-wirtschaft",
            "Finanzielles Engagement der Wirtschaft",
            "Welche Unternehmen und privaten Investoren tragen den Cluster mit welchen Mitteln?",
            max_chars,
            0,
        ),
        section(
            "staerken",
            "Stärken und nachhaltige Veränderung",
            "Auf welchen Stärken der Region baut die Strategie auf, und was verändert sie dauerhaft?",
            max_chars,
            1,
        ),
        section(
            "innovation-profil",
            "Innovationskraft und Profil",
            "Welche Innovationen sind geplant, und wie erreicht der Cluster die internationale Spitze?",
            max_chars,
            2,
        ),
        section(
            "kooperation",
            "Kooperation und Clustermanagement",
            "Wie arbeiten die Partner zusammen, und wie ist das Clustermanagement aufgestellt?",
            max_chars,
            3,
        ),
        section(
            "nachwuchs",
            "Nachwuchs und Qualifizierung",
            "Welche Aus- und Weiterbildung und welche Förderung des Nachwuchses sind vorgesehen?",
            max_chars,
            4,
        ),
    ]
}

/// InnoRegio's concept: region, idea, network, feasibility, one per criterion.
fn innoregio_sections(max_chars: u32) -> Vec<Section> {
    vec![
        section(
            "region",
            "Region",
            "Welche Region bündelt ihre Kräfte, und was verbindet die Partner mit ihr?",
            max_chars,
            0,
        ),
        section(
            "idee",
            "Innovationsidee",
            "Welche neue Idee verfolgt das Netzwerk, und welches Marktpotenzial hat sie?",
            max_chars,
            1,
        ),
        section(
            "netzwerk",
            "Netzwerk",
            "Wer aus Wirtschaft, Wissenschaft und Verwaltung wirkt mit, und mit welcher Rolle?",
            max_chars,
            2,
        ),
        section(
            "umsetzbarkeit",
            "Umsetzbarkeit",
            "Wie sind Arbeits- und Finanzierungsplan aufgebaut, und woran lässt sich der Erfolg messen?",
            max_chars,
            3,
        ),
    ]
}

fn bioregio_sections() -> Vec<Section> {
    vec![
        section(
            "forschung",
            "Wissenschaftliche Basis",
            "Welche biotechnologische Forschung hat die Region, mit welchen Ergebnissen?",
            8_000,
            0,
        ),
        section(
            "unternehmen",
            "Unternehmerische Umsetzung",
            "Welche Gründungen und welche Beteiligung der Industrie sind geplant?",
            8_000,
            1,
        ),
        section(
            "konzept",
            "Regionales Konzept",
            "Wie stimmen Wissenschaft, Wirtschaft und Verwaltung ihre Strategie ab?",
            8_000,
            2,
        ),
        section(
            "finanzierung",
            "Finanzierung",
            "Welche privaten und öffentlichen Mittel sind zugesagt?",
            4_000,
            3,
        ),
    ]
}

fn criterion(name: &str, description: &str, weight: u32) -> Criterion {
    Criterion {
        name: name.to_owned(),
        description: description.to_owned(),
        weight,
        scale_min: 0,
        scale_max: 5,
        pass_mark: Some(3),
    }
}

fn company_and_research() -> Vec<KindRequirement> {
    vec![
        KindRequirement {
            label: "mindestens ein Unternehmen".to_owned(),
            kinds: vec![PartnerKind::Company, PartnerKind::Sme],
        },
        KindRequirement {
            label: "mindestens eine Hochschule oder Forschungseinrichtung".to_owned(),
            kinds: vec![PartnerKind::University, PartnerKind::ResearchInstitute],
        },
    ]
}

fn spitzencluster_criteria() -> Vec<Criterion> {
    vec![
        criterion(
            "Finanzielles Engagement der Wirtschaft",
            "Erhebliches finanzielles Engagement von Industrie und privaten Investoren",
            25,
        ),
        criterion(
            "Stärken und nachhaltige Veränderung",
            "Projekte, die auf vorhandenen Stärken aufbauen und nachhaltig verändern",
            20,
        ),
        criterion(
            "Innovationskraft und Profil",
            "Größere Innovationskraft und ein eigenes Profil auf dem Weg zur internationalen Spitze",
            25,
        ),
        criterion(
            "Kooperation und Clustermanagement",
            "Innovative Formen der Zusammenarbeit mit professionellem Clustermanagement",
            15,
        ),
        criterion(
            "Nachwuchs und Qualifizierung",
            "Clusterspezifische Aus- und Weiterbildung und Förderung des Nachwuchses",
            15,
        ),
    ]
}

fn spitzencluster(now: DateTime<Utc>) -> CompetitionSetup {
    let concept = now + Duration::weeks(12);
    let full = concept + Duration::weeks(26);
    CompetitionSetup {
        name: "Spitzencluster-Wettbewerb".to_owned(),
        programme: "Spitzencluster-Wettbewerb (BMBF)".to_owned(),
        description: "Zweistufiger Wettbewerb: Skizzen aller Cluster, dann Vollanträge der \
            Finalisten; die Jury empfiehlt bis zu fünf Spitzencluster."
            .to_owned(),
        stages: vec![
            with_form(
                stage(
                    StageKind::Concept,
                    "Skizze",
                    concept,
                    spitzencluster_criteria(),
                    10,
                ),
                spitzencluster_sections(5_000),
                vec![
                    document(
                        "skizze",
                        "Clusterskizze, höchstens 15 Seiten, PDF",
                        Some(15),
                    ),
                    document("lebenslaeufe", "Kurzlebensläufe der Projektleitungen", None),
                ],
            ),
            with_form(
                stage(
                    StageKind::FullProposal,
                    "Vollantrag",
                    full,
                    spitzencluster_criteria(),
                    5,
                ),
                spitzencluster_sections(15_000),
                vec![
                    document(
                        "vorhabenbeschreibung",
                        "Vorhabenbeschreibung, höchstens 50 Seiten, PDF",
                        Some(50),
                    ),
                    document("lebenslaeufe", "Kurzlebensläufe der Projektleitungen", None),
                ],
            ),
        ],
        rules: EligibilityRules {
            lands: Land::ALL.into_iter().collect(),
            min_partners: 3,
            min_smes: 1,
            required_kinds: company_and_research(),
            max_requested: Some(Cents::million_euros(40)),
            min_cofinancing_percent: Some(100),
            technology_fields: None,
            funding_rates: federal_rates(),
        },
        budget: Cents::million_euros(200),
        budget_per_year: in_equal_years(Cents::million_euros(200), concept, 5),
        release_scores: true,
        contact: projekttraeger(),
        review: ReviewRules::default(),
        redress_days: super::redress::DEFAULT_REDRESS_DAYS,
        quorum_percent: super::meeting::DEFAULT_QUORUM_PERCENT,
        formal_checklist: formal_checklist(&[
            "Absichtserklärungen der Unternehmen unterschrieben und mit Betrag",
            "Kofinanzierung durch die Absichtserklärungen belegt",
        ]),
    }
}

fn innoregio(now: DateTime<Utc>) -> CompetitionSetup {
    let qualification = now + Duration::weeks(12);
    let realisation = qualification + Duration::weeks(52);
    let criteria = || {
        vec![
            criterion(
                "Regionale Verankerung",
                "Bündelung der Kräfte einer ostdeutschen Region",
                30,
            ),
            criterion(
                "Innovationsidee",
                "Tragfähige, neue Idee mit Marktpotenzial",
                30,
            ),
            criterion(
                "Netzwerk",
                "Breite und Qualität des Netzwerks aus Wirtschaft, Wissenschaft und Verwaltung",
                20,
            ),
            criterion(
                "Umsetzbarkeit",
                "Plausibler Arbeits- und Finanzierungsplan",
                20,
            ),
        ]
    };
    CompetitionSetup {
        name: "InnoRegio".to_owned(),
        programme: "InnoRegio (BMBF)".to_owned(),
        description: "Regionen der neuen Länder entwickeln Innovationskonzepte; 25 werden in \
            der Qualifizierungsphase gefördert, bis zu 23 in der Umsetzungsphase."
            .to_owned(),
        stages: vec![
            with_form(
                stage(
                    StageKind::Concept,
                    "Qualifizierungsphase",
                    qualification,
                    criteria(),
                    25,
                ),
                innoregio_sections(4_000),
                vec![
                    document(
                        "vorhabenbeschreibung",
                        "Vorhabenbeschreibung, höchstens 15 Seiten, PDF",
                        Some(15),
                    ),
                    document("lebenslaeufe", "Kurzlebensläufe der Projektleitungen", None),
                ],
            ),
            with_form(
                stage(
                    StageKind::FullProposal,
                    "Umsetzungsphase",
                    realisation,
                    criteria(),
                    23,
                ),
                innoregio_sections(12_000),
                vec![
                    document(
                        "innovationskonzept",
                        "Innovationskonzept, höchstens 40 Seiten, PDF",
                        Some(40),
                    ),
                    document("lebenslaeufe", "Kurzlebensläufe der Projektleitungen", None),
                ],
            ),
        ],
        rules: EligibilityRules {
            lands: Land::EAST.into_iter().collect(),
            min_partners: 3,
            min_smes: 0,
            required_kinds: company_and_research(),
            max_requested: Some(Cents::million_euros(15)),
            min_cofinancing_percent: None,
            technology_fields: None,
            funding_rates: federal_rates(),
        },
        budget: Cents::million_euros(255),
        budget_per_year: in_equal_years(Cents::million_euros(255), qualification, 5),
        release_scores: false,
        contact: projekttraeger(),
        review: ReviewRules::default(),
        redress_days: super::redress::DEFAULT_REDRESS_DAYS,
        quorum_percent: super::meeting::DEFAULT_QUORUM_PERCENT,
        formal_checklist: formal_checklist(&["Region abgegrenzt und beschrieben"]),
    }
}

fn bioregio(now: DateTime<Utc>) -> CompetitionSetup {
    let deadline = now + Duration::weeks(12);
    let criteria = vec![
        criterion(
            "Wissenschaftliche Basis",
            "Stärke der biotechnologischen Forschung in der Region",
            30,
        ),
        criterion(
            "Unternehmerische Umsetzung",
            "Gründungen und Beteiligung der Industrie",
            30,
        ),
        criterion(
            "Regionales Konzept",
            "Abgestimmte Strategie von Wissenschaft, Wirtschaft und Verwaltung",
            25,
        ),
        criterion(
            "Finanzierung",
            "Zusagen privater und öffentlicher Mittel",
            15,
        ),
    ];
    CompetitionSetup {
        name: "BioRegio".to_owned(),
        programme: "BioRegio (BMBF)".to_owned(),
        description: "Regionen konkurrieren mit Konzepten für die Biotechnologie; die Jury \
            wählt drei Modellregionen."
            .to_owned(),
        stages: vec![with_form(
            stage(StageKind::Concept, "Konzept", deadline, criteria, 3),
            bioregio_sections(),
            vec![
                document(
                    "konzept",
                    "Regionales Biotechnologie-Konzept, höchstens 30 Seiten, PDF",
                    Some(30),
                ),
                document("lebenslaeufe", "Kurzlebensläufe der Projektleitungen", None),
            ],
        )],
        rules: EligibilityRules {
            lands: Land::ALL.into_iter().collect(),
            min_partners: 3,
            min_smes: 1,
            required_kinds: company_and_research(),
            // 50 M DM over five years, in euro.
            max_requested: Some(Cents::euros(25_564_594)),
            min_cofinancing_percent: Some(100),
            technology_fields: Some(BTreeSet::from([TechnologyField::Biotechnology])),
            funding_rates: federal_rates(),
        },
        budget: Cents::euros(76_693_782),
        budget_per_year: in_equal_years(Cents::euros(76_693_782), deadline, 5),
        release_scores: false,
        contact: projekttraeger(),
        review: ReviewRules::default(),
        redress_days: super::redress::DEFAULT_REDRESS_DAYS,
        quorum_percent: super::meeting::DEFAULT_QUORUM_PERCENT,
        formal_checklist: formal_checklist(&["Absichtserklärungen unterschrieben"]),
    }
}

/// The federal funding rates of the programmes' guidelines: companies at most half of their
/// costs, SMEs 70 %, universities all of their expenditure plus the 20 % Projektpauschale,
/// research institutes all of it, any other organisation half.
pub fn federal_rates() -> FundingRates {
    use super::partner::PartnerKind as K;
    let rate = |max_percent, lump_sum_percent| FundingRate {
        max_percent,
        lump_sum_percent,
    };
    FundingRates(
        [
            (K::Company, rate(50, 0)),
            (K::Sme, rate(70, 0)),
            (K::University, rate(100, 20)),
            (K::ResearchInstitute, rate(100, 0)),
            (K::Other, rate(50, 0)),
        ]
        .into_iter()
        .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
    }

    #[test]
    fn every_preset_is_complete_and_ready_to_publish() {
        for preset in Preset::ALL {
            let setup = preset.setup(now());
            assert_eq!(setup.problems(), Vec::new(), "{preset:?}");
        }
    }

    #[test]
    fn the_stage_after_one_ending_at_the_end_of_time_cannot_be_counted() {
        let mut last = blank("Rand", now()).stages.remove(0);
        last.review_deadline = DateTime::<Utc>::MAX_UTC - Duration::weeks(13);
        assert_eq!(following_stage(&last), None);
        last.review_deadline = DateTime::<Utc>::MAX_UTC - Duration::weeks(1);
        assert_eq!(following_stage(&last), None);
        last.review_deadline = now();
        let next = following_stage(&last).unwrap();
        assert_eq!(next.submission_deadline, now() + Duration::weeks(12));
        assert_eq!(next.review_deadline, now() + Duration::weeks(20));
    }

    #[test]
    fn presets_follow_the_programmes_numbers() {
        let spitze = Preset::Spitzencluster.setup(now());
        assert_eq!(spitze.stages.len(), 2);
        assert_eq!(spitze.stages[1].advancing, 5);
        assert_eq!(spitze.rules.max_requested, Some(Cents::million_euros(40)));
        assert_eq!(spitze.budget, Cents::million_euros(200));
        assert_eq!(spitze.rules.min_cofinancing_percent, Some(100));
        assert_eq!(spitze.stages[0].criteria.len(), 5);
        assert_eq!(spitze.rules.lands.len(), 16);

        let inno = Preset::InnoRegio.setup(now());
        assert_eq!(inno.stages[0].advancing, 25);
        assert_eq!(inno.stages[1].advancing, 23);
        assert!(!inno.rules.lands.contains(&Land::Bayern));
        assert!(inno.rules.lands.contains(&Land::Thueringen));
        assert_eq!(inno.rules.technology_fields, None);

        let bio = Preset::BioRegio.setup(now());
        assert_eq!(bio.stages.len(), 1);
        assert_eq!(bio.stages[0].advancing, 3);
        assert_eq!(
            bio.rules.technology_fields,
            Some(BTreeSet::from([TechnologyField::Biotechnology]))
        );
    }

    #[test]
    fn presets_name_a_programme_contact_and_set_ups_recorded_before_it_read_without_one() {
        // Given every preset, then each names a contact with a phone and an address.
        for preset in Preset::ALL {
            let contact = preset.setup(now()).contact;
            assert!(
                !contact.name.is_empty()
                    && !contact.phone.is_empty()
                    && !contact.address.is_empty(),
                "{preset:?}"
            );
        }
        // Given a set-up as an older version recorded it, without a contact,
        let mut old = serde_json::to_value(Preset::BioRegio.setup(now())).unwrap();
        old.as_object_mut().unwrap().remove("contact");
        // when it is read, then it reads with an empty contact.
        let read: CompetitionSetup = serde_json::from_value(old).unwrap();
        assert_eq!(read.contact, ProgrammeContact::default());
    }
}
