//! Long lists shown a page at a time: which slice a page is, how it is labelled ("101–200 von
//! 4.440"), and the links to the pages before and after. A page number past the end shows the
//! last page.

use serde::Deserialize;

use super::chrome::Chrome;
use crate::texts;

/// `?seite=N` of a paged list.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    pub seite: Option<usize>,
}

pub struct Pager {
    /// Entries to skip and to show.
    pub skip: usize,
    pub take: usize,
    /// "101–200 von 4.440", or empty when there is nothing.
    pub range: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `href(n)` is the address of page `n` (1-based).
    pub fn new(
        c: &Chrome,
        total: usize,
        size: usize,
        requested: Option<usize>,
        href: impl Fn(usize) -> String,
    ) -> Self {
        let pages = total.div_ceil(size).max(1);
        let page = requested.unwrap_or(1).clamp(1, pages);
        let skip = (page - 1) * size;
        let range = if total == 0 {
            String::new()
        } else {
            let last = (skip + size).min(total);
            let count = |n| crate::number_display::count(n, c.lang);
            format!(
                "{}–{} {} {}",
                count(skip + 1),
                count(last),
                c.text(texts::common::PAGE_OF),
                count(total)
            )
        };
        Self {
            skip,
            take: size,
            range,
            previous: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
        }
    }

    pub fn is_paged(&self) -> bool {
        self.previous.is_some() || self.next.is_some()
    }
}
