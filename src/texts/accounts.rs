//! Texts of the account pages: registration, login, password reset.
//!
//! Each constant is one text; a handler shows it with `c.text(…)`.

use super::Text;

pub const E_MAIL_ADDRESS_PASSWORD: Text = Text::new(
    "E-Mail-Adresse oder Passwort stimmen nicht.",
    "The e-mail address or the password is wrong.",
);
pub const ENTER_NAME: Text =
    Text::new("Bitte geben Sie Ihren Namen an.", "Please enter your name.");
