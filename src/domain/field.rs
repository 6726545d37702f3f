//! Technology fields, for applications, eligibility rules and juror expertise.

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

    /// The stable name used in forms and URLs.
    pub fn key(self) -> String {
        format!("{self:?}")
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}
