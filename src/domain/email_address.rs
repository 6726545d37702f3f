//! An e-mail address in its one canonical form, checked when it is entered rather than when a
//! message is sent.
//!
//! Two addresses are the same person exactly when their canonical forms are equal, so the type
//! derives its comparisons from that form and nothing compares raw text. The form is:
//! the whole input NFKC-normalised (full-width letters become ASCII ones), the local part
//! lower-cased, the domain mapped by IDNA (UTS 46) and kept in its Unicode form
//! (`xn--mller-kva.de` and `MÜLLER.de` are both `müller.de`); mail goes out to the ASCII form.
//!
//! Refused when entered: quoted local parts and IP literals (no mail server of a funding body
//! accepts them, so their mail would wait in the outbox for ever), domains without a dot or
//! with a numeric top level, a local part or domain label that mixes scripts (a Cyrillic `а`
//! in a Latin name looks like another person's address), and whatever the mailer cannot send
//! to: the local part and the ASCII domain are checked by the `email_address` crate, the very
//! checks lettre makes before sending (`email::address` converts an address for lettre, and
//! its tests hold the two to agreeing).
//!
//! Addresses read back from the log take a lenient path ([`EmailAddress::from_stored`]): events
//! are never rewritten, so an address an older version accepted is normalised as far as it can
//! be and still reads. A juror's address was once checked only for an `@`; what even the
//! lenient path cannot read is kept as it was recorded ([`EmailAddress::deserialize_recorded`]),
//! so that an event in the log never fails to decode.

use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_security::MixedScript;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why an entered address is refused; the web layer says it in the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressProblem {
    /// Not of the form name@domain at all.
    Malformed,
    /// `"a b"@domain`: a quoted local part.
    Quoted,
    /// `a@[127.0.0.1]` or `a@127.0.0.1`: an IP address instead of a domain.
    IpLiteral,
    /// `a@localhost`: a domain without a dot.
    NoDot,
    /// Letters of two scripts in one part, e.g. a Cyrillic `а` among Latin letters.
    MixedScripts,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
/// The text is for the command line and logs; pages say why in the person's language
/// (`web::refusals::email`).
#[error("„{input}“ ist keine gültige E-Mail-Adresse. / “{input}” is not a valid e-mail address.")]
pub struct InvalidEmail {
    pub input: String,
    pub problem: AddressProblem,
}

/// What an erased person's address reads as (`crate::personal`): an address no mail reaches
/// (`.invalid` is reserved for that) and no account has.
pub const ERASED_ADDRESS: &str = "geloescht@geloescht.invalid";

impl EmailAddress {
    /// The address of a person whose data is erased.
    pub fn erased() -> Self {
        Self(ERASED_ADDRESS.to_owned())
    }

    pub fn is_erased(&self) -> bool {
        self.0 == ERASED_ADDRESS
    }

    /// Parses an address as a person enters it, into its canonical form.
    pub fn parse(text: &str) -> Result<Self, InvalidEmail> {
        let refuse = |problem| InvalidEmail {
            input: text.trim().to_owned(),
            problem,
        };
        let (local, domain) = split(text).ok_or_else(|| refuse(AddressProblem::Malformed))?;
        if local.starts_with('"') {
            return Err(refuse(AddressProblem::Quoted));
        }
        if domain.starts_with('[') {
            return Err(refuse(AddressProblem::IpLiteral));
        }
        let ascii =
            idna::domain_to_ascii_strict(&domain).map_err(|_| refuse(AddressProblem::Malformed))?;
        let (unicode, decoded) = idna::domain_to_unicode(&ascii);
        decoded.map_err(|_| refuse(AddressProblem::Malformed))?;
        let Some((_, top_level)) = ascii.rsplit_once('.') else {
            return Err(refuse(AddressProblem::NoDot));
        };
        if top_level.bytes().all(|b| b.is_ascii_digit()) {
            return Err(refuse(AddressProblem::IpLiteral));
        }
        if !local.as_str().is_single_script() || !unicode.split('.').all(|l| l.is_single_script()) {
            return Err(refuse(AddressProblem::MixedScripts));
        }
        // The final word is the mailer's: lettre checks with these two functions before it
        // sends, and an address it cannot send to is no address here.
        if !email_address::EmailAddress::is_valid_local_part(&local)
            || !email_address::EmailAddress::is_valid_domain(&ascii)
        {
            return Err(refuse(AddressProblem::Malformed));
        }
        Ok(Self(format!("{local}@{unicode}")))
    }

    /// An address read from the log or a session: the canonical form if it parses, otherwise
    /// the same normalisation applied to what an older version accepted, so old events still
    /// read and still find their account.
    pub fn from_stored(text: &str) -> Result<Self, InvalidEmail> {
        if is_plain_canonical(text) {
            return Ok(Self(text.to_owned()));
        }
        if let Ok(address) = Self::parse(text) {
            return Ok(address);
        }
        let (local, domain) = split(text).ok_or_else(|| InvalidEmail {
            input: text.trim().to_owned(),
            problem: AddressProblem::Malformed,
        })?;
        let domain = match idna::domain_to_ascii(&domain) {
            Ok(ascii) => idna::domain_to_unicode(&ascii).0,
            Err(_) => domain.to_lowercase(),
        };
        Ok(Self(format!("{local}@{domain}")))
    }

    /// For a field of a recorded event whose addresses an older version checked less (a
    /// juror's address, once only checked for an `@`): what [`Self::from_stored`] reads, else
    /// the recorded text as it is, which no account has and no mail goes to; the event still
    /// decodes.
    pub fn deserialize_recorded<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Self::recorded(&text))
    }

    /// What [`Self::from_stored`] reads, else the recorded text as it is.
    fn recorded(text: &str) -> Self {
        Self::from_stored(text).unwrap_or_else(|_| Self(text.trim().to_owned()))
    }

    /// Whether this is an address at all, with a name and a domain: only a juror's address
    /// kept as recorded by [`Self::deserialize_recorded`] is not, and no mail goes to it.
    pub fn is_address(&self) -> bool {
        Self::from_stored(&self.0).is_ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`, in its Unicode form.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

/// An address that may be left out, recorded as text that is empty when there is none: a
/// programme contact's, which an older version recorded without any check. It reads like
/// [`EmailAddress::deserialize_recorded`], so every recorded set-up still decodes.
pub mod optional_recorded {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::EmailAddress;

    pub fn serialize<S: Serializer>(
        address: &Option<EmailAddress>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(address.as_ref().map_or("", EmailAddress::as_str))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<EmailAddress>, D::Error> {
        // A string, never `null`: it is written as one, and the snapshots' format (postcard)
        // reads back exactly the shape written.
        let text = String::deserialize(deserializer)?;
        Ok(Some(text.trim())
            .filter(|t| !t.is_empty())
            .map(EmailAddress::recorded))
    }
}

/// NFKC-normalises the trimmed input (a full-width `＠` is an `@`), splits it at its last `@` and
/// lower-cases the local part; `None` without a name or a domain.
fn split(text: &str) -> Option<(String, String)> {
    let normalised: String = text.trim().nfkc().collect();
    let (local, domain) = normalised.rsplit_once('@')?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    // Lower-casing can leave a string that is no longer NFKC (rarely); normalise once more.
    let local: String = local.to_lowercase().nfkc().collect();
    Some((local, domain.to_owned()))
}

/// Whether the text is an address [`EmailAddress::parse`] gives back unchanged, by a check that
/// needs no Unicode tables: lower-case ASCII letters, digits and `._+-` before the one `@`,
/// lower-case letters, digits and hyphens in dot-separated labels after it (none an IDNA
/// `xn--` label or holding `--`, none beginning or ending with a hyphen, the last not all
/// digits). Nearly every address read back from the log or a snapshot is one; a start decodes
/// some 50,000 of them, and the full parse of each (normalisation, IDNA both ways, scripts)
/// was a third of the time the largest snapshot took to decode. Anything else takes the full
/// path.
fn is_plain_canonical(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._+-".contains(&b));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && !label.contains("--")
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let labels: Vec<&str> = domain.split('.').collect();
    local_ok
        && domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| label_ok(label))
        && labels
            .last()
            .is_some_and(|top| !top.bytes().all(|b| b.is_ascii_digit()))
}

impl TryFrom<String> for EmailAddress {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        if is_plain_canonical(&value) {
            return Ok(Self(value));
        }
        Self::from_stored(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_erased() {
            return f.write_str(crate::personal::ERASED_TEXT);
        }
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> String {
        EmailAddress::parse(text).unwrap().to_string()
    }

    fn refused(text: &str) -> AddressProblem {
        EmailAddress::parse(text)
            .expect_err(&format!("{text:?} was accepted"))
            .problem
    }

    #[test]
    fn addresses_are_checked_when_entered() {
        assert_eq!(
            parsed(" Anna.Schmidt@Uni-Jena.DE "),
            "anna.schmidt@uni-jena.de"
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@uni-jena.de",
            "anna schmidt@uni.de",
            "a@b@c.de",
            "anna@uni_jena.de",
            "anna@xn--zz.de",
        ] {
            assert_eq!(refused(bad), AddressProblem::Malformed, "{bad:?}");
        }
        assert_eq!(refused("anna@localhost"), AddressProblem::NoDot);
        let error = EmailAddress::parse("anna").unwrap_err();
        assert_eq!(
            error.to_string(),
            "„anna“ ist keine gültige E-Mail-Adresse. / “anna” is not a valid e-mail address."
        );
    }

    #[test]
    fn addresses_no_server_delivers_to_are_refused() {
        assert_eq!(refused("\"a b\"@x.de"), AddressProblem::Quoted);
        assert_eq!(refused("\"anna\"@x.de"), AddressProblem::Quoted);
        assert_eq!(refused("a@[127.0.0.1]"), AddressProblem::IpLiteral);
        assert_eq!(refused("a@[IPv6:::1]"), AddressProblem::IpLiteral);
        assert_eq!(refused("a@127.0.0.1"), AddressProblem::IpLiteral);
    }

    #[test]
    fn full_width_letters_are_the_ascii_address() {
        assert_eq!(parsed("ａｎｎａ＠ｃｌｕｓｔｅｒ．ｄｅ"), "anna@cluster.de");
        assert_eq!(
            EmailAddress::parse("Ａｎｎａ@cluster.de").unwrap(),
            EmailAddress::parse("anna@cluster.de").unwrap()
        );
    }

    #[test]
    fn a_cyrillic_letter_in_a_latin_address_is_refused() {
        // U+0430 CYRILLIC SMALL LETTER A, which looks like a Latin a.
        assert_eq!(
            refused("\u{430}nna@cluster.de"),
            AddressProblem::MixedScripts
        );
        assert_eq!(
            refused("anna@cluster.d\u{435}"),
            AddressProblem::MixedScripts
        );
        // One script throughout is somebody's real address.
        assert_eq!(
            parsed("\u{430}\u{43d}\u{43d}\u{430}@cluster.de"),
            "анна@cluster.de"
        );
        assert_eq!(parsed("jörg.müller@uni-jena.de"), "jörg.müller@uni-jena.de");
    }

    #[test]
    fn the_punycode_and_the_unicode_domain_are_one_address() {
        let unicode = EmailAddress::parse("anna@Müller.de").unwrap();
        let ascii = EmailAddress::parse("anna@xn--mller-kva.de").unwrap();
        assert_eq!(unicode, ascii);
        assert_eq!(unicode.as_str(), "anna@müller.de");
    }

    #[test]
    fn an_address_an_older_version_stored_still_reads_in_canonical_form() {
        let read = |text: &str| {
            serde_json::from_value::<EmailAddress>(serde_json::json!(text))
                .unwrap()
                .to_string()
        };
        assert_eq!(read("Anna@xn--mller-kva.de"), "anna@müller.de");
        assert_eq!(read("\"a b\"@x.de"), "\"a b\"@x.de");
        assert_eq!(read("Ａnna@[127.0.0.1]"), "anna@[127.0.0.1]");
        assert!(serde_json::from_value::<EmailAddress>(serde_json::json!("anna")).is_err());
    }

    #[derive(Debug, Deserialize)]
    struct Recorded {
        #[serde(deserialize_with = "EmailAddress::deserialize_recorded")]
        email: EmailAddress,
    }

    #[test]
    fn a_recorded_address_even_the_lenient_path_cannot_read_is_kept_as_recorded() {
        let read = |text: &str| {
            serde_json::from_value::<Recorded>(serde_json::json!({ "email": text }))
                .expect("a recorded event always decodes")
                .email
        };
        assert_eq!(read(" Anna@Uni-Jena.DE ").as_str(), "anna@uni-jena.de");
        assert_eq!(read("\"a b\"@x.de").as_str(), "\"a b\"@x.de");
        // Once accepted for a juror, who was only checked for an `@`.
        assert_eq!(read("muster@ ").as_str(), "muster@");
        assert_eq!(read("@example.org").as_str(), "@example.org");
        assert!(!read("muster@").is_address());
        assert!(read("\"a b\"@x.de").is_address());
    }

    #[derive(Debug, Deserialize, Serialize)]
    struct Optional {
        #[serde(with = "optional_recorded", default)]
        email: Option<EmailAddress>,
    }

    #[test]
    fn an_optional_recorded_address_is_none_when_empty_and_reads_whatever_was_recorded() {
        let read = |value: serde_json::Value| {
            serde_json::from_value::<Optional>(value)
                .expect("a recorded event always decodes")
                .email
                .map(|a| a.to_string())
        };
        assert_eq!(read(serde_json::json!({ "email": "" })), None);
        assert_eq!(read(serde_json::json!({ "email": " " })), None);
        assert_eq!(read(serde_json::json!({})), None);
        assert_eq!(
            read(serde_json::json!({ "email": "Post@PtJ.example" })).as_deref(),
            Some("post@ptj.example")
        );
        // Once accepted for a programme contact, which was not checked at all.
        assert_eq!(
            read(serde_json::json!({ "email": "post (at) ptj.example" })).as_deref(),
            Some("post (at) ptj.example")
        );
        let written = |email: Option<&str>| {
            serde_json::to_value(Optional {
                email: email.map(|e| EmailAddress::parse(e).unwrap()),
            })
            .unwrap()
        };
        // The snapshots' format reads back what it wrote, with and without an address.
        for email in [None, Some("post@ptj.example")] {
            let value = Optional {
                email: email.map(|e| EmailAddress::parse(e).unwrap()),
            };
            let bytes = postcard::to_stdvec(&value).unwrap();
            let read: Optional = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(read.email, value.email);
        }
        assert_eq!(written(None), serde_json::json!({ "email": "" }));
        assert_eq!(
            written(Some("post@ptj.example")),
            serde_json::json!({ "email": "post@ptj.example" })
        );
    }

    #[test]
    fn a_plain_canonical_address_is_one_the_parse_gives_back_unchanged() {
        for plain in [
            "anna.schmidt@uni-jena.de",
            "j+jury@ptj.example.org",
            "x_1@a1.b-c.de",
            "leitung@demo.wettbewerb.test",
        ] {
            assert!(is_plain_canonical(plain), "{plain}");
            assert_eq!(parsed(plain), plain);
        }
        for other in [
            "Anna@uni-jena.de",
            "anna@xn--mller-kva.de",
            "anna@localhost",
            "anna@1.2.3.4",
            ".anna@uni.de",
            "an..na@uni.de",
            "anna@-uni.de",
            "anna@ab--cd.de",
            "anna@uni..de",
            "\"a b\"@uni.de",
            "anna@müller.de",
            " anna@uni.de",
        ] {
            assert!(!is_plain_canonical(other), "{other}");
        }
    }

    proptest::proptest! {
        /// The shortcut never says yes where the full parse would change or refuse the text.
        #[test]
        fn the_shortcut_agrees_with_the_parse(text in "[a-z0-9._+\\-]{1,12}@[a-z0-9\\-]{1,8}(\\.[a-z0-9\\-]{1,6}){1,3}") {
            if is_plain_canonical(&text) {
                proptest::prop_assert_eq!(EmailAddress::parse(&text).map(|a| a.0), Ok(text.clone()));
            }
        }
    }
}
