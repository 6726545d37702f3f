//! Real PDFs for the demo's documents (and the tests'): one line of text on each of a number of
//! A4 pages, so that a slot's page limit counts them as a reader would.

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// A PDF of `pages` pages, each headed by `title`.
pub fn pdf(title: &str, pages: u32) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    // Non-ASCII letters are written as their nearest ASCII, as the standard font has no others.
    let line: String = title
        .chars()
        .map(|c| if c.is_ascii() { c } else { '?' })
        .collect();
    let mut kids = Vec::new();
    for n in 1..=pages.max(1) {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 14.into()]),
                Operation::new("Td", vec![72.into(), 770.into()]),
                Operation::new(
                    "Tj",
                    vec![Object::string_literal(format!("{line} - {n}/{pages}"))],
                ),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().unwrap_or_default(),
        ));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = i64::try_from(kids.len()).unwrap_or(1);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    // Writing into memory does not fail.
    let _ = doc.save_to(&mut bytes);
    bytes
}

#[cfg(test)]
mod tests {
    #[test]
    fn its_pages_are_counted_as_written_and_it_passes_the_upload_check() {
        let bytes = super::pdf("Vorhabenbeschreibung", 3);
        assert_eq!(crate::documents::check_pdf(&bytes), Ok(()));
        assert_eq!(crate::documents::page_count(&bytes), Some(3));
    }
}
