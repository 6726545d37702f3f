//! Time-based one-time passwords (RFC 6238 with `totp-rs`): SHA-1, 6 digits, 30-second steps,
//! one step of skew either way, as every authenticator app expects. The time comes from the
//! service's clock, never the machine's, so tests can compute the codes.
//!
//! The secret is sealed (AES-256-GCM) under a key derived from the service's secret, bound to
//! its account, before it goes into the log.

use chrono::{DateTime, Utc};
use rand::RngCore;
use totp_rs::{Algorithm, TOTP};

use super::sealed::{SealingKey, Unsealable};
use super::secret::Secret;
use crate::domain::ids::AccountId;

const DIGITS: usize = 6;
const STEP_SECONDS: u64 = 30;
const SKEW: u8 = 1;
/// 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
/// What authenticator apps show above the codes.
const ISSUER: &str = "wettbewerb";

/// A TOTP secret in the clear; only in memory, never in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    fn totp(&self, account_name: &str) -> TOTP {
        // Neither the issuer nor the label may hold a colon; an address has none outside
        // quotes, and a quoted one loses it only in the app's label.
        TOTP::new_unchecked(
            Algorithm::SHA1,
            DIGITS,
            SKEW,
            STEP_SECONDS,
            self.0.clone(),
            Some(ISSUER.to_owned()),
            account_name.replace(':', " "),
        )
    }

    /// The secret as people type it into an app: base32, without padding.
    pub fn base32(&self) -> String {
        self.totp("").get_secret_base32()
    }

    /// The secret as a QR code carries it: `otpauth://totp/wettbewerb:ADDRESS?secret=…`.
    pub fn otpauth_uri(&self, account_name: &str) -> String {
        self.totp(account_name).get_url()
    }

    /// The time step whose code this is, within one step of `now`; `None` for a wrong code.
    /// Spaces in the code are ignored.
    pub fn matching_step(&self, code: &str, now: DateTime<Utc>) -> Option<u64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let totp = self.totp("");
        let time = u64::try_from(now.timestamp()).ok()?;
        if code.len() != DIGITS || !totp.check(&code, time) {
            return None;
        }
        // Known to be right for one of the three steps: which one is no secret.
        let current = time / STEP_SECONDS;
        (current.saturating_sub(u64::from(SKEW))..=current + u64::from(SKEW))
            .rev()
            .find(|step| totp.generate(step * STEP_SECONDS) == code)
    }

    /// The code of the time step at `at`, as an app shows it.
    pub fn code_at(&self, at: DateTime<Utc>) -> String {
        let time = u64::try_from(at.timestamp()).unwrap_or_default();
        self.totp("").generate(time)
    }
}

/// Seals second-factor secrets under a key of their own, derived from the service's secret.
#[derive(Clone)]
pub struct SecondFactorKey(SealingKey);

impl SecondFactorKey {
    pub fn new(secret: &Secret) -> Self {
        Self(SealingKey::derive(secret.bytes(), "second factor"))
    }

    fn aad(account: AccountId) -> Vec<u8> {
        format!("totp secret of account {account}").into_bytes()
    }

    /// Hex of the sealed secret, bound to the account: moved to another account it does not
    /// open.
    pub fn seal(&self, secret: &TotpSecret, account: AccountId) -> String {
        hex::encode(self.0.seal(&secret.0, &Self::aad(account)))
    }

    pub fn open(&self, sealed: &str, account: AccountId) -> Result<TotpSecret, Unsealable> {
        let bytes = hex::decode(sealed).map_err(|_| Unsealable)?;
        self.0.open(&bytes, &Self::aad(account)).map(TotpSecret)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn rfc_secret() -> TotpSecret {
        TotpSecret(b"12345678901234567890".to_vec())
    }

    #[test]
    fn the_codes_are_those_of_rfc_6238_for_sha1() {
        // RFC 6238, appendix B: T = 59 s gives 94287082; six digits are its last six.
        let at = Utc.timestamp_opt(59, 0).unwrap();
        assert_eq!(rfc_secret().code_at(at), "287082");
        let at = Utc.timestamp_opt(1_111_111_109, 0).unwrap();
        assert_eq!(rfc_secret().code_at(at), "081804");
    }

    #[test]
    fn a_code_matches_its_own_step_within_one_step_either_way_and_no_further() {
        let secret = TotpSecret::generate();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 10).unwrap();
        let step = u64::try_from(now.timestamp()).unwrap() / 30;
        let code = secret.code_at(now);
        assert_eq!(secret.matching_step(&code, now), Some(step));
        assert_eq!(
            secret.matching_step(&format!("{} {}", &code[..3], &code[3..]), now),
            Some(step)
        );
        let previous = secret.code_at(now - Duration::seconds(30));
        assert_eq!(secret.matching_step(&previous, now), Some(step - 1));
        let next = secret.code_at(now + Duration::seconds(30));
        assert_eq!(secret.matching_step(&next, now), Some(step + 1));
        let old = secret.code_at(now - Duration::seconds(90));
        if old != code && old != previous {
            assert_eq!(secret.matching_step(&old, now), None);
        }
        assert_eq!(secret.matching_step("12345", now), None);
        assert_eq!(secret.matching_step("abcdef", now), None);
    }

    #[test]
    fn the_uri_names_the_service_and_the_address_and_carries_the_base32_secret() {
        let uri = rfc_secret().otpauth_uri("anna@cluster.de");
        assert_eq!(rfc_secret().base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert!(
            uri.starts_with("otpauth://totp/wettbewerb:anna%40cluster.de?"),
            "{uri}"
        );
        assert!(
            uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            "{uri}"
        );
        assert!(uri.contains("issuer=wettbewerb"), "{uri}");
    }

    #[test]
    fn a_sealed_secret_opens_for_its_account_only_and_shows_nothing_of_the_secret() {
        let key = SecondFactorKey::new(&Secret::from_configured(&"k".repeat(64)).unwrap());
        let secret = TotpSecret::generate();
        let anna = AccountId::from_uuid(uuid::Uuid::from_u128(1));
        let ben = AccountId::from_uuid(uuid::Uuid::from_u128(2));
        let sealed = key.seal(&secret, anna);
        assert!(!sealed.contains(&hex::encode(&secret.0)));
        assert_eq!(key.open(&sealed, anna).unwrap(), secret);
        assert_eq!(key.open(&sealed, ben), Err(Unsealable));
        assert_eq!(key.open("zz", anna), Err(Unsealable));
        assert_eq!(format!("{secret:?}"), "TotpSecret(…)");
    }
}
