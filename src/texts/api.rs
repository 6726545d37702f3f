//! Texts of the API: its tokens on the account page, and the titles and reasons of its problem
//! answers (RFC 9457), in the language the caller's `Accept-Language` asks for.

use super::Text;
use crate::domain::account::Scope;

pub fn scope(scope: Scope) -> Text {
    match scope {
        Scope::Read => Text::new("Lesen", "Read"),
        Scope::Decide => Text::new(
            "Entscheidungen und Formalprüfung eintragen",
            "Record decisions and formal checks",
        ),
    }
}

pub const REVOKED_ON: Text = Text::new("widerrufen am", "revoked on");
pub const EXPIRED: Text = Text::new("abgelaufen", "expired");
pub const REVOKED: Text = Text::new(
    "Der Schlüssel ist widerrufen. Anfragen mit ihm werden ab jetzt abgelehnt.",
    "The token is revoked. Requests with it are refused from now on.",
);

pub const UNAUTHORIZED: Text = Text::new("Anmeldung erforderlich", "Authentication required");
pub const UNAUTHORIZED_DETAIL: Text = Text::new(
    "Die Anfrage braucht einen gültigen API-Schlüssel im Kopf „Authorization: Bearer …“. Schlüssel legen Sie unter „Mein Konto“ an; ein abgelaufener oder widerrufener gilt nicht mehr.",
    "The request needs a valid API token in the header \"Authorization: Bearer …\". Tokens are created under \"My account\"; an expired or revoked one is no longer valid.",
);
pub const FORBIDDEN: Text = Text::new("Nicht erlaubt", "Forbidden");
pub const FORBIDDEN_DETAIL: Text = Text::new(
    "Das Konto dieses Schlüssels darf das nicht.",
    "The account of this token may not do this.",
);
pub fn scope_missing(scope: Scope) -> Text<String> {
    Text {
        de: format!(
            "Dafür braucht der Schlüssel die Berechtigung „{}“ ({}).",
            self::scope(scope).de,
            scope.as_str()
        ),
        en: format!(
            "This needs a token with the permission \"{}\" ({}).",
            self::scope(scope).en,
            scope.as_str()
        ),
    }
}
pub const NOT_FOUND: Text = Text::new("Nicht gefunden", "Not found");
pub const NOT_FOUND_DETAIL: Text = Text::new(
    "Das gibt es nicht, oder das Konto dieses Schlüssels sieht es nicht.",
    "This does not exist, or the account of this token cannot see it.",
);
pub const BAD_REQUEST: Text = Text::new("Ungültige Anfrage", "Bad request");
pub const REFUSED: Text = Text::new("Abgelehnt", "Refused");
pub const CONFLICT: Text = Text::new("Zwischenzeitlich geändert", "Changed in the meantime");
pub const CONFLICT_DETAIL: Text = Text::new(
    "Jemand hat das inzwischen geändert. Bitte lesen Sie den neuen Stand und senden Sie die Anfrage mit dessen Revision erneut.",
    "Someone changed this in the meantime. Please read the new state and send the request again with its revision.",
);
pub const PRECONDITION_FAILED: Text = Text::new("Revision veraltet", "Revision out of date");
pub fn revision_mismatch(sent: &str, current: u64) -> Text<String> {
    Text {
        de: format!(
            "„If-Match: {sent}“ passt nicht zum aktuellen Stand (Revision \"{current}\"). Bitte lesen Sie ihn neu und entscheiden Sie auf seiner Grundlage."
        ),
        en: format!(
            "\"If-Match: {sent}\" does not match the current state (revision \"{current}\"). Please read it again and decide on its basis."
        ),
    }
}
pub const PRECONDITION_REQUIRED: Text = Text::new("Revision fehlt", "Revision required");
pub const PRECONDITION_REQUIRED_DETAIL: Text = Text::new(
    "Eine Änderung braucht den Kopf „If-Match“ mit der Revision (ETag), die Sie zuletzt gelesen haben.",
    "A change needs the header \"If-Match\" with the revision (ETag) you read last.",
);
pub const TOO_LARGE: Text = Text::new("Anfrage zu groß", "Request too large");
pub const TOO_LARGE_DETAIL: Text = Text::new(
    "Der Inhalt der Anfrage ist größer als erlaubt (64 KiB).",
    "The request's body is larger than allowed (64 KiB).",
);
pub const NOT_JSON: Text = Text::new(
    "Der Inhalt der Anfrage ist kein gültiges JSON dieser Form.",
    "The request's body is not valid JSON of this shape.",
);
pub const UNSUPPORTED_MEDIA_TYPE: Text = Text::new("Kein JSON", "Not JSON");
pub const UNSUPPORTED_MEDIA_TYPE_DETAIL: Text = Text::new(
    "Der Inhalt muss „Content-Type: application/json“ haben.",
    "The body must have \"Content-Type: application/json\".",
);
pub const BAD_CURSOR: Text = Text::new(
    "„after“ muss eine Position im Protokoll sein, wie sie „next“ einer früheren Seite nennt.",
    "\"after\" must be a position in the log, as \"next\" of an earlier page names it.",
);
pub fn bad_limit(max: usize) -> Text<String> {
    Text {
        de: format!("„limit“ muss eine Zahl von 1 bis {max} sein."),
        en: format!("\"limit\" must be a number from 1 to {max}."),
    }
}
pub fn bad_filter(name: &str) -> Text<String> {
    Text {
        de: format!("Der Filter „{name}“ hat keinen gültigen Wert."),
        en: format!("The filter \"{name}\" has no valid value."),
    }
}
pub fn bad_field(name: &str) -> Text<String> {
    Text {
        de: format!("Das Feld „{name}“ fehlt oder hat keinen gültigen Wert."),
        en: format!("The field \"{name}\" is missing or has no valid value."),
    }
}
pub const TOO_MANY_REQUESTS: Text = Text::new("Zu viele Anfragen", "Too many requests");
pub const TOO_MANY_REQUESTS_DETAIL: Text = Text::new(
    "Bitte warten Sie, bevor Sie es erneut versuchen; „Retry-After“ nennt die Sekunden.",
    "Please wait before trying again; \"Retry-After\" names the seconds.",
);
pub const INTERNAL: Text = Text::new("Interner Fehler", "Internal error");
pub const INTERNAL_DETAIL: Text = Text::new(
    "Die Anfrage ist fehlgeschlagen. Sie wurde protokolliert; bitte versuchen Sie es später erneut.",
    "The request failed. It was logged; please try again later.",
);
pub const SECOND_FACTOR_FIRST: Text = Text::new(
    "Für dieses Konto ist die Zwei-Faktor-Anmeldung vorgeschrieben. Bitte richten Sie sie ein, bevor Sie einen API-Schlüssel verwenden.",
    "Two-factor login is required for this account. Please set it up before using an API token.",
);
