//! An e-mail address, validated when it is entered rather than when a message is sent.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("„{0}“ ist keine gültige E-Mail-Adresse.")]
pub struct InvalidEmail(pub String);

impl EmailAddress {
    /// Trims the input and lower-cases the domain, which is case-insensitive.
    pub fn parse(text: &str) -> Result<Self, InvalidEmail> {
        let trimmed = text.trim();
        let address: lettre::Address = trimmed
            .parse()
            .map_err(|_| InvalidEmail(trimmed.to_owned()))?;
        if !address.domain().contains('.') {
            return Err(InvalidEmail(trimmed.to_owned()));
        }
        Ok(Self(format!(
            "{}@{}",
            address.user(),
            address.domain().to_lowercase()
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn to_lettre(&self) -> lettre::Address {
        self.0.parse().expect("validated when parsed")
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_when_entered() {
        assert_eq!(
            EmailAddress::parse(" Anna.Schmidt@Uni-Jena.DE ")
                .unwrap()
                .as_str(),
            "Anna.Schmidt@uni-jena.de"
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@uni-jena.de",
            "anna@localhost",
            "anna schmidt@uni.de",
            "a@b@c.de",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} was accepted");
        }
        let error = EmailAddress::parse("anna").unwrap_err();
        assert_eq!(
            error.to_string(),
            "„anna“ ist keine gültige E-Mail-Adresse."
        );
    }
}
