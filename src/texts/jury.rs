//! Texts of the jurors' pages.
//!
//! Each constant is one text; a handler shows it with `c.text(…)`.

use super::Text;

/// The flash after a juror confirmed having no conflict with `count` applications.
pub fn no_conflict_confirmed(count: usize) -> Text<String> {
    if count == 1 {
        Text::new(
            "Sie haben für einen Antrag bestätigt, nicht befangen zu sein.",
            "You confirmed having no conflict of interest with one application.",
        )
        .owned()
    } else {
        Text {
            de: format!("Sie haben für {count} Anträge bestätigt, nicht befangen zu sein."),
            en: format!("You confirmed having no conflict of interest with {count} applications."),
        }
    }
}

/// The flash after a juror declared the conflicts known before the assignment.
pub fn conflicts_declared(count: usize) -> Text<String> {
    Text {
        de: format!(
            "Ihre Befangenheit ist für {} erklärt; die Programmverwaltung sieht die Erklärung.",
            if count == 1 {
                "einen Antrag".to_owned()
            } else {
                format!("{count} Anträge")
            }
        ),
        en: format!(
            "Your conflict of interest is declared for {}; the programme staff see the declaration.",
            if count == 1 {
                "one application".to_owned()
            } else {
                format!("{count} applications")
            }
        ),
    }
}

/// The documents of a juror's applications do not fit one ZIP file.
pub fn bundle_too_large(total: u64, limit: u64) -> Text<String> {
    Text {
        de: format!(
            "Die Unterlagen sind zusammen {} MB groß, mehr als die {} MB, die eine ZIP-Datei fassen darf. Bitte laden Sie sie auf den Seiten der Anträge einzeln herunter.",
            total.div_ceil(1024 * 1024),
            limit / (1024 * 1024)
        ),
        en: format!(
            "The documents together are {} MB, more than the {} MB one ZIP file may hold. Please download them one by one on the applications' pages.",
            total.div_ceil(1024 * 1024),
            limit / (1024 * 1024)
        ),
    }
}
pub const CONFLICT_DECLARED: Text = Text::new(
    "Ihre Befangenheit ist erklärt; der Antrag ist Ihnen nicht mehr zugeordnet. Die Programmverwaltung sieht die Erklärung.",
    "Your conflict of interest is declared; the application is no longer assigned to you. The programme staff see the declaration.",
);
pub const GIVE_CONFLICT_REASON: Text = Text::new(
    "Bitte nennen Sie den Grund der Befangenheit.",
    "Please give the reason for the conflict of interest.",
);
pub const PROGRESS_SUBMITTED: Text = Text::new("eingereicht", "submitted");
pub const PROGRESS_REOPENED: Text =
    Text::new("zur Überarbeitung geöffnet", "reopened for revision");
pub const PROGRESS_DRAFT_SAVED: Text = Text::new("Entwurf gespeichert", "draft saved");
pub const PROGRESS_CHECK_CONFLICTS: Text = Text::new("Befangenheit prüfen", "check for conflicts");
pub const PROGRESS_OPEN: Text = Text::new("offen", "open");
pub const NO_DOCUMENTS_TO_DOWNLOAD: Text = Text::new(
    "Es gibt keine Unterlagen zum Herunterladen: Ihnen ist in dieser Stufe kein Antrag mit Unterlagen zugeordnet, für den Sie erklärt haben, nicht befangen zu sein.",
    "There are no documents to download: no application with documents is assigned to you in this stage for which you declared having no conflict of interest.",
);
pub const WELCOME_JURY: Text = Text::new("Willkommen in der Jury.", "Welcome to the jury.");
pub const ENTER_NAME: Text =
    Text::new("Bitte geben Sie Ihren Namen an.", "Please enter your name.");
pub const ENTER_ORGANISATION: Text = Text::new(
    "Bitte geben Sie Ihre Einrichtung an.",
    "Please enter your organisation.",
);
pub const PASSWORD_WRONG: Text = Text::new("Das Passwort stimmt nicht.", "The password is wrong.");
pub const ADDRESS_HAS_OTHER_ACCOUNT: Text = Text::new(
    "Zu dieser Adresse gibt es bereits ein Konto, das kein Jurykonto ist. Bitte bitten Sie die Programmverwaltung, Sie mit einer anderen Adresse einzuladen.",
    "This address belongs to an account that is not a juror's. Please ask the programme staff to invite you with another address.",
);
pub const ALREADY_ASSIGNED_IN_STAGE: Text = Text::new(
    "Ihnen sind in dieser Stufe schon Anträge zugeordnet. Eine Befangenheit erklären Sie nun auf der Seite des zugeordneten Antrags.",
    "Applications of this stage are assigned to you already. You now declare a conflict of interest on the assigned application's page.",
);
pub const NO_CONFLICT_DECLARED: Text = Text::new(
    "Sie haben keine Befangenheit erklärt. Sie können sie bei jedem zugeordneten Antrag noch erklären.",
    "You declared no conflict of interest. You can still declare one for each assigned application.",
);
pub const DECLARED_KNOWN_BEFORE_ASSIGNMENT: Text = Text::new(
    "vor der Zuordnung als bekannt erklärt",
    "declared as known before the assignment",
);
pub const REVIEW_SUBMITTED: Text = Text::new(
    "Ihre Bewertung ist eingereicht.",
    "Your review is submitted.",
);
pub const REVIEW_SAVED: Text =
    Text::new("Ihre Bewertung ist gespeichert.", "Your review is saved.");
pub const FORM_BELONGS_EARLIER_STAGE: Text = Text::new(
    "Dieses Formular gehört zu einer früheren Stufe. Ihre Eingaben stehen unten; bitte prüfen Sie sie für die laufende Stufe und speichern Sie erneut.",
    "This form belongs to an earlier stage. Your input is below; please check it for the current stage and save again.",
);
pub const SCORE_NOT_NUMBER: Text =
    Text::new("Eine Punktzahl ist keine Zahl.", "A score is not a number.");
pub const REVIEW_SAVED_ELSEWHERE: Text = Text::new(
    "Diese Bewertung wurde inzwischen an anderer Stelle gespeichert (etwa in einem zweiten Fenster). Ihre Eingaben stehen unten; laden Sie die Seite neu, um den gespeicherten Stand zu sehen.",
    "This review was saved elsewhere in the meantime (in a second window, say). Your input is below; reload the page to see the saved state.",
);
