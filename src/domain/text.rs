//! How long a text a person types may be, and which texts stay on one line. Every page, mail
//! and export shows these texts, so one account's input must not grow them without bound.
//! The rules live here, once; each aggregate checks its commands' texts with them.

/// Names and titles: organisations, people, applications, stages, criteria.
pub const MAX_LINE_CHARS: usize = 300;
/// Summaries, descriptions, comments and reasons.
pub const MAX_TEXT_CHARS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("at most {max} characters, not {given}")]
    TooLong { max: usize, given: usize },
    #[error("a line break in a one-line field")]
    LineBreak,
}

/// A name or a title: no line break, at most [`MAX_LINE_CHARS`] characters.
pub fn check_line(text: &str) -> Result<(), TextError> {
    if text.contains(['\r', '\n']) {
        return Err(TextError::LineBreak);
    }
    check_length(text, MAX_LINE_CHARS)
}

/// A text of several lines: at most [`MAX_TEXT_CHARS`] characters.
pub fn check_text(text: &str) -> Result<(), TextError> {
    check_length(text, MAX_TEXT_CHARS)
}

pub fn check_length(text: &str, max: usize) -> Result<(), TextError> {
    let given = text.chars().count();
    if given > max {
        return Err(TextError::TooLong { max, given });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_300_characters_is_taken_and_one_more_is_refused() {
        assert_eq!(check_line(&"ä".repeat(300)), Ok(()));
        assert_eq!(
            check_line(&"ä".repeat(301)),
            Err(TextError::TooLong {
                max: 300,
                given: 301
            })
        );
    }

    #[test]
    fn a_line_refuses_carriage_returns_and_line_feeds() {
        assert_eq!(check_line("Müller\nGmbH"), Err(TextError::LineBreak));
        assert_eq!(check_line("Müller\rGmbH"), Err(TextError::LineBreak));
    }

    #[test]
    fn a_text_keeps_its_lines_up_to_its_maximum() {
        assert_eq!(check_text("erste Zeile\r\nzweite Zeile"), Ok(()));
        assert_eq!(check_text(&"x".repeat(MAX_TEXT_CHARS)), Ok(()));
        assert!(matches!(
            check_text(&"x".repeat(MAX_TEXT_CHARS + 1)),
            Err(TextError::TooLong { .. })
        ));
    }
}
