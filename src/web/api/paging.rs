//! Lists paged by a cursor, the log position: a list holds what changed after `after`, the
//! earliest change first, and `next` is the position to go on from. A client that pages until
//! `more` is false has seen everything, and asks again later with its last `next` for what
//! changed since: a thing changed while it paged moves to the end and comes again, none is
//! skipped.

use serde::Deserialize;
use utoipa::IntoParams;

use super::problem::ApiError;
use crate::texts;

/// The longest page.
pub const MAX_LIMIT: usize = 500;
const DEFAULT_LIMIT: usize = 100;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only what changed after this log position (`next` of an earlier page); from the start
    /// without it.
    #[param(value_type = Option<u64>)]
    pub after: Option<String>,
    /// At most this many items, 1 to 500; 100 without it.
    #[param(value_type = Option<usize>)]
    pub limit: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct Cursor {
    /// The first position a page holds: the one after `after`, or the log's first (0).
    pub from: u64,
    pub limit: usize,
}

impl ListQuery {
    pub fn checked(self) -> Result<Cursor, ApiError> {
        cursor(self.after.as_deref(), self.limit.as_deref())
    }
}

pub fn cursor(after: Option<&str>, limit: Option<&str>) -> Result<Cursor, ApiError> {
    let from = match after.map(str::trim) {
        None | Some("") => 0,
        Some(text) => text
            .parse::<u64>()
            .map_err(|_| ApiError::BadRequest(texts::api::BAD_CURSOR.owned()))?
            .saturating_add(1),
    };
    let limit = match limit.map(str::trim) {
        None | Some("") => DEFAULT_LIMIT,
        Some(text) => text
            .parse()
            .ok()
            .filter(|limit| (1..=MAX_LIMIT).contains(limit))
            .ok_or_else(|| ApiError::BadRequest(texts::api::bad_limit(MAX_LIMIT)))?,
    };
    Ok(Cursor { from, limit })
}

/// One page of items in the order of their positions.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: u64,
    pub more: bool,
}

impl<T> Page<T> {
    /// The first `limit` of `items` (already after the cursor, in order), with where to go on.
    pub fn of(
        items: impl IntoIterator<Item = T>,
        cursor: Cursor,
        position: impl Fn(&T) -> u64,
    ) -> Self {
        let mut items = items.into_iter();
        let taken: Vec<T> = items.by_ref().take(cursor.limit).collect();
        let more = items.next().is_some();
        let next = taken
            .last()
            .map_or(cursor.from.saturating_sub(1), &position);
        Page {
            items: taken,
            next,
            more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_goes_on_from_its_last_item_and_says_whether_more_follow() {
        let cursor = Cursor { from: 4, limit: 2 };
        let page = Page::of([4u64, 7, 9], cursor, |p| *p);
        assert_eq!((page.items, page.next, page.more), (vec![4, 7], 7, true));
        let page = Page::of([9u64], Cursor { from: 8, limit: 2 }, |p| *p);
        assert_eq!((page.items, page.next, page.more), (vec![9], 9, false));
        let page = Page::of(Vec::<u64>::new(), Cursor { from: 10, limit: 2 }, |p| *p);
        assert_eq!((page.items, page.next, page.more), (vec![], 9, false));
    }

    #[test]
    fn a_cursor_or_limit_that_is_no_number_in_range_is_refused() {
        assert!(cursor(Some("x"), None).is_err());
        assert!(cursor(Some("-1"), None).is_err());
        assert!(cursor(None, Some("0")).is_err());
        assert!(cursor(None, Some("501")).is_err());
        let fine = cursor(Some("12"), Some("500")).unwrap();
        assert_eq!((fine.from, fine.limit), (13, 500));
        assert_eq!(cursor(None, None).unwrap().limit, 100);
    }
}
