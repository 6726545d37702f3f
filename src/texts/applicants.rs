//! Texts of the applicants' pages: creating, editing, submitting and declining an application, its status.
//!
//! Each constant is one text; a handler shows it with `c.text(…)`.

use super::Text;
use crate::domain::account::Language;
use crate::domain::money::{AmountError, Cents};
use crate::number_display::money;

pub const NO_NEW_APPLICATIONS: Text = Text::new(
    "Für diesen Wettbewerb können keine neuen Anträge mehr angelegt werden.",
    "New applications to this competition are no longer possible.",
);
pub const ENTER_TITLE: Text = Text::new("Bitte geben Sie einen Titel an.", "Please enter a title.");
pub const DECLINE_FREES_AMOUNT: Text = Text::new(
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
pub const SUBMITTED_DEADLINE_PASSED: Text = Text::new(
    "Eingereicht. Die Einreichungsfrist ist vorbei: der Antrag lässt sich nicht mehr ändern oder zurückziehen.",
    "Submitted. The submission deadline has passed: the application can no longer be changed or withdrawn.",
);
pub const NOT_SUBMITTED_IN_STAGE: Text = Text::new(
    "Der Antrag wurde bis zum Ende der Einreichung dieser Stufe nicht eingereicht. Er nimmt an ihr nicht mehr teil und lässt sich nicht mehr bearbeiten oder einreichen.",
    "The application was not submitted by the close of this stage's submissions. It no longer takes part in it and can no longer be edited or submitted.",
);
pub const WITHDRAWN_NOT_SUBMITTED_AGAIN: Text = Text::new(
    "Der Antrag wurde zurückgezogen und bis zum Ende der Einreichung dieser Stufe nicht erneut eingereicht. Er lässt sich nicht mehr bearbeiten oder einreichen.",
    "The application was withdrawn and not submitted again by the close of this stage's submissions. It can no longer be edited or submitted.",
);
pub const REJECTED_NO_SUBMISSION: Text = Text::new(
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
pub const APPLICATION_CREATED: Text = Text::new(
    "Der Antrag ist angelegt. Ergänzen Sie nun Angaben, Partner und Unterlagen.",
    "The application is created. Now add the details, partners and documents.",
);
pub const INVITATION_SENT: Text = Text::new(
    "Die Einladung ist verschickt.",
    "The invitation is on its way.",
);
pub const PERSON_REMOVED: Text = Text::new("Die Person ist entfernt.", "The person is removed.");
pub const DETAILS_SAVED: Text =
    Text::new("Die Angaben sind gespeichert.", "The details are saved.");
pub const APPLICATION_SUBMITTED: Text = Text::new(
    "Ihr Antrag ist eingereicht. Eine Eingangsbestätigung geht Ihnen per E-Mail zu.",
    "Your application is submitted. A receipt is on its way by e-mail.",
);
pub const APPLICATION_WITHDRAWN: Text = Text::new(
    "Der Antrag ist zurückgezogen. Sie können ihn bis zur Frist ändern und erneut einreichen.",
    "The application is withdrawn. You can change it and submit it again until the deadline.",
);
pub const PARTNER_REMOVED: Text = Text::new("Der Partner ist entfernt.", "The partner is removed.");
pub const CONSORTIUM_SAVED: Text = Text::new(
    "Das Konsortium ist gespeichert.",
    "The consortium is saved.",
);
pub const FUNDING_DECLINED: Text = Text::new(
    "Sie haben auf die Förderung verzichtet. Die Programmverwaltung sieht Ihren Verzicht.",
    "You declined the funding. Programme staff see your decision.",
);
pub const DOCUMENT_UPLOADED: Text =
    Text::new("Das Dokument ist hochgeladen.", "The document is uploaded.");
pub const DOCUMENT_REMOVED: Text =
    Text::new("Das Dokument ist entfernt.", "The document is removed.");

/// The consequence of declining, with the amount already written in the page's language.
pub fn decline_happens(amount: &str, title: &str) -> Text<String> {
    Text {
        de: format!(
            "Ihr Konsortium verzichtet auf die Förderung mit bis zu {amount} für „{title}“. Der Antrag ist danach nicht mehr zur Förderung ausgewählt."
        ),
        en: format!(
            "Your consortium gives up the funding of up to {amount} for “{title}”. The application is then no longer selected for funding."
        ),
    }
}

/// What an event of the application's history was, as its status page names it.
pub fn event(event_type: &str) -> Text {
    match event_type {
        "ApplicationCreated" => Text::new("Antrag angelegt", "Application created"),
        "DetailsChanged" => Text::new("Angaben geändert", "Details changed"),
        "PartnerAdded" => Text::new("Partner hinzugefügt", "Partner added"),
        "PartnerChanged" => Text::new("Partner geändert", "Partner changed"),
        "PartnerRemoved" => Text::new("Partner entfernt", "Partner removed"),
        "CoordinatorChanged" => Text::new("Koordination geändert", "Coordinator changed"),
        "DocumentAttached" => Text::new("Dokument hochgeladen", "Document uploaded"),
        "DocumentRemoved" => Text::new("Dokument entfernt", "Document removed"),
        "ApplicationSubmitted" => Text::new("Eingereicht", "Submitted"),
        "ApplicationWithdrawn" => Text::new("Zurückgezogen", "Withdrawn"),
        "ApplicationFormallyRejected" => Text::new("Formal abgelehnt", "Formally rejected"),
        "NextStageStarted" => {
            Text::new("Zur nächsten Stufe eingeladen", "Invited to the next stage")
        }
        "EditorInvited" => Text::new("Mitwirkende Person eingeladen", "Co-editor invited"),
        "EditorRemoved" => Text::new("Mitwirkende Person entfernt", "Co-editor removed"),
        "FormalCheckTicked" => Text::new(
            "Formalprüfung: Prüfpunkte bearbeitet",
            "Formal check: checklist worked on",
        ),
        "CorrectionsRequested" => Text::new(
            "Nachforderung der Programmverwaltung",
            "Corrections requested by the programme staff",
        ),
        "CorrectionReminderDue" => Text::new(
            "Erinnerung an die Nachforderung",
            "Reminder of the requested corrections",
        ),
        "CorrectionsSubmitted" => Text::new("Korrekturen eingereicht", "Corrections handed in"),
        "FormalCheckCompleted" => Text::new(
            "Formalprüfung abgeschlossen: formal vollständig",
            "Formal check closed: formally complete",
        ),
        _ => Text::new("Änderung", "Change"),
    }
}

/// A stage's result in the history, the status named in both languages.
pub fn result(status: Text<String>) -> Text<String> {
    Text {
        de: format!("Ergebnis: {}", status.de),
        en: format!("Result: {}", status.en),
    }
}

pub fn moved_up(amount: Cents) -> Text<String> {
    Text {
        de: format!(
            "Von der Nachrückliste nachgerückt: zur Förderung mit bis zu {amount} ausgewählt"
        ),
        en: format!(
            "Moved up from the reserve list: selected for funding of up to {}",
            money(amount, Language::En)
        ),
    }
}

pub fn declined(amount: Cents) -> Text<String> {
    Text {
        de: format!("Auf die Förderung mit bis zu {amount} verzichtet"),
        en: format!("Funding of up to {} declined", money(amount, Language::En)),
    }
}

/// An amount the form could not read: the parser's reason, and in English the example.
pub fn not_an_amount(error: &AmountError, text: &str) -> Text<String> {
    Text {
        de: super::explanations::amount(error).de,
        en: format!(
            "“{}” is not an amount in euro (e.g. 1.250.000,00).",
            text.trim()
        ),
    }
}

pub const NOT_SUBMITTED_INELIGIBLE: Text = Text::new(
    "Der Antrag wurde nicht eingereicht: Nicht alle Voraussetzungen sind erfüllt. Die Gründe stehen bei den Feldern.",
    "The application was not submitted: not every eligibility rule is met. The reasons are shown beside the fields.",
);
