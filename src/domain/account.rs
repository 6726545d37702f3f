//! A person's account: registration, e-mail verification, password reset, language.
//!
//! An account's stream is named after its e-mail address (a keyed hash of its canonical form,
//! `personal::pseudonyms`), so registering an address twice is a conflict on one stream:
//! uniqueness comes from the log's expected revisions, with no separate index that could
//! disagree with it. (Accounts an
//! older version filed under another spelling are found through `Views::account_id_of`.)

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
pub use super::api_token::{ApiToken, ApiTokenCommand, Scope};
use super::email_address::EmailAddress;
use super::ids::{AccountId, ApiTokenId};
use super::privacy::PrivacyConsent;
pub use super::second_factor::{SecondFactor, SecondFactorCommand};

/// How long a verification link is good for.
pub const VERIFICATION_VALIDITY: Duration = Duration::days(7);
/// A session ends this long after its login, however active it is: the cookie holds the
/// session, so a copied cookie must not work for ever.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);
/// How long a password-reset link is good for.
pub const RESET_VALIDITY: Duration = Duration::hours(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Applicant,
    Juror,
    Staff,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Juror => "juror",
            Role::Staff => "staff",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    De,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }

    /// Whether a text is to be written in English: for templates, which can only branch.
    pub fn is_english(self) -> bool {
        self == Language::En
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "de" => Some(Language::De),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

/// The account id that belongs to an address: keyed, so that it names no address
/// (`personal::pseudonyms`).
pub fn account_id_for(email: &EmailAddress) -> AccountId {
    let key = email.as_str().to_lowercase();
    AccountId::from_uuid(crate::personal::pseudonyms::account_uuid(&key))
}

/// The id an older version gave the address's account (a UUIDv5 of the address).
pub fn legacy_account_id_for(email: &EmailAddress) -> AccountId {
    let key = email.as_str().to_lowercase();
    AccountId::from_uuid(crate::personal::pseudonyms::legacy_account_uuid(&key))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum AccountEvent {
    AccountRegistered {
        account_id: AccountId,
        email: EmailAddress,
        name: String,
        role: Role,
        /// An argon2id PHC string; never the password.
        password_hash: String,
        language: Language,
        /// `None` when the account was created verified (the first staff account, from the
        /// command line).
        verification_nonce: Option<String>,
        /// The applicant's consent to the privacy notice; `None` for accounts created by staff
        /// or an invitation, and for registrations from before consent was asked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        privacy_consent: Option<PrivacyConsent>,
        at: DateTime<Utc>,
    },
    VerificationRequested {
        nonce: String,
        at: DateTime<Utc>,
    },
    EmailVerified {
        at: DateTime<Utc>,
    },
    PasswordResetRequested {
        nonce: String,
        at: DateTime<Utc>,
    },
    PasswordChanged {
        password_hash: String,
        at: DateTime<Utc>,
    },
    LanguageChosen {
        language: Language,
        at: DateTime<Utc>,
    },
    /// A juror invited to this address took over an account that was registered here but
    /// never verified: the invitation link proved the address, so it is verified now, with
    /// the juror's name, role and password.
    UnverifiedAccountClaimed {
        name: String,
        role: Role,
        password_hash: String,
        language: Language,
        at: DateTime<Utc>,
    },
    /// The person logged out of one session; a copy of its cookie is worth nothing from now.
    SessionEnded {
        session: String,
        logged_in_at: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    /// A second factor was set up and confirmed with a code of time step `step`.
    SecondFactorEnrolled {
        /// The TOTP secret sealed under the service's key for second factors (hex); never the
        /// secret itself.
        sealed_secret: String,
        /// argon2id hashes of the recovery codes; never the codes.
        recovery_code_hashes: Vec<String>,
        step: u64,
        at: DateTime<Utc>,
    },
    /// A code of this time step logged the person in; it and older ones are used up.
    SecondFactorCodeAccepted {
        step: u64,
        at: DateTime<Utc>,
    },
    /// The recovery code at this position logged the person in; it is used up.
    RecoveryCodeUsed {
        index: usize,
        at: DateTime<Utc>,
    },
    /// The owner removed the second factor, confirming with a code of this time step.
    SecondFactorRemoved {
        step: u64,
        at: DateTime<Utc>,
    },
    /// Staff reset the second factor (a lost device): who, and why.
    SecondFactorReset {
        by: AccountId,
        reason: String,
        at: DateTime<Utc>,
    },
    /// An API token was issued (`domain::api_token`): its SHA-256 hash, never the token.
    ApiTokenIssued {
        token_id: ApiTokenId,
        name: String,
        scopes: Vec<Scope>,
        hash: String,
        hint: String,
        expires_at: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    /// The owner revoked an API token; calls with it are refused from now.
    ApiTokenRevoked {
        token_id: ApiTokenId,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum AccountCommand {
    Register {
        email: EmailAddress,
        name: String,
        role: Role,
        password_hash: String,
        language: Language,
        /// `None` registers the account as verified.
        verification_nonce: Option<String>,
        /// An applicant registers only with it.
        privacy_consent: Option<PrivacyConsent>,
        now: DateTime<Utc>,
    },
    RequestVerification {
        nonce: String,
        now: DateTime<Utc>,
    },
    /// The nonce from the link; the link's signature is checked by the caller.
    Verify {
        nonce: String,
        now: DateTime<Utc>,
    },
    RequestPasswordReset {
        nonce: String,
        now: DateTime<Utc>,
    },
    ResetPassword {
        nonce: String,
        password_hash: String,
        now: DateTime<Utc>,
    },
    ChooseLanguage {
        language: Language,
        now: DateTime<Utc>,
    },
    /// Only for an account whose address was never verified, by someone who proved the
    /// address another way (a juror invitation link). Otherwise anyone could block an
    /// invitation by registering the juror's address first.
    ClaimUnverified {
        name: String,
        role: Role,
        password_hash: String,
        language: Language,
        now: DateTime<Utc>,
    },
    EndSession {
        session: String,
        logged_in_at: DateTime<Utc>,
        now: DateTime<Utc>,
    },
    SecondFactor(SecondFactorCommand),
    ApiToken(ApiTokenCommand),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("an account with this address exists already")]
    AlreadyRegistered,
    #[error("there is no such account")]
    NotFound,
    #[error("a name is needed")]
    NoName,
    #[error("an applicant registers only with consent to the privacy notice")]
    NoPrivacyConsent,
    #[error("the name is refused: {0}")]
    BadName(super::text::TextError),
    #[error("the address is verified already")]
    AlreadyVerified,
    #[error("the link is not valid (any more)")]
    InvalidLink,
    #[error("the link has expired")]
    Expired,
    #[error("a second factor is set up already")]
    SecondFactorSetUpAlready,
    #[error("a second factor needs its secret and all recovery codes")]
    SecondFactorIncomplete,
    #[error("there is no second factor")]
    NoSecondFactor,
    #[error("this code was used already")]
    CodeReplayed,
    #[error("this recovery code was used already")]
    RecoveryCodeUsed,
    #[error("a reset needs a reason")]
    NoResetReason,
    #[error("the reason is refused: {0}")]
    BadResetReason(super::text::TextError),
    #[error("a token needs a name")]
    NoTokenName,
    #[error("the token's name is refused: {0}")]
    BadTokenName(super::text::TextError),
    #[error("a token needs at least one scope")]
    NoTokenScope,
    #[error("this account's role may not hold the scope {0}")]
    ScopeNotForRole(&'static str),
    #[error("a token lives 30, 90 or 365 days")]
    BadTokenLifetime,
    #[error("too many tokens in force")]
    TooManyTokens,
    #[error("there is no such token")]
    NoSuchToken,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: Option<AccountId>,
    pub email: Option<EmailAddress>,
    pub name: String,
    pub role: Option<Role>,
    pub password_hash: String,
    pub language: Language,
    pub verified: bool,
    pub registered_at: Option<DateTime<Utc>>,
    /// Sessions begun before this are over.
    pub password_changed_at: Option<DateTime<Utc>>,
    pending_verification: Option<(String, DateTime<Utc>)>,
    pending_reset: Option<(String, DateTime<Utc>)>,
    /// Sessions logged out of, with their login time; kept only while such a session could
    /// still be alive.
    ended_sessions: std::collections::BTreeMap<String, DateTime<Utc>>,
    /// The second factor, if one is set up.
    pub second_factor: Option<SecondFactor>,
    /// The newest time step of a code accepted; this and older ones are refused as replayed.
    pub last_code_step: Option<u64>,
    /// Every API token issued, revoked and expired ones included, in the order issued.
    #[serde(default)]
    pub api_tokens: Vec<ApiToken>,
}

impl Account {
    /// Whether the session with this id was logged out of.
    pub fn session_ended(&self, session: &str) -> bool {
        self.ended_sessions.contains_key(session)
    }

    fn exists(&self) -> Result<(), AccountError> {
        match self.id {
            Some(_) => Ok(()),
            None => Err(AccountError::NotFound),
        }
    }

    /// Whether a password reset link with this nonce would still be taken: the one asked for
    /// last, within the hour, not used yet. The page with the form asks before showing it.
    pub fn check_reset_link(&self, nonce: &str, now: DateTime<Utc>) -> Result<(), AccountError> {
        self.exists()?;
        Self::check_link(&self.pending_reset, nonce, RESET_VALIDITY, now)
    }

    fn check_link(
        pending: &Option<(String, DateTime<Utc>)>,
        nonce: &str,
        validity: Duration,
        now: DateTime<Utc>,
    ) -> Result<(), AccountError> {
        match pending {
            Some((expected, at)) if expected == nonce => {
                if now - *at > validity {
                    Err(AccountError::Expired)
                } else {
                    Ok(())
                }
            }
            _ => Err(AccountError::InvalidLink),
        }
    }
}

impl Aggregate for Account {
    type Command = AccountCommand;
    type Event = AccountEvent;
    type Error = AccountError;
    const CATEGORY: &'static str = "account";

    fn apply(&mut self, event: &AccountEvent) {
        use AccountEvent as E;
        match event {
            E::AccountRegistered {
                account_id,
                email,
                name,
                role,
                password_hash,
                language,
                verification_nonce,
                at,
                ..
            } => {
                self.id = Some(*account_id);
                self.email = Some(email.clone());
                self.name = name.clone();
                self.role = Some(*role);
                self.password_hash = password_hash.clone();
                self.language = *language;
                self.registered_at = Some(*at);
                self.verified = verification_nonce.is_none();
                self.pending_verification = verification_nonce.clone().map(|n| (n, *at));
            }
            E::VerificationRequested { nonce, at } => {
                self.pending_verification = Some((nonce.clone(), *at));
            }
            E::EmailVerified { .. } => {
                self.verified = true;
                self.pending_verification = None;
            }
            E::PasswordResetRequested { nonce, at } => {
                self.pending_reset = Some((nonce.clone(), *at));
            }
            E::PasswordChanged { password_hash, at } => {
                self.password_hash = password_hash.clone();
                self.password_changed_at = Some(*at);
                self.pending_reset = None;
            }
            E::LanguageChosen { language, .. } => self.language = *language,
            E::UnverifiedAccountClaimed {
                name,
                role,
                password_hash,
                language,
                at,
            } => {
                self.name = name.clone();
                self.role = Some(*role);
                self.password_hash = password_hash.clone();
                self.language = *language;
                self.verified = true;
                self.pending_verification = None;
                self.pending_reset = None;
                self.password_changed_at = Some(*at);
            }
            E::SessionEnded {
                session,
                logged_in_at,
                at,
            } => {
                self.ended_sessions.insert(session.clone(), *logged_in_at);
                self.ended_sessions
                    .retain(|_, since| *at - *since <= SESSION_LIFETIME);
            }
            E::SecondFactorEnrolled { .. }
            | E::SecondFactorCodeAccepted { .. }
            | E::RecoveryCodeUsed { .. }
            | E::SecondFactorRemoved { .. }
            | E::SecondFactorReset { .. } => self.apply_second_factor(event),
            E::ApiTokenIssued { .. } | E::ApiTokenRevoked { .. } => self.apply_api_token(event),
        }
    }

    fn handle(&self, command: AccountCommand) -> Result<Vec<AccountEvent>, AccountError> {
        use AccountCommand as C;
        use AccountEvent as E;
        match command {
            C::Register {
                email,
                name,
                role,
                password_hash,
                language,
                verification_nonce,
                privacy_consent,
                now,
            } => {
                if self.id.is_some() {
                    return Err(AccountError::AlreadyRegistered);
                }
                if name.trim().is_empty() {
                    return Err(AccountError::NoName);
                }
                if role == Role::Applicant && privacy_consent.is_none() {
                    return Err(AccountError::NoPrivacyConsent);
                }
                super::text::check_line(&name).map_err(AccountError::BadName)?;
                Ok(vec![E::AccountRegistered {
                    account_id: account_id_for(&email),
                    email,
                    name: name.trim().to_owned(),
                    role,
                    password_hash,
                    language,
                    verification_nonce,
                    privacy_consent,
                    at: now,
                }])
            }
            C::ClaimUnverified {
                name,
                role,
                password_hash,
                language,
                now,
            } => {
                self.exists()?;
                if self.verified {
                    return Err(AccountError::AlreadyRegistered);
                }
                if name.trim().is_empty() {
                    return Err(AccountError::NoName);
                }
                super::text::check_line(&name).map_err(AccountError::BadName)?;
                Ok(vec![E::UnverifiedAccountClaimed {
                    name: name.trim().to_owned(),
                    role,
                    password_hash,
                    language,
                    at: now,
                }])
            }
            C::EndSession {
                session,
                logged_in_at,
                now,
            } => {
                self.exists()?;
                if self.session_ended(&session) {
                    return Ok(Vec::new());
                }
                Ok(vec![E::SessionEnded {
                    session,
                    logged_in_at,
                    at: now,
                }])
            }
            C::RequestVerification { nonce, now } => {
                self.exists()?;
                if self.verified {
                    return Err(AccountError::AlreadyVerified);
                }
                Ok(vec![E::VerificationRequested { nonce, at: now }])
            }
            C::Verify { nonce, now } => {
                self.exists()?;
                if self.verified {
                    // Following the link twice is harmless.
                    return Ok(Vec::new());
                }
                Self::check_link(
                    &self.pending_verification,
                    &nonce,
                    VERIFICATION_VALIDITY,
                    now,
                )?;
                Ok(vec![E::EmailVerified { at: now }])
            }
            C::RequestPasswordReset { nonce, now } => {
                self.exists()?;
                Ok(vec![E::PasswordResetRequested { nonce, at: now }])
            }
            C::ResetPassword {
                nonce,
                password_hash,
                now,
            } => {
                self.check_reset_link(&nonce, now)?;
                let mut events = vec![E::PasswordChanged {
                    password_hash,
                    at: now,
                }];
                // Whoever can read the mailbox owns the address: a reset also verifies it.
                if !self.verified {
                    events.push(E::EmailVerified { at: now });
                }
                Ok(events)
            }
            C::SecondFactor(command) => self.handle_second_factor(command),
            C::ApiToken(command) => self.handle_api_token(command),
            C::ChooseLanguage { language, now } => {
                self.exists()?;
                if language == self.language {
                    return Ok(Vec::new());
                }
                Ok(vec![E::LanguageChosen { language, at: now }])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::aggregate::testing::given;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
    }

    fn registered() -> AccountEvent {
        let email = EmailAddress::parse("Anna@Cluster.de").unwrap();
        AccountEvent::AccountRegistered {
            account_id: account_id_for(&email),
            email,
            name: "Anna Schmidt".into(),
            role: Role::Applicant,
            password_hash: "$argon2id$…".into(),
            language: Language::De,
            verification_nonce: Some("n1".into()),
            privacy_consent: Some(PrivacyConsent::to_current_notice(now())),
            at: now(),
        }
    }

    #[test]
    fn an_unverified_account_is_claimed_with_a_new_role_and_password_a_verified_one_is_not() {
        let claim = || AccountCommand::ClaimUnverified {
            name: "Prof. Anna Schmidt".into(),
            role: Role::Juror,
            password_hash: "$argon2id$neu".into(),
            language: Language::En,
            now: now(),
        };
        let claimed = given::<Account>(vec![registered()]).when(claim()).unwrap();
        let mut account = Account::default();
        for event in std::iter::once(registered()).chain(claimed) {
            account.apply(&event);
        }
        assert!(account.verified);
        assert_eq!(account.role, Some(Role::Juror));
        assert_eq!(account.password_hash, "$argon2id$neu");
        assert_eq!(account.name, "Prof. Anna Schmidt");

        let verified = vec![registered(), AccountEvent::EmailVerified { at: now() }];
        assert_eq!(
            given::<Account>(verified).when(claim()).unwrap_err(),
            AccountError::AlreadyRegistered
        );
        assert_eq!(
            given::<Account>(vec![]).when(claim()).unwrap_err(),
            AccountError::NotFound
        );
    }

    #[test]
    fn an_ended_session_is_remembered_while_it_could_be_alive_and_ending_it_twice_writes_nothing() {
        let end = |session: &str, logged_in_at, now| AccountCommand::EndSession {
            session: session.into(),
            logged_in_at,
            now,
        };
        let mut events = vec![registered()];
        events.extend(
            given::<Account>(events.clone())
                .when(end("a", now(), now()))
                .unwrap(),
        );
        assert_eq!(
            given::<Account>(events.clone())
                .when(end("a", now(), now()))
                .unwrap(),
            vec![],
            "logging out twice"
        );
        let later = now() + SESSION_LIFETIME + Duration::minutes(1);
        events.extend(
            given::<Account>(events.clone())
                .when(end("b", later, later))
                .unwrap(),
        );
        let mut account = Account::default();
        for event in &events {
            account.apply(event);
        }
        assert!(account.session_ended("b"));
        assert!(
            !account.session_ended("a"),
            "a session past its lifetime ends anyway and is forgotten"
        );
    }

    #[test]
    fn the_same_address_in_other_letters_is_the_same_account() {
        let a = EmailAddress::parse("anna@cluster.de").unwrap();
        let b = EmailAddress::parse("ANNA@CLUSTER.DE").unwrap();
        assert_eq!(account_id_for(&a), account_id_for(&b));
    }

    #[test]
    fn a_name_with_a_line_break_or_over_300_characters_is_refused() {
        let register = |name: String| AccountCommand::Register {
            email: EmailAddress::parse("anna@cluster.de").unwrap(),
            name,
            role: Role::Applicant,
            password_hash: "x".into(),
            language: Language::De,
            verification_nonce: None,
            privacy_consent: Some(PrivacyConsent::to_current_notice(now())),
            now: now(),
        };
        assert_eq!(
            given::<Account>(vec![])
                .when(register("Anna\r\nBcc: x@y".into()))
                .unwrap_err(),
            AccountError::BadName(crate::domain::text::TextError::LineBreak)
        );
        assert!(matches!(
            given::<Account>(vec![])
                .when(register("A".repeat(301)))
                .unwrap_err(),
            AccountError::BadName(crate::domain::text::TextError::TooLong { max: 300, .. })
        ));
    }

    #[test]
    fn an_applicant_registers_only_with_consent_to_the_privacy_notice_which_is_recorded() {
        let register = |role, privacy_consent| AccountCommand::Register {
            email: EmailAddress::parse("anna@cluster.de").unwrap(),
            name: "Anna".into(),
            role,
            password_hash: "x".into(),
            language: Language::De,
            verification_nonce: None,
            privacy_consent,
            now: now(),
        };
        // Given no account, when an applicant registers without consent, then it is refused.
        assert_eq!(
            given::<Account>(vec![]).when(register(Role::Applicant, None)),
            Err(AccountError::NoPrivacyConsent)
        );
        // When they consent, then the registration records the notice's version and the time.
        let consent = PrivacyConsent::to_current_notice(now());
        let events = given::<Account>(vec![])
            .when(register(Role::Applicant, Some(consent.clone())))
            .unwrap();
        assert!(matches!(
            &events[..],
            [AccountEvent::AccountRegistered { privacy_consent: Some(c), .. }]
                if c == &consent && c.version == crate::domain::privacy::PRIVACY_NOTICE_VERSION
        ));
        // A juror's account, made through staff's invitation, needs none.
        assert!(
            given::<Account>(vec![])
                .when(register(Role::Juror, None))
                .is_ok()
        );
    }

    #[test]
    fn registering_twice_is_refused() {
        let result = given::<Account>(vec![registered()]).when(AccountCommand::Register {
            email: EmailAddress::parse("anna@cluster.de").unwrap(),
            name: "Anna".into(),
            role: Role::Applicant,
            password_hash: "x".into(),
            language: Language::De,
            verification_nonce: None,
            privacy_consent: Some(PrivacyConsent::to_current_notice(now())),
            now: now(),
        });
        assert_eq!(result, Err(AccountError::AlreadyRegistered));
    }

    #[test]
    fn only_the_latest_verification_link_works_and_only_for_a_week() {
        let history = vec![
            registered(),
            AccountEvent::VerificationRequested {
                nonce: "n2".into(),
                at: now(),
            },
        ];
        let verify = |nonce: &str, at| {
            given::<Account>(history.clone()).when(AccountCommand::Verify {
                nonce: nonce.into(),
                now: at,
            })
        };
        assert_eq!(verify("n1", now()), Err(AccountError::InvalidLink));
        assert_eq!(
            verify("n2", now() + Duration::days(8)),
            Err(AccountError::Expired)
        );
        assert_eq!(
            verify("n2", now() + Duration::days(1)),
            Ok(vec![AccountEvent::EmailVerified {
                at: now() + Duration::days(1)
            }])
        );
    }

    #[test]
    fn a_reset_link_works_once_within_an_hour_and_verifies_the_address() {
        let requested = AccountEvent::PasswordResetRequested {
            nonce: "r".into(),
            at: now(),
        };
        let reset = |at| AccountCommand::ResetPassword {
            nonce: "r".into(),
            password_hash: "new".into(),
            now: at,
        };
        let late = given::<Account>(vec![registered(), requested.clone()])
            .when(reset(now() + Duration::minutes(61)));
        assert_eq!(late, Err(AccountError::Expired));
        let events = given::<Account>(vec![registered(), requested.clone()])
            .when(reset(now()))
            .unwrap();
        assert_eq!(events.len(), 2, "{events:?}");
        let mut history = vec![registered(), requested];
        history.extend(events);
        let again = given::<Account>(history).when(reset(now()));
        assert_eq!(again, Err(AccountError::InvalidLink));
    }

    #[test]
    fn a_reset_link_is_checked_before_its_form_is_shown_as_it_is_when_used() {
        let mut account = Account::default();
        for event in [
            registered(),
            AccountEvent::PasswordResetRequested {
                nonce: "r".into(),
                at: now(),
            },
        ] {
            account.apply(&event);
        }
        assert_eq!(account.check_reset_link("r", now()), Ok(()));
        assert_eq!(
            account.check_reset_link("r", now() + Duration::minutes(61)),
            Err(AccountError::Expired)
        );
        assert_eq!(
            account.check_reset_link("alt", now()),
            Err(AccountError::InvalidLink)
        );
        account.apply(&AccountEvent::PasswordChanged {
            password_hash: "new".into(),
            at: now(),
        });
        assert_eq!(
            account.check_reset_link("r", now()),
            Err(AccountError::InvalidLink)
        );
        assert_eq!(
            Account::default().check_reset_link("r", now()),
            Err(AccountError::NotFound)
        );
    }
}
