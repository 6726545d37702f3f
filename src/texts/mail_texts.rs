//! What the pages for a competition's own mail texts say: the names of the kinds of message,
//! what each placeholder stands for, why a text is refused, and the sample values of a preview.

use super::Text;

// The kinds of message a competition may word itself (`email::mail_kinds`).
pub const KIND_WITHDRAWAL: Text = Text::new(
    "Eingereichter Antrag zurückgezogen",
    "Submitted application withdrawn",
);
pub const KIND_REJECTION: Text = Text::new("Formale Ablehnung", "Formal rejection");
pub const KIND_SHORTLISTED: Text = Text::new(
    "Ergebnis einer Stufe: ausgewählt",
    "Result of a stage: shortlisted",
);
pub const KIND_NOT_SHORTLISTED: Text = Text::new(
    "Ergebnis einer Stufe: nicht ausgewählt",
    "Result of a stage: not shortlisted",
);
pub const KIND_FUNDED: Text = Text::new(
    "Förderentscheidung: zur Förderung ausgewählt",
    "Funding decision: selected for funding",
);
pub const KIND_NOT_FUNDED: Text = Text::new(
    "Förderentscheidung: nicht ausgewählt",
    "Funding decision: not selected",
);
pub const KIND_MOVED_UP: Text = Text::new(
    "Von der Nachrückliste nachgerückt",
    "Moved up from the reserve list",
);
pub const KIND_DEFICIENCY_REQUEST: Text = Text::new(
    "Nachforderung in der Formalprüfung",
    "Request for corrections in the formal check",
);
pub const KIND_DEFICIENCY_REMINDER: Text = Text::new(
    "Erinnerung an die Nachforderung",
    "Reminder of the requested corrections",
);
pub const KIND_CORRECTIONS_RECEIVED: Text =
    Text::new("Eingang der Korrekturen", "Corrections received");
pub const TEILE: Text = Text::new(
    "die nachgeforderten Teile des Antrags, einer je Zeile",
    "the parts of the application asked for, one per line",
);
pub const SCHREIBEN: Text = Text::new(
    "das Schreiben der Programmverwaltung zur Nachforderung",
    "the programme staff's letter asking for the corrections",
);
pub const KIND_EXTENSION: Text = Text::new("Frist verlängert", "Deadline extended");
pub const KIND_SHORTENING: Text = Text::new("Frist vorgezogen", "Deadline moved earlier");
pub const KIND_REDRESS_RECEIPT: Text = Text::new(
    "Antrag auf Überprüfung eingegangen",
    "Request for review received",
);
pub const KIND_REDRESS_UPHELD: Text = Text::new(
    "Antwort auf einen Antrag auf Überprüfung: stattgegeben",
    "Answer to a request for review: upheld",
);
pub const KIND_REDRESS_REJECTED: Text = Text::new(
    "Antwort auf einen Antrag auf Überprüfung: zurückgewiesen",
    "Answer to a request for review: rejected",
);
pub const KIND_DRAFT_REMINDER: Text = Text::new(
    "Erinnerung an die Einreichungsfrist",
    "Reminder of the submission deadline",
);

// What each placeholder stands for.
pub const ANREDE: Text = Text::new(
    "die Anrede mit dem Namen der Empfängerin oder des Empfängers, etwa „Guten Tag, Anna Schmidt,“",
    "the salutation with the recipient's name, such as “Dear Anna Schmidt,”",
);
pub const TITEL: Text = Text::new("der Titel des Antrags", "the application's title");
pub const WETTBEWERB: Text = Text::new("der Name des Wettbewerbs", "the competition's name");
pub const ZEITPUNKT: Text = Text::new(
    "wann es geschah (Datum und Uhrzeit)",
    "when it happened (date and time)",
);
pub const LINK: Text = Text::new(
    "der Link zum Antrag oder zu seinem Stand",
    "the link to the application or its status",
);
pub const STUFE: Text = Text::new("der Titel der Stufe", "the stage's title");
pub const FRIST: Text = Text::new(
    "die Einreichungsfrist (Datum und Uhrzeit)",
    "the submission deadline (date and time)",
);
pub const NAECHSTE_STUFE: Text = Text::new(
    "der Titel der nächsten Stufe",
    "the title of the next stage",
);
pub const NAECHSTE_FRIST: Text = Text::new(
    "die Einreichungsfrist der nächsten Stufe",
    "the submission deadline of the next stage",
);
pub const GRUND: Text = Text::new(
    "die Begründung der Ablehnung",
    "the reason for the rejection",
);
pub const GRUENDE: Text = Text::new(
    "die Gründe, die das Konsortium für die Überprüfung angab",
    "the grounds the consortium gave for the review",
);
pub const ERGEBNIS: Text = Text::new(
    "das Ergebnis der Überprüfung (zurückgewiesen oder stattgegeben)",
    "the outcome of the review (rejected or upheld)",
);
pub const BEGRUENDUNG: Text = Text::new(
    "die Begründung der Antwort",
    "the reason given with the answer",
);
pub const BETRAG: Text = Text::new("der Förderbetrag in Euro", "the amount of funding in euros");
pub const PLATZ: Text = Text::new(
    "der frühere Platz auf der Nachrückliste",
    "the former place on the reserve list",
);
pub const BEWERTUNGSBERICHT: Text = Text::new(
    "der Bewertungsbericht der Jury, mit den Punkten, wenn der Wettbewerb sie bekannt gibt",
    "the jury's evaluation summary, with the scores where the competition releases them",
);

// The page's messages.
pub const SAVED: Text = Text::new(
    "Der Text ist gespeichert; Nachrichten dieser Art gehen ab jetzt mit ihm hinaus.",
    "The text is saved; messages of this kind go out with it from now on.",
);
pub const RESET: Text = Text::new(
    "Der Standardtext gilt wieder.",
    "The built-in text applies again.",
);
pub const CHANGED_MEANWHILE: Text = Text::new(
    "Der Text wurde inzwischen von jemand anderem geändert. Ihre Eingaben stehen unten; der gespeicherte Text steht in der Übersicht. Speichern Sie erneut, um ihn zu ersetzen.",
    "Someone else changed the text meanwhile. Your input is kept below; the saved text is in the overview. Save again to replace it.",
);
pub const NOT_ADJUSTED: Text = Text::new(
    "Für diese Nachricht gilt bereits der Standardtext.",
    "This message uses the built-in text already.",
);
pub const REFUSED: Text = Text::new(
    "Der Text kann so nicht gespeichert werden; die Gründe stehen bei den Feldern.",
    "The text cannot be saved as it is; the reasons are given beside the fields.",
);

// The values a preview fills in where the competition gives none.
pub const SAMPLE_NAME: Text = Text::new("Erika Mustermann", "Jane Doe");
pub const SAMPLE_TITLE: Text = Text::new("Beispielantrag", "Sample application");
pub const SAMPLE_REASON: Text = Text::new(
    "Die Absichtserklärungen der Partner sind nicht unterschrieben.",
    "The partners' letters of intent are not signed.",
);
pub const SAMPLE_GROUNDS: Text = Text::new(
    "Ein Mitglied der Jury ist bei einem unserer Partner beschäftigt.",
    "A member of the jury works for one of our partners.",
);
pub const SAMPLE_SUMMARY: Text = Text::new(
    "(Hier steht der Bewertungsbericht der Jury.)",
    "(The jury's evaluation summary goes here.)",
);

/// The language a text is written in, as the pages name it.
pub fn language(language: crate::domain::account::Language) -> Text {
    match language {
        crate::domain::account::Language::De => Text::new("Deutsch", "German"),
        crate::domain::account::Language::En => Text::new("Englisch", "English"),
    }
}
