//! The 16 Länder of the Federal Republic.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Land {
    BadenWuerttemberg,
    Bayern,
    Berlin,
    Brandenburg,
    Bremen,
    Hamburg,
    Hessen,
    MecklenburgVorpommern,
    Niedersachsen,
    NordrheinWestfalen,
    RheinlandPfalz,
    Saarland,
    Sachsen,
    SachsenAnhalt,
    SchleswigHolstein,
    Thueringen,
}

impl Land {
    pub const ALL: [Land; 16] = [
        Land::BadenWuerttemberg,
        Land::Bayern,
        Land::Berlin,
        Land::Brandenburg,
        Land::Bremen,
        Land::Hamburg,
        Land::Hessen,
        Land::MecklenburgVorpommern,
        Land::Niedersachsen,
        Land::NordrheinWestfalen,
        Land::RheinlandPfalz,
        Land::Saarland,
        Land::Sachsen,
        Land::SachsenAnhalt,
        Land::SchleswigHolstein,
        Land::Thueringen,
    ];

    /// The new Länder eligible in InnoRegio (Berlin for its eastern part).
    pub const EAST: [Land; 6] = [
        Land::Berlin,
        Land::Brandenburg,
        Land::MecklenburgVorpommern,
        Land::Sachsen,
        Land::SachsenAnhalt,
        Land::Thueringen,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Land::BadenWuerttemberg => "Baden-Württemberg",
            Land::Bayern => "Bayern",
            Land::Berlin => "Berlin",
            Land::Brandenburg => "Brandenburg",
            Land::Bremen => "Bremen",
            Land::Hamburg => "Hamburg",
            Land::Hessen => "Hessen",
            Land::MecklenburgVorpommern => "Mecklenburg-Vorpommern",
            Land::Niedersachsen => "Niedersachsen",
            Land::NordrheinWestfalen => "Nordrhein-Westfalen",
            Land::RheinlandPfalz => "Rheinland-Pfalz",
            Land::Saarland => "Saarland",
            Land::Sachsen => "Sachsen",
            Land::SachsenAnhalt => "Sachsen-Anhalt",
            Land::SchleswigHolstein => "Schleswig-Holstein",
            Land::Thueringen => "Thüringen",
        }
    }

    /// The stable name used in forms.
    pub fn key(self) -> String {
        format!("{self:?}")
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }

    /// Accepts the German name, with or without umlauts and case.
    pub fn parse(text: &str) -> Option<Land> {
        let wanted = fold(text);
        Land::ALL
            .into_iter()
            .find(|land| fold(land.name()) == wanted)
    }
}

fn fold(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .replace('ü', "ue")
        .replace('ö', "oe")
        .replace('ä', "ae")
        .replace('ß', "ss")
}

impl fmt::Display for Land {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_land_parses_from_its_name_and_its_umlaut_free_spelling() {
        for land in Land::ALL {
            assert_eq!(Land::parse(land.name()), Some(land));
        }
        assert_eq!(Land::parse("thueringen"), Some(Land::Thueringen));
        assert_eq!(
            Land::parse("Baden-Wuerttemberg"),
            Some(Land::BadenWuerttemberg)
        );
        assert_eq!(Land::parse("Atlantis"), None);
    }
}
