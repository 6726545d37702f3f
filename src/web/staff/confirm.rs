//! The confirmation pages before an irreversible step: releasing a stage's results (the mails go
//! out), finalising its decisions, completing the competition, rejecting an application
//! formally. Each says what will happen and to how many, and names what is still missing (open
//! reviews, places left, a review deadline ahead); only its form's confirmed POST acts. The
//! facts come from `domain::readiness`.

use askama::Template;
use chrono::{DateTime, Utc};

use crate::domain::aggregate::Aggregate;
use crate::domain::application::ApplicationCommand;
use crate::domain::competition::{Competition, CompetitionCommand};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::jury::Jury;
use crate::domain::readiness::{self, AssignedReview, Gaps, OutcomeCounts};
use crate::domain::review::ReviewKey;
use crate::projections::Views;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::refusals;

#[derive(Template)]
#[template(path = "staff/confirm.html")]
pub struct ConfirmPage {
    pub c: Chrome,
    pub title: String,
    /// The competition's name.
    pub name: String,
    pub happens: Vec<String>,
    pub missing: Vec<String>,
    /// Where the confirmed form goes, and what it carries besides the confirmation.
    pub action: String,
    pub hidden: Vec<(String, String)>,
    pub yes: String,
    pub back: String,
    /// Why the step is not possible now (the page then offers no "Ja").
    pub refused: Option<String>,
    /// Why the page is shown again: the state changed after it was confirmed.
    pub notice: Option<String>,
}

/// The competition stream's revision the page was made from; its confirmed form carries it
/// back, so that what was confirmed is what is done (`changed` otherwise).
fn revision(views: &Views, id: CompetitionId) -> Vec<(String, String)> {
    let revision = views
        .competitions
        .get(&id)
        .map(|v| v.revision.to_string())
        .unwrap_or_default();
    vec![("revision".to_owned(), revision)]
}

/// The revision a confirmed form carries; missing or garbled is "unknown", which conflicts.
pub fn seen_revision(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

/// The notice on a confirmation page shown again because the state changed meanwhile.
pub fn changed(c: &Chrome) -> Option<String> {
    Some(c.ts(
        "Seit Sie diese Seite geöffnet haben, hat sich der Stand geändert; nichts wurde ausgeführt. Bitte prüfen Sie die Zahlen unten und bestätigen Sie erneut.",
        "The state changed after you opened this page; nothing was done. Please check the figures below and confirm again.",
    ))
}

/// The form field that makes a POST act rather than ask.
pub fn confirmed(value: &str) -> bool {
    value == "1"
}

/// Whether the competition would refuse the command now, in the page's language; nothing is
/// written, the command is only decided on the current state.
fn refusal(c: &Chrome, competition: &Competition, command: CompetitionCommand) -> Option<String> {
    competition.handle(command).err().map(|e| {
        let (de, en) = refusals::competition(&e);
        if c.en() { en } else { de }
    })
}

fn competition<'a>(views: &'a Views<'_>, id: CompetitionId) -> Result<&'a Competition, WebError> {
    Ok(&views.competitions.get(&id).ok_or(WebError::NotFound)?.state)
}

fn name(competition: &Competition) -> String {
    competition
        .setup
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

/// The applications in review in the current stage.
pub fn entries(views: &Views, id: CompetitionId, stage: usize) -> Vec<ApplicationId> {
    views
        .applications
        .submitted
        .get(&(id, stage))
        .into_iter()
        .flatten()
        .map(|(a, _)| *a)
        .collect()
}

/// Every review assigned in the current stage to an application in review, and whether it is in.
fn assigned_reviews(views: &Views, id: CompetitionId, stage: usize) -> Vec<AssignedReview> {
    let no_jury = Jury::default();
    let jury = views.juries.get(&id).unwrap_or(&no_jury);
    entries(views, id, stage)
        .into_iter()
        .flat_map(|application| {
            jury.jurors_of(stage, application).map(move |juror| {
                let key = ReviewKey {
                    application,
                    stage,
                    juror,
                };
                AssignedReview {
                    juror,
                    submitted: views
                        .juries
                        .reviews
                        .get(&key)
                        .is_some_and(|r| !r.state.awaits_juror()),
                }
            })
        })
        .collect()
}

fn gaps(views: &Views, id: CompetitionId, now: DateTime<Utc>) -> Result<Gaps, WebError> {
    let competition = competition(views, id)?;
    let reviews = assigned_reviews(views, id, competition.stage);
    Ok(readiness::gaps(competition, &reviews, now))
}

/// What is missing, one line each.
fn gap_lines(c: &Chrome, gaps: &Gaps) -> Vec<String> {
    let mut lines = Vec::new();
    if gaps.open_reviews > 0 {
        lines.push(if c.en() {
            format!(
                "{} of {} reviews are still open, with {} {}.",
                gaps.open_reviews,
                gaps.assigned_reviews,
                gaps.jurors_with_open,
                if gaps.jurors_with_open == 1 {
                    "juror"
                } else {
                    "jurors"
                }
            )
        } else {
            format!(
                "Noch {} von {} Bewertungen sind offen, bei {} {}.",
                gaps.open_reviews,
                gaps.assigned_reviews,
                gaps.jurors_with_open,
                if gaps.jurors_with_open == 1 {
                    "Jurymitglied"
                } else {
                    "Jurymitgliedern"
                }
            )
        });
    }
    if gaps.places_left() > 0 {
        lines.push(if c.en() {
            format!(
                "{} of {} places are chosen; {} stay empty.",
                gaps.chosen,
                gaps.places,
                gaps.places_left()
            )
        } else {
            format!(
                "{} von {} Plätzen sind vergeben; {} bleiben frei.",
                gaps.chosen,
                gaps.places,
                gaps.places_left()
            )
        });
    }
    if let Some(deadline) = gaps.review_deadline_ahead {
        lines.push(if c.en() {
            format!(
                "The review deadline has not passed: it ends on {} (Berlin time).",
                berlin(deadline, c.lang)
            )
        } else {
            format!(
                "Die Begutachtungsfrist ist noch nicht abgelaufen: sie endet am {} (Berliner Zeit).",
                berlin(deadline, c.lang)
            )
        });
    }
    lines
}

/// The decisions by outcome, as "5 ausgewählt, 16 nicht ausgewählt"; outcomes none had are left out.
pub fn counts_text(en: bool, counts: &OutcomeCounts) -> String {
    let parts = [
        (counts.shortlisted, "ausgewählt", "shortlisted"),
        (
            counts.not_shortlisted,
            "nicht ausgewählt",
            "not shortlisted",
        ),
        (counts.funded, "gefördert", "funded"),
        (
            counts.reserve,
            "auf der Nachrückliste",
            "on the reserve list",
        ),
        (counts.not_funded, "nicht gefördert", "not funded"),
    ];
    let text: Vec<String> = parts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, de, english)| format!("{n} {}", if en { english } else { de }))
        .collect();
    if text.is_empty() {
        if en { "none" } else { "keine" }.to_owned()
    } else {
        text.join(", ")
    }
}

fn control(id: CompetitionId) -> String {
    format!("/verwaltung/wettbewerbe/{id}")
}

/// Releasing the current stage's results: one mail per decision.
pub fn release(
    c: Chrome,
    views: &Views,
    id: CompetitionId,
    now: DateTime<Utc>,
) -> Result<ConfirmPage, WebError> {
    let competition = competition(views, id)?;
    let counts = readiness::outcomes(competition, competition.stage);
    let happens = vec![if c.en() {
        format!(
            "{} result notices go to the applications' coordinators by e-mail: {}. The results are then public to the consortia.",
            counts.total(),
            counts_text(c.en(), &counts)
        )
    } else {
        format!(
            "{} Ergebnismitteilungen gehen per E-Mail an die Koordinationen der Anträge: {}. Danach kennen die Konsortien ihr Ergebnis.",
            counts.total(),
            counts_text(c.en(), &counts)
        )
    }];
    let missing = gap_lines(&c, &gaps(views, id, now)?);
    let refused = refusal(&c, competition, CompetitionCommand::ReleaseResults { now });
    Ok(ConfirmPage {
        notice: None,
        refused,
        title: c.ts("Ergebnisse freigeben?", "Release the results?"),
        name: name(competition),
        happens,
        missing,
        action: format!("{}/schritt/freigeben", control(id)),
        hidden: revision(views, id),
        yes: if c.en() {
            format!("Yes, send {} result notices", counts.total())
        } else {
            format!("Ja, {} Ergebnismitteilungen senden", counts.total())
        },
        back: control(id),
        c,
    })
}

/// Completing the competition after its last stage's results.
pub fn complete(
    c: Chrome,
    views: &Views,
    id: CompetitionId,
    now: DateTime<Utc>,
) -> Result<ConfirmPage, WebError> {
    let competition = competition(views, id)?;
    Ok(ConfirmPage {
        notice: None,
        refused: refusal(&c, competition, CompetitionCommand::Complete { now }),
        title: c.ts("Wettbewerb abschließen?", "Complete the competition?"),
        name: name(competition),
        happens: vec![c.ts(
            "Der Wettbewerb wird abgeschlossen: es gibt keine weitere Stufe und nichts mehr zu entscheiden; auch die Nachrückliste ist dann geschlossen (niemand rückt mehr nach, auf eine Förderung lässt sich hier nicht mehr verzichten). Es gehen keine E-Mails hinaus.",
            "The competition is completed: there is no further stage and nothing left to decide; the reserve list closes too (nobody moves up any more, and funding can no longer be declined here). No e-mails are sent.",
        )],
        missing: Vec::new(),
        action: format!("{}/schritt/abschliessen", control(id)),
        hidden: revision(views, id),
        yes: c.ts("Ja, Wettbewerb abschließen", "Yes, complete the competition"),
        back: control(id),
        c,
    })
}

/// Opening the next stage: the shortlisted move on and start their proposal for it.
pub fn open_next_stage(
    c: Chrome,
    views: &Views,
    id: CompetitionId,
    now: DateTime<Utc>,
) -> Result<ConfirmPage, WebError> {
    let competition = competition(views, id)?;
    let counts = readiness::outcomes(competition, competition.stage);
    let next = competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(competition.stage + 1));
    let title = next.map(|s| s.title.clone()).unwrap_or_default();
    let deadline = next
        .map(|s| berlin(s.submission_deadline, c.lang))
        .unwrap_or_default();
    let moving = counts.shortlisted;
    let happens = vec![
        if c.en() {
            format!(
                "{moving} shortlisted {} on to the stage “{title}”: their consortia can write and submit the application for it until {deadline} (Berlin time). Applications not shortlisted ({}) take no further part.",
                if moving == 1 { "application moves" } else { "applications move" },
                counts.not_shortlisted
            )
        } else {
            format!(
                "{moving} {} in die Stufe „{title}“ über: die Konsortien können den Antrag dafür bis {deadline} (Berliner Zeit) bearbeiten und einreichen. Nicht ausgewählte Anträge ({}) nehmen nicht mehr teil.",
                if moving == 1 { "ausgewählter Antrag geht" } else { "ausgewählte Anträge gehen" },
                counts.not_shortlisted
            )
        },
        c.ts(
            "Es gehen keine E-Mails hinaus: die ausgewählten Konsortien kennen die Stufe und ihre Frist aus der Ergebnismitteilung; sie finden den Antrag der neuen Stufe unter „Meine Anträge“.",
            "No e-mails are sent: the shortlisted consortia know the stage and its deadline from their result notice; they find the application for the new stage under “My applications”.",
        ),
    ];
    Ok(ConfirmPage {
        notice: None,
        refused: refusal(&c, competition, CompetitionCommand::OpenNextStage { now }),
        title: c.ts("Nächste Stufe öffnen?", "Open the next stage?"),
        name: name(competition),
        happens,
        missing: Vec::new(),
        action: format!("{}/schritt/stufe-oeffnen", control(id)),
        hidden: revision(views, id),
        yes: if c.en() {
            format!("Yes, open the stage for {moving} applications")
        } else {
            format!("Ja, Stufe für {moving} Anträge öffnen")
        },
        back: control(id),
        c,
    })
}

/// Finalising the current stage's decisions: the undecided do not go on.
pub fn finalise(
    c: Chrome,
    views: &Views,
    id: CompetitionId,
    now: DateTime<Utc>,
) -> Result<ConfirmPage, WebError> {
    let competition = competition(views, id)?;
    let entries = entries(views, id, competition.stage);
    let undecided = readiness::undecided(competition, &entries);
    let counts = readiness::outcomes(competition, competition.stage);
    let not_going_on = if competition.is_last_stage() {
        c.t("nicht gefördert", "not funded")
    } else {
        c.t("nicht ausgewählt", "not shortlisted")
    };
    let happens = vec![
        match (c.en(), undecided == 1) {
            (true, true) => format!(
                "The one application without a decision is recorded as “{not_going_on}”. Decided so far: {}.",
                counts_text(true, &counts)
            ),
            (true, false) => format!(
                "The {undecided} applications without a decision are recorded as “{not_going_on}”. Decided so far: {}.",
                counts_text(true, &counts)
            ),
            (false, true) => format!(
                "Der eine Antrag ohne Entscheidung wird als „{not_going_on}“ festgehalten. Bisher entschieden: {}.",
                counts_text(false, &counts)
            ),
            (false, false) => format!(
                "Die {undecided} Anträge ohne Entscheidung werden als „{not_going_on}“ festgehalten. Bisher entschieden: {}.",
                counts_text(false, &counts)
            ),
        },
        c.ts(
            "Danach lassen sich die Entscheidungen der Stufe nicht mehr ändern; E-Mails gehen erst mit der Freigabe hinaus.",
            "After that the stage's decisions can no longer be changed; e-mails go out only when the results are released.",
        ),
    ];
    let missing = gap_lines(&c, &gaps(views, id, now)?);
    let refused = refusal(
        &c,
        competition,
        CompetitionCommand::FinaliseResults { entries, now },
    );
    Ok(ConfirmPage {
        notice: None,
        refused,
        title: c.ts("Entscheidungen abschließen?", "Finalise the decisions?"),
        name: name(competition),
        happens,
        missing,
        action: format!("{}/abschliessen-entscheidungen", control(id)),
        hidden: revision(views, id),
        yes: c.ts(
            "Ja, Entscheidungen abschließen",
            "Yes, finalise the decisions",
        ),
        back: format!("{}/rangliste", control(id)),
        c,
    })
}

/// Rejecting one application formally, with the reason the consortium will read.
pub fn reject(
    c: Chrome,
    views: &Views,
    id: CompetitionId,
    application: ApplicationId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<ConfirmPage, WebError> {
    let competition = competition(views, id)?;
    let view = views
        .applications
        .get(&application)
        .ok_or(WebError::NotFound)?;
    let title = view.state.title.clone();
    let command = ApplicationCommand::RejectFormally {
        reason: reason.to_owned(),
        competition: competition.progress(),
        now,
    };
    let refused = view.state.handle(command).err().map(|e| {
        let (de, en) = refusals::application(&e);
        if c.en() { en } else { de }
    });
    let happens = vec![
        if c.en() {
            format!("The application “{title}” is rejected formally and leaves the competition.")
        } else {
            format!(
                "Der Antrag „{title}“ wird formal abgelehnt und scheidet aus dem Wettbewerb aus."
            )
        },
        if c.en() {
            format!("The consortium receives this reason by e-mail: “{reason}”")
        } else {
            format!("Das Konsortium erhält diese Begründung per E-Mail: „{reason}“")
        },
    ];
    Ok(ConfirmPage {
        notice: None,
        refused,
        title: c.ts(
            "Antrag formal ablehnen?",
            "Reject the application formally?",
        ),
        name: name(competition),
        happens,
        missing: Vec::new(),
        action: format!("{}/ablehnen", control(id)),
        hidden: vec![
            ("application".to_owned(), application.to_string()),
            ("reason".to_owned(), reason.to_owned()),
        ],
        yes: c.ts("Ja, formal ablehnen", "Yes, reject formally"),
        back: format!("{}#antraege", control(id)),
        c,
    })
}

/// Deleting a draft competition: it leaves every list and its address; the log keeps its events
/// and who deleted it.
pub fn delete(c: Chrome, views: &Views, id: CompetitionId) -> Result<ConfirmPage, WebError> {
    let competition = competition(views, id)?;
    let refused = competition.deletable().err().map(|e| {
        let (de, en) = refusals::competition(&e);
        if c.en() { en } else { de }
    });
    Ok(ConfirmPage {
        title: c.ts("Entwurf löschen?", "Delete the draft?"),
        name: name(competition),
        // Refused, the page says only why.
        happens: if refused.is_some() {
            Vec::new()
        } else {
            vec![c.ts(
            "Der Entwurf verschwindet aus allen Listen, und seine Seiten gibt es nicht mehr. Er wurde nie veröffentlicht, also hat ihn kein Konsortium gesehen; es gehen keine E-Mails hinaus, und Einladungen in seine Jury verfallen. Im Protokoll bleibt festgehalten, wer ihn wann gelöscht hat.",
            "The draft leaves every list and its pages are gone. It was never published, so no consortium has seen it; no e-mails are sent, and invitations to its jury lapse. The log keeps who deleted it and when.",
        )]
        },
        refused,
        notice: None,
        missing: Vec::new(),
        action: format!("{}/loeschen", control(id)),
        hidden: Vec::new(),
        yes: c.ts("Ja, Entwurf löschen", "Yes, delete the draft"),
        back: control(id),
        c,
    })
}
