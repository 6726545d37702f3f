//! Plausible German people and organisations in real places of each Land, each organisation
//! named once in a demo and without serial numbers.

use std::collections::HashSet;

use rand::Rng;
use rand::seq::IndexedRandom;

use crate::domain::field::TechnologyField;
use crate::domain::land::Land;
use crate::domain::partner::PartnerKind;

use super::texts;

/// Cities with universities or research institutes, by Land.
pub fn cities(land: Land) -> &'static [&'static str] {
    match land {
        Land::BadenWuerttemberg => &["Stuttgart", "Karlsruhe", "Freiburg", "Heidelberg", "Ulm"],
        Land::Bayern => &["München", "Erlangen", "Würzburg", "Regensburg", "Augsburg"],
        Land::Berlin => &["Berlin-Adlershof", "Berlin-Buch", "Berlin-Mitte"],
        Land::Brandenburg => &["Potsdam", "Cottbus", "Frankfurt (Oder)", "Wildau"],
        Land::Bremen => &["Bremen", "Bremerhaven"],
        Land::Hamburg => &["Hamburg", "Hamburg-Harburg"],
        Land::Hessen => &["Frankfurt am Main", "Darmstadt", "Gießen", "Kassel"],
        Land::MecklenburgVorpommern => &["Rostock", "Greifswald", "Wismar", "Stralsund"],
        Land::Niedersachsen => &["Hannover", "Braunschweig", "Göttingen", "Oldenburg"],
        Land::NordrheinWestfalen => &["Aachen", "Köln", "Dortmund", "Münster", "Bochum"],
        Land::RheinlandPfalz => &["Mainz", "Kaiserslautern", "Trier", "Koblenz"],
        Land::Saarland => &["Saarbrücken", "Homburg"],
        Land::Sachsen => &["Dresden", "Leipzig", "Chemnitz", "Freiberg", "Zwickau"],
        Land::SachsenAnhalt => &["Magdeburg", "Halle (Saale)", "Dessau", "Merseburg"],
        Land::SchleswigHolstein => &["Kiel", "Lübeck", "Flensburg"],
        Land::Thueringen => &["Jena", "Erfurt", "Ilmenau", "Weimar", "Nordhausen"],
    }
}

pub fn city(rng: &mut impl Rng, land: Land) -> &'static str {
    cities(land).choose(rng).copied().unwrap_or("Berlin")
}

const SURNAMES: [&str; 24] = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Zimmermann",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
    "Krause",
    "Lehmann",
    "Schwarz",
    "Braun",
];

const FIRST_NAMES: [&str; 16] = [
    "Anna", "Jonas", "Lea", "Felix", "Marie", "Paul", "Sophie", "Lukas", "Hanna", "Tim", "Clara",
    "Jan", "Greta", "Moritz", "Ida", "Henrik",
];

/// Brand-like name parts of companies.
const BRANDS: [&str; 16] = [
    "Novum", "Prisma", "Vertex", "Aurum", "Kontur", "Lumen", "Vektor", "Quadra", "Nexus", "Axion",
    "Orbis", "Fokus", "Helix", "Zenit", "Sigma", "Terra",
];

const UNIVERSITIES: [&str; 3] = ["Technische Universität", "Universität", "Hochschule"];
const CHAIRS: [&str; 3] = ["Institut für", "Lehrstuhl für", "Fachgebiet"];
const INSTITUTES: [&str; 5] = [
    "Fraunhofer-Institut für",
    "Leibniz-Institut für",
    "Helmholtz-Zentrum für",
    "Max-Planck-Institut für",
    "Forschungszentrum für",
];
const ASSOCIATIONS: [&str; 3] = ["Netzwerk", "Verbund", "Forum"];

/// Words that tell two otherwise equal names apart, where a serial number would look
/// generated.
const DISTINGUISHING: [&str; 12] = [
    "Nord", "Süd", "Ost", "West", "Mitte", "Campus", "Zentrum", "Neustadt", "Altstadt", "Hafen",
    "Park", "Tal",
];

pub fn person(rng: &mut impl Rng) -> String {
    format!(
        "{} {}",
        FIRST_NAMES.choose(rng).copied().unwrap_or("Alex"),
        SURNAMES.choose(rng).copied().unwrap_or("Muster")
    )
}

fn pick<'a>(rng: &mut impl Rng, pool: &[&'a str]) -> &'a str {
    pool.choose(rng).copied().unwrap_or_default()
}

/// The names a demo has given so far: organisations (of consortia and jurors alike) and
/// titles of applications.
#[derive(Default)]
pub struct Taken {
    pub organisations: Unique,
    pub titles: Unique,
}

/// Names given once: a new candidate from the pools while they last, then a distinguishing
/// word (or two, three …) after the last candidate.
#[derive(Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    const TRIES: usize = 12;

    pub fn name<R: Rng>(
        &mut self,
        rng: &mut R,
        mut candidate: impl FnMut(&mut R) -> String,
    ) -> String {
        let mut last = String::new();
        for _ in 0..Self::TRIES {
            last = candidate(rng);
            if self.taken.insert(last.clone()) {
                return last;
            }
        }
        // Counting in words: every k gives another combination, so this ends.
        for k in 0usize.. {
            let mut words = Vec::new();
            let mut i = k;
            loop {
                words.push(DISTINGUISHING[i % DISTINGUISHING.len()]);
                i /= DISTINGUISHING.len();
                if i == 0 {
                    break;
                }
            }
            let named = format!("{last} {}", words.join("-"));
            if self.taken.insert(named.clone()) {
                return named;
            }
        }
        unreachable!("the word counter names every combination")
    }
}

/// An organisation of this kind in this Land working in this field.
pub fn organisation(
    unique: &mut Unique,
    rng: &mut impl Rng,
    kind: PartnerKind,
    land: Land,
    field: TechnologyField,
) -> String {
    unique.name(rng, |rng| {
        let city = city(rng, land);
        let topic = pick(rng, texts::topics(field));
        match kind {
            PartnerKind::University => {
                let university = pick(rng, &UNIVERSITIES);
                let chair = pick(rng, &CHAIRS);
                format!("{university} {city}, {chair} {topic}")
            }
            PartnerKind::ResearchInstitute => {
                format!("{} {topic} {city}", pick(rng, &INSTITUTES))
            }
            PartnerKind::Sme => {
                let surname = pick(rng, &SURNAMES);
                if rng.random_bool(0.5) {
                    format!("{surname} {topic} GmbH")
                } else {
                    format!("{surname} & {} GmbH, {city}", pick(rng, &SURNAMES))
                }
            }
            PartnerKind::Company => {
                format!("{} {topic} AG, {city}", pick(rng, &BRANDS))
            }
            PartnerKind::Other => {
                format!("{} {topic} {city} e.V.", pick(rng, &ASSOCIATIONS))
            }
        }
    })
}
