//! Texts of the account pages: registration, login, password reset.
//!
//! Each constant is one text; a handler shows it with `c.text(…)`.

use super::Text;

pub const WRONG_LOGIN: Text = Text::new(
    "E-Mail-Adresse oder Passwort stimmen nicht.",
    "The e-mail address or the password is wrong.",
);
pub const ENTER_NAME: Text =
    Text::new("Bitte geben Sie Ihren Namen an.", "Please enter your name.");
pub const RESET_LINK_SENT: Text = Text::new(
    "Wenn zu dieser Adresse ein Konto gehört, haben wir einen Link zum Zurücksetzen geschickt. Er ist eine Stunde gültig.",
    "If this address belongs to an account, we sent a reset link. It is valid for one hour.",
);
pub const PASSWORD_CHANGED: Text = Text::new(
    "Ihr Passwort ist geändert. Bitte melden Sie sich mit dem neuen Passwort an.",
    "Your password is changed. Please log in with the new password.",
);
pub const ADDRESS_CONFIRMED: Text = Text::new(
    "Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden.",
    "Your e-mail address is confirmed. You can log in now.",
);
pub const VERIFICATION_LINK_SENT: Text = Text::new(
    "Wenn zu dieser Adresse ein unbestätigtes Konto gehört, ist ein neuer Link unterwegs.",
    "If this address belongs to an unconfirmed account, a new link is on its way.",
);
pub const LOGGED_OUT: Text = Text::new("Sie sind abgemeldet.", "You are logged out.");
