//! `konsens.csv`: the consensus reports of a competition, one row per application, stage and
//! criterion: the consensus score and comment, the rapporteur and where the report stands. An
//! application with a rapporteur and no draft yet has one row without a criterion. The reports
//! are listed from the read model and their texts read from their streams afterwards, once the
//! projections' lock is released.

use crate::domain::consensus::ConsensusKey;
use crate::domain::ids::CompetitionId;
use crate::event_store::EventStore;
use crate::projections::{Views, written_consensus};
use crate::texts::consensus as words;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, from_execute};

use super::exports::Sheet;

const HEADER: [&str; 9] = [
    "Antrag",
    "Titel",
    "Stufe",
    "Kriterium",
    "Konsenspunkte",
    "Konsenskommentar",
    "Konsens gewichtet",
    "Berichterstattung",
    "Stand",
];

/// A report to export, with what the read model says about its application and stage.
pub(super) struct Listed {
    key: ConsensusKey,
    title: String,
    stage: String,
    criteria: Vec<String>,
    rapporteur: String,
}

pub(super) fn listed(views: &Views, id: CompetitionId) -> Vec<Listed> {
    let competition = &views.competitions[&id].state;
    let setup = competition.setup.as_ref();
    let jury = views.juries.get(&id);
    let mut reports: Vec<Listed> = views
        .juries
        .consensus
        .iter()
        .filter_map(|(key, view)| {
            let application = views.applications.get(&key.application)?;
            if application.state.competition_id != Some(id) {
                return None;
            }
            let stage = setup.and_then(|s| s.stages.get(key.stage));
            Some(Listed {
                key: *key,
                title: application.state.title.clone(),
                stage: stage
                    .map(|s| s.title.clone())
                    .unwrap_or_else(|| (key.stage + 1).to_string()),
                criteria: stage
                    .map(|s| s.criteria.iter().map(|k| k.name.clone()).collect())
                    .unwrap_or_default(),
                rapporteur: view
                    .state
                    .rapporteur
                    .and_then(|j| jury.and_then(|jury| jury.jurors.get(&j)))
                    .map(|j| j.name.clone())
                    .unwrap_or_default(),
            })
        })
        .collect();
    reports.sort_by(|a, b| {
        (a.key.stage, &a.title, a.key.application).cmp(&(b.key.stage, &b.title, b.key.application))
    });
    reports
}

pub(super) fn write(
    c: &Chrome,
    store: &EventStore,
    reports: Vec<Listed>,
    sheet: &mut Sheet,
) -> Result<(), WebError> {
    sheet.rows.push(HEADER.map(String::from).to_vec());
    for report in reports {
        let (consensus, _) =
            written_consensus(store, report.key).map_err(|e| from_execute(e, words::refusal))?;
        let state = c.text(words::state(Some(&consensus))).to_owned();
        let head = [
            report.key.application.to_string(),
            report.title.clone(),
            report.stage.clone(),
        ];
        let Some(draft) = &consensus.draft else {
            let mut row = head.to_vec();
            row.extend([String::new(), String::new(), String::new(), String::new()]);
            row.extend([report.rapporteur.clone(), state.clone()]);
            sheet.rows.push(row);
            continue;
        };
        let weighted = sheet.points(draft.weighted);
        for (index, criterion) in draft.criteria.iter().enumerate() {
            let mut row = head.to_vec();
            row.extend([
                report
                    .criteria
                    .get(index)
                    .cloned()
                    .unwrap_or_else(|| (index + 1).to_string()),
                criterion.score.to_string(),
                criterion.comment.clone(),
                weighted.clone(),
                report.rapporteur.clone(),
                state.clone(),
            ]);
            sheet.rows.push(row);
        }
    }
    Ok(())
}
