//! Recovery codes: ten one-time codes shown once at the set-up of a second factor, for the day
//! the device is lost. The log keeps only their argon2 hashes (`security::password`).

use rand::Rng;

use crate::domain::second_factor::RECOVERY_CODES;

/// No 0/o, 1/l/i: the codes are read off paper.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Ten characters of 31 (about 50 bits), shown as two groups of five.
const LENGTH: usize = 10;

/// Fresh codes, as they are shown (`abcde-fghjk`).
pub fn generate() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let code: String = (0..LENGTH)
                .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
                .collect();
            format!("{}-{}", &code[..LENGTH / 2], &code[LENGTH / 2..])
        })
        .collect()
}

/// The code as it is hashed: lower case, without spaces and hyphens; `None` for anything
/// that cannot be one (so that no long input is hashed).
pub fn normalise(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_different_codes_that_read_back_however_they_are_typed() {
        let codes = generate();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let code = &codes[0];
        assert_eq!(code.len(), 11);
        let plain = code.replace('-', "");
        assert_eq!(normalise(code), Some(plain.clone()));
        assert_eq!(
            normalise(&format!(" {} ", code.to_uppercase().replace('-', " "))),
            Some(plain)
        );
        assert_eq!(normalise("123456"), None);
        assert_eq!(normalise(&"a".repeat(1000)), None);
        assert_eq!(normalise("abcde-fghi1"), None, "no 1 or i");
    }
}
