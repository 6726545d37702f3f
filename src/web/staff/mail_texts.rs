//! `/verwaltung/wettbewerbe/{k}/mailtexte`: the messages a competition may word itself, and per
//! language whether it uses the built-in text or its own; `…/mailtexte/{art}/{sprache}` the
//! editor: subject and body with the kind's placeholders, a preview filled with an example of
//! the competition, saving (refused with the reasons beside the fields) and, under
//! `…/standard`, the way back to the built-in text.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{ExecuteError, stream_of};
use crate::domain::account::{Language, Role};
use crate::domain::competition::Competition;
use crate::domain::ids::CompetitionId;
use crate::domain::mail_texts::{MailTextCommand, MailTextError, MailTexts};
use crate::domain::money::Cents;
use crate::domain::redress::RedressOutcome;
use crate::email::mail_kinds::{Branch, KINDS, MailKind, kind, values};
use crate::email::own_text::{default_text, worded};
use crate::email::placeholders::{MAX_BODY_CHARS, MAX_SUBJECT_CHARS, PlaceholderProblem};
use crate::email::signoff::{salutation, signoff};
use crate::email::templates::ApplicationMail;
use crate::projections::Views;
use crate::texts::mail_texts as words;
use crate::time_display::berlin;
use crate::web::applications::parse_revision;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

pub struct Cell {
    pub href: String,
    pub language: &'static str,
    /// When the competition's own text was saved; empty while the built-in one is used.
    pub adjusted: String,
}

pub struct KindRow {
    pub label: String,
    pub cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "staff/mail_texts.html")]
struct ListPage {
    c: Chrome,
    id: String,
    name: String,
    rows: Vec<KindRow>,
}

const LANGUAGES: [Language; 2] = [Language::De, Language::En];

fn language_name(c: &Chrome, language: Language) -> &'static str {
    c.text(words::language(language))
}

fn competition<'a>(views: &'a Views, k: CompetitionId) -> Result<&'a Competition, WebError> {
    let competition = &views.competitions.get(&k).ok_or(WebError::NotFound)?.state;
    competition.setup.as_ref().ok_or(WebError::NotFound)?;
    Ok(competition)
}

pub async fn list(
    c: Chrome,
    state: Data<AppState>,
    path: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let views = state.models.read();
    let name = competition(&views, k)?
        .setup
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let own = views.competitions.mail_texts(&k).map(|v| &v.state);
    let rows = KINDS
        .iter()
        .map(|kind| KindRow {
            label: c.text(kind.label).to_owned(),
            cells: LANGUAGES
                .iter()
                .map(|&language| Cell {
                    href: format!(
                        "/verwaltung/wettbewerbe/{k}/mailtexte/{}/{}",
                        kind.name,
                        language.code()
                    ),
                    language: language_name(&c, language),
                    adjusted: own
                        .and_then(|o| o.get(kind.name, language))
                        .map(|t| berlin(t.at, c.lang))
                        .unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    page_with_status(
        StatusCode::OK,
        &ListPage {
            id: k.to_string(),
            name,
            rows,
            c,
        },
    )
}

pub struct PlaceholderLine {
    pub name: String,
    pub explanation: String,
}

pub struct Preview {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Template)]
#[template(path = "staff/mail_text.html")]
struct EditPage {
    c: Chrome,
    id: String,
    competition: String,
    kind: String,
    label: String,
    language: String,
    language_name: String,
    /// When the competition's own text was saved; `None` while the built-in text is used.
    adjusted: Option<String>,
    revision: String,
    subject: String,
    body: String,
    placeholders: Vec<PlaceholderLine>,
    preview: Option<Preview>,
    /// The example the preview is filled with.
    example: String,
    max_subject: usize,
    max_body: usize,
    errors: FieldErrors,
    notice: Option<String>,
}

/// The kind and language of the path; anything else is not found.
fn ids(
    path: &(String, String, String),
) -> Result<(CompetitionId, &'static MailKind, Language), WebError> {
    let k = CompetitionId::parse(&path.0).ok_or(WebError::NotFound)?;
    let kind = kind(&path.1).ok_or(WebError::NotFound)?;
    let language = match path.2.as_str() {
        "de" => Language::De,
        "en" => Language::En,
        _ => return Err(WebError::NotFound),
    };
    Ok((k, kind, language))
}

/// The message the preview is filled with: the competition's first application, its current
/// stage and deadline, and sample values where the competition has none yet.
fn example(
    views: &Views,
    competition: &Competition,
    k: CompetitionId,
    kind: &MailKind,
    language: Language,
    origin: &str,
) -> Result<ApplicationMail, WebError> {
    let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
    let application = views
        .applications
        .by_competition
        .get(&k)
        .and_then(|ids| ids.iter().next())
        .and_then(|id| views.applications.get(id));
    let sample = |text: crate::texts::Text| text.get(language).to_owned();
    let (title, link) = match application.and_then(|a| Some((a.state.id?, &a.state.title))) {
        Some((id, title)) => (title.clone(), format!("{origin}/antraege/{id}/status")),
        None => (sample(words::SAMPLE_TITLE), format!("{origin}/antraege")),
    };
    let stage = competition.stage.min(setup.stages.len().saturating_sub(1));
    let stage_of = |i: usize| setup.stages.get(i);
    // A shortlist invites to a next stage: in the last stage the example's is the last one.
    let next = (stage + 1).min(setup.stages.len().saturating_sub(1)).max(1);
    let deadline = competition
        .submission_deadline(stage)
        .map(|t| berlin(t, language))
        .unwrap_or_default();
    Ok(ApplicationMail {
        language,
        salutation: salutation(language, &sample(words::SAMPLE_NAME)),
        link,
        next_stage: stage_of(next).map(|s| s.title.clone()).unwrap_or_default(),
        next_deadline: stage_of(next)
            .map(|s| berlin(s.submission_deadline, language))
            .unwrap_or_default(),
        signoff: signoff(language, &setup.name, &setup.contact).map_err(WebError::internal)?,
        title,
        competition: setup.name.clone(),
        at: deadline.clone(),
        partners: Vec::new(),
        documents: Vec::new(),
        reason: sample(words::SAMPLE_REASON),
        positive: true,
        submitted: true,
        reserve: 1,
        amount: crate::number_display::money(Cents::euros(2_500_000), language),
        stage: stage_of(stage).map(|s| s.title.clone()).unwrap_or_default(),
        deadline,
        score: String::new(),
        criterion_scores: Vec::new(),
        grounds: sample(words::SAMPLE_GROUNDS),
        outcome: crate::texts::redress::outcome(if kind.branch == Branch::Negative {
            RedressOutcome::Rejected
        } else {
            RedressOutcome::Upheld
        })
        .get(language)
        .to_owned(),
        summary: Default::default(),
        parts: Vec::new(),
    })
}

/// What the form holds and what comes back with it.
struct Shown {
    subject: String,
    body: String,
    revision: String,
    preview: bool,
    errors: FieldErrors,
    notice: Option<String>,
}

fn origin(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

fn edit_page(
    c: Chrome,
    views: &Views,
    path: (CompetitionId, &'static MailKind, Language),
    origin: &str,
    shown: Option<Shown>,
) -> Result<EditPage, WebError> {
    let (k, kind, language) = path;
    let competition = competition(views, k)?;
    let held = views.competitions.mail_texts(&k);
    let own = held.and_then(|v| v.state.get(kind.name, language));
    let revision = held.map(|v| v.revision.to_string()).unwrap_or_default();
    let mut shown = match shown {
        Some(shown) => shown,
        None => {
            let (subject, body) = match own {
                Some(own) => (own.subject.clone(), own.body.clone()),
                None => default_text(kind, language)
                    .map_err(|e| WebError::internal(anyhow::anyhow!(e)))?,
            };
            Shown {
                subject,
                body,
                revision,
                preview: true,
                errors: FieldErrors::default(),
                notice: None,
            }
        }
    };
    let mail = example(views, competition, k, kind, language, origin)?;
    let preview = if shown.preview && shown.errors.is_empty() {
        let details = words::SAMPLE_SUMMARY.get(language).to_owned();
        let values = values(&mail, details);
        let text = crate::domain::mail_texts::OwnText {
            kind: kind.name.to_owned(),
            language,
            subject: shown.subject.clone(),
            body: shown.body.clone(),
            at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        };
        match worded(&text, &values, &mail.signoff, language) {
            Ok((subject, text, html)) => Some(Preview {
                subject,
                text,
                html,
            }),
            Err(problem) => {
                shown
                    .errors
                    .add("text", c.say(crate::texts::placeholders::problem(&problem)));
                None
            }
        }
    } else {
        None
    };
    Ok(EditPage {
        id: k.to_string(),
        competition: competition
            .setup
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        kind: kind.name.to_owned(),
        label: c.text(kind.label).to_owned(),
        language: language.code().to_owned(),
        language_name: language_name(&c, language).to_owned(),
        adjusted: own.map(|o| berlin(o.at, c.lang)),
        revision: shown.revision,
        subject: shown.subject,
        body: shown.body,
        placeholders: kind
            .placeholders
            .iter()
            .map(|p| PlaceholderLine {
                name: p.name.to_owned(),
                explanation: c.text(p.explanation).to_owned(),
            })
            .collect(),
        preview,
        example: mail.title,
        max_subject: MAX_SUBJECT_CHARS,
        max_body: MAX_BODY_CHARS,
        errors: shown.errors,
        notice: shown.notice,
        c,
    })
}

pub async fn get(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    path: Path<(String, String, String)>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let ids = ids(&path)?;
    let page = edit_page(c, &state.models.read(), ids, &origin(&req), None)?;
    page_with_status(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct MailTextForm {
    #[serde(default)]
    pub betreff: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub revision: String,
    /// `vorschau` shows the preview; anything else saves.
    #[serde(default)]
    pub aktion: String,
}

fn problems(
    c: &Chrome,
    subject: Option<&PlaceholderProblem>,
    body: Option<&PlaceholderProblem>,
) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if let Some(problem) = subject {
        errors.add(
            "betreff",
            c.say(crate::texts::placeholders::problem(problem)),
        );
    }
    if let Some(problem) = body {
        errors.add("text", c.say(crate::texts::placeholders::problem(problem)));
    }
    errors
}

pub async fn post(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String, String)>,
    CsrfForm(form): CsrfForm<MailTextForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let (k, kind, language) = ids(&path)?;
    let origin = origin(&req);
    drop(edit_page(
        c.clone(),
        &state.models.read(),
        (k, kind, language),
        &origin,
        None,
    )?);
    let again = |errors: FieldErrors, notice: Option<String>, preview: bool, status: StatusCode| {
        let shown = Shown {
            subject: form.betreff.clone(),
            body: form.text.clone(),
            revision: form.revision.clone(),
            preview,
            errors,
            notice,
        };
        let page = edit_page(
            c.clone(),
            &state.models.read(),
            (k, kind, language),
            &origin,
            Some(shown),
        )?;
        page_with_status(status, &page)
    };
    let offered = kind.offered();
    if form.aktion == "vorschau" {
        let subject = crate::email::placeholders::check(
            form.betreff.trim(),
            crate::email::placeholders::Part::Subject,
            &offered,
        )
        .err();
        let body = crate::email::placeholders::check(
            &form.text,
            crate::email::placeholders::Part::Body,
            &offered,
        )
        .err();
        let errors = problems(&c, subject.as_ref(), body.as_ref());
        let status = if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return again(errors, None, true, status);
    }
    let command = MailTextCommand::Change {
        competition: k,
        kind: kind.name.to_owned(),
        language,
        subject: form.betreff.clone(),
        body: form.text.clone(),
        offered,
        now: state.clock.now(),
    };
    let executed = state
        .execute_at::<MailTexts>(
            &stream_of::<MailTexts>(&k),
            parse_revision(&form.revision),
            &state.actor(&user),
            command,
        )
        .await;
    match executed {
        Ok(_) => {
            flash(&session, Flash::Success, words::SAVED);
            Ok(see_other(&format!(
                "/verwaltung/wettbewerbe/{k}/mailtexte/{}/{}",
                kind.name,
                language.code()
            )))
        }
        Err(ExecuteError::Conflict { .. }) => again(
            FieldErrors::default(),
            Some(c.text(words::CHANGED_MEANWHILE).to_owned()),
            false,
            StatusCode::CONFLICT,
        ),
        Err(ExecuteError::Refused(MailTextError::Refused { subject, body })) => again(
            problems(&c, subject.as_ref(), body.as_ref()),
            Some(c.text(words::REFUSED).to_owned()),
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(ExecuteError::Refused(MailTextError::NotAdjusted)) => again(
            FieldErrors::default(),
            Some(c.text(words::NOT_ADJUSTED).to_owned()),
            false,
            StatusCode::CONFLICT,
        ),
        Err(other) => Err(WebError::internal(other)),
    }
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    pub revision: String,
}

pub async fn reset(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    session: Session,
    path: Path<(String, String, String)>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let (k, kind, language) = ids(&path)?;
    let origin = origin(&req);
    drop(edit_page(
        c.clone(),
        &state.models.read(),
        (k, kind, language),
        &origin,
        None,
    )?);
    let command = MailTextCommand::Reset {
        competition: k,
        kind: kind.name.to_owned(),
        language,
        now: state.clock.now(),
    };
    let executed = state
        .execute_at::<MailTexts>(
            &stream_of::<MailTexts>(&k),
            parse_revision(&form.revision),
            &state.actor(&user),
            command,
        )
        .await;
    let notice = match executed {
        Ok(_) => {
            flash(&session, Flash::Success, words::RESET);
            return Ok(see_other(&format!(
                "/verwaltung/wettbewerbe/{k}/mailtexte/{}/{}",
                kind.name,
                language.code()
            )));
        }
        Err(ExecuteError::Conflict { .. }) => words::CHANGED_MEANWHILE,
        Err(ExecuteError::Refused(MailTextError::NotAdjusted)) => words::NOT_ADJUSTED,
        Err(ExecuteError::Refused(refused)) => return Err(WebError::internal(refused)),
        Err(other) => return Err(WebError::internal(other)),
    };
    let page = edit_page(
        c.clone(),
        &state.models.read(),
        (k, kind, language),
        &origin,
        None,
    )?;
    let page = EditPage {
        notice: Some(c.text(notice).to_owned()),
        ..page
    };
    page_with_status(StatusCode::CONFLICT, &page)
}
