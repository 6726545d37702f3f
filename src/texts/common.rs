//! Texts every area shares: the error pages, refused forms, the public competition page, the pager.
//!
//! Each constant is one text; a handler shows it with `c.text(…)`.

use super::Text;
use crate::web::state::Wait;

pub const STAGE_CURRENT: Text = Text::new("läuft", "current");
pub const STAGE_COMPLETED: Text = Text::new("abgeschlossen", "completed");
pub const RULE_LANDS: Text = Text::new(
    "Alle Partner haben ihren Sitz in:",
    "Every partner is based in:",
);
pub const RULE_KIND: Text = Text::new("Mindestens ein Partner:", "At least one partner:");
pub const RULE_MAX_REQUESTED: Text = Text::new(
    "Beantragte Förderung höchstens",
    "Requested funding at most",
);
pub const RULE_FIELDS: Text = Text::new("Technologiefelder:", "Technology fields:");
pub const FORM_COULD_NOT_READ: Text = Text::new(
    "Das Formular konnte nicht gelesen werden.",
    "The form could not be read.",
);
pub const FORM_TOO_LARGE: Text = Text::new("Das Formular ist zu groß.", "The form is too large.");
pub const FORM_FIELD_MALFORMED: Text = Text::new(
    "Ein Formularfeld fehlte oder hatte eine unerwartete Form.",
    "A form field was missing or malformed.",
);
pub const TO_START_PAGE: Text = Text::new("Zur Startseite", "To the start page");
pub const ERROR_400: Text = Text::new(
    "Die Anfrage war unvollständig",
    "The request was incomplete",
);
pub const ERROR_400_TEXT: Text = Text::new(
    "Ein Formularfeld fehlte oder hatte eine unerwartete Form. Bitte gehen Sie zurück und versuchen Sie es noch einmal.",
    "A form field was missing or malformed. Please go back and try again.",
);
pub const ERROR_403: Text = Text::new("Kein Zugriff", "Access denied");
pub const ERROR_403_TEXT: Text = Text::new(
    "Diese Seite oder Aktion ist für Ihr Konto nicht freigegeben. Wenn Sie meinen, dass das ein Irrtum ist, wenden Sie sich an die Programmverwaltung.",
    "Your account may not open this page or do this. If you think this is a mistake, please contact the programme staff.",
);
pub const ERROR_404: Text = Text::new("Seite nicht gefunden", "Page not found");
pub const ERROR_404_TEXT: Text = Text::new(
    "Unter dieser Adresse gibt es nichts. Vielleicht ist der Link veraltet oder unvollständig.",
    "There is nothing at this address. The link may be outdated or incomplete.",
);
pub const NOT_POSSIBLE: Text = Text::new("Nicht möglich", "Not possible");
pub const ERROR_405_TEXT: Text = Text::new(
    "Diese Adresse kann so nicht aufgerufen werden.",
    "This address cannot be used this way.",
);
pub const ERROR_409: Text = Text::new("Inzwischen geändert", "Changed in the meantime");
pub const ERROR_409_TEXT: Text = Text::new(
    "Jemand anderes hat diese Angaben inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.",
    "Someone else changed this in the meantime. Please reload the page and check the current state.",
);
pub const ERROR_413: Text = Text::new("Zu groß", "Too large");
pub const ERROR_413_TEXT: Text = Text::new(
    "Die gesendeten Daten sind zu groß. Bitte laden Sie eine kleinere Datei hoch.",
    "The data sent is too large. Please upload a smaller file.",
);
pub const ERROR_422_TEXT: Text = Text::new(
    "Die Aktion wurde nicht ausgeführt; es wurde nichts gespeichert.",
    "The action was not carried out; nothing was saved.",
);
pub const ERROR_429: Text = Text::new("Zu viele Versuche", "Too many attempts");
pub const ERROR_429_TEXT: Text = Text::new(
    "Zum Schutz Ihres Kontos sind weitere Versuche erst in einer Minute möglich.",
    "To protect your account, please wait a minute before trying again.",
);
pub const TO_LOGIN: Text = Text::new("Zur Anmeldung", "To the login");
pub const ERROR_503: Text = Text::new("Vorübergehend nicht verfügbar", "Temporarily unavailable");
pub const ERROR_503_TEXT: Text = Text::new(
    "Der Dienst kann gerade nichts speichern. Es ist nichts verloren gegangen; bitte versuchen Sie es später noch einmal.",
    "The service cannot save anything at the moment. Nothing was lost; please try again later.",
);
pub const ERROR_500: Text = Text::new("Ein Fehler ist aufgetreten", "Something went wrong");
pub const ERROR_500_TEXT: Text = Text::new(
    "Auf unserer Seite ist ein Fehler aufgetreten; er wurde protokolliert. Bereits bestätigte Eingaben sind gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.",
    "Something went wrong on our side and it was logged. Everything confirmed before is saved. Please try again in a few minutes.",
);
pub const PASSWORDS_DO_NOT_MATCH: Text = Text::new(
    "Die Passwörter stimmen nicht überein.",
    "The passwords do not match.",
);
pub const PAGE_OF: Text = Text::new("von", "of");
pub const NOT_SUBMITTED_IN_ITS_STAGE: Text = Text::new(
    "Der Antrag wurde bis zum Ende der Einreichung seiner Stufe nicht eingereicht und lässt sich nicht mehr ändern.",
    "The application was not submitted by the close of its stage's submissions and can no longer be changed.",
);

pub const FORM_EXPIRED: Text = Text::new(
    "Das Formular war abgelaufen oder stammte nicht von dieser Seite. Bitte laden Sie die Seite neu und senden Sie es noch einmal.",
    "The form had expired or did not come from this site. Please reload the page and send it again.",
);

/// "in 3 Minuten" / "in 3 minutes", for a sentence that says when to try again.
pub fn wait(wait: Wait) -> Text<String> {
    let seconds = wait.seconds().max(1);
    let minutes = seconds.div_ceil(60);
    match seconds {
        1 => Text::new("in einer Sekunde", "in a second").owned(),
        2..60 => Text {
            de: format!("in {seconds} Sekunden"),
            en: format!("in {seconds} seconds"),
        },
        60 => Text::new("in einer Minute", "in a minute").owned(),
        _ => Text {
            de: format!("in {minutes} Minuten"),
            en: format!("in {minutes} minutes"),
        },
    }
}

/// A refused attempt: when to send the form again.
pub fn too_many_attempts(wait: Wait) -> Text<String> {
    let Text { de, en } = self::wait(wait);
    Text {
        de: format!("Zu viele Versuche. Bitte senden Sie das Formular {de} noch einmal."),
        en: format!("Too many attempts. Please send the form again {en}."),
    }
}

/// The rules of a competition as its public page lists them.
pub fn min_partners(n: u32) -> Text<String> {
    Text {
        de: format!("Mindestens {n} Partner einschließlich der Koordination."),
        en: format!("At least {n} partners including the coordinator."),
    }
}

pub fn min_smes(n: u32) -> Text<String> {
    Text {
        de: format!("Mindestens {n} KMU."),
        en: format!("At least {n} SMEs."),
    }
}

pub fn min_cofinancing(percent: u32) -> Text<String> {
    Text {
        de: format!("Private Kofinanzierung mindestens {percent} % der beantragten Förderung."),
        en: format!("Private co-financing at least {percent} % of the requested funding."),
    }
}
