//! `konsens.csv`: the consensus reports of a competition, one row per application, stage and
//! criterion: the consensus score and comment, the rapporteur and where the report stands. An
//! application with a rapporteur and no draft yet has one row without a criterion.

use crate::domain::ids::CompetitionId;
use crate::projections::Views;
use crate::texts::consensus as words;
use crate::web::chrome::Chrome;

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

pub(super) fn rows(c: &Chrome, views: &Views, id: CompetitionId, sheet: &mut Sheet) {
    sheet.rows.push(HEADER.map(String::from).to_vec());
    let competition = &views.competitions[&id].state;
    let setup = competition.setup.as_ref();
    let jury = views.juries.get(&id);
    let mut reports: Vec<_> = views
        .juries
        .consensus
        .iter()
        .filter_map(|(key, view)| {
            let application = views.applications.get(&key.application)?;
            (application.state.competition_id == Some(id)).then_some((
                key,
                application.state.title.clone(),
                &view.state,
            ))
        })
        .collect();
    reports.sort_by(|a, b| (a.0.stage, &a.1, a.0.application).cmp(&(b.0.stage, &b.1, b.0.application)));
    for (key, title, consensus) in reports {
        let stage = setup.and_then(|s| s.stages.get(key.stage));
        let rapporteur = consensus
            .rapporteur
            .and_then(|j| jury.and_then(|jury| jury.jurors.get(&j)))
            .map(|j| j.name.clone())
            .unwrap_or_default();
        let state = c.text(words::state(Some(consensus))).to_owned();
        let head = [
            key.application.to_string(),
            title.clone(),
            stage
                .map(|s| s.title.clone())
                .unwrap_or_else(|| (key.stage + 1).to_string()),
        ];
        let Some(draft) = &consensus.draft else {
            let mut row = head.to_vec();
            row.extend([String::new(), String::new(), String::new(), String::new()]);
            row.extend([rapporteur.clone(), state.clone()]);
            sheet.rows.push(row);
            continue;
        };
        let weighted = sheet.points(draft.weighted);
        for (index, criterion) in draft.criteria.iter().enumerate() {
            let mut row = head.to_vec();
            row.extend([
                stage
                    .and_then(|s| s.criteria.get(index))
                    .map(|k| k.name.clone())
                    .unwrap_or_else(|| (index + 1).to_string()),
                criterion.score.to_string(),
                criterion.comment.clone(),
                weighted.clone(),
                rapporteur.clone(),
                state.clone(),
            ]);
            sheet.rows.push(row);
        }
    }
}
