//! Texts of the second factor: its set-up, the login's second step, the staff's reset.

use super::Text;

pub const QR_LABEL: Text = Text::new(
    "QR-Code zum Einrichten der App",
    "QR code for setting up the app",
);
pub const WRONG_CODE: Text = Text::new(
    "Der Code stimmt nicht. Bitte geben Sie den Code ein, den Ihre App gerade zeigt.",
    "The code is wrong. Please enter the code your app shows now.",
);
pub const WRONG_CODE_OR_RECOVERY: Text = Text::new(
    "Der Code stimmt nicht. Bitte geben Sie den Code Ihrer App oder einen unbenutzten Wiederherstellungscode ein.",
    "The code is wrong. Please enter the code of your app or an unused recovery code.",
);
pub const ENTER_CODE: Text = Text::new(
    "Bitte geben Sie den sechsstelligen Code Ihrer App ein.",
    "Please enter the six-digit code of your app.",
);
pub const LOG_IN_AGAIN: Text = Text::new(
    "Die Anmeldung hat zu lange auf den Code gewartet. Bitte melden Sie sich erneut an.",
    "The login waited too long for the code. Please log in again.",
);
pub const TRY_AGAIN: Text = Text::new(
    "Das Konto wurde gerade anderswo geändert. Bitte senden Sie das Formular noch einmal.",
    "The account was just changed elsewhere. Please send the form again.",
);
pub const START_AGAIN: Text = Text::new(
    "Die Einrichtung ist abgelaufen. Bitte richten Sie Ihre App mit dem neuen Schlüssel unten ein.",
    "The set-up has expired. Please set up your app with the new key below.",
);
pub const REMOVED: Text = Text::new(
    "Die Zwei-Faktor-Anmeldung ist entfernt. Sie melden sich jetzt nur mit Ihrem Passwort an.",
    "Two-factor login is removed. You now log in with your password only.",
);
pub const NO_SUCH_ACCOUNT: Text = Text::new(
    "Zu dieser E-Mail-Adresse gibt es kein Konto.",
    "There is no account for this e-mail address.",
);
pub const NOT_YOUR_OWN: Text = Text::new(
    "Die eigene Zwei-Faktor-Anmeldung setzt eine andere Person der Verwaltung zurück; entfernen können Sie sie auf Ihrer Kontoseite.",
    "Another member of staff resets your own two-factor login; you can remove it on your account page.",
);

/// After a login with a recovery code: how many are left.
pub fn recovery_codes_left(left: usize) -> Text<String> {
    Text {
        de: format!(
            "Sie haben sich mit einem Wiederherstellungscode angemeldet. Es bleiben {left} unbenutzte Codes."
        ),
        en: format!("You logged in with a recovery code. {left} unused codes are left."),
    }
}

/// After staff reset a person's second factor.
pub fn reset_done(email: &str) -> Text<String> {
    Text {
        de: format!(
            "Die Zwei-Faktor-Anmeldung von {email} ist zurückgesetzt. Bei der nächsten Anmeldung wird sie neu eingerichtet."
        ),
        en: format!(
            "The two-factor login of {email} is reset. It is set up anew at the next login."
        ),
    }
}
