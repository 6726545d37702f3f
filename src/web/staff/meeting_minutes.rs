//! The jury meeting's minutes (Protokoll): `/verwaltung/wettbewerbe/{k}/sitzung/protokoll`
//! (`?stufe=N` for an earlier stage), a page staff print (the print stylesheet drops
//! navigation and forms), and the same content as `…/export/sitzung.csv`: date, members
//! present, quorum, and per application in the agenda's order the recommendation, the vote,
//! the members absent for the item and the note.

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::exports::Sheet;
use super::meeting::{Shown, agenda, shown_stage};
use crate::domain::account::{Language, Role};
use crate::domain::ids::{CompetitionId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::meeting::{JuryMeeting, Vote};
use crate::domain::recommendation::Recommendation;
use crate::projections::Views;
use crate::texts::meeting as words;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::policy;
use crate::web::staff::ranking::StageQuery;
use crate::web::state::AppState;

pub struct MinuteRow {
    pub place: usize,
    pub id: String,
    pub title: String,
    pub recommendation: Option<Recommendation>,
    pub said: String,
    pub vote: Option<Vote>,
    pub absent: String,
    pub note: String,
}

/// What the minutes say, in one language.
pub struct Minutes {
    pub date: String,
    pub present: Vec<String>,
    pub away: Vec<String>,
    pub quorum: String,
    pub closed: Option<String>,
    pub rows: Vec<MinuteRow>,
}

fn names(jury: &Jury, ids: impl IntoIterator<Item = JurorId>) -> Vec<String> {
    let mut names: Vec<String> = ids
        .into_iter()
        .filter_map(|j| jury.jurors.get(&j).map(|x| x.name.clone()))
        .collect();
    names.sort();
    names
}

pub fn minutes(lang: Language, views: &Views, shown: &Shown, meeting: &JuryMeeting) -> Minutes {
    let no_jury = Jury::default();
    let jury = views.juries.get(&shown.competition).unwrap_or(&no_jury);
    let members = jury.jurors.len();
    let present_members = meeting
        .present
        .iter()
        .filter(|j| jury.jurors.contains_key(j))
        .count();
    let needed = crate::domain::meeting::quorum(members, shown.quorum_percent);
    let rows = agenda(views, shown, meeting)
        .into_iter()
        .enumerate()
        .map(|(i, application)| {
            let item = meeting.items.get(&application);
            MinuteRow {
                place: i + 1,
                id: application.to_string(),
                title: views
                    .applications
                    .get(&application)
                    .map(|v| v.state.title.clone())
                    .unwrap_or_default(),
                recommendation: item.map(|i| i.recommendation),
                said: item
                    .map(|i| words::recommendation(&i.recommendation).into_lang(lang))
                    .unwrap_or_default(),
                vote: item.map(|i| i.vote),
                absent: item
                    .map(|i| names(jury, i.absent.iter().copied()).join(", "))
                    .unwrap_or_default(),
                note: item.map(|i| i.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Minutes {
        date: meeting.date.map(|d| berlin(d, lang)).unwrap_or_default(),
        present: names(jury, meeting.present.iter().copied()),
        away: names(
            jury,
            jury.jurors
                .keys()
                .filter(|j| !meeting.present.contains(j))
                .copied(),
        ),
        quorum: words::quorum(present_members, members, needed, shown.quorum_percent)
            .into_lang(lang),
        closed: meeting.closed.map(|d| berlin(d, lang)),
        rows,
    }
}

#[derive(Template)]
#[template(path = "staff/meeting_minutes.html")]
struct MinutesPage {
    c: Chrome,
    id: String,
    name: String,
    stage_number: usize,
    stage_title: String,
    opened: bool,
    m: Minutes,
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<String>,
    query: Query<StageQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = CompetitionId::parse(&path).ok_or(WebError::NotFound)?;
    let stage = query.stage()?;
    let shown = shown_stage(&state.models.read(), k, stage)?;
    let (meeting, _) = super::recommended::meeting(&state, shown.key())?;
    let m = minutes(c.lang, &state.models.read(), &shown, &meeting);
    let page = MinutesPage {
        id: k.to_string(),
        name: shown.name.clone(),
        stage_number: shown.stage + 1,
        stage_title: shown.stage_title.clone(),
        opened: meeting.key.is_some(),
        m,
        c,
    };
    page_with_status(StatusCode::OK, &page)
}

/// `sitzung.csv`: one row per application on the agenda, the meeting's date, the members
/// present and the quorum beside each, so that every row stands on its own in a spreadsheet.
pub(super) fn rows(
    c: &Chrome,
    views: &Views,
    shown: &Shown,
    meeting: &JuryMeeting,
    sheet: &mut Sheet,
) {
    let m = minutes(c.lang, views, shown, meeting);
    sheet.rows.push(
        [
            "Platz",
            "Antrag",
            "Titel",
            "Empfehlung",
            "Förderung (EUR)",
            "Ja",
            "Nein",
            "Enthaltungen",
            "Abwesend (befangen)",
            "Notiz",
            "Sitzung am",
            "Anwesend",
            "Beschlussfähigkeit",
        ]
        .map(String::from)
        .to_vec(),
    );
    let present = m.present.join(", ");
    for row in &m.rows {
        let count = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        sheet.rows.push(vec![
            row.place.to_string(),
            row.id.clone(),
            row.title.clone(),
            row.said.clone(),
            match row.recommendation {
                Some(Recommendation::Funding { amount }) => sheet.amount(amount),
                _ => String::new(),
            },
            count(row.vote.map(|v| v.yes)),
            count(row.vote.map(|v| v.no)),
            count(row.vote.map(|v| v.abstain)),
            row.absent.clone(),
            row.note.clone(),
            m.date.clone(),
            present.clone(),
            m.quorum.clone(),
        ]);
    }
}
