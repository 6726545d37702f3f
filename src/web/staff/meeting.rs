//! `/verwaltung/wettbewerbe/{k}/sitzung`: the jury meeting of the current stage. Staff open it
//! with its date, tick the members present (the page says whether the quorum is reached, with
//! the figures), set the order of discussion (the ranking's unless changed) and record per
//! application the jury's recommendation with the vote and a note; members conflicted with an
//! application are named as absent for it. Every form carries the meeting's revision: a change
//! in between brings the page back (409) with the input kept. Closing the meeting fixes the
//! minutes (`meeting_minutes.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

use crate::app::{ExecuteError, Seen, stream_of};
use crate::domain::account::Role;
use crate::domain::competition::Phase;
use crate::domain::ids::{ApplicationId, CompetitionId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::meeting::{JuryMeeting, MeetingError, MeetingKey, Vote};
use crate::domain::money::Cents;
use crate::domain::ranking::{self, Entry};
use crate::domain::recommendation::Recommendation;
use crate::projections::Views;
use crate::texts::{Text, labels, meeting as words};
use crate::usecases::jury_meeting::{self, Step};
use crate::web::applications::parse_revision;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// The stage a meeting page shows, with what the set-up says of it.
pub struct Shown {
    pub competition: CompetitionId,
    pub stage: usize,
    pub name: String,
    pub stage_title: String,
    pub last_stage: bool,
    pub in_review: bool,
    pub quorum_percent: u32,
}

impl Shown {
    pub fn key(&self) -> MeetingKey {
        MeetingKey {
            competition: self.competition,
            stage: self.stage,
        }
    }
}

/// The current stage, or an earlier one asked for; a stage that has not started is no page.
pub fn shown_stage(
    views: &Views,
    k: CompetitionId,
    asked: Option<usize>,
) -> Result<Shown, WebError> {
    let competition = &views.competitions.get(&k).ok_or(WebError::NotFound)?.state;
    let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
    if !competition.opened_any_stage {
        return Err(WebError::NotFound);
    }
    let stage = match asked {
        None => competition.stage,
        Some(s) if s <= competition.stage => s,
        Some(_) => return Err(WebError::NotFound),
    };
    let title = setup
        .stages
        .get(stage)
        .ok_or(WebError::NotFound)?
        .title
        .clone();
    Ok(Shown {
        competition: k,
        stage,
        name: setup.name.clone(),
        stage_title: title,
        last_stage: stage + 1 == setup.stages.len(),
        in_review: competition.stage == stage && competition.phase == Phase::InReview,
        quorum_percent: setup.quorum_percent,
    })
}

/// The stage's applications in the order of the ranking (weighted score, as the ranking page).
fn ranking_order(views: &Views, shown: &Shown) -> Vec<ApplicationId> {
    let Some(setup) = views
        .competitions
        .get(&shown.competition)
        .and_then(|c| c.state.setup.as_ref())
    else {
        return Vec::new();
    };
    let Some(stage) = setup.stages.get(shown.stage) else {
        return Vec::new();
    };
    let entries: Vec<Entry> = views
        .applications
        .submitted
        .get(&(shown.competition, shown.stage))
        .into_iter()
        .flatten()
        .map(|(a, at)| Entry {
            application: *a,
            submitted_at: *at,
        })
        .collect();
    let no_jury = Jury::default();
    let jury = views.juries.get(&shown.competition).unwrap_or(&no_jury);
    let Ok(reviews) = ranking::submitted_reviews(
        jury,
        shown.stage,
        entries.iter().map(|e| e.application),
        |key| Ok::<_, std::convert::Infallible>(views.juries.reviews.get(&key)),
    );
    ranking::rank(&stage.criteria, stage.overall_pass_mark, &entries, &reviews)
        .applications
        .iter()
        .map(|r| r.application)
        .collect()
}

/// The order of discussion: the one staff set, then whatever it lacks in the ranking's order.
pub fn agenda(views: &Views, shown: &Shown, meeting: &JuryMeeting) -> Vec<ApplicationId> {
    let ranked = ranking_order(views, shown);
    let in_stage: BTreeSet<ApplicationId> = ranked.iter().copied().collect();
    let mut order: Vec<ApplicationId> = meeting
        .agenda
        .iter()
        .filter(|a| in_stage.contains(a) || meeting.items.contains_key(a))
        .copied()
        .collect();
    let listed: BTreeSet<ApplicationId> = order.iter().copied().collect();
    order.extend(ranked.into_iter().filter(|a| !listed.contains(a)));
    order
}

pub struct MemberRow {
    pub id: String,
    pub name: String,
    pub present: bool,
}

/// One application's recommendation form, as recorded or as sent back.
#[derive(Debug, Clone, Default)]
pub struct ItemForm {
    pub recommendation: String,
    pub amount: String,
    pub yes: String,
    pub no: String,
    pub abstain: String,
    pub note: String,
    /// Refusals by field: `empfehlung`, `betrag`, `stimmen`, `notiz`.
    pub errors: BTreeMap<String, String>,
}

pub struct AgendaRow {
    pub place: usize,
    pub id: String,
    pub title: String,
    pub requested: String,
    pub recorded: Option<String>,
    pub absent: String,
    pub form: ItemForm,
    pub notice: Option<String>,
}

impl AgendaRow {
    pub fn error(&self, field: &str) -> Option<&String> {
        self.form.errors.get(field)
    }
}

#[derive(Template)]
#[template(path = "staff/meeting.html")]
struct MeetingPage {
    c: Chrome,
    id: String,
    name: String,
    stage_number: usize,
    stage_title: String,
    last_stage: bool,
    in_review: bool,
    opened: bool,
    closed: bool,
    date: String,
    date_value: String,
    time_value: String,
    date_error: Option<String>,
    revision: String,
    members: Vec<MemberRow>,
    quorum: String,
    quorum_met: bool,
    agenda: Vec<AgendaRow>,
    notice: Option<String>,
}

/// What a refused or overtaken form sent, to show it again.
#[derive(Default)]
struct Sent {
    notice: Option<String>,
    date: Option<(String, String, Option<String>)>,
    present: Option<BTreeSet<String>>,
    item: Option<(ApplicationId, ItemForm, Option<String>)>,
}

fn code(recommendation: &Recommendation) -> &'static str {
    match recommendation {
        Recommendation::NextStage => "weiter",
        Recommendation::Funding { .. } => "foerderung",
        Recommendation::Reserve => "nachrueck",
        Recommendation::NotRecommended => "nicht",
    }
}

fn recorded_form(item: &crate::domain::meeting::Item) -> ItemForm {
    ItemForm {
        recommendation: code(&item.recommendation).to_owned(),
        amount: match item.recommendation {
            Recommendation::Funding { amount } => super::ranking_years::field_euros(amount),
            _ => String::new(),
        },
        yes: item.vote.yes.to_string(),
        no: item.vote.no.to_string(),
        abstain: item.vote.abstain.to_string(),
        note: item.note.clone(),
        errors: BTreeMap::new(),
    }
}

fn page(
    c: Chrome,
    state: &AppState,
    k: CompetitionId,
    sent: Sent,
) -> Result<MeetingPage, WebError> {
    let views = state.models.read();
    let shown = shown_stage(&views, k, None)?;
    let (meeting, revision) = super::recommended::meeting(state, shown.key())?;
    let no_jury = Jury::default();
    let jury = views.juries.get(&k).unwrap_or(&no_jury);
    let mut members: Vec<MemberRow> = jury
        .jurors
        .iter()
        .map(|(id, juror)| MemberRow {
            id: id.to_string(),
            name: juror.name.clone(),
            present: match &sent.present {
                Some(ticked) => ticked.contains(&id.to_string()),
                None => meeting.present.contains(id),
            },
        })
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    let present = meeting
        .present
        .iter()
        .filter(|j| jury.jurors.contains_key(j))
        .count();
    let needed = crate::domain::meeting::quorum(jury.jurors.len(), shown.quorum_percent);
    let name_of = |j: &JurorId| jury.jurors.get(j).map(|x| x.name.clone());
    let agenda = agenda(&views, &shown, &meeting)
        .into_iter()
        .enumerate()
        .map(|(i, application)| {
            let view = views.applications.get(&application);
            let item = meeting.items.get(&application);
            // Named absent: the present members conflicted with it (as the item records them
            // once recorded).
            let mut absent: Vec<String> = match item {
                Some(item) => item.absent.iter().filter_map(name_of).collect(),
                None => meeting
                    .present
                    .iter()
                    .filter(|j| jury.is_conflicted(**j, application))
                    .filter_map(name_of)
                    .collect(),
            };
            absent.sort();
            let (form, notice) = match &sent.item {
                Some((sent_for, form, notice)) if *sent_for == application => {
                    (form.clone(), notice.clone())
                }
                _ => (item.map(recorded_form).unwrap_or_default(), None),
            };
            AgendaRow {
                place: i + 1,
                id: application.to_string(),
                title: view.map(|v| v.state.title.clone()).unwrap_or_default(),
                requested: view
                    .map(|v| labels::money(v.state.requested, c.lang))
                    .unwrap_or_default(),
                recorded: item.map(|i| {
                    format!(
                        "{} ({})",
                        c.say(words::recommendation(&i.recommendation)),
                        c.say(words::vote(&i.vote))
                    )
                }),
                absent: absent.join(", "),
                form,
                notice,
            }
        })
        .collect();
    let (date_value, time_value, date_error) = sent.date.unwrap_or_else(|| {
        // Before the meeting is opened the form proposes now: a meeting is opened when it meets.
        let local = Some(meeting.date.unwrap_or_else(|| state.clock.now()))
            .map(|d| d.with_timezone(&Berlin));
        (
            local
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            local
                .map(|d| d.format("%H:%M").to_string())
                .unwrap_or_default(),
            None,
        )
    });
    Ok(MeetingPage {
        id: k.to_string(),
        name: shown.name.clone(),
        stage_number: shown.stage + 1,
        stage_title: shown.stage_title.clone(),
        last_stage: shown.last_stage,
        in_review: shown.in_review,
        opened: meeting.key.is_some(),
        closed: meeting.closed.is_some(),
        date: meeting
            .date
            .map(|d| crate::time_display::berlin(d, c.lang))
            .unwrap_or_default(),
        date_value,
        time_value,
        date_error,
        revision: revision.map(|r| r.to_string()).unwrap_or_default(),
        members,
        quorum: c.say(words::quorum(
            present,
            jury.jurors.len(),
            needed,
            shown.quorum_percent,
        )),
        quorum_met: present >= needed,
        agenda,
        notice: sent.notice,
        c,
    })
}

fn competition(path: &str) -> Result<CompetitionId, WebError> {
    CompetitionId::parse(path).ok_or(WebError::NotFound)
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = competition(&path)?;
    let page = page(c, &state, k, Sent::default())?;
    page_with_status(StatusCode::OK, &page)
}

fn seen(form: &HashMap<String, String>) -> Seen {
    Seen::At(parse_revision(
        form.get("revision").map_or("", String::as_str),
    ))
}

fn field<'a>(form: &'a HashMap<String, String>, name: &str) -> &'a str {
    form.get(name).map_or("", |v| v.trim())
}

/// A step staff take, what the page says when it is done, and the form as sent.
struct Asked {
    step: Step,
    done: Text,
    sent: Sent,
}

/// Runs a step; on success back to the page with `done`, otherwise the page again with the
/// input (`sent`) and the refusal placed by `place`.
async fn run(
    c: Chrome,
    state: &AppState,
    session: &Session,
    k: CompetitionId,
    form: &HashMap<String, String>,
    asked: Asked,
    place: impl FnOnce(&mut Sent, Option<&MeetingError>, String),
) -> Result<HttpResponse, WebError> {
    let Asked {
        step,
        done,
        mut sent,
    } = asked;
    let user = policy::role(&c, Role::Staff)?.clone();
    let key = shown_stage(&state.models.read(), k, None)?.key();
    let actor = state.actor(&user);
    let acted = jury_meeting::act(
        state.usecases(),
        &actor,
        key,
        step,
        seen(form),
        state.clock.now(),
    );
    match state
        .settled(&stream_of::<JuryMeeting>(&key), acted.await)
        .await
    {
        Ok(_) => {
            flash(session, Flash::Success, done);
            Ok(see_other(&format!("/verwaltung/wettbewerbe/{k}/sitzung")))
        }
        Err(ExecuteError::Conflict { .. }) => {
            place(&mut sent, None, c.text(words::CHANGED).to_owned());
            page_with_status(StatusCode::CONFLICT, &page(c, state, k, sent)?)
        }
        Err(ExecuteError::Refused(refusal)) => {
            place(&mut sent, Some(&refusal), c.say(words::refusal(&refusal)));
            page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page(c, state, k, sent)?)
        }
        Err(other) => Err(from_execute(other, words::refusal)),
    }
}

pub async fn open(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = competition(&path)?;
    let (date, time) = (field(&form, "datum"), field(&form, "uhrzeit"));
    let at = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .zip(NaiveTime::parse_from_str(time, "%H:%M").ok())
        .and_then(|(d, t)| Berlin.from_local_datetime(&d.and_time(t)).earliest())
        .map(|t| t.with_timezone(&Utc));
    let typed = |error| Sent {
        date: Some((date.to_owned(), time.to_owned(), error)),
        ..Sent::default()
    };
    let Some(at) = at else {
        let sent = typed(Some(c.text(words::NO_DATE).to_owned()));
        return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page(c, &state, k, sent)?);
    };
    let step = Step::Open { date: at };
    let sent = typed(None);
    let asked = Asked {
        step,
        done: words::OPENED,
        sent,
    };
    run(c, &state, &session, k, &form, asked, |s, _, r| {
        s.notice = Some(r)
    })
    .await
}

pub async fn attendance(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = competition(&path)?;
    let ticked: BTreeSet<String> = form
        .keys()
        .filter_map(|name| name.strip_prefix("anwesend_"))
        .map(str::to_owned)
        .collect();
    // An id that is no juror's cannot be present; the domain refuses strangers to the jury.
    let present: Vec<JurorId> = ticked.iter().filter_map(|id| JurorId::parse(id)).collect();
    let sent = Sent {
        present: Some(ticked),
        ..Sent::default()
    };
    let step = Step::Attendance { present };
    let asked = Asked {
        step,
        done: words::ATTENDANCE_SAVED,
        sent,
    };
    run(c, &state, &session, k, &form, asked, |s, _, r| {
        s.notice = Some(r)
    })
    .await
}

pub async fn agenda_order(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = competition(&path)?;
    // `platz_{application}` = its place; ties keep the order shown.
    let mut places: Vec<(u32, usize, ApplicationId)> = form
        .iter()
        .filter_map(|(name, value)| {
            let id = ApplicationId::parse(name.strip_prefix("platz_")?)?;
            let shown: usize = field(&form, &format!("bisher_{id}"))
                .parse()
                .unwrap_or(usize::MAX);
            Some((value.trim().parse().unwrap_or(u32::MAX), shown, id))
        })
        .collect();
    places.sort();
    let order = places.into_iter().map(|(_, _, id)| id).collect();
    let step = Step::Agenda { order };
    let asked = Asked {
        step,
        done: words::AGENDA_SAVED,
        sent: Sent::default(),
    };
    run(c, &state, &session, k, &form, asked, |s, _, r| {
        s.notice = Some(r)
    })
    .await
}

fn count(text: &str) -> Option<u32> {
    text.trim().parse().ok().filter(|n| *n <= 1000)
}

pub async fn recommend(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = competition(&path)?;
    let application = ApplicationId::parse(field(&form, "antrag")).ok_or(WebError::NotFound)?;
    let belongs = state
        .models
        .read()
        .applications
        .get(&application)
        .is_some_and(|v| v.state.competition_id == Some(k));
    if !belongs {
        return Err(WebError::NotFound);
    }
    let mut typed = ItemForm {
        recommendation: field(&form, "empfehlung").to_owned(),
        amount: field(&form, "betrag").to_owned(),
        yes: field(&form, "ja").to_owned(),
        no: field(&form, "nein").to_owned(),
        abstain: field(&form, "enthaltung").to_owned(),
        // The note as typed, its own spaces kept.
        note: form.get("notiz").cloned().unwrap_or_default(),
        errors: BTreeMap::new(),
    };
    let recommendation = match typed.recommendation.as_str() {
        "weiter" => Some(Recommendation::NextStage),
        "nachrueck" => Some(Recommendation::Reserve),
        "nicht" => Some(Recommendation::NotRecommended),
        "foerderung" => match Cents::parse_euros(&typed.amount) {
            Ok(amount) => Some(Recommendation::Funding { amount }),
            Err(_) => {
                typed
                    .errors
                    .insert("betrag".into(), c.text(words::NOT_AN_AMOUNT).to_owned());
                None
            }
        },
        _ => {
            typed.errors.insert(
                "empfehlung".into(),
                c.text(words::NO_RECOMMENDATION).to_owned(),
            );
            None
        }
    };
    let vote = match (count(&typed.yes), count(&typed.no), count(&typed.abstain)) {
        (Some(yes), Some(no), Some(abstain)) => Some(Vote { yes, no, abstain }),
        _ => {
            typed
                .errors
                .insert("stimmen".into(), c.text(words::NOT_A_COUNT).to_owned());
            None
        }
    };
    let (Some(recommendation), Some(vote)) = (recommendation, vote) else {
        let sent = Sent {
            item: Some((application, typed, None)),
            ..Sent::default()
        };
        return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page(c, &state, k, sent)?);
    };
    let step = Step::Recommend {
        application,
        recommendation,
        vote,
        note: typed.note.clone(),
    };
    let sent = Sent {
        item: Some((application, typed, None)),
        ..Sent::default()
    };
    let asked = Asked {
        step,
        done: words::RECOMMENDATION_SAVED,
        sent,
    };
    run(c, &state, &session, k, &form, asked, place_item_refusal).await
}

/// A refusal of an item goes beside the field it is about; what concerns the whole meeting
/// (quorum, closed, changed in between) above the item's form.
fn place_item_refusal(sent: &mut Sent, error: Option<&MeetingError>, reason: String) {
    let Some((_, form, notice)) = sent.item.as_mut() else {
        return;
    };
    match error.and_then(refusal_field) {
        Some(field) => {
            form.errors.insert(field.to_owned(), reason);
        }
        None => *notice = Some(reason),
    }
}

/// The field of the item form a meeting refusal belongs beside, if any.
pub fn refusal_field(error: &MeetingError) -> Option<&'static str> {
    match error {
        MeetingError::VotesDoNotAddUp { .. } => Some("stimmen"),
        MeetingError::NoAmount | MeetingError::AboveRequest { .. } => Some("betrag"),
        MeetingError::FundingBeforeLastStage | MeetingError::NoNextStage => Some("empfehlung"),
        MeetingError::BadNote(_) => Some("notiz"),
        _ => None,
    }
}

pub async fn close(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    path: Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = competition(&path)?;
    let asked = Asked {
        step: Step::Close,
        done: words::CLOSED,
        sent: Sent::default(),
    };
    run(c, &state, &session, k, &form, asked, |s, _, r| {
        s.notice = Some(r)
    })
    .await
}
