//! Technology fields, for applications, eligibility rules and juror expertise.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TechnologyField {
    Biotechnology,
    MedicalTechnology,
    InformationTechnology,
    Photonics,
    Microelectronics,
    Energy,
    Mobility,
    Materials,
    Production,
    Environment,
    Aerospace,
    Chemistry,
    Logistics,
    Other,
}

impl TechnologyField {
    pub const ALL: [TechnologyField; 14] = [
        TechnologyField::Biotechnology,
        TechnologyField::MedicalTechnology,
        TechnologyField::InformationTechnology,
        TechnologyField::Photonics,
        TechnologyField::Microelectronics,
        TechnologyField::Energy,
        TechnologyField::Mobility,
        TechnologyField::Materials,
        TechnologyField::Production,
        TechnologyField::Environment,
        TechnologyField::Aerospace,
        TechnologyField::Chemistry,
        TechnologyField::Logistics,
        TechnologyField::Other,
    ];

    pub fn name_de(self) -> &'static str {
        match self {
            TechnologyField::Biotechnology => "Biotechnologie",
            TechnologyField::MedicalTechnology => "Medizintechnik",
            TechnologyField::InformationTechnology => "Informations- und Kommunikationstechnik",
            TechnologyField::Photonics => "Optische Technologien und Photonik",
            TechnologyField::Microelectronics => "Mikroelektronik",
            TechnologyField::Energy => "Energie",
            TechnologyField::Mobility => "Mobilität",
            TechnologyField::Materials => "Werkstoffe",
            TechnologyField::Production => "Produktionstechnik",
            TechnologyField::Environment => "Umwelt",
            TechnologyField::Aerospace => "Luft- und Raumfahrt",
            TechnologyField::Chemistry => "Chemie",
            TechnologyField::Logistics => "Logistik",
            TechnologyField::Other => "Sonstiges",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            TechnologyField::Biotechnology => "Biotechnology",
            TechnologyField::MedicalTechnology => "Medical technology",
            TechnologyField::InformationTechnology => "Information and communication technology",
            TechnologyField::Photonics => "Optical technologies and photonics",
            TechnologyField::Microelectronics => "Microelectronics",
            TechnologyField::Energy => "Energy",
            TechnologyField::Mobility => "Mobility",
            TechnologyField::Materials => "Materials",
            TechnologyField::Production => "Production technology",
            TechnologyField::Environment => "Environment",
            TechnologyField::Aerospace => "Aerospace",
            TechnologyField::Chemistry => "Chemistry",
            TechnologyField::Logistics => "Logistics",
            TechnologyField::Other => "Other",
        }
    }

    /// The stable name used in forms and URLs.
    pub fn key(self) -> String {
        format!("{self:?}")
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}

impl fmt::Display for TechnologyField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_de())
    }
}
