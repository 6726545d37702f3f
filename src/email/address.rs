//! The domain's [`EmailAddress`] as lettre sends to it. The domain checks an address with the
//! same functions lettre uses (the `email_address` crate), so every address entered today
//! converts; only one read from an old event can fail here.

use crate::domain::email_address::EmailAddress;

/// The address with its domain in the ASCII (`xn--`) form, so that servers without SMTPUTF8
/// take it.
pub fn to_lettre(address: &EmailAddress) -> Result<lettre::Address, lettre::address::AddressError> {
    let (local, domain) = address
        .as_str()
        .rsplit_once('@')
        .ok_or(lettre::address::AddressError::MissingParts)?;
    let ascii = idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_owned());
    lettre::Address::new(local, ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unicode_domain_goes_out_in_its_ascii_form() {
        let unicode = EmailAddress::parse("anna@Müller.de").unwrap();
        assert_eq!(to_lettre(&unicode).unwrap().domain(), "xn--mller-kva.de");
    }

    /// The domain's check and the mailer's agree: what the domain accepts, lettre sends to, in
    /// the Unicode form it is kept in and in the ASCII form it goes out in.
    #[test]
    fn every_address_the_domain_accepts_lettre_sends_to() {
        let inputs = [
            "anna.schmidt@uni-jena.de",
            "Anna+Antrag@Uni-Jena.DE",
            "o'brien@tcd.ie",
            "a!#$%&*+/=?^_`{|}~-@x.de",
            "jörg.müller@uni-jena.de",
            "анна@cluster.de",
            "anna@müller.de",
            "anna@xn--mller-kva.de",
            "ａｎｎａ＠ｃｌｕｓｔｅｒ．ｄｅ",
            "a..b@x.de",
            ".a@x.de",
            "a.@x.de",
            "a@-x.de",
            "a@x-.de",
            "a@x..de",
            "a@.x.de",
            &format!("{}@x.de", "a".repeat(64)),
            &format!("{}@x.de", "a".repeat(65)),
            &format!("a@{}.de", "b".repeat(63)),
            &format!("a@{}.de", "b".repeat(64)),
            "a(b)@x.de",
            "a,b@x.de",
            "a\\b@x.de",
            "a<b@x.de",
            "a@x_y.de",
        ];
        let mut accepted = 0;
        for input in inputs {
            let Ok(address) = EmailAddress::parse(input) else {
                continue;
            };
            accepted += 1;
            to_lettre(&address).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            address
                .as_str()
                .parse::<lettre::Address>()
                .unwrap_or_else(|e| panic!("{input:?} in Unicode form: {e}"));
        }
        assert!(accepted >= 9, "the plain addresses are accepted");
    }
}
