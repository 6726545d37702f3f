//! What the demo's consortia and jurors write: titles and summaries that stay with the
//! chosen technology field, and review comments that follow the score and the criterion.

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};

use crate::domain::field::TechnologyField;
use crate::domain::setup::Criterion;

use super::names::Unique;

/// Subjects a consortium of the field works on (they read as part of a name, too).
pub fn topics(field: TechnologyField) -> &'static [&'static str] {
    match field {
        TechnologyField::Biotechnology => &[
            "Bioverfahrenstechnik",
            "Zellkulturtechnik",
            "Enzymtechnik",
            "Bioanalytik",
        ],
        TechnologyField::MedicalTechnology => &[
            "Bildgebung",
            "Implantattechnik",
            "Labordiagnostik",
            "Rehabilitationstechnik",
        ],
        TechnologyField::InformationTechnology => &[
            "Softwaretechnik",
            "Datenanalyse",
            "IT-Sicherheit",
            "Funktechnik",
        ],
        TechnologyField::Photonics => &[
            "Photonik",
            "Lasertechnik",
            "Präzisionsoptik",
            "Bildverarbeitung",
        ],
        TechnologyField::Microelectronics => &[
            "Halbleitertechnik",
            "Mikrosystemtechnik",
            "Sensorik",
            "Leistungselektronik",
        ],
        TechnologyField::Energy => &[
            "Wasserstofftechnik",
            "Energiespeicher",
            "Solartechnik",
            "Windenergie",
        ],
        TechnologyField::Mobility => &[
            "Elektromobilität",
            "Fahrzeugtechnik",
            "Schienentechnik",
            "Antriebstechnik",
        ],
        TechnologyField::Materials => &[
            "Werkstofftechnik",
            "Leichtbau",
            "Kunststofftechnik",
            "Textiltechnik",
        ],
        TechnologyField::Production => &[
            "Robotik",
            "Automatisierung",
            "Fertigungstechnik",
            "Maschinenbau",
        ],
        TechnologyField::Environment => &[
            "Umwelttechnik",
            "Wassertechnik",
            "Recyclingtechnik",
            "Agrartechnik",
        ],
        TechnologyField::Aerospace => &[
            "Luftfahrttechnik",
            "Raumfahrttechnik",
            "Satellitentechnik",
            "Triebwerkstechnik",
        ],
        TechnologyField::Chemistry => &[
            "Verfahrenschemie",
            "Katalyse",
            "Polymerchemie",
            "Grüne Chemie",
        ],
        TechnologyField::Logistics => &[
            "Intralogistik",
            "Hafenlogistik",
            "Lieferketten",
            "Verkehrslogistik",
        ],
        TechnologyField::Other => &[
            "Kreativwirtschaft",
            "Bauwesen",
            "Gesundheitswirtschaft",
            "Tourismus",
        ],
    }
}

/// What the field's work is for, as the object of "für".
fn aims(field: TechnologyField) -> &'static [&'static str] {
    match field {
        TechnologyField::Biotechnology => &[
            "biobasierte Wirkstoffe",
            "personalisierte Therapien",
            "nachhaltige Lebensmittel",
        ],
        TechnologyField::MedicalTechnology => &[
            "die ambulante Versorgung",
            "die Frühdiagnose",
            "altersgerechte Assistenzsysteme",
        ],
        TechnologyField::InformationTechnology => &[
            "den digitalen Mittelstand",
            "sichere Verwaltungsnetze",
            "vernetzte Produktion",
        ],
        TechnologyField::Photonics => &[
            "die Präzisionsfertigung",
            "die Qualitätsprüfung",
            "die Medizin von morgen",
        ],
        TechnologyField::Microelectronics => &[
            "die smarte Fertigung",
            "energiesparende Chips",
            "intelligente Sensornetze",
        ],
        TechnologyField::Energy => &[
            "die Energiewende vor Ort",
            "klimaneutrale Quartiere",
            "die Speicherung von Überschussstrom",
        ],
        TechnologyField::Mobility => &[
            "den ländlichen Raum",
            "emissionsfreie Stadtbusse",
            "vernetzten Güterverkehr",
        ],
        TechnologyField::Materials => &[
            "ressourcenschonende Bauteile",
            "den Fahrzeugbau",
            "recycelbare Verbunde",
        ],
        TechnologyField::Production => &[
            "flexible Kleinserien",
            "die Fabrik der Zukunft",
            "den Werkzeugbau",
        ],
        TechnologyField::Environment => &[
            "saubere Gewässer",
            "die Kreislaufwirtschaft",
            "den Bodenschutz",
        ],
        TechnologyField::Aerospace => &[
            "leichte Flugzeugstrukturen",
            "die Erdbeobachtung",
            "leise Triebwerke",
        ],
        TechnologyField::Chemistry => &[
            "nachwachsende Rohstoffe",
            "lösemittelfreie Prozesse",
            "neue Kunststoffe",
        ],
        TechnologyField::Logistics => &[
            "den Seehafenverkehr",
            "die letzte Meile",
            "resiliente Lieferketten",
        ],
        TechnologyField::Other => &[
            "lebendige Innenstädte",
            "das Handwerk",
            "den regionalen Strukturwandel",
        ],
    }
}

fn pick<'a>(rng: &mut impl Rng, pool: &[&'a str]) -> &'a str {
    pool.choose(rng).copied().unwrap_or_default()
}

/// A consortium's title: its field's subject, its city and what it is for, given once.
pub fn title(
    unique: &mut Unique,
    rng: &mut impl Rng,
    field: TechnologyField,
    city: &str,
) -> String {
    unique.name(rng, |rng| {
        let topic = pick(rng, topics(field));
        let aim = pick(rng, aims(field));
        match rng.random_range(0..4) {
            0 => format!("Innovationsregion {topic} {city}"),
            1 => format!("{topic} für {aim} – Region {city}"),
            2 => format!("Kompetenznetz {topic} {city}"),
            _ => format!("{city}: {topic} für {aim}"),
        }
    })
}

const CLOSINGS: [&str; 6] = [
    "Die Ergebnisse sollen in regionalen Unternehmen zu Produkten werden.",
    "Nachwuchskräfte lernen in gemeinsamen Laboren der Partner.",
    "Ziel sind neue, dauerhafte Arbeitsplätze in der Region.",
    "Ein gemeinsames Transferbüro bringt Forschung und Betriebe zusammen.",
    "Ausgründungen aus den Hochschulen sollen früh begleitet werden.",
    "Die Partner wollen nach der Förderung aus eigener Kraft weiterarbeiten.",
];

/// A consortium's summary, naming the field it applies in.
pub fn summary(rng: &mut impl Rng, field: TechnologyField, city: &str, partners: usize) -> String {
    let topic = pick(rng, topics(field));
    let aim = pick(rng, aims(field));
    format!(
        "Ein Konsortium aus {city} mit {partners} Partnern aus Wirtschaft und Wissenschaft \
         bündelt seine Kräfte im Technologiefeld {}. Im Mittelpunkt steht {topic} für {aim}. {}",
        crate::texts::explanations::field(field).de,
        pick(rng, &CLOSINGS)
    )
}

/// A consortium's answer to one section of the application form, within its length.
pub fn section(rng: &mut impl Rng, title: &str, city: &str, max_chars: u32) -> String {
    let text = format!(
        "{title}: Das Konsortium aus {city} beschreibt hier, was es vorhat. {}",
        pick(rng, &CLOSINGS)
    );
    text.chars().take(max_chars as usize).collect()
}

/// What a full proposal adds to the concept's answer.
pub const EXTENSION: &str =
    "Für den Vollantrag ausgeführt: Arbeitspakete, Meilensteine, Finanzierung und Verwertung.";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Band {
    Low,
    Middle,
    High,
}

impl Band {
    fn of(score: u8, min: u8, max: u8) -> Band {
        let span = f64::from(max.saturating_sub(min).max(1));
        let share = f64::from(score.saturating_sub(min)) / span;
        if share < 0.4 {
            Band::Low
        } else if share < 0.7 {
            Band::Middle
        } else {
            Band::High
        }
    }

    /// The first sentence, naming the criterion ("{}" stands for it).
    fn openings(self) -> &'static [&'static str] {
        match self {
            Band::Low => &[
                "Beim Kriterium „{}“ bleibt der Antrag deutlich hinter den Erwartungen zurück.",
                "Zu „{}“ bleibt die Darstellung lückenhaft.",
                "Das Kriterium „{}“ ist nur in Ansätzen erfüllt.",
                "Hinsichtlich „{}“ überzeugt der Antrag nicht.",
            ],
            Band::Middle => &[
                "Beim Kriterium „{}“ ist der Antrag solide, aber nicht herausragend.",
                "Zu „{}“ überzeugt der Antrag in Teilen.",
                "Das Kriterium „{}“ ist im Wesentlichen erfüllt.",
                "Hinsichtlich „{}“ liegt der Antrag im Mittelfeld.",
            ],
            Band::High => &[
                "Beim Kriterium „{}“ überzeugt der Antrag voll.",
                "Zu „{}“ legt das Konsortium eine überzeugende Darstellung vor.",
                "Das Kriterium „{}“ ist in vorbildlicher Weise erfüllt.",
                "Hinsichtlich „{}“ gehört der Antrag zu den stärksten.",
            ],
        }
    }

    fn details(self) -> &'static [&'static str] {
        match self {
            Band::Low => &[
                "Konkrete Meilensteine fehlen.",
                "Die Rolle der Unternehmen bleibt unklar.",
                "Zusagen der Partner sind nicht belegt.",
                "Der Bezug zur Region ist kaum erkennbar.",
                "Die Arbeitsteilung der Partner ist nicht nachvollziehbar.",
                "Risiken werden nicht benannt.",
            ],
            Band::Middle => &[
                "Die Ziele sind plausibel, die Umsetzung ist aber nur grob skizziert.",
                "Einzelne Partner könnten stärker eingebunden werden.",
                "Die Zeitplanung wirkt ambitioniert.",
                "Die Verwertung der Ergebnisse sollte genauer beschrieben werden.",
                "Stärken und Schwächen halten sich die Waage.",
                "Die Angaben sind nachvollziehbar, aber wenig konkret.",
            ],
            Band::High => &[
                "Die Meilensteine sind konkret und überprüfbar.",
                "Die Partner ergänzen sich sehr gut.",
                "Die Zusagen der Wirtschaft sind verbindlich belegt.",
                "Der regionale Nutzen ist klar herausgearbeitet.",
                "Das Konzept ist schlüssig und gut begründet.",
                "Die Verwertung ist überzeugend geplant.",
            ],
        }
    }

    fn overall(self) -> &'static [&'static str] {
        match self {
            Band::Low => &[
                "Insgesamt nicht förderwürdig in der vorliegenden Form.",
                "Der Antrag müsste grundlegend überarbeitet werden.",
                "In der Summe überwiegen die Schwächen deutlich.",
            ],
            Band::Middle => &[
                "Insgesamt ein solider Antrag mit erkennbarem Verbesserungsbedarf.",
                "Förderwürdig, wenn die Umsetzung konkreter wird.",
                "In der Summe ausgewogen, ohne herauszuragen.",
            ],
            Band::High => &[
                "Insgesamt ein herausragender Antrag, klar zur Förderung empfohlen.",
                "Ein überzeugendes Gesamtkonzept mit hoher Wirkung für die Region.",
                "In der Summe einer der stärksten Anträge der Runde.",
            ],
        }
    }
}

/// A juror's comment on one criterion: an opening for the score's band that names the
/// criterion, one or two reasons of that band, sometimes the criterion's yardstick; at least
/// `min_chars` long, as the competition's review rules ask.
pub fn comment(rng: &mut impl Rng, criterion: &Criterion, score: u8, min_chars: u32) -> String {
    let band = Band::of(score, criterion.scale_min, criterion.scale_max);
    let mut text = pick(rng, band.openings()).replace("{}", &criterion.name);
    let mut details: Vec<&str> = band.details().to_vec();
    details.shuffle(rng);
    let reasons = rng.random_range(1..=2);
    let mut details = details.into_iter();
    for detail in details.by_ref().take(reasons) {
        text.push(' ');
        text.push_str(detail);
    }
    if !criterion.description.is_empty() && rng.random_bool(0.3) {
        text.push_str(&format!(" Maßstab: {}.", criterion.description));
    }
    // Rules asking for more than the sentences above get further reasons of the same band.
    for detail in details {
        if text.chars().count() >= min_chars as usize {
            break;
        }
        text.push(' ');
        text.push_str(detail);
    }
    text
}

/// The overall comment, following where most of the scores lie.
pub fn overall_comment(rng: &mut impl Rng, criteria: &[Criterion], scores: &[u8]) -> String {
    let bands: Vec<Band> = criteria
        .iter()
        .zip(scores)
        .map(|(c, s)| Band::of(*s, c.scale_min, c.scale_max))
        .collect();
    let count = |b: Band| bands.iter().filter(|x| **x == b).count();
    let band = if count(Band::High) > bands.len() / 2 {
        Band::High
    } else if count(Band::Low) > bands.len() / 2 {
        Band::Low
    } else {
        Band::Middle
    };
    pick(rng, band.overall()).to_owned()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::domain::presets::Preset;

    #[test]
    fn comments_vary_with_the_score_and_the_criterion_and_meet_the_rules() {
        let setup = Preset::InnoRegio.setup(chrono::Utc::now());
        let min = setup.review.min_comment_chars;
        let mut rng = StdRng::seed_from_u64(3);
        let mut distinct = BTreeSet::new();
        for criterion in &setup.stages[0].criteria {
            for _ in 0..100 {
                for score in criterion.scale_min..=criterion.scale_max {
                    let text = comment(&mut rng, criterion, score, min);
                    assert!(text.chars().count() >= min as usize, "{text}");
                    assert!(text.contains(&criterion.name), "{text}");
                    distinct.insert(text);
                }
            }
        }
        assert!(
            distinct.len() > 500,
            "only {} distinct comments",
            distinct.len()
        );

        let criterion = &setup.stages[0].criteria[0];
        let low: BTreeSet<String> = (0..50)
            .map(|_| comment(&mut rng, criterion, criterion.scale_min, min))
            .collect();
        let high: BTreeSet<String> = (0..50)
            .map(|_| comment(&mut rng, criterion, criterion.scale_max, min))
            .collect();
        assert!(low.is_disjoint(&high), "a low score reads like a high one");
        let first = |s: &String| s.split(". ").next().unwrap_or_default().to_owned();
        let low_openings: BTreeSet<String> = low.iter().map(first).collect();
        let high_openings: BTreeSet<String> = high.iter().map(first).collect();
        assert!(low_openings.is_disjoint(&high_openings));
    }

    #[test]
    fn a_rule_asking_for_longer_comments_gets_more_reasons() {
        let setup = Preset::InnoRegio.setup(chrono::Utc::now());
        let criterion = &setup.stages[0].criteria[0];
        let mut rng = StdRng::seed_from_u64(5);
        for score in criterion.scale_min..=criterion.scale_max {
            let text = comment(&mut rng, criterion, score, 200);
            assert!(text.chars().count() >= 200, "{text}");
        }
    }
}
