//! Texts of the programme staff's pages: confirmations, dashboard, exports, jury, outbox, reviews, round steps.
//!
//! Each constant is one text; a handler shows it with `c.text(…)`.

use chrono::{DateTime, Utc};

use super::Text;
use crate::domain::account::Language;
use crate::domain::competition::{Outcome, ReminderKind};
use crate::domain::money::{AmountError, Cents};
use crate::domain::steps::StepKind;
use crate::number_display::money;
use crate::time_display::berlin;
use crate::web::staff::round_list::Sort;

pub const STATE_CHANGED: Text = Text::new(
    "Seit Sie diese Seite geöffnet haben, hat sich der Stand geändert; nichts wurde ausgeführt. Bitte prüfen Sie die Zahlen unten und bestätigen Sie erneut.",
    "The state changed after you opened this page; nothing was done. Please check the figures below and confirm again.",
);
pub const RELEASE_RESULTS: Text = Text::new("Ergebnisse freigeben?", "Release the results?");
pub const COMPLETE_COMPETITION: Text =
    Text::new("Wettbewerb abschließen?", "Complete the competition?");
pub const COMPLETE_COMPETITION_TEXT: Text = Text::new(
    "Der Wettbewerb wird abgeschlossen: es gibt keine weitere Stufe und nichts mehr zu entscheiden; auch die Nachrückliste ist dann geschlossen (niemand rückt mehr nach, auf eine Förderung lässt sich hier nicht mehr verzichten). Es gehen keine E-Mails hinaus.",
    "The competition is completed: there is no further stage and nothing left to decide; the reserve list closes too (nobody moves up any more, and funding can no longer be declined here). No e-mails are sent.",
);
pub const YES_COMPLETE_COMPETITION: Text = Text::new(
    "Ja, Wettbewerb abschließen",
    "Yes, complete the competition",
);
pub const OPEN_NEXT_STAGE_NO_MAIL: Text = Text::new(
    "Es gehen keine E-Mails hinaus: die ausgewählten Konsortien kennen die Stufe und ihre Frist aus der Ergebnismitteilung; sie finden den Antrag der neuen Stufe unter „Meine Anträge“.",
    "No e-mails are sent: the shortlisted consortia know the stage and its deadline from their result notice; they find the application for the new stage under “My applications”.",
);
pub const OPEN_NEXT_STAGE: Text = Text::new("Nächste Stufe öffnen?", "Open the next stage?");
pub const OUTCOME_NOT_FUNDED: Text = Text::new("nicht gefördert", "not funded");
pub const OUTCOME_NOT_SHORTLISTED: Text = Text::new("nicht ausgewählt", "not shortlisted");
pub const FINALISE_DECISIONS_TEXT: Text = Text::new(
    "Danach lassen sich die Entscheidungen der Stufe nicht mehr ändern; E-Mails gehen erst mit der Freigabe hinaus.",
    "After that the stage's decisions can no longer be changed; e-mails go out only when the results are released.",
);
pub const FINALISE_DECISIONS: Text =
    Text::new("Entscheidungen abschließen?", "Finalise the decisions?");
pub const YES_FINALISE_DECISIONS: Text = Text::new(
    "Ja, Entscheidungen abschließen",
    "Yes, finalise the decisions",
);
pub const REJECT_APPLICATION_FORMALLY: Text = Text::new(
    "Antrag formal ablehnen?",
    "Reject the application formally?",
);
pub const YES_REJECT_FORMALLY: Text = Text::new("Ja, formal ablehnen", "Yes, reject formally");
pub const DELETE_DRAFT: Text = Text::new("Entwurf löschen?", "Delete the draft?");
pub const DELETE_DRAFT_TEXT: Text = Text::new(
    "Der Entwurf verschwindet aus allen Listen, und seine Seiten gibt es nicht mehr. Er wurde nie veröffentlicht, also hat ihn kein Konsortium gesehen; es gehen keine E-Mails hinaus, und Einladungen in seine Jury verfallen. Im Protokoll bleibt festgehalten, wer ihn wann gelöscht hat.",
    "The draft leaves every list and its pages are gone. It was never published, so no consortium has seen it; no e-mails are sent, and invitations to its jury lapse. The log keeps who deleted it and when.",
);
pub const YES_DELETE_DRAFT: Text = Text::new("Ja, Entwurf löschen", "Yes, delete the draft");
pub const FUNNEL_CREATED: Text = Text::new("Angelegt", "Created");
pub const FUNNEL_SUBMITTED: Text = Text::new("Eingereicht", "Submitted");
pub const FUNNEL_ELIGIBLE: Text = Text::new("Formal zulässig", "Formally eligible");
pub const FUNNEL_ON_OR_FUNDED: Text = Text::new("weiter / gefördert", "going on / funded");
pub const APPLICATIONS_BY_STATE: Text = Text::new("Anträge nach Stand", "Applications by state");
pub const FUNNEL_ACROSS_STAGES: Text =
    Text::new("Verlauf über die Stufen", "Funnel across the stages");
pub const BY_COORDINATOR_LAND: Text = Text::new(
    "Eingereichte Anträge nach Land der Koordination",
    "Submitted applications by the coordinator's Land",
);
pub const BY_TECHNOLOGY_FIELD: Text = Text::new(
    "Eingereichte Anträge nach Technologiefeld",
    "Submitted applications by technology field",
);
pub const REVIEWS_PER_JUROR: Text = Text::new(
    "Begutachtung je Jurymitglied (eingereicht / zugeordnet)",
    "Reviews per juror (submitted / assigned)",
);
pub const REVIEW_REOPENED: Text = Text::new("wieder geöffnet", "reopened");
pub const REVIEW_SUBMITTED: Text = Text::new("eingereicht", "submitted");
pub const SHORTLISTED: Text = Text::new("ausgewählt", "shortlisted");
pub const FUNDED: Text = Text::new("gefördert", "funded");
pub const RESERVE_LIST: Text = Text::new("Nachrückliste", "reserve list");
pub const FUNDED_DECLINED: Text = Text::new("gefördert, darauf verzichtet", "funded, declined");
pub const FUNDED_MOVED_UP: Text = Text::new("gefördert, nachgerückt", "funded, moved up");
pub const ACCEPTED: Text = Text::new("angenommen", "accepted");
pub const INVITED_ON: Text = Text::new("eingeladen am", "invited on");
pub const NOT_INVITED: Text = Text::new("nicht eingeladen", "not invited");
pub const DECLARED: Text = Text::new("erklärt", "declared");
pub const DETECTED_OWN_ORGANISATION: Text = Text::new(
    "erkannt (eigene Einrichtung)",
    "detected (own organisation)",
);
pub const ENTER_NAME: Text = Text::new("Bitte geben Sie den Namen an.", "Please enter the name.");
pub const ENTER_ORGANISATION: Text = Text::new(
    "Bitte geben Sie die Einrichtung an.",
    "Please enter the organisation.",
);
pub const ALREADY_IN_JURY: Text = Text::new(
    "Diese Person ist bereits in der Jury.",
    "This person is in the jury already.",
);
pub const FILTER_ALL: Text = Text::new("Alle", "All");
pub const FILTER_FAILED: Text = Text::new("Fehlgeschlagen", "Failed");
pub const FILTER_PENDING: Text = Text::new("Wartend", "Pending");
pub const FILTER_SENT: Text = Text::new("Versandt", "Sent");
pub const MAIL_PENDING: Text = Text::new("wartet", "pending");
pub const MAIL_SENT: Text = Text::new("versandt", "sent");
pub const MAIL_FAILED: Text = Text::new("fehlgeschlagen", "failed");
pub const MAIL_ERASED: Text = Text::new(
    "nicht versandt: Daten der empfangenden Person gelöscht",
    "not sent: the recipient's data was erased",
);
pub const UNKNOWN_RECIPIENTS: Text =
    Text::new("Unbekannter Empfängerkreis.", "Unknown recipients.");
pub const NOT_STARTED: Text = Text::new("noch nicht begonnen", "not started");
pub const DRAFT_NOT_SUBMITTED_YET: Text = Text::new(
    "Entwurf, noch nicht eingereicht",
    "draft, not submitted yet",
);
pub const REOPENED_REVISION_PENDING: Text = Text::new(
    "wieder geöffnet, Überarbeitung ausstehend",
    "reopened, revision pending",
);
pub const SUBMITTED_FINAL: Text = Text::new("eingereicht, abgeschlossen", "submitted, final");
pub const REVIEW_CHANGED: Text = Text::new(
    "Die Bewertung hat sich inzwischen geändert. Bitte prüfen Sie den Stand unten; Ihre Begründung steht noch im Feld.",
    "The review has changed in the meantime. Please check its state below; your reason is still in the field.",
);
pub const EXTEND_DEADLINE: Text = Text::new("Frist verlängern", "Extend the deadline");
pub const WAITING_FOR_DECISIONS: Text = Text::new(
    "Die Jury bewertet. Entschieden wird auf der Rangliste; dort schließen Sie die Entscheidungen auch ab, danach lassen sich die Ergebnisse freigeben.",
    "The jury is reviewing. Decisions are taken on the ranking, where you also finalise them; then the results can be released.",
);
pub const WAITING_FOR_NOTHING: Text = Text::new(
    "Keiner: der Wettbewerb ist abgeschlossen.",
    "None: the competition is completed.",
);
pub const SET_UP_PUBLISHED: Text = Text::new(
    "Die Ausschreibung ist veröffentlicht und kann nicht mehr geändert werden.",
    "The set-up is published and can no longer be changed.",
);
pub const REVIEW_REMINDERS_SENT: Text = Text::new(
    "Die Erinnerungen an ausstehende Bewertungen werden versandt.",
    "The reminders of unfinished reviews are being sent.",
);
pub const DRAFT_REMINDERS_SENT: Text = Text::new(
    "Die Erinnerungen an nicht eingereichte Anträge werden versandt.",
    "The reminders of unsubmitted applications are being sent.",
);
pub const INVITATION_SENT: Text = Text::new(
    "Die Einladung ist verschickt.",
    "The invitation is on its way.",
);
pub const INVITATION_SENT_AGAIN: Text = Text::new(
    "Die Einladung ist erneut verschickt.",
    "The invitation was sent again.",
);
pub const MESSAGE_SENT_AGAIN: Text = Text::new(
    "Die Nachricht wird erneut versandt.",
    "The message is sent again.",
);
pub const MESSAGE_NOT_FAILED: Text = Text::new(
    "Diese Nachricht ist nicht fehlgeschlagen; es gibt nichts zu wiederholen.",
    "This message has not failed; there is nothing to retry.",
);
pub const SET_UP_SAVED: Text = Text::new(
    "Die Ausschreibung ist gespeichert und kann veröffentlicht werden.",
    "The set-up is saved and can be published.",
);
pub const DRAFT_SAVED_INCOMPLETE: Text = Text::new(
    "Der Entwurf ist gespeichert. Vor der Veröffentlichung fehlt noch etwas (siehe unten).",
    "The draft is saved. Something is still missing before publication (see below).",
);

/// A step of the round, as its button names it; `first` when no stage is open yet.
pub fn step(kind: StepKind, first: bool) -> Text {
    match kind {
        StepKind::Publish => Text::new("Veröffentlichen", "Publish"),
        StepKind::OpenStage if first => Text::new("Stufe öffnen", "Open the stage"),
        StepKind::OpenStage => Text::new("Nächste Stufe öffnen", "Open the next stage"),
        StepKind::Close => Text::new("Einreichung schließen", "Close submissions"),
        StepKind::StartReview => Text::new("Begutachtung beginnen", "Start the review"),
        StepKind::Release => Text::new(
            "Ergebnisse freigeben (E-Mails gehen raus)",
            "Release the results (sends the e-mails)",
        ),
        StepKind::Complete => Text::new("Wettbewerb abschließen", "Complete the competition"),
    }
}

/// The reminder a step sends: to jurors or to consortia.
pub fn reminder_step(kind: ReminderKind) -> Text {
    match kind {
        ReminderKind::Reviews => Text::new(
            "Erinnerung an ausstehende Bewertungen senden",
            "Remind jurors of unfinished reviews",
        ),
        ReminderKind::Drafts => Text::new(
            "Erinnerung an nicht eingereichte Anträge senden",
            "Remind consortia of unsubmitted applications",
        ),
    }
}

/// A step that waits for its deadline; `label` is already in the page's language.
pub fn possible_from(label: &str, deadline: DateTime<Utc>) -> Text<String> {
    Text {
        de: format!(
            "{label}: möglich ab {} (Fristende)",
            berlin(deadline, Language::De)
        ),
        en: format!(
            "{label}: possible from {} (Berlin time, the deadline)",
            berlin(deadline, Language::En)
        ),
    }
}

/// The flash after a review is reopened.
pub fn review_reopened(name: &str) -> Text<String> {
    Text {
        de: format!(
            "Die Bewertung von {name} ist wieder geöffnet; {name} erhält eine E-Mail mit Ihrer Begründung."
        ),
        en: format!("The review by {name} is reopened; {name} gets an e-mail with your reason."),
    }
}

/// The flash after a draft competition is deleted.
pub fn draft_deleted(name: &str) -> Text<String> {
    Text {
        de: format!("Der Entwurf „{name}“ ist gelöscht."),
        en: format!("The draft “{name}” is deleted."),
    }
}

/// The flash after the automatic assignment with `k` jurors per application.
pub fn assignment_applied(k: impl std::fmt::Display) -> Text<String> {
    Text {
        de: format!(
            "Die Zuordnung mit {k} Jurymitgliedern je Antrag ist angewandt; jedes Jurymitglied erhält eine Mitteilung über seine neuen Anträge."
        ),
        en: format!(
            "The assignment with {k} jurors per application is applied; each juror receives one notice of their new applications."
        ),
    }
}

pub const ASSIGNMENT_REMOVED: Text =
    Text::new("Die Zuordnung ist entfernt.", "The assignment is removed.");
pub const ASSIGNED: Text = Text::new(
    "Zugeordnet. Das Jurymitglied erfährt es mit „Zuordnungen mitteilen“, zusammen mit seinen anderen neuen Zuordnungen.",
    "Assigned. The juror is told with “Announce assignments”, together with their other new assignments.",
);

/// The flash after the hand assignments are announced to `jurors` jurors.
pub fn assignments_announced(jurors: usize) -> Text<String> {
    if jurors == 1 {
        Text::new(
            "Eine Mitteilung über neue Zuordnungen ist im Postausgang.",
            "One notice of new assignments is in the outbox.",
        )
        .owned()
    } else {
        Text {
            de: format!(
                "{jurors} Mitteilungen über neue Zuordnungen sind im Postausgang, eine je Jurymitglied."
            ),
            en: format!("{jurors} notices of new assignments are in the outbox, one per juror."),
        }
    }
}

/// A decision on the ranking, as its outcome column names it.
pub fn outcome(outcome: Outcome) -> Text<String> {
    let fixed = |text: Text| text.owned();
    match outcome {
        Outcome::Shortlisted => fixed(Text::new("ausgewählt", "shortlisted")),
        Outcome::NotShortlisted => fixed(Text::new("nicht ausgewählt", "not shortlisted")),
        Outcome::Funded { amount } => Text {
            de: format!("gefördert: {}", money(amount, Language::De)),
            en: format!("funded: {}", money(amount, Language::En)),
        },
        Outcome::NotFunded => fixed(Text::new("nicht gefördert", "not funded")),
        Outcome::Reserve { rank } => Text {
            de: format!("Nachrückliste, Platz {rank}"),
            en: format!("reserve list, place {rank}"),
        },
    }
}

/// An award the consortium declined, on the ranking.
pub fn award_declined(amount: Cents) -> Text<String> {
    Text {
        de: format!("auf die Förderung von {amount} verzichtet"),
        en: format!("funding of {} declined", money(amount, Language::En)),
    }
}

/// Moving up from the reserve list: `amount` and `left` already in the page's language.
pub fn move_up_happens(title: &str, amount: &str, left: &str) -> Text<String> {
    Text {
        de: format!(
            "„{title}“ rückt von der Nachrückliste nach und wird zur Förderung mit bis zu {amount} ausgewählt, dem beantragten Betrag. Vom Budget sind vorher {left} frei."
        ),
        en: format!(
            "“{title}” moves up from the reserve list and is selected for funding of up to {amount}, its requested amount. {left} of the budget are left before."
        ),
    }
}

/// The flash after an application moved up from the reserve list.
pub fn moved_up(amount: Cents) -> Text<String> {
    Text {
        de: format!(
            "Der Antrag ist nachgerückt und mit bis zu {amount} zur Förderung ausgewählt; die Mitteilung an das Konsortium ist im Postausgang."
        ),
        en: format!(
            "The application moved up and is selected for funding of up to {}; the notice to the consortium is in the outbox.",
            money(amount, Language::En)
        ),
    }
}
pub const SAY_HOW_MANY_JURORS: Text = Text::new(
    "Bitte geben Sie an, wie viele Jurymitglieder jeden Antrag bewerten.",
    "Please say how many jurors review each application.",
);
pub const NEW_COMPETITION: Text = Text::new("Neuer Wettbewerb", "New competition");
pub const NO_PRESET: Text = Text::new(
    "Ohne Vorlage (alles selbst festlegen)",
    "No preset (set everything yourself)",
);
pub const UNKNOWN_PRESET: Text = Text::new("Unbekannte Vorlage.", "Unknown preset.");
pub const GIVE_NEW_DEADLINE_DATE: Text = Text::new(
    "Bitte geben Sie Datum und Uhrzeit der neuen Frist an.",
    "Please give the new deadline's date and time.",
);
pub const GIVE_DATE_TIME_EACH: Text = Text::new(
    "Bitte geben Sie zu jeder neuen Frist Datum und Uhrzeit an.",
    "Please give the date and the time of each new deadline.",
);
pub const DECISION_SAVED: Text = Text::new(
    "Die Entscheidung ist gespeichert.",
    "The decision is saved.",
);
pub const NO_STAGE_NO_RANKING: Text = Text::new(
    "Die Ausschreibung hat noch keine Stufe, also gibt es keine Rangliste.",
    "The set-up has no stage yet, so there is no ranking.",
);
pub const CONSORTIUM_TOLD_BY_MAIL: Text = Text::new(
    "Das Konsortium erhält sofort eine E-Mail darüber.",
    "The consortium is told by e-mail at once.",
);
pub const MOVE_UP_FROM_RESERVE: Text =
    Text::new("Nachrücken lassen?", "Move up from the reserve list?");
pub const YES_MOVE_UP: Text = Text::new("Ja, nachrücken lassen", "Yes, move up");

pub const DONE: Text = Text::new("Erledigt.", "Done.");
pub const COMPETITION_COMPLETED: Text = Text::new(
    "Der Wettbewerb ist abgeschlossen.",
    "The competition is completed.",
);
pub const REJECTED_FORMALLY: Text = Text::new(
    "Der Antrag ist formal abgelehnt; das Konsortium erhält die Begründung per E-Mail.",
    "The application is rejected formally; the consortium receives the reason by e-mail.",
);
pub const DEADLINE_MOVED_EARLIER: Text = Text::new(
    "Die Frist ist vorgezogen; die Konsortien der Stufe erhalten eine E-Mail, wenn sich die Einreichungsfrist geändert hat.",
    "The deadline is moved earlier; the stage's consortia receive an e-mail if the submission deadline changed.",
);

/// The flash after the results are released: `mails` notices wait in the outbox.
pub fn results_in_outbox(mails: usize) -> Text<String> {
    Text {
        de: format!("{mails} Ergebnismitteilungen sind im Postausgang."),
        en: format!("{mails} result notices are in the outbox."),
    }
}

pub const GIVE_RESERVE_PLACE: Text = Text::new(
    "Bitte einen Platz auf der Nachrückliste angeben.",
    "Please give a place on the reserve list.",
);

/// An award's amount the ranking's form could not read.
pub const AWARD_YEARS_REFUSED: Text = Text::new(
    "Nicht entschieden: ein Betrag je Haushaltsjahr ist kein Betrag in Euro (siehe neben dem Feld).",
    "Not decided: an amount per budget year is not an amount in euro (see beside the field).",
);

pub fn award_not_an_amount(error: &AmountError, text: &str) -> Text<String> {
    Text {
        de: super::explanations::amount(error).de,
        en: format!("“{}” is not an amount in euro.", text.trim()),
    }
}

/// An order of the round's list, as its choice names it.
pub fn sort(sort: Sort) -> Text {
    match sort {
        Sort::Title => Text::new("Titel (A–Z)", "Title (A–Z)"),
        Sort::Requested => Text::new(
            "Beantragte Förderung (höchste zuerst)",
            "Requested funding (highest first)",
        ),
        Sort::Submitted => Text::new(
            "Eingereicht (früheste zuerst)",
            "Submitted (earliest first)",
        ),
    }
}

pub const WITHOUT_YEAR: Text = Text::new("ohne Jahresangabe", "without a year");
pub const AWARDS_PER_YEAR: Text = Text::new("Förderung je Haushaltsjahr", "Awards per budget year");
pub const AWARDS_PER_YEAR_DESC: Text = Text::new(
    "Balken je Haushaltsjahr: die Summe der bestehenden Förderungen in diesem Jahr; die Tabelle darunter nennt die Beträge.",
    "A bar per budget year: the sum of the awards standing in that year; the table below gives the amounts.",
);
pub const AWARDS_PER_LAND: Text = Text::new(
    "Förderung je Land der Koordination",
    "Awards per Land of the coordinator",
);
pub const AWARDS_PER_LAND_DESC: Text = Text::new(
    "Balken je Land: die Summe der bestehenden Förderungen an Verbünde, deren Koordination dort sitzt; die Tabelle darunter nennt die Beträge.",
    "A bar per Land: the sum of the awards standing to consortia coordinated there; the table below gives the amounts.",
);
pub const PLEDGED_PER_YEAR: Text = Text::new(
    "Zugesagte Kofinanzierung je Haushaltsjahr",
    "Pledged co-financing per budget year",
);
pub const PLEDGED_PER_YEAR_DESC: Text = Text::new(
    "Balken je Haushaltsjahr: private und Landesmittel aus anerkannten Absichtserklärungen eingereichter Anträge; Zusagen ohne Jahre stehen unter „ohne Jahresangabe“. Die Tabelle darunter nennt die Beträge.",
    "A bar per budget year: private and Land money from the accepted letters of intent of submitted applications; pledges in total are listed as “without a year”. The table below gives the amounts.",
);
pub const PLEDGED_PER_LAND: Text = Text::new(
    "Zugesagte Kofinanzierung je Land der Koordination",
    "Pledged co-financing per Land of the coordinator",
);
pub const PLEDGED_PER_LAND_DESC: Text = Text::new(
    "Balken je Land: private und Landesmittel aus anerkannten Absichtserklärungen eingereichter Anträge, deren Koordination dort sitzt; die Tabelle darunter nennt die Beträge.",
    "A bar per Land: private and Land money from the accepted letters of intent of submitted applications coordinated there; the table below gives the amounts.",
);

pub const ERASE_BAD_ADDRESS: Text = Text::new(
    "Bitte geben Sie eine gültige E-Mail-Adresse an.",
    "Please enter a valid e-mail address.",
);
pub const ERASE_NO_REASON: Text = Text::new(
    "Bitte nennen Sie den Grund der Löschung, z. B. Datum und Zeichen des Antrags.",
    "Please give the reason for the erasure, e.g. the request's date and reference.",
);
pub const ERASE_LONG_REASON: Text = Text::new(
    "Der Grund ist länger als 1.000 Zeichen.",
    "The reason is longer than 1,000 characters.",
);
pub const ERASE_OWN_ACCOUNT: Text = Text::new(
    "Ihr eigenes Konto können Sie nicht selbst löschen: Das muss eine andere Person der Programmverwaltung tun.",
    "You cannot erase your own account: another member of the programme staff has to.",
);
pub const ERASED: Text = Text::new(
    "Die Daten der Person sind gelöscht. Sie erscheint überall als „gelöscht“.",
    "The person's data is erased. They appear as “gelöscht” (erased) everywhere.",
);
pub const NOTHING_TO_ERASE: Text = Text::new(
    "Über diese Adresse ist nichts mehr gespeichert, das gelöscht werden könnte.",
    "Nothing that could be erased is held about this address any more.",
);
