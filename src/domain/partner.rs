//! Partner organisations of a consortium, and how their names are compared.

use serde::{Deserialize, Serialize};

use super::land::Land;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PartnerKind {
    Company,
    Sme,
    University,
    ResearchInstitute,
    Other,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 5] = [
        PartnerKind::Company,
        PartnerKind::Sme,
        PartnerKind::University,
        PartnerKind::ResearchInstitute,
        PartnerKind::Other,
    ];

    /// The stable name used in forms.
    pub fn key(self) -> String {
        format!("{self:?}")
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub name: String,
    pub kind: PartnerKind,
    pub land: Land,
}

/// Legal-form suffixes that do not distinguish one organisation from another.
const LEGAL_FORMS: [&str; 16] = [
    "gmbh & co. kg",
    "gmbh & co kg",
    "ggmbh",
    "gmbh",
    "mbh",
    "ag",
    "se",
    "kgaa",
    "kg",
    "ohg",
    "e.v.",
    "ev",
    "eg",
    "ug (haftungsbeschränkt)",
    "ug",
    "e. v.",
];

/// "Fraunhofer-Gesellschaft e.V." and "fraunhofer gesellschaft" are the same organisation;
/// so are "Müller GmbH" and "Mueller AG".
pub fn normalise_organisation(name: &str) -> String {
    let mut text = name.trim().to_lowercase();
    loop {
        let before = text.len();
        for form in LEGAL_FORMS {
            if let Some(stripped) = text.strip_suffix(form)
                && (stripped.is_empty() || stripped.ends_with([' ', ',', '-']))
            {
                text = stripped.trim_end_matches([' ', ',', '-']).to_owned();
            }
        }
        if text.len() == before {
            break;
        }
    }
    let text = text
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss");
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalise_organisation as n;

    #[test]
    fn legal_forms_case_and_umlaut_spellings_do_not_matter() {
        assert_eq!(n("Müller Photonik GmbH"), n("mueller photonik AG"));
        assert_eq!(
            n("Fraunhofer-Gesellschaft e.V."),
            n("Fraunhofer Gesellschaft")
        );
        assert_eq!(n("Jenoptik GmbH & Co. KG"), n("JENOPTIK"));
        assert_eq!(
            n("Technische Universität Dresden"),
            "technische universitaet dresden"
        );
        assert_ne!(n("Müller Photonik GmbH"), n("Müller Optik GmbH"));
        // A legal form inside a name is part of the name.
        assert_eq!(n("AGRAR Sachsen"), "agrar sachsen");
    }
}
