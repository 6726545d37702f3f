//! The evaluation summary (Bewertungsbericht) in the consortium's language, as its status page
//! and its result mail show it.

use super::Text;
use crate::domain::account::Language;
use crate::domain::evaluation_summary::Summary;
use crate::number_display::points;

pub const HEADING: Text = Text::new(
    "Bewertungsbericht der Jury",
    "The jury's evaluation summary",
);
pub const OVERALL: Text = Text::new("Gesamteinschätzung", "Overall assessment");
pub const WEIGHTED: Text = Text::new("Gewichtete Konsensbewertung", "Weighted consensus score");

/// A summary ready to show: per criterion its heading (with the score where released) and the
/// comment; or, when none is written, the sentence saying so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub lines: Vec<(String, String)>,
    pub overall: String,
    pub weighted: String,
    /// Set when no written evaluation is available.
    pub unavailable: String,
}

pub fn render(summary: &Summary, lang: Language) -> Rendered {
    match summary {
        Summary::Unavailable => Rendered {
            unavailable: super::consensus::NO_WRITTEN_EVALUATION.get(lang).to_owned(),
            ..Rendered::default()
        },
        Summary::Written {
            lines,
            overall,
            weighted,
        } => Rendered {
            lines: lines
                .iter()
                .map(|line| {
                    let heading = match line.score {
                        Some((score, max)) => match lang {
                            Language::De => {
                                format!("{} ({score} von {max} Punkten)", line.criterion)
                            }
                            Language::En => format!("{} ({score} of {max} points)", line.criterion),
                        },
                        None => line.criterion.clone(),
                    };
                    (heading, line.comment.clone())
                })
                .collect(),
            overall: overall.clone(),
            weighted: weighted.map(|w| points(w, lang)).unwrap_or_default(),
            unavailable: String::new(),
        },
    }
}
