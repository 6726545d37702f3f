//! How a sealed field is written in an event: a string in place of the value, so the event's
//! shape stays and every other field reads as before.
//!
//! `\0pd1:`, the kind (`s` text, `a` e-mail address), `:`, the person's id (32 hex digits),
//! `:` and the sealed bytes in base64. The leading NUL cannot be typed into any form (text
//! checks refuse control characters), so no value a person entered is mistaken for a sealed one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

const PREFIX: &str = "\u{0}pd1:";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Address,
}

impl Kind {
    fn code(self) -> char {
        match self {
            Kind::Text => 's',
            Kind::Address => 'a',
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub kind: Kind,
    pub person: Uuid,
    pub sealed: Vec<u8>,
}

impl Envelope {
    pub fn is_sealed(text: &str) -> bool {
        text.starts_with(PREFIX)
    }

    pub fn write(&self) -> String {
        format!(
            "{PREFIX}{}:{}:{}",
            self.kind.code(),
            self.person.simple(),
            URL_SAFE_NO_PAD.encode(&self.sealed)
        )
    }

    pub fn read(text: &str) -> Option<Self> {
        let rest = text.strip_prefix(PREFIX)?;
        let (kind, rest) = rest.split_once(':')?;
        let kind = match kind {
            "s" => Kind::Text,
            "a" => Kind::Address,
            _ => return None,
        };
        let (person, sealed) = rest.split_once(':')?;
        Some(Self {
            kind,
            person: Uuid::try_parse(person).ok()?,
            sealed: URL_SAFE_NO_PAD.decode(sealed).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_reads_back_and_text_without_the_prefix_is_no_envelope() {
        let envelope = Envelope {
            kind: Kind::Address,
            person: Uuid::new_v4(),
            sealed: vec![0, 1, 2, 250],
        };
        let written = envelope.write();
        assert!(Envelope::is_sealed(&written));
        assert_eq!(Envelope::read(&written), Some(envelope));
        assert!(!Envelope::is_sealed("pd1:s:x:y"));
        assert_eq!(Envelope::read("\u{0}pd1:x:00:AA"), None);
    }
}
