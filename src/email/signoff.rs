//! What every message has in common: the salutation by name, and at its foot the signature
//! and the programme's contact. One form for all, so that no template inflects a name.

use askama::Template;

use crate::domain::account::Language;
use crate::domain::setup::ProgrammeContact;

/// "Guten Tag, Jana Gutachter," / "Dear Jana Gutachter,". German sets the addressed name off
/// by commas; without knowing a gender no "Frau"/"Herr" is added. Without a name: "Guten Tag,"
/// / "Hello,".
pub fn salutation(language: Language, name: &str) -> String {
    let name = name.trim();
    match (language, name.is_empty()) {
        (Language::De, false) => format!("Guten Tag, {name},"),
        (Language::De, true) => "Guten Tag,".to_owned(),
        (Language::En, false) => format!("Dear {name},"),
        (Language::En, true) => "Hello,".to_owned(),
    }
}

/// The foot of a message, as plain text and as HTML.
#[derive(Debug, Clone, Default)]
pub struct Signoff {
    pub text: String,
    pub html: String,
}

struct Foot<'a> {
    language: Language,
    /// The competition's name; empty in messages about an account alone.
    competition: &'a str,
    contact: &'a ProgrammeContact,
}

#[derive(Template)]
#[template(path = "email/signoff/signoff.txt")]
struct FootText<'a> {
    f: &'a Foot<'a>,
}

#[derive(Template)]
#[template(path = "email/signoff/signoff.html")]
struct FootHtml<'a> {
    f: &'a Foot<'a>,
}

/// "Mit freundlichen Grüßen / Ihr Team der Programmverwaltung …" and the contact lines that
/// are filled in.
pub fn signoff(
    language: Language,
    competition: &str,
    contact: &ProgrammeContact,
) -> Result<Signoff, askama::Error> {
    let f = Foot {
        language,
        competition,
        contact,
    };
    Ok(Signoff {
        text: FootText { f: &f }.render()?,
        html: FootHtml { f: &f }.render()?,
    })
}

/// The foot of the competition's messages: its name and its programme contact.
pub fn competition_signoff(
    language: Language,
    competition: &crate::domain::competition::Competition,
) -> Result<Signoff, askama::Error> {
    match &competition.setup {
        Some(setup) => signoff(language, &setup.name, &setup.contact),
        None => signoff(language, "", &ProgrammeContact::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_salutation_sets_the_name_off_by_commas() {
        assert_eq!(
            salutation(Language::De, "Prof. Dr. Jana Gutachter"),
            "Guten Tag, Prof. Dr. Jana Gutachter,"
        );
        assert_eq!(salutation(Language::De, " "), "Guten Tag,");
        assert_eq!(
            salutation(Language::En, "Jana Gutachter"),
            "Dear Jana Gutachter,"
        );
        assert_eq!(salutation(Language::En, ""), "Hello,");
    }

    #[test]
    fn the_foot_names_the_programme_and_every_contact_line_given() {
        let contact = ProgrammeContact {
            name: "Projektträger Jülich (PtJ)".into(),
            address: "Zimmerstraße 26–27, 10969 Berlin".into(),
            phone: "+49 30 20199-0".into(),
            email: None,
        };
        let foot = signoff(Language::De, "BioRegio 2026", &contact).unwrap();
        assert!(
            foot.text.contains("Mit freundlichen Grüßen"),
            "{}",
            foot.text
        );
        assert!(
            foot.text
                .contains("Ihr Team der Programmverwaltung im Wettbewerb „BioRegio 2026“"),
            "{}",
            foot.text
        );
        assert!(
            foot.text.contains("Telefon: +49 30 20199-0"),
            "{}",
            foot.text
        );
        assert!(!foot.text.contains("E-Mail:"), "{}", foot.text);
        let foot = signoff(Language::En, "<b>", &contact).unwrap();
        assert!(
            foot.html.contains("&#60;b&#62;") && !foot.html.contains("<b>"),
            "{}",
            foot.html
        );
        assert!(
            foot.text.contains("Programme staff of the competition"),
            "{}",
            foot.text
        );
    }
}
