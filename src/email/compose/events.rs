//! Which events make mail: each recorded event is decoded once into its aggregate's event enum,
//! and the variants that cause messages are matched with their typed fields. An event that does
//! not decode is an error, never a message with a defaulted field.

use super::application_mail::Concerned;
use super::reads::Reads;
use super::{Composed, Composer};
use crate::app::decode;
use crate::domain::accessibility_feedback::{AccessibilityFeedback, FeedbackEvent};
use crate::domain::account::{Account, AccountEvent};
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, ApplicationEvent};
use crate::domain::circular::{Circular, CircularEvent};
use crate::domain::competition::{Competition, CompetitionEvent};
use crate::domain::jury::{Jury, JuryEvent};
use crate::domain::redress::Redress;
use crate::domain::review::{Review, ReviewEvent};
use crate::event_store::RecordedEvent;

/// A recorded event as its aggregate's event.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// Boxed: a competition's set-up makes its events much larger than the others.
    Competition(Box<CompetitionEvent>),
    Application(ApplicationEvent),
    Jury(JuryEvent),
    Review(ReviewEvent),
    Account(AccountEvent),
    Redress,
    Circular(Box<CircularEvent>),
    Feedback(FeedbackEvent),
}

/// The event decoded by its stream's category; `None` for streams that never make mail.
pub fn decoded(event: &RecordedEvent) -> Result<Option<Decoded>, String> {
    fn typed<A: Aggregate>(event: &RecordedEvent) -> Result<A::Event, String> {
        decode::<A>(event).map_err(|e| e.to_string())
    }
    Ok(Some(match event.stream.category() {
        Some(Competition::CATEGORY) => Decoded::Competition(Box::new(typed::<Competition>(event)?)),
        Some(Application::CATEGORY) => Decoded::Application(typed::<Application>(event)?),
        Some(Jury::CATEGORY) => Decoded::Jury(typed::<Jury>(event)?),
        Some(Review::CATEGORY) => Decoded::Review(typed::<Review>(event)?),
        Some(Account::CATEGORY) => Decoded::Account(typed::<Account>(event)?),
        Some(Redress::CATEGORY) => {
            typed::<Redress>(event)?;
            Decoded::Redress
        }
        Some(Circular::CATEGORY) => Decoded::Circular(Box::new(typed::<Circular>(event)?)),
        Some(AccessibilityFeedback::CATEGORY) => {
            Decoded::Feedback(typed::<AccessibilityFeedback>(event)?)
        }
        _ => return Ok(None),
    }))
}

impl Composer {
    /// The messages of one decoded event, by kind.
    pub(super) fn compose(
        &self,
        event: &RecordedEvent,
        decoded: Decoded,
        reads: &Reads,
    ) -> Result<Composed, String> {
        use ApplicationEvent as A;
        use CompetitionEvent as C;
        use JuryEvent as J;
        let none = || Ok(Vec::new());
        match decoded {
            Decoded::Application(application) => match application {
                A::ApplicationSubmitted { .. } => self.about_application(event, reads, "receipt"),
                A::ApplicationWithdrawn { .. } => {
                    self.about_application(event, reads, "withdrawal")
                }
                A::ApplicationFormallyRejected { .. } => {
                    self.about_application(event, reads, "rejection")
                }
                A::EditorInvited { email, .. } => self.invitation(event, reads, email),
                A::CorrectionsRequested { stage, round, .. } => {
                    self.correction(event, reads, "deficiency-request", stage, round)
                }
                A::CorrectionReminderDue { stage, round, .. } => {
                    self.correction(event, reads, "deficiency-reminder", stage, round)
                }
                A::CorrectionsSubmitted { stage, round, .. } => {
                    self.correction(event, reads, "corrections-received", stage, round)
                }
                _ => none(),
            },
            Decoded::Competition(competition) => match *competition {
                C::ResultsReleased { stage, .. } => self.results(event, reads, stage),
                C::MovedUpFromReserve {
                    application_id,
                    place,
                    amount,
                    ..
                } => self.moved_up(event, reads, application_id, place, amount),
                C::SubmissionDeadlineExtended { stage, to, .. } => {
                    self.stage_notices(event, reads, "extension", Concerned::TakingPart, stage, to)
                }
                C::DeadlinesShortened {
                    stage,
                    submission: Some(moved),
                    ..
                } => self.stage_notices(
                    event,
                    reads,
                    "shortening",
                    Concerned::TakingPart,
                    stage,
                    moved.to,
                ),
                // Only the review ends sooner: nothing changes for the consortia.
                C::DeadlinesShortened { .. } => none(),
                C::DraftRemindersDue {
                    stage, deadline, ..
                } => self.stage_notices(
                    event,
                    reads,
                    "draft-reminder",
                    Concerned::NotSubmitted,
                    stage,
                    deadline,
                ),
                C::ReviewRemindersDue {
                    stage, deadline, ..
                } => self.review_reminders(event, reads, stage, deadline),
                _ => none(),
            },
            Decoded::Jury(jury) => match jury {
                J::JurorAssigned { stage, by, .. } => self.assignments(event, reads, stage, by),
                J::AssignmentsAnnounced {
                    stage,
                    juror_id,
                    applications,
                    ..
                } => self.announced(event, reads, stage, juror_id, &applications),
                J::JurorInvited {
                    juror_id, nonce, ..
                } => self.juror_invitation(event, reads, juror_id, &nonce),
                _ => none(),
            },
            Decoded::Review(review) => match review {
                ReviewEvent::ReviewReopened { key, reason, .. } => {
                    self.reopened_review(event, reads, key, reason)
                }
                _ => none(),
            },
            // The request and the answer each make their messages.
            Decoded::Redress => self.redress(event, reads),
            Decoded::Circular(circular) => self.circular(event, reads, *circular),
            Decoded::Feedback(feedback) => self.feedback(event, feedback),
            Decoded::Account(account) => match account {
                AccountEvent::AccountRegistered {
                    verification_nonce: Some(nonce),
                    ..
                }
                | AccountEvent::VerificationRequested { nonce, .. } => {
                    self.account_link(event, reads, "verification", &nonce)
                }
                AccountEvent::PasswordResetRequested { nonce, .. } => {
                    self.account_link(event, reads, "password-reset", &nonce)
                }
                // A registration without a nonce (an account created verified) sends nothing.
                _ => none(),
            },
        }
    }
}
