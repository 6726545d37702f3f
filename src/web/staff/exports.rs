//! CSV exports of a competition's applications, submitted reviews, decisions, money
//! (`finanzierung.csv`, see [`financing_export`]) and consensus reports (`konsens.csv`, see
//! [`super::consensus_export`]), made to open
//! correctly in Excel: UTF-8 with a byte-order mark, and `?trennzeichen=semikolon` for the
//! semicolons and decimal commas German Excel expects. Cells that a spreadsheet would read as
//! a formula are prefixed with an apostrophe.

use actix_web::HttpResponse;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::web::{Data, Path, Query};
use serde::Deserialize;

use super::financing_export;
use crate::domain::account::Role;
use crate::domain::application::Status;
use crate::domain::competition::Outcome;
use crate::domain::ids::CompetitionId;
use crate::domain::money::Cents;
use crate::domain::partner::{Partner, PartnerKind};
use crate::domain::review::ReviewKey;
use crate::domain::status::{ApplicationStatus, Viewer, status};
use crate::event_store::EventStore;
use crate::projections::{Views, WrittenReview, written_review};
use crate::texts::{self, labels, refusals};
use crate::time_display::berlin_numeric as berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, from_execute};
use crate::web::policy;
use crate::web::state::AppState;

#[derive(Debug, Deserialize)]
pub struct Format {
    pub trennzeichen: Option<String>,
}

pub(super) struct Sheet {
    semicolon: bool,
    pub(super) rows: Vec<Vec<String>>,
}

impl Sheet {
    pub(super) fn amount(&self, cents: Cents) -> String {
        let value = cents.get();
        let sign = if value < 0 { "-" } else { "" };
        let abs = value.unsigned_abs();
        let mark = if self.semicolon { ',' } else { '.' };
        format!("{sign}{}{mark}{:02}", abs / 100, abs % 100)
    }

    pub(super) fn points(&self, hundredths: u32) -> String {
        let text = labels::points(hundredths, crate::domain::account::Language::De);
        if self.semicolon {
            text
        } else {
            text.replace(',', ".")
        }
    }

    fn into_response(self, name: &str) -> Result<HttpResponse, WebError> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(if self.semicolon { b';' } else { b',' })
            .from_writer(Vec::from(*b"\xEF\xBB\xBF"));
        for row in &self.rows {
            writer
                .write_record(row.iter().map(|cell| defuse(cell)))
                .map_err(WebError::internal)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| WebError::internal(anyhow::anyhow!(e.to_string())))?;
        Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                ContentDisposition {
                    disposition: DispositionType::Attachment,
                    parameters: vec![DispositionParam::Filename(name.to_owned())],
                },
            ))
            .insert_header((header::CACHE_CONTROL, "private, no-store"))
            .body(bytes))
    }
}

/// `=`, `+`, `-`, `@` and control characters at the start make a spreadsheet run a formula.
fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
    format: Query<Format>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (id, file) = path.into_inner();
    let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let semicolon = format.trennzeichen.as_deref() == Some("semikolon");
    let mut sheet = Sheet {
        semicolon,
        rows: Vec::new(),
    };
    let mut consensus = None;
    let listed = {
        let views = state.models.read();
        if !views.competitions.contains_key(&id) {
            return Err(WebError::NotFound);
        }
        match file.as_str() {
            "antraege.csv" => {
                applications(&c, &views, id, &mut sheet);
                Vec::new()
            }
            "bewertungen.csv" => reviews(&views, id, &mut sheet),
            "entscheidungen.csv" => {
                decisions(&c, &views, id, &mut sheet);
                Vec::new()
            }
            "finanzierung.csv" => {
                financing_export::rows(&views, id, &mut sheet);
                Vec::new()
            }
            "sitzung.csv" => {
                let shown = super::meeting::shown_stage(&views, id, None)?;
                let (meeting, _) = super::recommended::meeting(&state, shown.key())?;
                super::meeting_minutes::rows(&c, &views, &shown, &meeting, &mut sheet);
                Vec::new()
            }
            "konsens.csv" => {
                consensus = Some(super::consensus_export::listed(&views, id));
                Vec::new()
            }
            _ => return Err(WebError::NotFound),
        }
    };
    // The reviews' scores and comments, read from their streams once the projections' locks are
    // released.
    for review in listed {
        review_row(&c, &state.store, review, &mut sheet)?;
    }
    if let Some(reports) = consensus {
        super::consensus_export::write(&c, &state.store, reports, &mut sheet)?;
    }
    sheet.into_response(&file)
}

/// One row per application and stage it reached: a stage it was submitted in shows what it
/// said then (the concept's figures stay beside the full proposal's); the stage it is in now
/// and has not submitted shows the draft.
fn applications(c: &Chrome, views: &Views, id: CompetitionId, sheet: &mut Sheet) {
    let competition = &views.competitions[&id].state;
    let stage_title = |stage: usize| {
        competition
            .setup
            .as_ref()
            .and_then(|s| s.stages.get(stage))
            .map(|s| s.title.clone())
            .unwrap_or_else(|| stage.saturating_add(1).to_string())
    };
    sheet.rows.push(
        [
            "Antrag",
            "Titel",
            "Stufe",
            "Koordination",
            "Land",
            "Partner",
            "KMU",
            "Technologiefeld",
            "Beantragt (EUR)",
            "Kofinanzierung (EUR)",
            "Stand",
            "Eingereicht",
        ]
        .map(String::from)
        .to_vec(),
    );
    for application_id in views
        .applications
        .by_competition
        .get(&id)
        .into_iter()
        .flatten()
    {
        let Some(view) = views.applications.get(application_id) else {
            continue;
        };
        let a = &view.state;
        let current = match a.status {
            Status::NotCreated => continue,
            Status::Draft { stage }
            | Status::Submitted { stage }
            | Status::Withdrawn { stage }
            | Status::FormallyRejected { stage } => stage,
        };
        let now = status(a, competition, Viewer::Staff)
            .map(|s| labels::status(s).de)
            .unwrap_or_default();
        for stage in 0..=current {
            let submitted = a.submissions.get(&stage);
            // An application reaches a later stage only by being shortlisted in this one.
            let state = if stage < current {
                labels::status(ApplicationStatus::Shortlisted { stage }).de
            } else {
                now.clone()
            };
            let (title, field, requested, cofinancing, at) = match submitted {
                Some(v) => (&v.title, v.field, v.requested, v.cofinancing, Some(v.at)),
                None if stage == current => (&a.title, a.field, a.requested, a.cofinancing, None),
                // A past stage without its figures (not possible by the rules): no row to guess.
                None => continue,
            };
            let partners: Vec<&Partner> = match submitted {
                Some(v) => v.all_partners().collect(),
                None => a.all_partners().collect(),
            };
            let coordinator = partners.first();
            sheet.rows.push(vec![
                application_id.to_string(),
                title.clone(),
                stage_title(stage),
                coordinator.map(|p| p.name.clone()).unwrap_or_default(),
                coordinator
                    .map(|p| p.land.name().to_owned())
                    .unwrap_or_default(),
                partners.len().to_string(),
                partners
                    .iter()
                    .filter(|p| p.kind == PartnerKind::Sme)
                    .count()
                    .to_string(),
                field
                    .map(|f| c.text(crate::texts::explanations::field(f)).to_owned())
                    .unwrap_or_default(),
                sheet.amount(requested),
                sheet.amount(cofinancing),
                state,
                at.map(berlin).unwrap_or_default(),
            ]);
        }
    }
}

/// A submitted review's row as the projections give it (the application, its title, the stage,
/// the juror); the rest is read from the review's stream ([`review_row`]).
struct ListedReview {
    key: ReviewKey,
    row: Vec<String>,
    /// Where the columns of the review's stage begin, and how many criteria it has.
    first_column: usize,
    criteria: usize,
    overall_column: usize,
}

/// Submitted reviews only: drafts are the juror's own until they submit. Each stage has its own
/// columns, a score and a comment per criterion, since two stages may share criterion names
/// with different meanings; a review fills the columns of its stage. Writes the header and
/// returns the reviews to list.
fn reviews(views: &Views, id: CompetitionId, sheet: &mut Sheet) -> Vec<ListedReview> {
    let competition = &views.competitions[&id].state;
    let Some(setup) = competition.setup.as_ref() else {
        return Vec::new();
    };
    let Some(jury) = views.juries.get(&id) else {
        return Vec::new();
    };
    let mut header: Vec<String> = [
        "Antrag",
        "Titel",
        "Stufe",
        "Jurymitglied",
        "Stand",
        "Eingereicht",
        "Zuletzt geändert",
        "Wieder geöffnet",
        "Gewichtet",
        "Vertrautheit",
    ]
    .map(String::from)
    .to_vec();
    // Where each stage's columns begin.
    let mut first_column = Vec::with_capacity(setup.stages.len());
    for (index, stage) in setup.stages.iter().enumerate() {
        first_column.push(header.len());
        for criterion in &stage.criteria {
            let prefix = format!("Stufe {} ({}) – {}", index + 1, stage.title, criterion.name);
            header.push(format!("{prefix}: Punkte"));
            header.push(format!("{prefix}: Begründung"));
        }
    }
    let overall_column = header.len();
    header.push("Gesamteinschätzung".into());
    let width = header.len();
    sheet.rows.push(header);
    let mut listed = Vec::new();
    for &(stage, application, juror) in &jury.assignments {
        let key = ReviewKey {
            application,
            stage,
            juror,
        };
        let submitted = views.juries.reviews.get(&key).and_then(|r| r.submitted_at);
        if submitted.is_none() {
            continue;
        }
        let Some(stage_setup) = setup.stages.get(stage) else {
            continue;
        };
        let mut row = vec![String::new(); width];
        row[0] = application.to_string();
        row[1] = views
            .applications
            .get(&application)
            .map(|a| a.state.title.clone())
            .unwrap_or_default();
        row[2] = stage_setup.title.clone();
        row[3] = jury
            .jurors
            .get(&juror)
            .map(|j| j.name.clone())
            .unwrap_or_default();
        listed.push(ListedReview {
            key,
            row,
            first_column: first_column[stage],
            criteria: stage_setup.criteria.len(),
            overall_column,
        });
    }
    listed
}

/// Fills in the listed review's row from its stream (what the juror wrote is not kept in
/// memory) and adds it to the sheet.
fn review_row(
    c: &Chrome,
    store: &EventStore,
    listed: ListedReview,
    sheet: &mut Sheet,
) -> Result<(), WebError> {
    let ListedReview {
        key,
        mut row,
        first_column,
        criteria,
        overall_column,
    } = listed;
    let Some(WrittenReview { state: review, .. }) =
        written_review(store, key).map_err(|e| from_execute(e, refusals::review))?
    else {
        return Ok(());
    };
    let Some(at) = review.submitted_at else {
        return Ok(());
    };
    row[4] = if review.reopened.is_some() {
        c.text(texts::staff::REVIEW_REOPENED).to_owned()
    } else {
        c.text(texts::staff::REVIEW_SUBMITTED).to_owned()
    };
    row[5] = berlin(at);
    row[6] = review.changed_at.map(berlin).unwrap_or_default();
    row[7] = review.reopenings.to_string();
    row[8] = review.weighted.map(|w| sheet.points(w)).unwrap_or_default();
    // The juror's confidence, 1 to 4; empty for a review from before it was asked.
    row[9] = review
        .scores
        .confidence
        .map(|k| k.value().to_string())
        .unwrap_or_default();
    for (i, given) in review.scores.criteria.iter().take(criteria).enumerate() {
        let column = first_column + 2 * i;
        row[column] = given.score.map(|s| s.to_string()).unwrap_or_default();
        row[column + 1] = given.comment.clone();
    }
    row[overall_column] = review.scores.overall_comment.clone();
    sheet.rows.push(row);
    Ok(())
}

fn decisions(c: &Chrome, views: &Views, id: CompetitionId, sheet: &mut Sheet) {
    let competition = &views.competitions[&id].state;
    sheet.rows.push(
        [
            "Stufe",
            "Antrag",
            "Titel",
            "Entscheidung",
            "Förderung (EUR)",
            "Nachrückplatz",
            "Abweichung von der Empfehlung der Jury (Begründung)",
        ]
        .map(String::from)
        .to_vec(),
    );
    for (&(stage, application), outcome) in &competition.decisions {
        let (mut label, amount, mut place) = match *outcome {
            Outcome::Shortlisted => (
                c.text(texts::staff::SHORTLISTED).to_owned(),
                String::new(),
                String::new(),
            ),
            Outcome::NotShortlisted => (
                c.text(texts::staff::OUTCOME_NOT_SHORTLISTED).to_owned(),
                String::new(),
                String::new(),
            ),
            Outcome::Funded { amount } => (
                c.text(texts::staff::FUNDED).to_owned(),
                sheet.amount(amount),
                String::new(),
            ),
            Outcome::NotFunded => (
                c.text(texts::staff::OUTCOME_NOT_FUNDED).to_owned(),
                String::new(),
                String::new(),
            ),
            Outcome::Reserve { rank } => (
                c.text(texts::staff::RESERVE_LIST).to_owned(),
                String::new(),
                rank.to_string(),
            ),
        };
        // After the release an award may be given up, and the reserve list may move up.
        if matches!(outcome, Outcome::Funded { .. }) && stage == competition.stage {
            if competition.declined.contains_key(&application) {
                label = c.text(texts::staff::FUNDED_DECLINED).to_owned();
            } else if let Some((rank, _)) = competition.moved_up.get(&application) {
                label = c.text(texts::staff::FUNDED_MOVED_UP).to_owned();
                place = rank.to_string();
            }
        }
        sheet.rows.push(vec![
            competition
                .setup
                .as_ref()
                .and_then(|s| s.stages.get(stage))
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            application.to_string(),
            views
                .applications
                .get(&application)
                .map(|a| a.state.title.clone())
                .unwrap_or_default(),
            label,
            amount,
            place,
            competition
                .departure_reasons
                .get(&(stage, application))
                .cloned()
                .unwrap_or_default(),
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn cells_a_spreadsheet_would_run_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-1+1"), "'-1+1");
        assert_eq!(defuse("Müller GmbH"), "Müller GmbH");
    }
}
