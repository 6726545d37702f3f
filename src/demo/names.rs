//! Plausible German organisation names in real places of each Land.

use rand::Rng;
use rand::seq::IndexedRandom;

use crate::domain::land::Land;
use crate::domain::partner::PartnerKind;

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

const TOPICS: [&str; 16] = [
    "Photonik",
    "Sensorik",
    "Biotechnologie",
    "Medizintechnik",
    "Werkstoffe",
    "Mikrosysteme",
    "Energiespeicher",
    "Wasserstoff",
    "Leichtbau",
    "Robotik",
    "Agrartechnik",
    "Logistik",
    "Umwelttechnik",
    "Software",
    "Halbleiter",
    "Kunststofftechnik",
];

const SURNAMES: [&str; 16] = [
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
];

const FIRST_NAMES: [&str; 12] = [
    "Anna", "Jonas", "Lea", "Felix", "Marie", "Paul", "Sophie", "Lukas", "Hanna", "Tim", "Clara",
    "Jan",
];

const INSTITUTES: [&str; 4] = [
    "Fraunhofer-Institut für",
    "Leibniz-Institut für",
    "Helmholtz-Zentrum für",
    "Institut für angewandte",
];

pub fn topic(rng: &mut impl Rng) -> &'static str {
    TOPICS.choose(rng).copied().unwrap_or("Technik")
}

pub fn person(rng: &mut impl Rng) -> String {
    format!(
        "{} {}",
        FIRST_NAMES.choose(rng).copied().unwrap_or("Alex"),
        SURNAMES.choose(rng).copied().unwrap_or("Muster")
    )
}

/// An organisation of this kind in this Land; `n` keeps names distinct.
pub fn organisation(rng: &mut impl Rng, kind: PartnerKind, land: Land, n: usize) -> String {
    let city = cities(land).choose(rng).copied().unwrap_or("Berlin");
    let topic = topic(rng);
    let surname = SURNAMES.choose(rng).copied().unwrap_or("Muster");
    match kind {
        PartnerKind::University => format!("Hochschule {city}, Fachgebiet {topic} {n}"),
        PartnerKind::ResearchInstitute => {
            let prefix = INSTITUTES.choose(rng).copied().unwrap_or("Institut für");
            format!("{prefix} {topic} {city} {n}")
        }
        PartnerKind::Sme => format!("{surname} {topic} GmbH {city} {n}"),
        PartnerKind::Company => format!("{topic}werke {city} AG {n}"),
        PartnerKind::Other => format!("{topic}-Netzwerk {city} e.V. {n}"),
    }
}
