//! Several applications' documents in one ZIP file, for a juror who reads offline: one folder per
//! application, named by its title, holding its documents under their cleaned names.
//!
//! Names inside the archive are made safe the way download names are ([`file_name::clean`]),
//! and further: no path separator or leading dot in a folder (so no entry leaves the archive's
//! folder when unpacked), and each name unique (a second `Konzept.pdf` becomes
//! `Konzept (2).pdf`). PDFs are compressed already, so entries are stored, not deflated.

use std::collections::BTreeSet;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::file_name;

/// The documents of one ZIP together may not exceed this many bytes: the file is built in memory
/// (10 applications at the upload quota of 20 MB each).
pub const MAX_BUNDLE_BYTES: u64 = 200 * 1024 * 1024;

/// One document of the bundle, before its bytes are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The entry's path inside the archive: `folder/file`.
    pub entry: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("the documents together have {total} bytes, more than {limit}")]
    TooLarge { total: u64, limit: u64 },
    #[error("there is no document to bundle")]
    Empty,
}

/// One application with its documents: its title, and each document's stored name, digest and
/// size.
pub struct Source<'a> {
    pub title: &'a str,
    pub documents: Vec<(&'a str, &'a str, u64)>,
}

/// The entries of the archive, in order, with unique safe names; refused above the size limit.
pub fn plan(sources: &[Source<'_>], limit: u64) -> Result<Vec<Planned>, BundleError> {
    let total = sources
        .iter()
        .flat_map(|s| s.documents.iter().map(|(_, _, size)| *size))
        .fold(0u64, u64::saturating_add);
    if total > limit {
        return Err(BundleError::TooLarge { total, limit });
    }
    let mut folders = BTreeSet::new();
    let mut planned = Vec::new();
    for source in sources.iter().filter(|s| !s.documents.is_empty()) {
        let folder = unique(&mut folders, &folder_name(source.title));
        let mut files = BTreeSet::new();
        for (name, sha256, _) in &source.documents {
            let file = unique(&mut files, &file_name::clean(name));
            planned.push(Planned {
                entry: format!("{folder}/{file}"),
                sha256: (*sha256).to_owned(),
            });
        }
    }
    if planned.is_empty() {
        return Err(BundleError::Empty);
    }
    Ok(planned)
}

/// Writes the archive: each planned entry with the bytes `read` gives for its digest.
pub fn write(
    planned: &[Planned],
    mut read: impl FnMut(&str) -> std::io::Result<Vec<u8>>,
) -> anyhow::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    for entry in planned {
        let bytes = read(&entry.sha256)?;
        zip.start_file(entry.entry.as_str(), options)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// A title as a folder name: cleaned like a file name, without separators or a leading dot.
fn folder_name(title: &str) -> String {
    let flat: String = title
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = file_name::clean(&flat);
    let name = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    if name.is_empty() {
        "Antrag".to_owned()
    } else {
        name.to_owned()
    }
}

/// `name`, or `name (2)`, `name (3)` … before its extension, whichever is not taken yet.
fn unique(taken: &mut BTreeSet<String>, name: &str) -> String {
    let key = |n: &str| n.to_lowercase();
    if taken.insert(key(name)) {
        return name.to_owned();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
        _ => (name, String::new()),
    };
    (2u32..)
        .map(|n| format!("{stem} ({n}){extension}"))
        .find(|candidate| taken.insert(key(candidate)))
        .unwrap_or_else(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_unique_and_the_size_is_limited() {
        let sources = [
            Source {
                title: "../Sensorik/Lausitz",
                documents: vec![("Konzept.pdf", "a", 10), ("C:\\tmp\\konzept.pdf", "b", 10)],
            },
            Source {
                title: "..",
                documents: vec![("Anlage\u{202E}fdp.pdf", "c", 10)],
            },
            Source {
                title: "Ohne Unterlagen",
                documents: vec![],
            },
        ];
        let planned = plan(&sources, 30).unwrap();
        let entries: Vec<&str> = planned.iter().map(|p| p.entry.as_str()).collect();
        assert_eq!(
            entries,
            [
                "-Sensorik-Lausitz/Konzept.pdf",
                "-Sensorik-Lausitz/konzept (2).pdf",
                "Antrag/Anlagefdp.pdf",
            ]
        );
        assert_eq!(
            plan(&sources, 29),
            Err(BundleError::TooLarge {
                total: 30,
                limit: 29
            })
        );
        assert_eq!(plan(&sources[2..], 100), Err(BundleError::Empty));
    }

    #[test]
    fn the_archive_holds_each_entry_with_its_bytes() {
        let planned = vec![
            Planned {
                entry: "A/eins.pdf".into(),
                sha256: "1".into(),
            },
            Planned {
                entry: "B/zwei.pdf".into(),
                sha256: "2".into(),
            },
        ];
        let bytes = write(&planned, |sha| Ok(format!("%PDF-{sha}").into_bytes())).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 2);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("B/zwei.pdf").unwrap(), &mut text)
            .unwrap();
        assert_eq!(text, "%PDF-2");
    }
}
