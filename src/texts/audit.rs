//! Each event of the audit log as a sentence in the reader's language: amounts in euro, Länder,
//! fields and partner kinds by their names, people and applications by name and title. An event
//! this file does not know (or cannot read) is named by its type; its data stays on the page.

use chrono::{DateTime, Utc};

use crate::app::decode;
use crate::domain::account::Language;
use crate::domain::application::{Application, ApplicationEvent, Details};
use crate::domain::competition::{Competition, CompetitionEvent, Outcome};
use crate::domain::consensus::{Closing, Consensus, ConsensusEvent};
use crate::domain::discussion::{Author, Discussion, DiscussionEvent};
use crate::domain::ids::{ApplicationId, JurorId};
use crate::domain::jury::{Jury, JuryEvent};
use crate::domain::mail_texts::{MailTextEvent, MailTexts};
use crate::domain::meeting::{JuryMeeting, MeetingEvent};
use crate::domain::partner::Partner;
use crate::domain::redress::{Redress, RedressEvent};
use crate::domain::review::{Review, ReviewEvent};
use crate::event_store::RecordedEvent;
use crate::projections::Views;
use crate::texts::labels::points;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;

/// The places of the formal check's ticks split into the points met and not met.
fn split_ticks(ticks: &[(usize, bool)]) -> (Vec<usize>, Vec<usize>) {
    let met = ticks.iter().filter(|(_, m)| *m).map(|(i, _)| *i).collect();
    let unmet = ticks.iter().filter(|(_, m)| !*m).map(|(i, _)| *i).collect();
    (met, unmet)
}

fn or_dash(list: &str) -> &str {
    if list.is_empty() { "–" } else { list }
}

/// The sentence for one event, or its type name when it has none.
pub fn sentence(c: &Chrome, views: &Views, event: &RecordedEvent) -> String {
    let words = Words { c, views };
    if let Ok(e) = decode::<Application>(event) {
        return words.application(e);
    }
    if let Ok(e) = decode::<Competition>(event) {
        return words.competition(e);
    }
    if let Ok(e) = decode::<Jury>(event) {
        return words.jury(e);
    }
    if let Ok(e) = decode::<Review>(event) {
        return words.review(e);
    }
    if let Ok(e) = decode::<Redress>(event) {
        return words.redress(e);
    }
    if let Ok(e) = decode::<JuryMeeting>(event) {
        return words.meeting(e);
    }
    if let Ok(e) = decode::<Consensus>(event) {
        return words.consensus(e);
    }
    if let Ok(e) = decode::<Discussion>(event) {
        return words.discussion(e);
    }
    if let Ok(e) = decode::<MailTexts>(event) {
        return words.mail_text(e);
    }
    event.event_type.clone()
}

struct Words<'a> {
    c: &'a Chrome,
    views: &'a Views<'a>,
}

impl Words<'_> {
    /// The German or the English sentence, whichever the page speaks.
    fn say(&self, de: String, en: String) -> String {
        if self.c.en() { en } else { de }
    }

    fn partner(&self, p: &Partner) -> String {
        format!(
            "{} ({}, {})",
            p.name,
            self.c
                .text(crate::texts::explanations::partner_kind(p.kind)),
            p.land.name()
        )
    }

    fn title(&self, id: &ApplicationId) -> String {
        self.views
            .applications
            .get(id)
            .map(|a| format!("„{}“", a.state.title))
            .unwrap_or_else(|| id.to_string())
    }

    fn juror(&self, id: &JurorId) -> String {
        self.views
            .juries
            .values()
            .find_map(|jury| jury.jurors.get(id))
            .map(|j| j.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    fn details(&self, d: &Details) -> String {
        let field = d
            .field
            .map(|f| self.c.text(crate::texts::explanations::field(f)).to_owned())
            .unwrap_or_else(|| "–".to_owned());
        match (d.requested, d.cofinancing) {
            (None, None) => self.say(
                format!(
                    "Angaben gespeichert: „{}“, Technologiefeld {field}.",
                    d.title
                ),
                format!("Details saved: “{}”, technology field {field}.", d.title),
            ),
            (requested, cofinancing) => {
                let (requested, cofinancing) = (
                    requested.unwrap_or_default(),
                    cofinancing.unwrap_or_default(),
                );
                self.say(
                    format!(
                        "Angaben gespeichert: „{}“, Technologiefeld {field}, beantragt {requested}, Kofinanzierung {cofinancing}.",
                        d.title
                    ),
                    format!(
                        "Details saved: “{}”, technology field {field}, requested {}, co-financing {}.",
                        d.title,
                        crate::number_display::money(requested, Language::En),
                        crate::number_display::money(cofinancing, Language::En)
                    ),
                )
            }
        }
    }

    fn application(&self, e: ApplicationEvent) -> String {
        use ApplicationEvent as E;
        match e {
            E::ApplicationCreated {
                coordinator,
                contact,
                title,
                ..
            } => {
                let who = self.partner(&coordinator);
                self.say(
                    format!("Antrag „{title}“ angelegt; Koordination {who}, Kontakt {contact}."),
                    format!("Application “{title}” created; coordinator {who}, contact {contact}."),
                )
            }
            E::DetailsChanged { details, .. } => self.details(&details),
            E::PartnerAdded { partner, .. } => {
                let p = self.partner(&partner);
                self.say(
                    format!("Partner hinzugefügt: {p}."),
                    format!("Partner added: {p}."),
                )
            }
            E::PartnerChanged { index, partner, .. } => {
                let p = self.partner(&partner);
                let n = index.saturating_add(1);
                self.say(
                    format!("Partner {n} geändert: {p}."),
                    format!("Partner {n} changed: {p}."),
                )
            }
            E::PartnerRemoved { name, .. } => self.say(
                format!("Partner entfernt: {name}."),
                format!("Partner removed: {name}."),
            ),
            E::CoordinatorChanged { coordinator, .. } => {
                let p = self.partner(&coordinator);
                self.say(
                    format!("Koordination geändert: {p}."),
                    format!("Coordinator changed: {p}."),
                )
            }
            E::DocumentAttached { document, .. } => {
                let kb = document.size.div_ceil(1024);
                self.say(
                    format!("Dokument „{}“ angehängt ({kb} KB).", document.file_name),
                    format!("Document “{}” attached ({kb} KB).", document.file_name),
                )
            }
            E::DocumentRemoved { .. } => self.c.ts("Ein Dokument entfernt.", "A document removed."),
            E::ApplicationSubmitted { stage, .. } => {
                let n = stage.saturating_add(1);
                self.say(
                    format!("In Stufe {n} eingereicht."),
                    format!("Submitted in stage {n}."),
                )
            }
            E::ApplicationWithdrawn { stage, .. } => {
                let n = stage.saturating_add(1);
                self.say(
                    format!("In Stufe {n} zurückgezogen."),
                    format!("Withdrawn in stage {n}."),
                )
            }
            E::ApplicationFormallyRejected { stage, reason, .. } => {
                let n = stage.saturating_add(1);
                self.say(
                    format!("In Stufe {n} aus formalen Gründen abgelehnt: {reason}"),
                    format!("Formally rejected in stage {n}: {reason}"),
                )
            }
            E::NextStageStarted { stage, .. } => {
                let n = stage.saturating_add(1);
                self.say(
                    format!("Zur Stufe {n} eingeladen."),
                    format!("Invited to stage {n}."),
                )
            }
            E::EditorInvited { email, .. } => self.say(
                format!("{email} zur Mitarbeit eingeladen."),
                format!("{email} invited to co-edit."),
            ),
            E::EditorRemoved { email, .. } => self.say(
                format!("{email} arbeitet nicht mehr mit."),
                format!("{email} no longer co-edits."),
            ),
            E::SectionsAnswered { answers, .. } => {
                let keys: Vec<&str> = answers.keys().map(String::as_str).collect();
                let keys = keys.join(", ");
                self.say(
                    format!("Abschnitte gespeichert: {keys}."),
                    format!("Sections saved: {keys}."),
                )
            }
            E::DocumentFiled { slot, .. } => self.say(
                format!("Dokument als „{slot}“ abgelegt."),
                format!("Document filed as “{slot}”."),
            ),
            E::ProjectTermSet { term, .. } => {
                let (m, y, n) = (term.start_month, term.start_year, term.months);
                self.say(
                    format!("Laufzeit gespeichert: ab {m:02}/{y}, {n} Monate."),
                    format!("Term saved: from {m:02}/{y}, {n} months."),
                )
            }
            E::PartnerPlanChanged { slot, plan, .. } => {
                let who = match slot {
                    crate::domain::financing::PartnerSlot::Coordinator => {
                        self.c.ts("der Koordination", "of the coordinator")
                    }
                    crate::domain::financing::PartnerSlot::Partner(i) => self.say(
                        format!("von Partner {}", i.saturating_add(1)),
                        format!("of partner {}", i.saturating_add(1)),
                    ),
                };
                let total = plan.total();
                self.say(
                    format!(
                        "Finanzierungsplan {who} gespeichert: Kosten {}, beantragt {}, Eigenanteil {}.",
                        total.costs, total.requested, total.own
                    ),
                    format!(
                        "Financing plan {who} saved: costs {}, requested {}, own contribution {}.",
                        crate::number_display::money(total.costs, Language::En),
                        crate::number_display::money(total.requested, Language::En),
                        crate::number_display::money(total.own, Language::En)
                    ),
                )
            }
            E::PledgeRecorded { pledge, .. } => {
                let amount = pledge.amount.total();
                let english = crate::number_display::money(amount, Language::En);
                let who = &pledge.organisation;
                if pledge.letter.is_some() {
                    self.say(
                        format!(
                            "Absichtserklärung von {who} über {amount} mit Schreiben gespeichert."
                        ),
                        format!("Letter of intent of {who} for {english} saved with its letter."),
                    )
                } else {
                    self.say(
                        format!("Absichtserklärung von {who} über {amount} gespeichert."),
                        format!("Letter of intent of {who} for {english} saved."),
                    )
                }
            }
            E::PledgeRemoved { organisation, .. } => self.say(
                format!("Absichtserklärung von {organisation} entfernt."),
                format!("Letter of intent of {organisation} removed."),
            ),
            E::PledgeReviewed { id, review, .. } => {
                use crate::domain::financing::PledgeReview as R;
                match review {
                    R::Unchecked => self.say(
                        format!("Prüfung der Absichtserklärung {id} zurückgesetzt."),
                        format!("Check of letter of intent {id} reset."),
                    ),
                    R::Checked => self.say(
                        format!("Absichtserklärung {id} geprüft."),
                        format!("Letter of intent {id} checked."),
                    ),
                    R::NotAccepted { reason } => self.say(
                        format!("Absichtserklärung {id} nicht anerkannt: {reason}"),
                        format!("Letter of intent {id} not accepted: {reason}"),
                    ),
                }
            }
            E::FormalCheckTicked { stage, ticks, .. } => {
                let n = stage.saturating_add(1);
                let (met, unmet) = split_ticks(&ticks);
                let list = |v: &[usize]| {
                    v.iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                self.say(
                    format!(
                        "Formalprüfung Stufe {n}: Prüfpunkte erfüllt: {}; nicht erfüllt: {}.",
                        or_dash(&list(&met)),
                        or_dash(&list(&unmet))
                    ),
                    format!(
                        "Formal check, stage {n}: points met: {}; not met: {}.",
                        or_dash(&list(&met)),
                        or_dash(&list(&unmet))
                    ),
                )
            }
            E::CorrectionsRequested {
                stage,
                round,
                items,
                text,
                due,
                ..
            } => {
                let n = stage.saturating_add(1);
                let parts = super::formal_check::parts(&items, None, None);
                self.say(
                    format!(
                        "Nachforderung {round} in Stufe {n} bis {}: {}. {text}",
                        berlin(due, Language::De),
                        parts.de
                    ),
                    format!(
                        "Request for corrections {round} in stage {n}, due {}: {}. {text}",
                        berlin(due, Language::En),
                        parts.en
                    ),
                )
            }
            E::CorrectionReminderDue { round, .. } => self.say(
                format!("Erinnerung an Nachforderung {round} verschickt."),
                format!("Reminder of request for corrections {round} sent."),
            ),
            E::CorrectionsSubmitted { round, .. } => self.say(
                format!("Nachforderung {round} beantwortet: Korrekturen eingereicht."),
                format!("Request for corrections {round} answered: corrections handed in."),
            ),
            E::FormalCheckCompleted { stage, .. } => {
                let n = stage.saturating_add(1);
                self.say(
                    format!("Formalprüfung Stufe {n} abgeschlossen: formal vollständig."),
                    format!("Formal check, stage {n}, closed: formally complete."),
                )
            }
        }
    }

    fn outcome(&self, outcome: &Outcome) -> String {
        match outcome {
            Outcome::Shortlisted => self.c.ts("in die nächste Stufe", "on to the next stage"),
            Outcome::NotShortlisted => self.c.ts("nicht weiter", "not shortlisted"),
            Outcome::Funded { amount } => self.say(
                format!("gefördert mit {amount}"),
                format!(
                    "funded with {}",
                    crate::number_display::money(*amount, Language::En)
                ),
            ),
            Outcome::NotFunded => self.c.ts("nicht gefördert", "not funded"),
            Outcome::Reserve { rank } => self.say(
                format!("Nachrückliste, Platz {rank}"),
                format!("reserve list, place {rank}"),
            ),
        }
    }

    fn competition(&self, e: CompetitionEvent) -> String {
        use CompetitionEvent as E;
        let at = |t: DateTime<Utc>| berlin(t, self.c.lang);
        match e {
            E::CompetitionDrafted { setup, .. } => {
                let stages = setup.stages.len();
                self.say(
                    format!(
                        "Wettbewerb „{}“ ({}) angelegt: Budget {}, {stages} Stufen.",
                        setup.name, setup.programme, setup.budget
                    ),
                    format!(
                        "Competition “{}” ({}) drafted: budget {}, {stages} stages.",
                        setup.name, setup.programme, setup.budget
                    ),
                )
            }
            E::CompetitionSetupChanged { setup, .. } => {
                let stages = setup.stages.len();
                self.say(
                    format!(
                        "Ausschreibung geändert: „{}“, Budget {}, {stages} Stufen.",
                        setup.name, setup.budget
                    ),
                    format!(
                        "Set-up changed: “{}”, budget {}, {stages} stages.",
                        setup.name, setup.budget
                    ),
                )
            }
            E::CompetitionPublished { .. } => self
                .c
                .ts("Ausschreibung veröffentlicht.", "Call published."),
            E::StageOpened {
                stage, deadline, ..
            } => {
                let n = stage.saturating_add(1);
                let d = at(deadline);
                self.say(
                    format!("Stufe {n} zur Einreichung geöffnet, Frist {d}."),
                    format!("Stage {n} opened for submissions, deadline {d}."),
                )
            }
            E::SubmissionDeadlineExtended {
                stage, from, to, ..
            } => {
                let n = stage.saturating_add(1);
                let (from, to) = (at(from), at(to));
                self.say(
                    format!("Frist der Stufe {n} von {from} auf {to} verlängert."),
                    format!("Deadline of stage {n} extended from {from} to {to}."),
                )
            }
            E::DeadlinesShortened {
                stage,
                submission,
                review,
                ..
            } => {
                let n = stage.saturating_add(1);
                let mut de = format!("Fristen der Stufe {n} vorgezogen:");
                let mut en = format!("Deadlines of stage {n} moved earlier:");
                if let Some(m) = submission {
                    let (from, to) = (at(m.from), at(m.to));
                    de.push_str(&format!(" Einreichung von {from} auf {to}."));
                    en.push_str(&format!(" submission from {from} to {to}."));
                }
                if let Some(m) = review {
                    let (from, to) = (at(m.from), at(m.to));
                    de.push_str(&format!(" Begutachtung von {from} auf {to}."));
                    en.push_str(&format!(" review from {from} to {to}."));
                }
                self.say(de, en)
            }
            E::CompetitionDeleted { .. } => self.c.ts(
                "Entwurf des Wettbewerbs gelöscht.",
                "Draft competition deleted.",
            ),
            E::StageClosed { stage, .. } => {
                let n = stage.saturating_add(1);
                self.say(
                    format!("Einreichung der Stufe {n} geschlossen."),
                    format!("Submissions to stage {n} closed."),
                )
            }
            E::ReviewStarted { stage, .. } => {
                let n = stage.saturating_add(1);
                self.say(
                    format!("Begutachtung der Stufe {n} begonnen."),
                    format!("Review of stage {n} started."),
                )
            }
            E::DecisionRecorded {
                stage,
                application_id,
                outcome,
                reason,
                ..
            } => {
                let n = stage.saturating_add(1);
                let title = self.title(&application_id);
                let outcome = self.outcome(&outcome);
                match reason {
                    Some(reason) => self.say(
                        format!(
                            "Entscheidung in Stufe {n} über {title}: {outcome}; abweichend von der Empfehlung der Jury, weil: {reason}"
                        ),
                        format!(
                            "Decision in stage {n} on {title}: {outcome}; departing from the jury's recommendation because: {reason}"
                        ),
                    ),
                    None => self.say(
                        format!("Entscheidung in Stufe {n} über {title}: {outcome}."),
                        format!("Decision in stage {n} on {title}: {outcome}."),
                    ),
                }
            }
            E::ResultsDecided { stage, .. } => {
                let n = stage.saturating_add(1);
                self.say(
                    format!("Ergebnisse der Stufe {n} festgelegt."),
                    format!("Results of stage {n} finalised."),
                )
            }
            E::ResultsReleased { stage, .. } => {
                let n = stage.saturating_add(1);
                self.say(
                    format!("Ergebnisse der Stufe {n} bekannt gegeben."),
                    format!("Results of stage {n} released."),
                )
            }
            E::CompetitionCompleted { .. } => self
                .c
                .ts("Wettbewerb abgeschlossen.", "Competition completed."),
            E::AwardDeclined {
                application_id,
                amount,
                ..
            } => {
                let title = self.title(&application_id);
                self.say(
                    format!(
                        "Auf die Förderung von {title} ({amount}) verzichtet; der Betrag ist frei."
                    ),
                    format!(
                        "Funding of {title} ({}) declined; the amount is freed.",
                        crate::number_display::money(amount, Language::En)
                    ),
                )
            }
            E::MovedUpFromReserve {
                application_id,
                place,
                amount,
                ..
            } => {
                let title = self.title(&application_id);
                self.say(
                    format!("{title} von Platz {place} der Nachrückliste nachgerückt: zur Förderung mit bis zu {amount} ausgewählt."),
                    format!(
                        "{title} moved up from place {place} of the reserve list: selected for funding of up to {}.",
                        crate::number_display::money(amount, Language::En)
                    ),
                )
            }
            E::DraftRemindersDue {
                stage, deadline, ..
            } => {
                let n = stage.saturating_add(1);
                let d = at(deadline);
                self.say(
                    format!("Erinnerung an offene Entwürfe der Stufe {n} (Frist {d})."),
                    format!("Reminder of open drafts in stage {n} (deadline {d})."),
                )
            }
            E::ReviewRemindersDue {
                stage, deadline, ..
            } => {
                let n = stage.saturating_add(1);
                let d = at(deadline);
                self.say(
                    format!("Erinnerung an offene Bewertungen der Stufe {n} (Frist {d})."),
                    format!("Reminder of open reviews in stage {n} (deadline {d})."),
                )
            }
        }
    }

    fn jury(&self, e: JuryEvent) -> String {
        use JuryEvent as E;
        match e {
            E::JurorAppointed { juror, .. } => self.say(
                format!(
                    "{} ({}) in die Jury berufen.",
                    juror.name, juror.organisation
                ),
                format!(
                    "{} ({}) appointed to the jury.",
                    juror.name, juror.organisation
                ),
            ),
            E::JurorProfileUpdated { juror, .. } => self.say(
                format!("Profil von {} aktualisiert.", juror.name),
                format!("Profile of {} updated.", juror.name),
            ),
            E::ConflictDeclared {
                juror_id,
                application_id,
                reason,
                ..
            } => {
                let (j, a) = (self.juror(&juror_id), self.title(&application_id));
                self.say(
                    format!("{j} erklärte einen Interessenkonflikt mit {a}: {reason}"),
                    format!("{j} declared a conflict of interest with {a}: {reason}"),
                )
            }
            E::ConflictDetected {
                juror_id,
                application_id,
                organisation,
                ..
            } => {
                let (j, a) = (self.juror(&juror_id), self.title(&application_id));
                self.say(
                    format!("Interessenkonflikt erkannt: {j} und {a} ({organisation})."),
                    format!("Conflict of interest found: {j} and {a} ({organisation})."),
                )
            }
            E::JurorAssigned {
                stage,
                juror_id,
                application_id,
                ..
            } => {
                let n = stage.saturating_add(1);
                let (j, a) = (self.juror(&juror_id), self.title(&application_id));
                self.say(
                    format!("{j} dem Antrag {a} zugeordnet (Stufe {n})."),
                    format!("{j} assigned to {a} (stage {n})."),
                )
            }
            E::AssignmentRemoved {
                stage,
                juror_id,
                application_id,
                ..
            } => {
                let n = stage.saturating_add(1);
                let (j, a) = (self.juror(&juror_id), self.title(&application_id));
                self.say(
                    format!("Zuordnung von {j} zum Antrag {a} entfernt (Stufe {n})."),
                    format!("{j} no longer assigned to {a} (stage {n})."),
                )
            }
            E::AssignmentsAnnounced {
                stage,
                juror_id,
                applications,
                ..
            } => {
                let n = stage.saturating_add(1);
                let j = self.juror(&juror_id);
                let (de, en) = match applications.len() {
                    1 => (
                        "eine neue Zuordnung".to_owned(),
                        "one new assignment".to_owned(),
                    ),
                    k => (
                        format!("{k} neue Zuordnungen"),
                        format!("{k} new assignments"),
                    ),
                };
                self.say(
                    format!("{j} über {de} der Stufe {n} benachrichtigt."),
                    format!("{j} told of {en} in stage {n}."),
                )
            }
            E::NoConflictConfirmed {
                juror_id,
                application_id,
                ..
            } => {
                let (j, a) = (self.juror(&juror_id), self.title(&application_id));
                self.say(
                    format!("{j} bestätigte, keinen Interessenkonflikt mit {a} zu haben."),
                    format!("{j} confirmed having no conflict of interest with {a}."),
                )
            }
            E::JurorInvited { juror_id, .. } => {
                let j = self.juror(&juror_id);
                self.say(
                    format!("{j} zur Jury eingeladen."),
                    format!("{j} invited to the jury."),
                )
            }
            E::InvitationAccepted {
                juror_id,
                confidentiality,
                ..
            } => {
                let j = self.juror(&juror_id);
                // Acceptances from before the declaration was asked carry none.
                match confidentiality {
                    Some(_) => self.say(
                        format!(
                            "{j} nahm die Einladung an und gab die Vertraulichkeitserklärung ab."
                        ),
                        format!(
                            "{j} accepted the invitation and gave the confidentiality declaration."
                        ),
                    ),
                    None => self.say(
                        format!("{j} nahm die Einladung an."),
                        format!("{j} accepted the invitation."),
                    ),
                }
            }
        }
    }

    fn meeting(&self, e: MeetingEvent) -> String {
        match e {
            MeetingEvent::MeetingOpened { key, date, .. } => self.say(
                format!(
                    "Jurysitzung der Stufe {} eröffnet, Sitzung am {}.",
                    key.stage + 1,
                    berlin(date, Language::De)
                ),
                format!(
                    "Jury meeting of stage {} opened, meeting on {}.",
                    key.stage + 1,
                    berlin(date, Language::En)
                ),
            ),
            MeetingEvent::AttendanceRecorded { present, .. } => {
                let names: Vec<String> = present.iter().map(|j| self.juror(j)).collect();
                let names = names.join(", ");
                self.say(
                    format!("Anwesenheit der Jurysitzung: {names}."),
                    format!("Attendance of the jury meeting: {names}."),
                )
            }
            MeetingEvent::AgendaSet { order, .. } => self.say(
                format!("Reihenfolge der Beratung: {} Anträge.", order.len()),
                format!("Order of discussion: {} applications.", order.len()),
            ),
            MeetingEvent::RecommendationRecorded {
                application,
                recommendation,
                yes,
                no,
                abstain,
                ..
            } => {
                let title = self.title(&application);
                let r = super::meeting::recommendation(&recommendation);
                self.say(
                    format!(
                        "Empfehlung der Jury für {title}: {} (Ja {yes}, Nein {no}, Enthaltungen {abstain}).",
                        r.de
                    ),
                    format!(
                        "The jury's recommendation for {title}: {} (yes {yes}, no {no}, abstentions {abstain}).",
                        r.en
                    ),
                )
            }
            MeetingEvent::MeetingClosed { .. } => self.say(
                "Jurysitzung geschlossen.".to_owned(),
                "Jury meeting closed.".to_owned(),
            ),
        }
    }

    fn consensus(&self, e: ConsensusEvent) -> String {
        use ConsensusEvent as E;
        let n = e.key().stage.saturating_add(1);
        match e {
            E::RapporteurNamed { juror, .. } => {
                let j = self.juror(&juror);
                self.say(
                    format!("{j} als Berichterstatter/in benannt (Stufe {n})."),
                    format!("{j} named rapporteur (stage {n})."),
                )
            }
            E::ConsensusDrafted { weighted, .. } => self.say(
                format!(
                    "Konsensentwurf gespeichert (Stufe {n}): {}.",
                    points(weighted, Language::De)
                ),
                format!(
                    "Consensus draft saved (stage {n}): {}.",
                    points(weighted, Language::En)
                ),
            ),
            E::ConsensusAgreed { juror, .. } => {
                let j = self.juror(&juror);
                self.say(
                    format!("{j} stimmte dem Konsensentwurf zu (Stufe {n})."),
                    format!("{j} agreed to the consensus draft (stage {n})."),
                )
            }
            E::ConsensusObjected { juror, .. } => {
                let j = self.juror(&juror);
                self.say(
                    format!("{j} widersprach dem Konsensentwurf (Stufe {n})."),
                    format!("{j} objected to the consensus draft (stage {n})."),
                )
            }
            E::ConsensusClosed { state, .. } => {
                let words = super::consensus::closing(&state);
                let dissent = match &state {
                    Closing::Agreed => 0,
                    Closing::WithDissent { dissent } => dissent.len(),
                };
                self.say(
                    format!("Konsens (Stufe {n}) {}; abweichend: {dissent}.", words.de),
                    format!("Consensus (stage {n}) {}; dissenting: {dissent}.", words.en),
                )
            }
        }
    }

    fn redress(&self, e: RedressEvent) -> String {
        match e {
            RedressEvent::RedressRequested { key, .. } => self.say(
                format!(
                    "Überprüfung des Verfahrens beantragt (Stufe {}).",
                    key.stage + 1
                ),
                format!(
                    "A review of the procedure requested (stage {}).",
                    key.stage + 1
                ),
            ),
            RedressEvent::RedressAnswered { key, outcome, .. } => {
                let outcome = super::redress::state(Some(outcome));
                self.say(
                    format!(
                        "Antrag auf Überprüfung (Stufe {}) beantwortet: {}.",
                        key.stage + 1,
                        outcome.de
                    ),
                    format!(
                        "Request for review (stage {}) answered: {}.",
                        key.stage + 1,
                        outcome.en
                    ),
                )
            }
        }
    }

    /// Who posted; what they wrote is on the discussion page.
    fn discussion(&self, e: DiscussionEvent) -> String {
        let DiscussionEvent::DiscussionPosted {
            key, author, text, ..
        } = e;
        let n = key.stage.saturating_add(1);
        let chars = text.chars().count();
        let (de, en) = match author {
            Author::Juror { juror } => {
                let j = self.juror(&juror);
                (j.clone(), j)
            }
            Author::Staff { name, .. } if name.trim().is_empty() => (
                "Die Programmverwaltung".to_owned(),
                "The programme staff".to_owned(),
            ),
            Author::Staff { name, .. } => (
                format!("{name} (Programmverwaltung)"),
                format!("{name} (programme staff)"),
            ),
        };
        self.say(
            format!("{de} schrieb in der Diskussion der Jury (Stufe {n}, {chars} Zeichen)."),
            format!("{en} posted in the jury's discussion (stage {n}, {chars} characters)."),
        )
    }

    fn review(&self, e: ReviewEvent) -> String {
        use ReviewEvent as E;
        let key = e.key();
        let j = self.juror(&key.juror);
        let n = key.stage.saturating_add(1);
        match e {
            // A draft stays the juror's own: the page says only that it was saved.
            E::ReviewDraftSaved { .. } => self.say(
                format!("{j} speicherte einen Entwurf der Bewertung (Stufe {n})."),
                format!("{j} saved a draft of the review (stage {n})."),
            ),
            E::ReviewSubmitted {
                weighted, scores, ..
            } => {
                let (de, en) = (
                    points(weighted, Language::De),
                    points(weighted, Language::En),
                );
                let (sure_de, sure_en) = confidence_said(&scores);
                self.say(
                    format!(
                        "{j} reichte die Bewertung ein (Stufe {n}): gewichtet {de} Punkte{sure_de}."
                    ),
                    format!("{j} submitted the review (stage {n}): weighted {en} points{sure_en}."),
                )
            }
            E::ReviewRevised {
                weighted, scores, ..
            } => {
                let (de, en) = (
                    points(weighted, Language::De),
                    points(weighted, Language::En),
                );
                let (sure_de, sure_en) = confidence_said(&scores);
                self.say(
                    format!("{j} reichte die überarbeitete Bewertung ein (Stufe {n}): gewichtet {de} Punkte{sure_de}."),
                    format!("{j} submitted the revised review (stage {n}): weighted {en} points{sure_en}."),
                )
            }
            E::ReviewReopened { reason, .. } => self.say(
                format!("Bewertung von {j} (Stufe {n}) wieder geöffnet: {reason}"),
                format!("Review by {j} (stage {n}) reopened: {reason}"),
            ),
        }
    }
}

impl Words<'_> {
    fn mail_text(&self, e: MailTextEvent) -> String {
        let (kind, language) = match &e {
            MailTextEvent::MailTextChanged { kind, language, .. }
            | MailTextEvent::MailTextReset { kind, language, .. } => (kind, *language),
        };
        let label = crate::email::mail_kinds::kind(kind)
            .map(|k| self.c.text(k.label).to_owned())
            .unwrap_or_else(|| kind.clone());
        let lang = self.c.text(super::mail_texts::language(language));
        match e {
            MailTextEvent::MailTextChanged { subject, .. } => self.say(
                format!("Eigener Mailtext gespeichert: {label} ({lang}), Betreff „{subject}“."),
                format!("Own mail text saved: {label} ({lang}), subject “{subject}”."),
            ),
            MailTextEvent::MailTextReset { .. } => self.say(
                format!("Standardtext wiederhergestellt: {label} ({lang})."),
                format!("Built-in text restored: {label} ({lang})."),
            ),
        }
    }
}

/// ", Vertrautheit 3" after a submitted review's points; nothing for one without a confidence.
fn confidence_said(scores: &crate::domain::review::Scores) -> (String, String) {
    scores.confidence.map_or_else(Default::default, |k| {
        (
            format!(", Vertrautheit {}", k.value()),
            format!(", confidence {}", k.value()),
        )
    })
}
