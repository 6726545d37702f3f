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
use crate::domain::readiness::{self, AssignedReview, Gaps};
use crate::domain::review::ReviewKey;
use crate::projections::Views;
use crate::texts::{self, refusals};
use crate::usecases::KnownApplication;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;

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
    Some(c.text(texts::staff::STATE_CHANGED).to_owned())
}

/// The form field that makes a POST act rather than ask.
pub fn confirmed(value: &str) -> bool {
    value == "1"
}

/// Whether the competition would refuse the command now, in the page's language; nothing is
/// written, the command is only decided on the current state.
fn refusal(c: &Chrome, competition: &Competition, command: CompetitionCommand) -> Option<String> {
    competition
        .handle(command)
        .err()
        .map(|e| c.say(refusals::competition(&e)))
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

/// Every application of the competition with the read model's copy of it: what a decision on
/// all of them takes, as long as each copy is still its stream's state
/// (`usecases::KnownApplication`).
pub fn known_applications(views: &Views, id: CompetitionId) -> Vec<KnownApplication> {
    let of_competition = views.applications.by_competition.get(&id);
    of_competition
        .into_iter()
        .flatten()
        .map(|a| match views.applications.get(a) {
            Some(view) if !view.skipped => KnownApplication::held(*a, view.revision, &view.state),
            _ => KnownApplication::unheld(*a),
        })
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
                        .is_some_and(|r| !r.awaits_juror()),
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
    texts::confirmations::gap_lines(gaps)
        .into_iter()
        .map(|line| c.say(line))
        .collect()
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
    let happens = vec![c.say(texts::confirmations::release(&counts))];
    let missing = gap_lines(&c, &gaps(views, id, now)?);
    let refused = refusal(&c, competition, CompetitionCommand::ReleaseResults { now });
    Ok(ConfirmPage {
        notice: None,
        refused,
        title: c.text(texts::staff::RELEASE_RESULTS).to_owned(),
        name: name(competition),
        happens,
        missing,
        action: format!("{}/schritt/freigeben", control(id)),
        hidden: revision(views, id),
        yes: c.say(texts::confirmations::release_yes(&counts)),
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
        title: c.text(texts::staff::COMPLETE_COMPETITION).to_owned(),
        name: name(competition),
        happens: vec![c.text(texts::staff::COMPLETE_COMPETITION_TEXT).to_owned()],
        missing: Vec::new(),
        action: format!("{}/schritt/abschliessen", control(id)),
        hidden: revision(views, id),
        yes: c.text(texts::staff::YES_COMPLETE_COMPETITION).to_owned(),
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
    let deadline = next.map(|s| s.submission_deadline);
    let moving = counts.shortlisted;
    let happens = vec![
        c.say(texts::confirmations::open_next_stage(
            moving,
            counts.not_shortlisted,
            &title,
            deadline,
        )),
        c.text(texts::staff::OPEN_NEXT_STAGE_NO_MAIL).to_owned(),
    ];
    Ok(ConfirmPage {
        notice: None,
        refused: refusal(&c, competition, CompetitionCommand::OpenNextStage { now }),
        title: c.text(texts::staff::OPEN_NEXT_STAGE).to_owned(),
        name: name(competition),
        happens,
        missing: Vec::new(),
        action: format!("{}/schritt/stufe-oeffnen", control(id)),
        hidden: revision(views, id),
        yes: c.say(texts::confirmations::open_next_stage_yes(moving)),
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
        texts::staff::OUTCOME_NOT_FUNDED
    } else {
        texts::staff::OUTCOME_NOT_SHORTLISTED
    };
    let happens = vec![
        c.say(texts::confirmations::finalise(
            undecided,
            not_going_on,
            &counts,
        )),
        c.text(texts::staff::FINALISE_DECISIONS_TEXT).to_owned(),
    ];
    let missing = gap_lines(&c, &gaps(views, id, now)?);
    // Whether finalising is refused does not depend on the entries; which are in review the
    // finalising itself reads from the applications' streams (`usecases::award_decision`).
    let refused = refusal(
        &c,
        competition,
        CompetitionCommand::FinaliseResults {
            entries: Vec::new(),
            now,
        },
    );
    Ok(ConfirmPage {
        notice: None,
        refused,
        title: c.text(texts::staff::FINALISE_DECISIONS).to_owned(),
        name: name(competition),
        happens,
        missing,
        action: format!("{}/abschliessen-entscheidungen", control(id)),
        hidden: revision(views, id),
        yes: c.text(texts::staff::YES_FINALISE_DECISIONS).to_owned(),
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
    let refused = view
        .state
        .handle(command)
        .err()
        .map(|e| c.say(refusals::application(&e)));
    let happens = texts::confirmations::reject(&title, reason)
        .into_iter()
        .map(|line| c.say(line))
        .collect();
    Ok(ConfirmPage {
        notice: None,
        refused,
        title: c.text(texts::staff::REJECT_APPLICATION_FORMALLY).to_owned(),
        name: name(competition),
        happens,
        missing: Vec::new(),
        action: format!("{}/ablehnen", control(id)),
        hidden: vec![
            ("application".to_owned(), application.to_string()),
            ("reason".to_owned(), reason.to_owned()),
        ],
        yes: c.text(texts::staff::YES_REJECT_FORMALLY).to_owned(),
        back: format!("{}#antraege", control(id)),
        c,
    })
}

/// Deleting a draft competition: it leaves every list and its address; the log keeps its events
/// and who deleted it.
pub fn delete(c: Chrome, views: &Views, id: CompetitionId) -> Result<ConfirmPage, WebError> {
    let competition = competition(views, id)?;
    let refused = competition
        .deletable()
        .err()
        .map(|e| c.say(refusals::competition(&e)));
    Ok(ConfirmPage {
        title: c.text(texts::staff::DELETE_DRAFT).to_owned(),
        name: name(competition),
        // Refused, the page says only why.
        happens: if refused.is_some() {
            Vec::new()
        } else {
            vec![c.text(texts::staff::DELETE_DRAFT_TEXT).to_owned()]
        },
        refused,
        notice: None,
        missing: Vec::new(),
        action: format!("{}/loeschen", control(id)),
        hidden: Vec::new(),
        yes: c.text(texts::staff::YES_DELETE_DRAFT).to_owned(),
        back: control(id),
        c,
    })
}
