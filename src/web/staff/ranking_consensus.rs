//! The ranking's consensus column: per application the weighted score of its closed consensus
//! report beside the mean of the individual reviews, with the difference; and the order by
//! consensus (`?ordnung=konsens`), in which applications without a closed consensus come last.
//! The cached ranking holds the cells; the order is the request's.

use crate::domain::account::Language;
use crate::domain::consensus::ConsensusKey;
use crate::domain::ids::ApplicationId;
use crate::domain::setup::Hundredths;
use crate::projections::Views;
use crate::texts::consensus as words;
use crate::texts::labels::points;

use super::ranking::RankRow;

#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// The closed consensus's weighted score: what the order by consensus sorts by.
    pub weighted: Option<Hundredths>,
    pub score: String,
    /// Consensus minus the reviews' mean, signed; empty without either.
    pub difference: String,
    /// Where the consensus stands, when it is not closed.
    pub state: String,
}

pub fn cell(
    views: &Views,
    stage: usize,
    application: ApplicationId,
    mean: Option<Hundredths>,
    lang: Language,
) -> Cell {
    let consensus = views
        .juries
        .consensus
        .get(&ConsensusKey { application, stage })
        .map(|v| &v.state);
    let weighted = consensus
        .and_then(|c| c.final_draft())
        .map(|draft| draft.weighted);
    let difference = match (weighted, mean) {
        (Some(w), Some(m)) => {
            let sign = if w < m {
                "−"
            } else if w > m {
                "+"
            } else {
                "±"
            };
            format!("{sign}{}", points(w.abs_diff(m), lang))
        }
        _ => String::new(),
    };
    Cell {
        weighted,
        score: weighted
            .map(|w| points(w, lang))
            .unwrap_or_else(|| "–".into()),
        difference,
        state: if weighted.is_some() {
            String::new()
        } else {
            words::state(consensus).get(lang).to_owned()
        },
    }
}

/// The rows as the page lists them: by the ranking, or by consensus (highest first, ties and
/// those without a consensus in the ranking's order, those without last).
pub fn ordered(rows: &[RankRow], by_consensus: bool) -> Vec<&RankRow> {
    let mut rows: Vec<&RankRow> = rows.iter().collect();
    if by_consensus {
        rows.sort_by_key(|r| match r.consensus.weighted {
            Some(w) => (0, std::cmp::Reverse(w)),
            None => (1, std::cmp::Reverse(0)),
        });
    }
    rows
}
