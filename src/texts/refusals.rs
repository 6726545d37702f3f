//! What a refused command means for a person, in German and English.

use super::{Text, explanations};

use crate::domain::account::AccountError;
use crate::domain::account::Language;
use crate::domain::application::ApplicationError;
use crate::domain::assignment::AssignmentError;
use crate::domain::competition::{CompetitionError, ReminderKind};
use crate::domain::email_address::{AddressProblem, InvalidEmail};
use crate::domain::ids::ApplicationId;
use crate::domain::jury::JuryError;
use crate::domain::review::ReviewError;
use crate::time_display::berlin;

pub fn account(error: &AccountError) -> Text<String> {
    Text::from({
        let (de, en) = match error {
            AccountError::AlreadyRegistered => (
                "Für diese Adresse gibt es bereits ein Konto. Melden Sie sich an oder setzen Sie Ihr Passwort zurück.",
                "There is an account for this address already. Log in or reset your password.",
            ),
            AccountError::NotFound => ("Dieses Konto gibt es nicht.", "There is no such account."),
            AccountError::NoName => ("Bitte geben Sie Ihren Namen an.", "Please enter your name."),
            AccountError::NoPrivacyConsent => (
                "Bitte stimmen Sie den Datenschutzhinweisen zu; ohne Zustimmung können wir kein Konto anlegen.",
                "Please agree to the privacy notice; without it we cannot create an account.",
            ),
            AccountError::BadName(problem) => return text(problem),
            AccountError::AlreadyVerified => (
                "Diese Adresse ist bereits bestätigt. Sie können sich anmelden.",
                "This address is verified already. You can log in.",
            ),
            AccountError::InvalidLink => (
                "Dieser Link ist nicht (mehr) gültig. Bitte fordern Sie einen neuen an.",
                "This link is not valid (any more). Please ask for a new one.",
            ),
            AccountError::Expired => (
                "Dieser Link ist abgelaufen. Bitte fordern Sie einen neuen an.",
                "This link has expired. Please ask for a new one.",
            ),
            AccountError::SecondFactorSetUpAlready => (
                "Für dieses Konto ist die Zwei-Faktor-Anmeldung bereits eingerichtet.",
                "Two-factor login is set up for this account already.",
            ),
            AccountError::SecondFactorIncomplete => (
                "Die Einrichtung ist unvollständig. Bitte beginnen Sie sie erneut.",
                "The set-up is incomplete. Please start it again.",
            ),
            AccountError::NoSecondFactor => (
                "Für dieses Konto ist keine Zwei-Faktor-Anmeldung eingerichtet.",
                "Two-factor login is not set up for this account.",
            ),
            AccountError::CodeReplayed => (
                "Dieser Code wurde bereits verwendet. Bitte warten Sie auf den nächsten Code Ihrer App.",
                "This code was used already. Please wait for the next code of your app.",
            ),
            AccountError::RecoveryCodeUsed => (
                "Dieser Wiederherstellungscode wurde bereits verwendet.",
                "This recovery code was used already.",
            ),
            AccountError::NoResetReason => (
                "Bitte geben Sie einen Grund für das Zurücksetzen an.",
                "Please give a reason for the reset.",
            ),
            AccountError::BadResetReason(problem) => return text(problem),
            AccountError::NoTokenName => (
                "Bitte geben Sie dem Schlüssel einen Namen, etwa das System, das ihn benutzt.",
                "Please give the token a name, such as the system that uses it.",
            ),
            AccountError::BadTokenName(problem) => return text(problem),
            AccountError::NoTokenScope => (
                "Bitte wählen Sie mindestens eine Berechtigung.",
                "Please choose at least one permission.",
            ),
            AccountError::ScopeNotForRole(_) => (
                "Entscheidungen kann nur ein Schlüssel der Programmverwaltung eintragen.",
                "Only a token of the programme staff can record decisions.",
            ),
            AccountError::BadTokenLifetime => (
                "Ein Schlüssel gilt 30, 90 oder 365 Tage.",
                "A token is valid for 30, 90 or 365 days.",
            ),
            AccountError::TooManyTokens => (
                "Sie haben bereits 20 gültige Schlüssel. Bitte widerrufen Sie zuerst einen, den Sie nicht mehr brauchen.",
                "You have 20 valid tokens already. Please revoke one you no longer need first.",
            ),
            AccountError::NoSuchToken => {
                ("Diesen Schlüssel gibt es nicht.", "There is no such token.")
            }
        };
        (de.to_owned(), en.to_owned())
    })
}

pub fn application(error: &ApplicationError) -> Text<String> {
    Text::from({
        use ApplicationError as E;
        match error {
            E::AlreadyExists => pair(
                "Den Antrag gibt es bereits.",
                "The application exists already.",
            ),
            E::NotFound => pair("Den Antrag gibt es nicht.", "There is no such application."),
            E::Locked => pair(
                "Der Antrag ist eingereicht und gesperrt. Ziehen Sie ihn zurück, um ihn zu ändern.",
                "The application is submitted and locked. Withdraw it to change it.",
            ),
            E::Rejected => pair(
                "Der Antrag wurde aus formalen Gründen abgelehnt.",
                "The application was formally rejected.",
            ),
            E::Ineligible(reasons) => {
                Text::join(reasons.iter().map(explanations::ineligibility), " ").into_pair()
            }
            E::Late { deadline } => (
                format!(
                    "Die Einreichungsfrist ist am {} abgelaufen. Eine Einreichung ist nicht mehr möglich.",
                    berlin(*deadline, Language::De)
                ),
                format!(
                    "The submission deadline passed on {} (Berlin time). The application can no longer be submitted.",
                    berlin(*deadline, Language::En)
                ),
            ),
            E::StageNotOpen => pair(
                "Die Stufe ist derzeit nicht für Einreichungen geöffnet.",
                "The stage is not open for submissions at the moment.",
            ),
            E::WrongStage => pair(
                "Der Antrag gehört nicht zur laufenden Stufe.",
                "The application does not belong to the current stage.",
            ),
            E::NotSubmitted => pair(
                "Der Antrag ist nicht eingereicht.",
                "The application is not submitted.",
            ),
            E::DuplicatePartner(name) => (
                format!("„{name}“ ist bereits Partner des Konsortiums."),
                format!("“{name}” is a partner of the consortium already."),
            ),
            E::NoSuchPartner(_) => {
                pair("Diesen Partner gibt es nicht.", "There is no such partner.")
            }
            E::UnnamedPartner => pair(
                "Bitte geben Sie den Namen der Einrichtung an.",
                "Please enter the organisation's name.",
            ),
            E::NoReason => pair("Bitte geben Sie einen Grund an.", "Please give a reason."),
            E::ReviewStarted => pair(
                "Die Begutachtung dieser Stufe hat begonnen; die formale Prüfung ist vorbei. Ein Antrag verlässt das Verfahren jetzt nur durch Rückzug oder durch die Entscheidung in der Rangliste (auch die Reserveliste).",
                "The jury's review of this stage has begun; the formal check is over. An application now leaves the process only by withdrawal or by the decision on the ranking (including the reserve list).",
            ),
            E::NoTitle => pair("Bitte geben Sie einen Titel an.", "Please enter a title."),
            E::DuplicateDocument { file_name } => {
                let name = crate::file_name::clean(file_name);
                (
                    format!("Diese Datei ist schon als „{name}“ hochgeladen."),
                    format!("This file is uploaded already as “{name}”."),
                )
            }
            E::TooManyDocuments { limit } => (
                format!(
                    "Ein Antrag kann höchstens {limit} Dokumente haben. Bitte entfernen Sie eines, bevor Sie ein weiteres hochladen."
                ),
                format!(
                    "An application can hold at most {limit} documents. Please remove one before uploading another."
                ),
            ),
            E::DocumentsTooLarge { limit } => (
                format!(
                    "Die Dokumente eines Antrags dürfen zusammen höchstens {} MB groß sein. Bitte entfernen Sie ein Dokument oder laden Sie eine kleinere Fassung hoch.",
                    limit / (1024 * 1024)
                ),
                format!(
                    "The documents of an application may not exceed {} MB together. Please remove a document or upload a smaller version.",
                    limit / (1024 * 1024)
                ),
            ),
            E::NoSuchDocument => pair(
                "Dieses Dokument gibt es nicht.",
                "There is no such document.",
            ),
            E::NegativeAmount => pair(
                "Beträge dürfen nicht negativ sein.",
                "Amounts cannot be negative.",
            ),
            E::BadTerm(problem) => super::financing::term_problem(*problem).owned().into_pair(),
            E::NoTerm => pair(
                "Bitte speichern Sie zuerst Beginn und Laufzeit des Vorhabens.",
                "Please save the project's start and duration first.",
            ),
            E::YearOutsideTerm { year } => (
                format!("{year} liegt nicht in der Laufzeit des Vorhabens."),
                format!("{year} is not within the project's term."),
            ),
            E::AmountTooLarge { limit } => (
                format!("Ein Betrag darf höchstens {limit} sein."),
                format!(
                    "An amount may be at most {}.",
                    crate::number_display::money(*limit, Language::En)
                ),
            ),
            E::EmptyPledge => pair(
                "Bitte geben Sie den zugesagten Betrag an.",
                "Please enter the amount pledged.",
            ),
            E::TooManyPledges { limit } => (
                format!("Ein Antrag kann höchstens {limit} Absichtserklärungen haben."),
                format!("An application can hold at most {limit} letters of intent."),
            ),
            E::NoSuchPledge => pair(
                "Diese Absichtserklärung gibt es nicht.",
                "There is no such letter of intent.",
            ),
            E::AlreadyEditor(email) => (
                format!("{email} kann den Antrag bereits bearbeiten."),
                format!("{email} can edit the application already."),
            ),
            E::NotAnEditor(email) => (
                format!("{email} bearbeitet den Antrag nicht mit."),
                format!("{email} is not an editor of the application."),
            ),
            E::BadText { problem, .. } => text(problem).into_pair(),
            E::TooManyPartners { limit } => (
                format!("Ein Konsortium hat höchstens {limit} Partner neben dem Koordinator."),
                format!("A consortium has at most {limit} partners besides the coordinator."),
            ),
            E::TooManyEditors { limit } => (
                format!("Höchstens {limit} Personen können zur Mitarbeit eingeladen werden."),
                format!("At most {limit} people can be invited to edit the application."),
            ),
            E::Incomplete(_) => super::stage_form::NOT_SUBMITTED_INCOMPLETE
                .owned()
                .into_pair(),
            E::NoSuchSection(_) => super::stage_form::NO_SUCH_SECTION.owned().into_pair(),
            E::AnswerTooLong { max, given, .. } => (
                format!("Ein Abschnitt darf höchstens {max} Zeichen haben, nicht {given}."),
                format!("A section may have at most {max} characters, not {given}."),
            ),
            E::TooManyPages { limit, pages } => {
                super::stage_form::too_many_pages(*limit, *pages).into_pair()
            }
            E::NotOpenForCorrection => pair(
                "Der Antrag ist eingereicht. Ändern können Sie nur die Teile, die die Programmverwaltung nachgefordert hat.",
                "The application is submitted. You can change only the parts staff asked you to correct.",
            ),
            E::CorrectionLapsed { due } => (
                format!(
                    "Die Frist für die Nachreichung ist am {} abgelaufen. Der Antrag kann nicht mehr geändert werden.",
                    berlin(*due, Language::De)
                ),
                format!(
                    "The date for the corrections passed on {} (Berlin time). The application can no longer be changed.",
                    berlin(*due, Language::En)
                ),
            ),
            E::NoCorrectionsAsked => pair(
                "Es ist keine Nachreichung angefordert.",
                "No corrections are asked for.",
            ),
            E::CorrectionsAskedAlready => pair(
                "Eine Nachforderung läuft noch; ihre Frist ist nicht abgelaufen.",
                "A request for corrections is still open; its date has not passed.",
            ),
            E::NothingNamed => pair(
                "Bitte wählen Sie mindestens einen Teil des Antrags, der nachzureichen ist.",
                "Please choose at least one part of the application to be corrected.",
            ),
            E::TooManyNamed { limit } => (
                format!("Höchstens {limit} Teile je Nachforderung."),
                format!("At most {limit} parts per request."),
            ),
            E::NoSuchPart(key) => (
                format!("Diesen Teil hat der Antrag nicht: {key}."),
                format!("The application has no such part: {key}."),
            ),
            E::DueOutOfRange { days } => (
                format!(
                    "Die Frist muss mindestens einen Tag und höchstens {days} Tage in der Zukunft liegen."
                ),
                format!("The date must be at least one day and at most {days} days ahead."),
            ),
            E::TooManyRounds { limit } => (
                format!("Höchstens {limit} Nachforderungen je Stufe."),
                format!("At most {limit} requests for corrections per stage."),
            ),
            E::NoSuchChecklistItem(n) => (
                format!("Den Prüfpunkt {} gibt es nicht.", n + 1),
                format!("There is no checklist point {}.", n + 1),
            ),
            E::ChecklistNotMet(unmet) => {
                let numbers: Vec<String> = unmet.iter().map(|n| (n + 1).to_string()).collect();
                (
                    format!(
                        "Die Prüfung kann erst abgeschlossen werden, wenn alle Prüfpunkte erfüllt sind; offen: {}.",
                        numbers.join(", ")
                    ),
                    format!(
                        "The check can be closed only when every point is met; open: {}.",
                        numbers.join(", ")
                    ),
                )
            }
            E::CheckComplete => pair(
                "Die Formalprüfung ist abgeschlossen.",
                "The formal check is closed.",
            ),
            E::SubmissionStillOpen => pair(
                "Die Stufe nimmt noch Einreichungen an; die Formalprüfung beginnt mit ihrem Schluss.",
                "The stage still takes submissions; the formal check begins when it closes.",
            ),
            E::CorrectionsUnanswered => pair(
                "Die Nachforderung ist unbeantwortet verstrichen. Lehnen Sie den Antrag formal ab oder fordern Sie erneut nach.",
                "The request for corrections lapsed unanswered. Reject the application formally or ask again.",
            ),
            E::NoReminderDue => pair("Es ist keine Erinnerung fällig.", "No reminder is due."),
        }
    })
}

/// A text refused for its length or a line break, shown beside its field.
pub fn text(problem: &crate::domain::text::TextError) -> Text<String> {
    Text::from({
        use crate::domain::text::TextError as T;
        match problem {
            T::TooLong { max, given } => (
                format!("Höchstens {max} Zeichen; eingegeben sind {given}."),
                format!("At most {max} characters; {given} were entered."),
            ),
            T::LineBreak => pair(
                "Bitte in einer Zeile, ohne Zeilenumbruch.",
                "Please keep this on one line, without a line break.",
            ),
        }
    })
}

fn pair(de: &str, en: &str) -> (String, String) {
    (de.to_owned(), en.to_owned())
}

pub fn jury(error: &JuryError) -> Text<String> {
    Text::from({
        use JuryError as E;
        match error {
            E::AlreadyAppointed => pair(
                "Diese Person ist bereits in der Jury.",
                "This person is in the jury already.",
            ),
            E::UnknownJuror => pair(
                "Diese Person ist nicht in der Jury.",
                "This person is not in the jury.",
            ),
            E::IncompleteJuror => pair(
                "Bitte geben Sie Name, E-Mail-Adresse und Einrichtung an.",
                "Please enter name, e-mail address and organisation.",
            ),
            E::Conflicted => pair(
                "Für diesen Antrag besteht eine Befangenheit.",
                "There is a conflict of interest with this application.",
            ),
            E::AlreadyAssigned => pair("Bereits zugeordnet.", "Assigned already."),
            E::NothingToAnnounce => pair(
                "Es gibt keine neuen Zuordnungen mitzuteilen.",
                "There are no new assignments to announce.",
            ),
            E::NotAssigned => pair(
                "Dieser Antrag ist Ihnen nicht zugeordnet.",
                "This application is not assigned to you.",
            ),
            E::NoReason => pair(
                "Bitte nennen Sie den Grund der Befangenheit.",
                "Please give the reason for the conflict of interest.",
            ),
            E::InvalidInvitation => pair(
                "Dieser Einladungslink ist nicht (mehr) gültig. Bitte wenden Sie sich an die Programmverwaltung.",
                "This invitation link is not valid (any more). Please contact the programme staff.",
            ),
            E::AlreadyAccepted => pair(
                "Die Einladung ist bereits angenommen. Bitte melden Sie sich an.",
                "The invitation was accepted already. Please log in.",
            ),
            E::ConfidentialityNotDeclared => pair(
                "Bitte bestätigen Sie die Vertraulichkeitserklärung; ohne sie kann die Einladung nicht angenommen werden.",
                "Please confirm the confidentiality declaration; without it the invitation cannot be accepted.",
            ),
            E::NothingChosen => pair(
                "Bitte wählen Sie mindestens einen Antrag.",
                "Please choose at least one application.",
            ),
            E::TooManyAtOnce { max } => (
                format!("Bitte wählen Sie höchstens {max} Anträge auf einmal."),
                format!("Please choose at most {max} applications at once."),
            ),
            E::Assignment(e) => assignment(e, &|a| a.to_string()).into_pair(),
            E::BadText { problem, .. } => text(problem).into_pair(),
        }
    })
}

/// An automatic assignment that cannot be made; `title` names an application for people.
pub fn assignment(
    error: &AssignmentError,
    title: &dyn Fn(ApplicationId) -> String,
) -> Text<String> {
    Text::from({
        match error {
            AssignmentError::TooFewJurors { k, jurors } => (
                format!(
                    "Für {} je Antrag braucht die Jury mindestens {}; sie hat {}.",
                    count_de(*k, "Jurymitglied", "Jurymitglieder"),
                    count_de(*k, "Mitglied", "Mitglieder"),
                    count_de(*jurors, "Mitglied", "Mitglieder"),
                ),
                format!(
                    "{} per application need a jury of at least {k}; it has {}.",
                    count_en(*k, "juror", "jurors"),
                    count_en(*jurors, "member", "members"),
                ),
            ),
            AssignmentError::Infeasible { applications, k } => {
                let names = applications.iter().map(|a| title(*a)).collect::<Vec<_>>();
                let de_names = names
                    .iter()
                    .map(|n| format!("„{n}“"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let en_names = names
                    .iter()
                    .map(|n| format!("“{n}”"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let n = applications.len();
                let (has, have) = if n == 1 {
                    ("hat", "has")
                } else {
                    ("haben", "have")
                };
                let (few_de, few_en) = if *k == 1 {
                    ("kein Jurymitglied".to_owned(), "no juror".to_owned())
                } else {
                    (
                        format!("weniger als {k} Jurymitglieder"),
                        format!("fewer than {k} jurors"),
                    )
                };
                (
                    format!(
                        "{} {has} {few_de} ohne Befangenheit: {de_names}. Bitte bewerten Sie weniger Jurymitglieder je Antrag oder berufen Sie weitere.",
                        count_de(n, "Antrag", "Anträge"),
                    ),
                    format!(
                        "{} {have} {few_en} without a conflict of interest: {en_names}. Please ask for fewer jurors per application or appoint more.",
                        count_en(n, "application", "applications"),
                    ),
                )
            }
        }
    })
}

/// "1 Antrag", "3 Anträge".
fn count_de(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "1 application", "3 applications".
fn count_en(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Beside one criterion's comment whose justification is too short.
pub fn comment_too_short(min: u32, given: usize) -> Text<String> {
    Text::from({
        (
            format!(
                "Bitte begründen Sie die Punktzahl mit mindestens {min} Zeichen; eingegeben sind {given}."
            ),
            format!("Please justify the score in at least {min} characters; {given} were entered."),
        )
    })
}

pub fn review(error: &ReviewError) -> Text<String> {
    Text::from({
        use ReviewError as E;
        match error {
            E::NotAssigned => pair(
                "Dieser Antrag ist Ihnen nicht zugeordnet.",
                "This application is not assigned to you.",
            ),
            E::Conflicted => pair(
                "Für diesen Antrag besteht eine Befangenheit.",
                "There is a conflict of interest with this application.",
            ),
            E::Closed => pair(
                "Die Begutachtung ist geschlossen; die Bewertung wurde nicht gespeichert. Ihre Eingaben stehen unten im Formular.",
                "The review is closed; the review was not saved. Your input is kept in the form below.",
            ),
            E::WrongCriteria { .. } => pair(
                "Das Formular passt nicht zu den Kriterien der Stufe. Bitte laden Sie die Seite neu.",
                "The form does not match the stage's criteria. Please reload the page.",
            ),
            E::OutOfScale {
                criterion,
                min,
                max,
            } => (
                format!("{criterion}: Punkte von {min} bis {max}."),
                format!("{criterion}: scores run from {min} to {max}."),
            ),
            E::Incomplete(missing) => (
                format!("Zum Einreichen fehlen Punkte für: {}.", missing.join(", ")),
                format!("To submit, scores are missing for: {}.", missing.join(", ")),
            ),
            E::NoConfidence => pair(
                "Zum Einreichen fehlt, wie sicher Sie sich in Ihrem Urteil sind: bitte wählen Sie Ihre Vertrautheit mit dem Fachgebiet.",
                "To submit, say how sure you are of your judgement: please choose your familiarity with the field.",
            ),
            E::Unjustified { min, criteria } => (
                format!(
                    "Zum Einreichen braucht jede Punktzahl eine Begründung von mindestens {min} Zeichen; zu kurz sind: {}.",
                    criteria.join(", ")
                ),
                format!(
                    "To submit, every score needs a comment of at least {min} characters; too short: {}.",
                    criteria.join(", ")
                ),
            ),
            E::Final => pair(
                "Diese Bewertung ist eingereicht und damit abgeschlossen; sie lässt sich nicht mehr ändern. Ist eine Korrektur nötig, wenden Sie sich bitte an die Programmverwaltung: sie kann die Bewertung mit Begründung wieder öffnen.",
                "This review is submitted and therefore final; it can no longer be changed. If a correction is needed, please contact the programme staff: they can reopen the review, stating a reason.",
            ),
            E::NotSubmitted => pair(
                "Nur eine eingereichte Bewertung kann wieder geöffnet werden.",
                "Only a submitted review can be reopened.",
            ),
            E::AlreadyReopened => pair(
                "Diese Bewertung ist bereits wieder geöffnet.",
                "This review is reopened already.",
            ),
            E::TooLateToReopen => pair(
                "Die Begutachtung dieser Stufe ist vorbei; eine Bewertung kann nur wieder geöffnet werden, solange sie läuft.",
                "The review of this stage is over; a review can be reopened only while it runs.",
            ),
            E::NoReason => pair(
                "Bitte geben Sie an, warum die Bewertung wieder geöffnet wird.",
                "Please state why the review is reopened.",
            ),
            E::BadReason(problem) => {
                let Text { de, en } = text(problem);
                (format!("Begründung: {de}"), format!("Reason: {en}"))
            }
            E::BadComment { criterion, problem } => {
                let Text { de, en } = text(problem);
                match criterion {
                    Some(name) => (
                        format!("Begründung zu {name}: {de}"),
                        format!("Comment on {name}: {en}"),
                    ),
                    None => (
                        format!("Gesamteinschätzung: {de}"),
                        format!("Overall comment: {en}"),
                    ),
                }
            }
        }
    })
}

/// An amount in an English reason: `€15,000,000.00`.
fn en_money(amount: crate::domain::money::Cents) -> String {
    crate::number_display::money(amount, Language::En)
}

pub fn competition(error: &CompetitionError) -> Text<String> {
    Text::from({
        use CompetitionError as E;
        match error {
        E::DeadlinePassed { deadline } => (
            format!(
                "Die Einreichungsfrist ist am {} abgelaufen.",
                berlin(*deadline, Language::De)
            ),
            format!(
                "The submission deadline passed on {} (Berlin time).",
                berlin(*deadline, Language::En)
            ),
        ),
        E::DeadlineNotReached { deadline } => (
            format!(
                "Die Einreichungsfrist läuft noch bis {}.",
                berlin(*deadline, Language::De)
            ),
            format!(
                "The submission deadline runs until {} (Berlin time).",
                berlin(*deadline, Language::En)
            ),
        ),
        E::DeadlineNotLater { current } => (
            format!(
                "Die neue Frist muss nach der bisherigen liegen ({}).",
                berlin(*current, Language::De)
            ),
            format!(
                "The new deadline must be after the current one ({}).",
                berlin(*current, Language::En)
            ),
        ),
        E::DeadlineAfterReview { review_deadline } => (
            format!(
                "Die neue Frist muss vor dem Ende der Begutachtung liegen ({}).",
                berlin(*review_deadline, Language::De)
            ),
            format!(
                "The new deadline must be before the review ends ({}).",
                berlin(*review_deadline, Language::En)
            ),
        ),
        E::DeadlineNotEarlier { current } => (
            format!(
                "Die neue Frist muss vor der bisherigen liegen ({}).",
                berlin(*current, Language::De)
            ),
            format!(
                "The new deadline must be before the current one ({}, Berlin time).",
                berlin(*current, Language::En)
            ),
        ),
        E::ReviewDeadlineNotEarlier { current } => (
            format!(
                "Das neue Ende der Begutachtung muss vor dem bisherigen liegen ({}).",
                berlin(*current, Language::De)
            ),
            format!(
                "The new end of the review must be before the current one ({}, Berlin time).",
                berlin(*current, Language::En)
            ),
        ),
        E::DeadlineNotInFuture { now } => (
            format!(
                "Eine neue Frist muss in der Zukunft liegen (jetzt ist {}).",
                berlin(*now, Language::De)
            ),
            format!(
                "A new deadline must lie in the future (it is {} now, Berlin time).",
                berlin(*now, Language::En)
            ),
        ),
        E::ReviewBeforeSubmission { submission } => (
            format!(
                "Die Begutachtung muss nach der Einreichungsfrist enden ({}).",
                berlin(*submission, Language::De)
            ),
            format!(
                "The review must end after the submission deadline ({}, Berlin time).",
                berlin(*submission, Language::En)
            ),
        ),
        E::NoNewDeadline => pair(
            "Bitte geben Sie mindestens eine neue Frist an.",
            "Please give at least one new deadline.",
        ),
        E::NotADraft => pair(
            "Nur ein Entwurf, der nie veröffentlicht wurde, lässt sich löschen.",
            "Only a draft that was never published can be deleted.",
        ),
        E::TooMany { limit } => (
            format!("Aus dieser Stufe können höchstens {limit} Anträge weiterkommen."),
            format!("At most {limit} applications can go on from this stage."),
        ),
        E::AwardAboveRequest { award, requested } => (
            format!("Die Förderung {award} übersteigt den beantragten Betrag {requested}."),
            format!(
                "The award {} exceeds the amount requested, {}.",
                en_money(*award),
                en_money(*requested)
            ),
        ),
        E::AwardAboveMaximum { award, max } => (
            format!("Die Förderung {award} übersteigt den Höchstbetrag {max}."),
            format!(
                "The award {} exceeds the maximum of {}.",
                en_money(*award),
                en_money(*max)
            ),
        ),
        E::BudgetExceeded {
            award,
            used,
            left,
            budget,
        } => (
            format!(
                "Die Förderung {award} würde das Budget überschreiten: {used} von {budget} sind vergeben, {left} sind frei."
            ),
            format!(
                "The award {} would overrun the budget: {} of {} are awarded, {} are left.",
                en_money(*award),
                en_money(*used),
                en_money(*budget),
                en_money(*left)
            ),
        ),
        E::BudgetYearExceeded {
            year,
            award,
            awarded,
            left,
            budget,
        } => (
            format!(
                "Die Förderung {award} im Haushaltsjahr {year} würde dessen Budget überschreiten: {awarded} von {budget} sind vergeben, {left} sind frei."
            ),
            format!(
                "The award of {} in the budget year {year} would overrun that year's budget: {} of {} are awarded, {} are left.",
                en_money(*award),
                en_money(*awarded),
                en_money(*budget),
                en_money(*left)
            ),
        ),
        E::YearOutsideBudget { year } => (
            format!("Für das Haushaltsjahr {year} sieht das Budget keine Mittel vor."),
            format!("The budget has no money for the budget year {year}."),
        ),
        E::YearsDoNotAddUp { sum, award } => (
            format!(
                "Die Beträge der Haushaltsjahre ergeben {sum}, die Förderung beträgt aber {award}."
            ),
            format!(
                "The amounts per budget year add up to {}, but the award is {}.",
                en_money(*sum),
                en_money(*award)
            ),
        ),
        E::NegativeYear { year, amount } => (
            format!("Der Betrag für {year} darf nicht negativ sein ({amount})."),
            format!(
                "The amount for {year} must not be below zero ({}).",
                en_money(*amount)
            ),
        ),
        E::ReservePlaceTaken(place) => (
            format!("Platz {place} der Nachrückliste ist schon vergeben."),
            format!("Reserve place {place} is taken."),
        ),
        E::ReserveNotOpen => (
            "Die Nachrückliste gilt erst, wenn die Ergebnisse der letzten Stufe bekannt gegeben sind, und nur bis der Wettbewerb abgeschlossen ist.".to_owned(),
            "The reserve list applies only once the last stage's results are released, and until the competition is completed.".to_owned(),
        ),
        E::NoAward => (
            "Dieser Antrag ist nicht zur Förderung ausgewählt; es gibt keine Förderung, auf die verzichtet werden könnte.".to_owned(),
            "This application is not selected for funding; there is no award to decline.".to_owned(),
        ),
        E::AwardAlreadyDeclined => (
            "Auf diese Förderung wurde bereits verzichtet.".to_owned(),
            "This funding was declined already.".to_owned(),
        ),
        E::NotOnReserve => (
            "Dieser Antrag steht nicht auf der Nachrückliste.".to_owned(),
            "This application is not on the reserve list.".to_owned(),
        ),
        E::PlacesTaken { places } => (
            format!(
                "{} nachgerückt wird erst, wenn ein gefördertes Konsortium auf seine Förderung verzichtet.",
                if *places == 1 {
                    "Der eine Platz ist vergeben;".to_owned()
                } else {
                    format!("Alle {places} Plätze sind vergeben;")
                }
            ),
            format!(
                "{} an application moves up only once a funded consortium declines its funding.",
                if *places == 1 {
                    "The only place is taken;".to_owned()
                } else {
                    format!("All {places} places are taken;")
                }
            ),
        ),
        E::NotFirstOnReserve { first } => (
            format!("Zuerst rückt Platz {first} der Nachrückliste nach."),
            format!("Place {first} of the reserve list moves up first."),
        ),
        E::WrongPhase(phase) => {
            let (de, en) = super::labels::phase(*phase).into_pair();
            (
                format!("Im Stand „{de}“ ist das nicht möglich."),
                format!("This is not possible while the competition is “{en}”."),
            )
        }
        E::RemindersNotPossible {
            kind: ReminderKind::Drafts,
        } => (
            "Erinnerungen an Entwürfe sind nur möglich, solange die Stufe offen ist und die Frist läuft.".to_owned(),
            "Reminders of drafts can be sent only while the stage is open and before its deadline.".to_owned(),
        ),
        E::RemindersNotPossible {
            kind: ReminderKind::Reviews,
        } => (
            "Erinnerungen an Bewertungen sind nur während der Begutachtung und vor ihrem Ende möglich.".to_owned(),
            "Reminders of reviews can be sent only during the review and before it ends.".to_owned(),
        ),
        E::RemindedRecently { at, next } => (
            format!(
                "Diese Erinnerungen wurden am {} versandt; die nächsten sind ab {} möglich.",
                berlin(*at, Language::De),
                berlin(*next, Language::De)
            ),
            format!(
                "These reminders were sent on {} (Berlin time); the next can be sent from {}.",
                berlin(*at, Language::En),
                berlin(*next, Language::En)
            ),
        ),
        E::InvalidSetup(problems) => {
            let all = Text::join(problems.iter().map(super::setup_problems::problem), " ");
            (
                format!("Die Ausschreibung ist unvollständig: {}", all.de),
                format!("The set-up is incomplete: {}", all.en),
            )
        }
        E::OverLimits(problems) => {
            let all = Text::join(problems.iter().map(super::setup_problems::problem), " ");
            (
                format!("Die Ausschreibung ist zu umfangreich: {}", all.de),
                format!("The set-up is too large: {}", all.en),
            )
        }
        E::AlreadyExists => pair(
            "Diesen Wettbewerb gibt es bereits.",
            "The competition exists already.",
        ),
        E::NotFound => pair(
            "Diesen Wettbewerb gibt es nicht.",
            "There is no such competition.",
        ),
        E::AlreadyPublished => pair(
            "Die Ausschreibung ist veröffentlicht; ihre Einstellungen lassen sich nicht mehr ändern.",
            "The competition is published; its set-up can no longer be changed.",
        ),
        E::NoFurtherStage => pair(
            "Es gibt keine weitere Stufe.",
            "There is no further stage.",
        ),
        E::NotInReview => pair(
            "Der Antrag ist in dieser Stufe nicht in der Begutachtung.",
            "The application is not in review in this stage.",
        ),
        E::OutcomeForOtherStage { last: true } => pair(
            "Über die Förderung wird erst in der letzten Stufe entschieden; in dieser Stufe wird ausgewählt.",
            "Funding is decided in the last stage; this stage shortlists.",
        ),
        E::OutcomeForOtherStage { last: false } => pair(
            "Ausgewählt wird in den früheren Stufen; in der letzten Stufe wird über die Förderung entschieden.",
            "Shortlisting belongs to the earlier stages; the last stage decides on funding.",
        ),
        E::ZeroAward => pair(
            "Eine Förderung muss mehr als 0 € betragen.",
            "An award must be more than 0 €.",
        ),
        E::Departure(problem) => {
            let t = super::meeting::departure(problem);
            (t.de, t.en)
        }
        E::NotADecision => pair(
            "Begründet werden kann nur eine Entscheidung über einen Antrag.",
            "Only a decision on an application can be justified.",
        ),
        E::NoReminderDue => pair(
            "Es ist keine Erinnerung fällig.",
            "No reminder is due.",
        ),
    }
    })
}

/// An entered e-mail address that is refused, with the reason.
pub fn email(error: &InvalidEmail) -> Text<String> {
    Text::from({
        use AddressProblem as P;
        let (de, en) = match error.problem {
            P::Malformed => (
                "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@einrichtung.de.",
                "Please enter a valid e-mail address, e.g. name@organisation.de.",
            ),
            P::Quoted => (
                "Adressen mit Anführungszeichen oder Leerzeichen vor dem @ können wir nicht zustellen.",
                "We cannot deliver to addresses with quotation marks or spaces before the @.",
            ),
            P::IpLiteral => (
                "Bitte geben Sie nach dem @ einen Domainnamen an, keine IP-Adresse.",
                "Please enter a domain name after the @, not an IP address.",
            ),
            P::NoDot => (
                "Nach dem @ fehlt eine vollständige Domain, z. B. einrichtung.de.",
                "The part after the @ needs a full domain, e.g. organisation.de.",
            ),
            P::MixedScripts => (
                "Die Adresse mischt Buchstaben verschiedener Schriften (z. B. kyrillische in lateinischen). Bitte tippen Sie sie noch einmal ein.",
                "The address mixes letters of different scripts (e.g. Cyrillic among Latin ones). Please type it again.",
            ),
        };
        pair(de, en)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: u128) -> Vec<ApplicationId> {
        (1..=n)
            .map(|i| ApplicationId::from_uuid(uuid::Uuid::from_u128(i)))
            .collect()
    }

    #[test]
    fn an_assignment_refusal_counts_and_names_the_applications_in_both_languages() {
        let apps = ids(3);
        let title = |a: ApplicationId| {
            let i = apps.iter().position(|x| *x == a).unwrap_or(0);
            ["Alpha", "Beta", "Gamma"][i].to_owned()
        };
        let Text { de, en } = assignment(
            &AssignmentError::Infeasible {
                applications: apps.clone(),
                k: 2,
            },
            &title,
        );
        assert!(
            de.starts_with(
                "3 Anträge haben weniger als 2 Jurymitglieder ohne Befangenheit: „Alpha“, „Beta“, „Gamma“."
            ),
            "{de}"
        );
        assert!(
            en.starts_with(
                "3 applications have fewer than 2 jurors without a conflict of interest: “Alpha”, “Beta”, “Gamma”."
            ),
            "{en}"
        );
        let Text { de, en } = assignment(
            &AssignmentError::Infeasible {
                applications: vec![apps[1]],
                k: 1,
            },
            &title,
        );
        assert!(
            de.starts_with("1 Antrag hat kein Jurymitglied ohne Befangenheit: „Beta“."),
            "{de}"
        );
        assert!(
            en.starts_with("1 application has no juror without a conflict of interest: “Beta”."),
            "{en}"
        );
    }

    #[test]
    fn too_few_jurors_are_counted_in_singular_and_plural() {
        let none = |_: ApplicationId| String::new();
        let Text { de, en } = assignment(&AssignmentError::TooFewJurors { k: 2, jurors: 1 }, &none);
        assert_eq!(
            de,
            "Für 2 Jurymitglieder je Antrag braucht die Jury mindestens 2 Mitglieder; sie hat 1 Mitglied."
        );
        assert_eq!(
            en,
            "2 jurors per application need a jury of at least 2; it has 1 member."
        );
    }
}
