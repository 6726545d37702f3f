//! Texts of the applicants' pages: creating, editing, submitting and declining an application, its status.
//!
//! Each constant is one text; a handler shows it with `c.text(…)`.

use super::Text;

pub const NEW_APPLICATIONS_COMPETITION_NO: Text = Text::new(
    "Für diesen Wettbewerb können keine neuen Anträge mehr angelegt werden.",
    "New applications to this competition are no longer possible.",
);
pub const ENTER_TITLE: Text = Text::new("Bitte geben Sie einen Titel an.", "Please enter a title.");
pub const AMOUNT_FREED_PROGRAMME_STAFF: Text = Text::new(
    "Der Betrag wird frei; die Programmverwaltung kann damit den ersten Antrag der Nachrückliste nachrücken lassen. Sie sieht Ihren Verzicht sofort.",
    "The amount is freed; programme staff may move up the first application on the reserve list with it. They see your decision at once.",
);
pub const DECLINE_FUNDING: Text =
    Text::new("Auf die Förderung verzichten?", "Decline the funding?");
pub const YES_DECLINE_FUNDING: Text = Text::new(
    "Ja, auf die Förderung verzichten",
    "Yes, decline the funding",
);
pub const CHOOSE_TECHNOLOGY_FIELD: Text = Text::new(
    "Bitte wählen Sie ein Technologiefeld.",
    "Please choose a technology field.",
);
pub const FORM_COULD_NOT_READ: Text = Text::new(
    "Das Formular konnte nicht gelesen werden.",
    "The form could not be read.",
);
pub const SUBMITTED_SUBMISSION_DEADLINE_PASSED: Text = Text::new(
    "Eingereicht. Die Einreichungsfrist ist vorbei: der Antrag lässt sich nicht mehr ändern oder zurückziehen.",
    "Submitted. The submission deadline has passed: the application can no longer be changed or withdrawn.",
);
pub const APPLICATION_NOT_SUBMITTED_CLOSE: Text = Text::new(
    "Der Antrag wurde bis zum Ende der Einreichung dieser Stufe nicht eingereicht. Er nimmt an ihr nicht mehr teil und lässt sich nicht mehr bearbeiten oder einreichen.",
    "The application was not submitted by the close of this stage's submissions. It no longer takes part in it and can no longer be edited or submitted.",
);
pub const APPLICATION_WITHDRAWN_NOT_SUBMITTED: Text = Text::new(
    "Der Antrag wurde zurückgezogen und bis zum Ende der Einreichung dieser Stufe nicht erneut eingereicht. Er lässt sich nicht mehr bearbeiten oder einreichen.",
    "The application was withdrawn and not submitted again by the close of this stage's submissions. It can no longer be edited or submitted.",
);
pub const APPLICATION_FORMALLY_REJECTED_NO: Text = Text::new(
    "Der Antrag wurde aus formalen Gründen abgelehnt; eine Einreichung ist nicht mehr möglich.",
    "The application was formally rejected; it can no longer be submitted.",
);
pub const ENTER_ORGANISATION_NAME: Text = Text::new(
    "Bitte geben Sie den Namen der Einrichtung an.",
    "Please enter the organisation's name.",
);
pub const CHOOSE_KIND_ORGANISATION: Text = Text::new(
    "Bitte wählen Sie die Art der Einrichtung.",
    "Please choose the kind of organisation.",
);
pub const CHOOSE_LAND: Text = Text::new("Bitte wählen Sie ein Land.", "Please choose a Land.");
pub const CONSORTIUM_CHANGED_NOTHING_SAVED: Text = Text::new(
    "Jemand anderes hat das Konsortium inzwischen geändert; es wurde nichts entfernt. Bitte prüfen Sie die aktuelle Liste.",
    "Someone else changed the consortium in the meantime; nothing was removed. Please check the current list.",
);
pub const CONSORTIUM_CHANGED_INPUT_KEPT: Text = Text::new(
    "Jemand anderes hat das Konsortium inzwischen geändert. Ihre Eingabe ist unten erhalten; bitte prüfen Sie die aktuelle Liste und speichern Sie erneut.",
    "Someone else changed the consortium in the meantime. Your input is kept below; please check the current list and save again.",
);
pub const BY_PROGRAMME_STAFF: Text = Text::new("Programmverwaltung", "Programme staff");
pub const BY_SYSTEM: Text = Text::new("System", "System");
pub const BY_CONSORTIUM: Text = Text::new("Konsortium", "Consortium");
