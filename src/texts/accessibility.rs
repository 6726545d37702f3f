//! The accessibility statement's form, the staff's list of feedback and the legal pages.

use super::Text;
use crate::domain::accessibility_feedback::FeedbackError;

pub const FEEDBACK_RECEIVED: Text = Text::new(
    "Vielen Dank, Ihre Rückmeldung ist eingegangen.",
    "Thank you, your feedback has arrived.",
);
pub const FEEDBACK_RECEIVED_WITH_ADDRESS: Text = Text::new(
    "Vielen Dank, Ihre Rückmeldung ist eingegangen. Wir antworten Ihnen an die angegebene Adresse.",
    "Thank you, your feedback has arrived. We will answer to the address you gave.",
);

/// Why a message of feedback is refused, beside its field.
pub fn feedback(error: &FeedbackError) -> Text<String> {
    match error {
        FeedbackError::EmptyMessage => Text::new(
            "Bitte beschreiben Sie, worum es geht.",
            "Please describe what it is about.",
        )
        .owned(),
        FeedbackError::MessageTooLong { max, given } => Text::from((
            format!(
                "Höchstens {} Zeichen; eingegeben sind {}.",
                crate::number_display::count(*max, crate::domain::account::Language::De),
                crate::number_display::count(*given, crate::domain::account::Language::De)
            ),
            format!(
                "At most {} characters; {} were entered.",
                crate::number_display::count(*max, crate::domain::account::Language::En),
                crate::number_display::count(*given, crate::domain::account::Language::En)
            ),
        )),
        FeedbackError::Name(problem) => super::refusals::text(problem),
        FeedbackError::AlreadyReceived => Text::new(
            "Diese Rückmeldung ist bereits eingegangen.",
            "This feedback has arrived already.",
        )
        .owned(),
    }
}
