//! The name an uploaded document keeps: what the browser sent, made safe to show and to send
//! back in a download.
//!
//! Bidirectional controls go, since `Antrag\u{202E}fdp.exe` shows as `Antragexe.pdf`; so do the
//! other invisible formatting and control characters. A long name is shortened before its
//! extension, so `….pdf` still opens as a PDF.

use unicode_normalization::UnicodeNormalization;

/// At most this many characters, extension included.
pub const MAX_CHARS: usize = 200;
/// An extension longer than this is no extension but part of the name.
const MAX_EXTENSION_CHARS: usize = 10;
/// The name of a document whose name has nothing left.
const FALLBACK: &str = "dokument.pdf";

/// The cleaned name: the last path part, without control, bidi or other invisible formatting
/// characters, trimmed, and at most [`MAX_CHARS`] characters with its extension kept.
pub fn clean(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let visible: String = base.nfc().filter(|c| !invisible(*c)).collect();
    let trimmed = visible.trim();
    if trimmed.is_empty() {
        return FALLBACK.into();
    }
    shorten(trimmed)
}

/// An ASCII stand-in for the name, for the `filename=` of a download (clients that do not read
/// `filename*`): letters lose their accents, anything else non-ASCII becomes `_`.
pub fn ascii_fallback(name: &str) -> String {
    name.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // ARABIC LETTER MARK; zero-width spaces, joiners and the LRM/RLM marks
            '\u{061C}' | '\u{200B}'..='\u{200F}'
            // LRE, RLE, PDF, LRO, RLO; line and paragraph separators
            | '\u{2028}'..='\u{202E}'
            // word joiner, invisible operators, LRI, RLI, FSI, PDI, deprecated format controls
            | '\u{2060}'..='\u{206F}'
            // byte order mark, interlinear annotation
            | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        )
}

fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_CHARS {
        return name.to_owned();
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension)
        .filter(|e| !e.is_empty() && e.chars().count() <= MAX_EXTENSION_CHARS && !e.contains(' '));
    match extension {
        Some(extension) => {
            let room = MAX_CHARS - extension.chars().count() - 1;
            let stem: String = name.chars().take(room).collect();
            format!("{}.{extension}", stem.trim_end_matches([' ', '.']))
        }
        None => name.chars().take(MAX_CHARS).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_and_invisible_characters_are_dropped() {
        assert_eq!(clean("Antrag\u{202E}fdp.exe"), "Antragfdp.exe");
        assert_eq!(
            clean("C:\\Users\\a\\\u{2067}Kon\u{200F}zept\u{2069}\u{061C}.pdf"),
            "Konzept.pdf"
        );
        assert_eq!(clean("\u{202E}\u{200B} "), "dokument.pdf");
    }

    #[test]
    fn a_long_name_keeps_its_extension() {
        let long = format!("{}.pdf", "Gesamtvorhabensbeschreibung ".repeat(20));
        let cleaned = clean(&long);
        assert_eq!(cleaned.chars().count(), MAX_CHARS - 1, "{cleaned}");
        assert!(cleaned.ends_with("beschreibung.pdf"), "{cleaned}");
        let umlauts = format!("{}.pdf", "ä".repeat(300));
        assert_eq!(clean(&umlauts), format!("{}.pdf", "ä".repeat(196)));
        let no_extension = "x".repeat(300);
        assert_eq!(clean(&no_extension).chars().count(), MAX_CHARS);
    }

    #[test]
    fn the_ascii_fallback_keeps_letters_without_accents() {
        assert_eq!(
            ascii_fallback("Übersicht Förderung.pdf"),
            "Ubersicht Forderung.pdf"
        );
        assert_eq!(ascii_fallback("Plan 😀.pdf"), "Plan _.pdf");
    }
}
