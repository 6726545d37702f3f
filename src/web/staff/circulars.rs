//! `/verwaltung/wettbewerbe/{k}/rundschreiben`: the competition's circulars, newest first, and
//! the form to write one. "Vorschau" shows the message as its first recipient reads it and how
//! many receive it; "Senden" sends it. The form carries the new circular's id, so the same form
//! sent twice sends once and the second answer shows the circular sent.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{ExecuteError, stream_of};
use crate::domain::account::Role;
use crate::domain::circular::{
    Audience, Circular, CircularError, ConsortiumState, PLACEHOLDERS, Recipient, check_body,
    check_subject, distinct_recipients,
};
use crate::domain::competition::Competition;
use crate::domain::ids::{CircularId, CompetitionId};
use crate::email::circular_letter::{Letter, letter};
use crate::email::placeholders::{MAX_BODY_CHARS, MAX_SUBJECT_CHARS};
use crate::email::signoff::competition_signoff;
use crate::event_store::{Direction, ReadFrom};
use crate::projections::Views;
use crate::texts::circulars as words;
use crate::time_display::berlin;
use crate::usecases::circular_sending::{self, Draft};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

pub struct SentRow {
    pub href: String,
    pub subject: String,
    pub at: String,
    pub audience: String,
    pub count: usize,
}

pub struct Choice {
    pub key: String,
    pub label: String,
}

pub struct Preview {
    pub to: String,
    pub letter: Letter,
    pub count: usize,
}

#[derive(Template)]
#[template(path = "staff/circulars.html")]
struct Page {
    c: Chrome,
    id: String,
    name: String,
    rows: Vec<SentRow>,
    form: ComposeForm,
    stages: Vec<Choice>,
    states: Vec<Choice>,
    placeholders: Vec<(&'static str, String)>,
    max_subject: usize,
    max_body: usize,
    errors: FieldErrors,
    notice: Option<String>,
    preview: Option<Preview>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ComposeForm {
    /// The circular's id, chosen when the form was first shown.
    #[serde(default)]
    pub id: String,
    /// `konsortien`, `jury-offen` or `jury`.
    #[serde(default)]
    pub gruppe: String,
    /// The stage, counted from 1.
    #[serde(default)]
    pub stufe: String,
    #[serde(default)]
    pub stand: String,
    #[serde(default)]
    pub betreff: String,
    #[serde(default)]
    pub text: String,
    /// `vorschau` or `senden`.
    #[serde(default)]
    pub aktion: String,
}

pub fn path_of(k: CompetitionId) -> String {
    format!("/verwaltung/wettbewerbe/{k}/rundschreiben")
}

fn competition(views: &Views, k: CompetitionId) -> Result<Competition, WebError> {
    let competition = &views.competitions.get(&k).ok_or(WebError::NotFound)?.state;
    competition.setup.as_ref().ok_or(WebError::NotFound)?;
    Ok(competition.clone())
}

fn stage_title(competition: &Competition, stage: usize) -> String {
    let title = competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(stage))
        .map(|s| s.title.as_str())
        .unwrap_or_default();
    format!("{} ({title})", stage + 1)
}

/// The sent circulars of the competition, newest first.
fn rows(c: &Chrome, views: &Views, k: CompetitionId, competition: &Competition) -> Vec<SentRow> {
    views
        .competitions
        .circulars_of
        .get(&k)
        .into_iter()
        .flatten()
        .rev()
        .filter_map(|id| views.competitions.circulars.get(id))
        .map(|view| {
            let sent = &view.sent;
            SentRow {
                href: format!("{}/{}", path_of(k), sent.id),
                subject: sent.subject.clone(),
                at: berlin(sent.at, c.lang),
                audience: c.say(audience_label(&sent.audience, competition)),
                count: sent.recipients.len(),
            }
        })
        .collect()
}

pub fn audience_label(
    audience: &Audience,
    competition: &Competition,
) -> crate::texts::Text<String> {
    let stage = match audience {
        Audience::Consortia { stage, .. } | Audience::JurorsWithOpenReviews { stage } => *stage,
        Audience::Jurors => competition.stage,
    };
    words::audience(audience, &stage_title(competition, stage))
}

fn state_of(key: &str) -> Option<ConsortiumState> {
    ConsortiumState::EVERY
        .into_iter()
        .find(|s| words::consortium_state(*s).0 == key)
}

/// The group the form names, or the field to correct and why.
fn audience_of(
    form: &ComposeForm,
    competition: &Competition,
) -> Result<Audience, (&'static str, crate::texts::Text)> {
    let stages = competition.setup.as_ref().map_or(0, |s| s.stages.len());
    let stage = || {
        form.stufe
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|s| *s < stages)
            .ok_or(("stufe", words::NO_STAGE))
    };
    match form.gruppe.as_str() {
        "konsortien" => Ok(Audience::Consortia {
            stage: stage()?,
            state: state_of(&form.stand).unwrap_or(ConsortiumState::All),
        }),
        "jury-offen" => Ok(Audience::JurorsWithOpenReviews { stage: stage()? }),
        "jury" => Ok(Audience::Jurors),
        _ => Err(("gruppe", words::NO_GROUP)),
    }
}

/// The page with the form as sent (or empty with a new id), its refusals and its preview.
fn page(
    c: Chrome,
    views: &Views,
    k: CompetitionId,
    form: ComposeForm,
    errors: FieldErrors,
    preview: Option<Preview>,
) -> Result<Page, WebError> {
    let competition = competition(views, k)?;
    let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
    let form = if form.id.is_empty() {
        ComposeForm {
            id: CircularId::from_uuid(uuid::Uuid::new_v4()).to_string(),
            gruppe: "konsortien".into(),
            stufe: (competition.stage + 1).to_string(),
            stand: words::consortium_state(ConsortiumState::Submitted).0.into(),
            ..form
        }
    } else {
        form
    };
    Ok(Page {
        id: k.to_string(),
        name: setup.name.clone(),
        rows: rows(&c, views, k, &competition),
        stages: (0..setup.stages.len())
            .map(|s| Choice {
                key: (s + 1).to_string(),
                label: stage_title(&competition, s),
            })
            .collect(),
        states: ConsortiumState::EVERY
            .into_iter()
            .map(|s| {
                let (key, label) = words::consortium_state(s);
                Choice {
                    key: key.into(),
                    label: c.text(label).to_owned(),
                }
            })
            .collect(),
        placeholders: PLACEHOLDERS
            .iter()
            .map(|name| (*name, c.text(words::placeholder(name)).to_owned()))
            .collect(),
        max_subject: MAX_SUBJECT_CHARS,
        max_body: MAX_BODY_CHARS,
        notice: (!errors.is_empty()).then(|| c.text(words::REFUSED).to_owned()),
        errors,
        preview,
        form,
        c,
    })
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let page = page(
        c,
        &state.models.read(),
        k,
        ComposeForm::default(),
        FieldErrors::default(),
        None,
    )?;
    page_with_status(StatusCode::OK, &page)
}

/// What the form asks for, checked: the group resolved to people now, and the refusals.
struct Checked {
    audience: Option<Audience>,
    recipients: Vec<Recipient>,
    errors: FieldErrors,
}

fn check(
    c: &Chrome,
    state: &AppState,
    views: &Views,
    k: CompetitionId,
    form: &ComposeForm,
) -> Result<Checked, WebError> {
    let competition = competition(views, k)?;
    let mut errors = FieldErrors::default();
    // Each field is checked on its own, so that both reasons show at once.
    for checked in [check_subject(&form.betreff), check_body(&form.text)] {
        if let Err(refusal) = checked {
            add_refusal(c, &mut errors, &refusal);
        }
    }
    let mut recipients = Vec::new();
    let audience = match audience_of(form, &competition) {
        Ok(audience) => {
            let found = circular_sending::recipients(
                views,
                &competition,
                k,
                audience,
                &state.public_base_url,
            );
            match distinct_recipients(found) {
                Ok(distinct) => recipients = distinct,
                Err(refusal) => add_refusal(c, &mut errors, &refusal),
            }
            Some(audience)
        }
        Err((field, reason)) => {
            errors.add(field, c.text(reason));
            None
        }
    };
    Ok(Checked {
        audience,
        recipients,
        errors,
    })
}

fn add_refusal(c: &Chrome, errors: &mut FieldErrors, refusal: &CircularError) {
    let field = match refusal {
        CircularError::Subject(_) => "betreff",
        CircularError::Body(_) => "text",
        _ => "gruppe",
    };
    errors.add(field, c.say(words::refusal(refusal)));
}

fn preview(
    views: &Views,
    k: CompetitionId,
    form: &ComposeForm,
    first: &Recipient,
    count: usize,
) -> Result<Option<Preview>, WebError> {
    let competition = competition(views, k)?;
    let signoff = competition_signoff(first.language, &competition).map_err(WebError::internal)?;
    Ok(letter(&form.betreff, &form.text, first, &signoff)
        .ok()
        .map(|letter| Preview {
            to: first.email.to_string(),
            letter,
            count,
        }))
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    CsrfForm(form): CsrfForm<ComposeForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let k = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let id = CircularId::parse(&form.id).ok_or_else(|| WebError::bad_request(words::BAD_FORM))?;
    let sent_page = format!("{}/{id}", path_of(k));
    let (checked, shown) = {
        let views = state.models.read();
        if views.competitions.circulars.contains_key(&id) {
            flash(&session, Flash::Success, words::SENT_BEFORE);
            return Ok(see_other(&sent_page));
        }
        let checked = check(&c, &state, &views, k, &form)?;
        let shown = if checked.errors.is_empty() && form.aktion != "senden" {
            match checked.recipients.first() {
                Some(first) => preview(&views, k, &form, first, checked.recipients.len())?,
                None => None,
            }
        } else {
            None
        };
        (checked, shown)
    };
    let again = |form: ComposeForm, errors: FieldErrors, preview: Option<Preview>, status| {
        let page = page(c.clone(), &state.models.read(), k, form, errors, preview)?;
        page_with_status(status, &page)
    };
    let Some(audience) = checked.audience.filter(|_| checked.errors.is_empty()) else {
        return again(form, checked.errors, None, StatusCode::UNPROCESSABLE_ENTITY);
    };
    if form.aktion != "senden" {
        return again(form, checked.errors, shown, StatusCode::OK);
    }
    let draft = Draft {
        id,
        competition_id: k,
        audience,
        subject: form.betreff.clone(),
        body: form.text.clone(),
    };
    let actor = state.actor(&user);
    let sent = circular_sending::send(
        state.usecases(),
        &actor,
        draft,
        checked.recipients,
        state.clock.now(),
    );
    let stream = stream_of::<Circular>(&id);
    match state.settled(&stream, sent.await).await {
        Ok(_) => {
            flash(&session, Flash::Success, words::SENT);
            Ok(see_other(&sent_page))
        }
        // Sent meanwhile by the same form (a double click): show it once the pages know it.
        Err(ExecuteError::Conflict { .. } | ExecuteError::Refused(CircularError::AlreadySent)) => {
            if let Some(written) = state
                .store
                .read_stream(&stream, Direction::Forwards, ReadFrom::Start, 1)
                .map_err(WebError::internal)?
                .first()
            {
                state.models.caught_up_to(written.position).await;
            }
            flash(&session, Flash::Success, words::SENT_BEFORE);
            Ok(see_other(&sent_page))
        }
        Err(ExecuteError::Refused(refusal)) => {
            let mut errors = FieldErrors::default();
            add_refusal(&c, &mut errors, &refusal);
            again(form, errors, None, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(from_execute(other, words::refusal)),
    }
}
