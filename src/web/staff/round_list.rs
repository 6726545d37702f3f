//! The round's list of applications: one stage at a time, searched (title, coordinator,
//! partners), filtered by state, Land and field, and sorted by title, requested amount or
//! submission. Everything is in the query string (`?stufe=2&suche=…&stand=…&land=…&feld=…
//! &sortierung=betrag&seite=3`), so a GET form without JavaScript sets it, a link keeps it and
//! the pages of a long list carry it on. `pruefung=frist-verstrichen` lists the applications
//! whose request for corrections lapsed, for staff to reject. The states offered are the kinds the status names
//! (`labels::status_kind`), as they occur in the stage: a state added there appears here too.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::account::Language;
use crate::domain::field::TechnologyField;
use crate::domain::formal_check::CheckState;
use crate::domain::ids::ApplicationId;
use crate::domain::land::Land;
use crate::domain::money::Cents;

/// The list's query string. Every field is text, so that an empty or odd value never turns the
/// page into a 400: what does not parse counts as not given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct ListQuery {
    /// The stage, counted from 1; the current one when not given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stufe: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suche: String,
    /// A status kind by its German name, as `labels::status_kind` gives it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stand: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub land: String,
    /// A technology field by its key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feld: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sortierung: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seite: String,
    /// A state of the formal check by its key (`CheckState::key`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pruefung: String,
    /// The jurors per application the assignment form offers (the number last applied).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub je_antrag: String,
}

impl ListQuery {
    /// The stage asked for, from 0; `None` when not given or not a number.
    pub fn stage(&self) -> Option<usize> {
        self.stufe
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
    }

    pub fn page(&self) -> Option<usize> {
        self.seite.trim().parse().ok()
    }

    pub fn per_application(&self) -> Option<usize> {
        self.je_antrag.trim().parse().ok().filter(|k| *k > 0)
    }

    pub fn filter(&self) -> Filter {
        Filter {
            search: crate::web::forms::search_text(&self.suche).to_lowercase(),
            state: Some(self.stand.trim().to_owned()).filter(|s| !s.is_empty()),
            land: Land::parse(&self.land).filter(|_| !self.land.trim().is_empty()),
            field: TechnologyField::from_key(self.feld.trim()),
            check: CheckState::from_key(&self.pruefung),
            sort: Sort::from_key(self.sortierung.trim()),
        }
    }

    /// The query string of the same list on another page (without the page when `None`);
    /// the assignment form's number is left out, it belongs to the form.
    pub fn on_page(&self, page: Option<usize>) -> String {
        let query = ListQuery {
            seite: page.map(|p| p.to_string()).unwrap_or_default(),
            je_antrag: String::new(),
            ..self.clone()
        };
        serde_urlencoded::to_string(&query).unwrap_or_default()
    }

    /// Reads back a query string a form carried (the list a hand assignment came from); what
    /// does not parse is the plain list.
    pub fn parse(text: &str) -> Self {
        serde_urlencoded::from_str(text).unwrap_or_default()
    }

    /// Whether a search or filter narrows the list.
    pub fn narrows(&self) -> bool {
        let f = self.filter();
        !f.search.is_empty()
            || f.state.is_some()
            || f.land.is_some()
            || f.field.is_some()
            || f.check.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// A to Z.
    #[default]
    Title,
    /// The largest requested amount first.
    Requested,
    /// The earliest submission first; drafts last.
    Submitted,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Title, Sort::Requested, Sort::Submitted];

    pub fn key(self) -> &'static str {
        match self {
            Sort::Title => "titel",
            Sort::Requested => "betrag",
            Sort::Submitted => "eingereicht",
        }
    }

    fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    /// Lower case; empty matches everything.
    pub search: String,
    pub state: Option<String>,
    pub land: Option<Land>,
    pub field: Option<TechnologyField>,
    pub check: Option<CheckState>,
    pub sort: Sort,
}

/// One application of the stage as the list knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ListEntry {
    pub id: ApplicationId,
    pub title: String,
    pub coordinator: String,
    pub partners: Vec<String>,
    /// The status kind, German and English.
    pub state: (&'static str, &'static str),
    /// The coordinator's Land: where the consortium is seated.
    pub land: Option<Land>,
    pub field: Option<TechnologyField>,
    pub requested: Cents,
    pub cofinancing: Cents,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Where its formal check stands; `None` for an application not submitted in the stage.
    pub check: Option<CheckState>,
}

impl Filter {
    pub fn matches(&self, entry: &ListEntry) -> bool {
        let found = self.search.is_empty()
            || std::iter::once(&entry.title)
                .chain(std::iter::once(&entry.coordinator))
                .chain(entry.partners.iter())
                .any(|text| text.to_lowercase().contains(&self.search));
        found
            && self.state.as_deref().is_none_or(|s| s == entry.state.0)
            && self.land.is_none_or(|l| entry.land == Some(l))
            && self.field.is_none_or(|f| entry.field == Some(f))
            && self.check.is_none_or(|c| entry.check == Some(c))
    }
}

/// The entries that match, in the order asked for; ties go by title.
pub fn select(entries: Vec<ListEntry>, filter: &Filter) -> Vec<ListEntry> {
    let mut selected: Vec<ListEntry> = entries.into_iter().filter(|e| filter.matches(e)).collect();
    let title = |e: &ListEntry| e.title.to_lowercase();
    match filter.sort {
        Sort::Title => selected.sort_by_cached_key(|e| (title(e), e.id)),
        Sort::Requested => {
            selected.sort_by_cached_key(|e| (std::cmp::Reverse(e.requested), title(e), e.id))
        }
        Sort::Submitted => selected
            .sort_by_cached_key(|e| (e.submitted_at.is_none(), e.submitted_at, title(e), e.id)),
    }
    selected
}

/// The status kinds that occur among the entries, each once, in the order of their German name:
/// the choices of the state filter.
pub fn states(entries: &[ListEntry]) -> Vec<(&'static str, &'static str)> {
    let mut kinds: Vec<(&'static str, &'static str)> = entries.iter().map(|e| e.state).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The sums over the listed entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub requested: Cents,
    pub cofinancing: Cents,
}

pub fn totals(entries: &[ListEntry]) -> Totals {
    Totals {
        requested: entries.iter().map(|e| e.requested).sum(),
        cofinancing: entries.iter().map(|e| e.cofinancing).sum(),
    }
}

/// A share in tenths of a percent as people read it: `33,3 %`, `33.3%`; `–` without one.
pub fn share(per_mille: Option<i64>, language: Language) -> String {
    match per_mille {
        None => "–".to_owned(),
        Some(p) if language.is_english() => format!("{}.{}%", p / 10, p % 10),
        Some(p) => format!("{},{} %", p / 10, p % 10),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn entry(
        n: u128,
        title: &str,
        requested: i64,
        state: (&'static str, &'static str),
    ) -> ListEntry {
        ListEntry {
            id: ApplicationId::from_uuid(uuid::Uuid::from_u128(n)),
            title: title.into(),
            coordinator: format!("Koordination {n}"),
            partners: vec![format!("Partner {n} GmbH")],
            state,
            land: Some(Land::Sachsen),
            field: Some(TechnologyField::Photonics),
            requested: Cents::million_euros(requested),
            cofinancing: Cents::million_euros(1),
            submitted_at: None,
            check: None,
        }
    }

    const SUBMITTED: (&str, &str) = ("Eingereicht", "Submitted");
    const DRAFT: (&str, &str) = ("Entwurf", "Draft");

    fn titles(entries: &[ListEntry]) -> Vec<&str> {
        entries.iter().map(|e| e.title.as_str()).collect()
    }

    fn query(text: &str) -> Filter {
        ListQuery::parse(text).filter()
    }

    #[test]
    fn the_search_finds_title_coordinator_and_partners_in_any_case() {
        let entries = vec![
            entry(1, "Sensorik Lausitz", 5, SUBMITTED),
            entry(2, "Photonik Jena", 3, SUBMITTED),
            entry(3, "Wasserstoff Nord", 4, SUBMITTED),
        ];
        assert_eq!(
            titles(&select(entries.clone(), &query("suche=LAUSITZ"))),
            ["Sensorik Lausitz"]
        );
        assert_eq!(
            titles(&select(entries.clone(), &query("suche=koordination+2"))),
            ["Photonik Jena"]
        );
        assert_eq!(
            titles(&select(entries.clone(), &query("suche=partner%203"))),
            ["Wasserstoff Nord"]
        );
        assert_eq!(select(entries, &query("suche=nichts")).len(), 0);
    }

    #[test]
    fn filters_combine_and_an_unknown_value_does_not_narrow() {
        let mut other_land = entry(2, "Photonik Jena", 3, SUBMITTED);
        other_land.land = Some(Land::Thueringen);
        let mut other_field = entry(3, "Wasserstoff Nord", 4, DRAFT);
        other_field.field = Some(TechnologyField::Energy);
        let entries = vec![
            entry(1, "Sensorik Lausitz", 5, SUBMITTED),
            other_land,
            other_field,
        ];
        assert_eq!(
            titles(&select(
                entries.clone(),
                &query("stand=Eingereicht&land=Sachsen")
            )),
            ["Sensorik Lausitz"]
        );
        assert_eq!(
            titles(&select(entries.clone(), &query("land=th%C3%BCringen"))),
            ["Photonik Jena"]
        );
        assert_eq!(
            titles(&select(entries.clone(), &query("feld=Energy"))),
            ["Wasserstoff Nord"]
        );
        assert_eq!(
            select(entries.clone(), &query("stand=Entwurf&feld=Photonics")).len(),
            0
        );
        assert_eq!(
            select(entries, &query("land=Atlantis&feld=x&sortierung=y")).len(),
            3
        );
    }

    #[test]
    fn sorting_by_title_amount_or_submission_with_drafts_last() {
        let at = |h| Some(Utc.with_ymd_and_hms(2026, 11, 22, h, 0, 0).unwrap());
        let mut a = entry(1, "b Sensorik", 5, SUBMITTED);
        a.submitted_at = at(11);
        let mut b = entry(2, "A Photonik", 3, SUBMITTED);
        b.submitted_at = at(9);
        let c = entry(3, "C Wasserstoff", 4, DRAFT);
        let entries = vec![a, b, c];
        assert_eq!(
            titles(&select(entries.clone(), &query(""))),
            ["A Photonik", "b Sensorik", "C Wasserstoff"]
        );
        assert_eq!(
            titles(&select(entries.clone(), &query("sortierung=betrag"))),
            ["b Sensorik", "C Wasserstoff", "A Photonik"]
        );
        assert_eq!(
            titles(&select(entries, &query("sortierung=eingereicht"))),
            ["A Photonik", "b Sensorik", "C Wasserstoff"]
        );
    }

    #[test]
    fn the_states_offered_are_those_that_occur_and_the_totals_add_up() {
        let entries = vec![
            entry(1, "A", 5, SUBMITTED),
            entry(2, "B", 3, DRAFT),
            entry(3, "C", 4, SUBMITTED),
        ];
        assert_eq!(states(&entries), [SUBMITTED, DRAFT]);
        assert_eq!(
            totals(&entries),
            Totals {
                requested: Cents::million_euros(12),
                cofinancing: Cents::million_euros(3)
            }
        );
    }

    #[test]
    fn the_query_string_survives_paging_and_odd_values() {
        let q = ListQuery::parse("stufe=2&suche=Jena+Nord&stand=Eingereicht&seite=3&je_antrag=2");
        assert_eq!(q.stage(), Some(1));
        assert_eq!(q.page(), Some(3));
        assert_eq!(q.per_application(), Some(2));
        assert_eq!(
            q.on_page(Some(4)),
            "stufe=2&suche=Jena+Nord&stand=Eingereicht&seite=4"
        );
        assert_eq!(ListQuery::parse(&q.on_page(None)).suche, "Jena Nord");
        let odd = ListQuery::parse("stufe=0&seite=x&je_antrag=0");
        assert_eq!(
            (odd.stage(), odd.page(), odd.per_application()),
            (None, None, None)
        );
        assert_eq!(ListQuery::parse("%%%"), ListQuery::default());
    }

    #[test]
    fn a_share_reads_in_the_person_s_language() {
        assert_eq!(share(Some(333), Language::De), "33,3 %");
        assert_eq!(share(Some(1500), Language::En), "150.0%");
        assert_eq!(share(None, Language::De), "–");
    }
}
