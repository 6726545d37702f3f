//! Who runs the service, as its settings say: the provider the Impressum names, who is
//! responsible for the data and their privacy officer, and where feedback on accessibility
//! goes. The pages say plainly which of these is not configured rather than leave it out.

use anyhow::Context;

use crate::config::Settings;
use crate::domain::email_address::EmailAddress;

#[derive(Debug, Clone, Default)]
pub struct Operator {
    pub imprint_name: String,
    /// The postal address line by line.
    pub imprint_address: Vec<String>,
    pub imprint_contact: String,
    pub privacy_controller: String,
    pub privacy_officer: String,
    pub accessibility_contact: Option<EmailAddress>,
}

impl Operator {
    /// The settings trimmed; an accessibility contact that is no address stops the start.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let contact = settings.accessibility_contact.trim();
        let accessibility_contact = if contact.is_empty() {
            None
        } else {
            Some(
                EmailAddress::parse(contact)
                    .with_context(|| format!("accessibility_contact {contact:?}"))?,
            )
        };
        Ok(Self {
            imprint_name: settings.imprint_name.trim().to_owned(),
            imprint_address: settings
                .imprint_address
                .split(['\n', ';'])
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect(),
            imprint_contact: settings.imprint_contact.trim().to_owned(),
            privacy_controller: settings.privacy_controller.trim().to_owned(),
            privacy_officer: settings.privacy_officer.trim().to_owned(),
            accessibility_contact,
        })
    }

    /// Whether the Impressum has anything to say about the provider.
    pub fn has_imprint(&self) -> bool {
        !self.imprint_name.is_empty()
            || !self.imprint_address.is_empty()
            || !self.imprint_contact.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_split_into_lines_and_a_contact_that_is_no_address_is_named() {
        let settings = Settings {
            imprint_address: "Zimmerstraße 26–27; 10969 Berlin\n".into(),
            accessibility_contact: " barrierefreiheit@ptj.example ".into(),
            ..Settings::default()
        };
        let operator = Operator::from_settings(&settings).unwrap();
        assert_eq!(
            operator.imprint_address,
            ["Zimmerstraße 26–27", "10969 Berlin"]
        );
        assert_eq!(
            operator
                .accessibility_contact
                .as_ref()
                .map(|a| a.to_string()),
            Some("barrierefreiheit@ptj.example".to_owned())
        );
        assert!(operator.has_imprint());
        assert!(!Operator::default().has_imprint());
        let wrong = Settings {
            accessibility_contact: "barrierefreiheit".into(),
            ..Settings::default()
        };
        let error = Operator::from_settings(&wrong).unwrap_err();
        assert!(
            format!("{error:#}").contains("accessibility_contact"),
            "{error:#}"
        );
    }
}
