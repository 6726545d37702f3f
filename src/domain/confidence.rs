//! How sure a juror is of their own review: the juror's confidence, 1 (outside their field) to
//! 4 (recognised expertise). Given with every submitted review, so that the ranking can weigh
//! a specialist's judgement above a generalist's when staff ask for it.

use serde::{Deserialize, Serialize};

/// A juror's confidence in a review. In the log and in snapshots it is its number (1–4); a
/// number outside the scale does not decode, so no review holds one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Confidence {
    /// fachfremd
    OutsideField = 1,
    /// Grundkenntnisse
    Basic = 2,
    /// vertraut
    Familiar = 3,
    /// ausgewiesene Expertise
    Expert = 4,
}

impl Confidence {
    pub const ALL: [Confidence; 4] = [
        Confidence::OutsideField,
        Confidence::Basic,
        Confidence::Familiar,
        Confidence::Expert,
    ];

    /// The confidence with this number, or `None` off the scale.
    pub fn parse(value: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.value() == value)
    }

    pub fn value(self) -> u8 {
        self as u8
    }
}

impl TryFrom<u8> for Confidence {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::parse(value).ok_or_else(|| format!("confidence {value} is not on the scale 1–4"))
    }
}

impl From<Confidence> for u8 {
    fn from(confidence: Confidence) -> Self {
        confidence.value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_confidence_is_its_number_in_the_log_and_nothing_off_the_scale_reads() {
        assert_eq!(serde_json::to_string(&Confidence::Expert).unwrap(), "4");
        assert_eq!(
            serde_json::from_str::<Confidence>("2").unwrap(),
            Confidence::Basic
        );
        assert!(serde_json::from_str::<Confidence>("0").is_err());
        assert!(serde_json::from_str::<Confidence>("5").is_err());
        assert_eq!(Confidence::parse(1), Some(Confidence::OutsideField));
        assert_eq!(Confidence::parse(9), None);
    }
}
