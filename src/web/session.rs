//! What the session cookie holds: who is logged in, the CSRF token, a flash message.
//! The cookie is signed and encrypted (actix-session's cookie store); the account itself is read
//! from the read models on every request, so a changed role takes effect at once.

use actix_session::Session;
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::domain::account::Role;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::AccountId;
use crate::projections::ReadModels;
use crate::texts::Text;

const ACCOUNT: &str = "account";
const LOGGED_IN_AT: &str = "since";
/// A random id per login, so that logging out can end this session (and any copy of its
/// cookie) on the server, and no other.
const SESSION_ID: &str = "sid";

pub use crate::domain::account::SESSION_LIFETIME;
const CSRF: &str = "csrf";
const FLASH: &str = "flash";
/// A login past its password, waiting for the second factor: no access to any page yet.
const PENDING: &str = "pending";
/// A new second factor's secret (sealed) while its set-up waits for the first code.
const SECOND_FACTOR_CANDIDATE: &str = "second_factor_candidate";
/// How long the second step of a login waits for its code.
pub const PENDING_LIFETIME: chrono::Duration = chrono::Duration::minutes(5);

#[derive(Debug, Clone, PartialEq)]
pub struct CurrentUser {
    pub id: AccountId,
    pub name: String,
    pub email: EmailAddress,
    pub role: Role,
    pub has_second_factor: bool,
    /// Staff or a juror without a second factor where the service requires one: every page
    /// but its set-up sends them there.
    pub must_set_up_second_factor: bool,
}

impl CurrentUser {
    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }
}

/// What a one-time message tells: that something was done, or that it could not be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flash {
    Success,
    Problem,
}

impl Flash {
    /// The page's style class of the message.
    pub fn class(self) -> &'static str {
        match self {
            Flash::Success => "success",
            Flash::Problem => "problem",
        }
    }
}

/// A one-time message shown on the next page, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlashMessage {
    pub kind: Flash,
    pub de: String,
    pub en: String,
}

/// The logged-in account, unless the session is older than its lifetime or began before the
/// account's password last changed (a reset ends every other session), or the account's
/// person was erased.
pub fn current_user(
    session: &Session,
    models: &ReadModels,
    now: DateTime<Utc>,
) -> Option<CurrentUser> {
    let id: AccountId = session.get(ACCOUNT).ok().flatten()?;
    let since: DateTime<Utc> = session.get(LOGGED_IN_AT).ok().flatten()?;
    if now - since > SESSION_LIFETIME {
        return None;
    }
    let accounts = models.accounts();
    let account = accounts.get(&id)?;
    if account
        .password_changed_at
        .is_some_and(|changed| changed > since)
    {
        return None;
    }
    if let Ok(Some(sid)) = session.get::<String>(SESSION_ID)
        && account.session_ended(&sid)
    {
        return None;
    }
    let email = account.email.clone()?;
    // An erased person's sessions end with the erasure: their account is nobody's any more.
    if email.is_erased() {
        return None;
    }
    Some(CurrentUser {
        id,
        name: account.name.clone(),
        email,
        role: account.role?,
        has_second_factor: account.has_second_factor(),
        must_set_up_second_factor: false,
    })
}

/// Starts a fresh session for the account: a new cookie and a new CSRF token, so a session id
/// planted before the login is worth nothing.
pub fn log_in(
    session: &Session,
    account: AccountId,
    now: DateTime<Utc>,
) -> Result<(), actix_session::SessionInsertError> {
    session.renew();
    session.remove(CSRF);
    session.remove(PENDING);
    session.remove(SECOND_FACTOR_CANDIDATE);
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    session.insert(SESSION_ID, hex::encode(bytes))?;
    session.insert(ACCOUNT, account)?;
    session.insert(LOGGED_IN_AT, now)
}

/// A login whose password was right, waiting for the second factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub account: AccountId,
    pub since: DateTime<Utc>,
    /// Where the person was going.
    pub next: String,
}

/// Forgets any login of this browser and starts the second step: a new cookie that logs in
/// nobody, only remembers whose password was right, for [`PENDING_LIFETIME`].
pub fn begin_second_step(
    session: &Session,
    account: AccountId,
    now: DateTime<Utc>,
    next: String,
) -> Result<(), actix_session::SessionInsertError> {
    session.clear();
    session.renew();
    session.insert(
        PENDING,
        PendingLogin {
            account,
            since: now,
            next,
        },
    )
}

/// The login waiting for its second factor, unless it waited too long.
pub fn pending_login(session: &Session, now: DateTime<Utc>) -> Option<PendingLogin> {
    let pending: PendingLogin = session.get(PENDING).ok().flatten()?;
    (now - pending.since <= PENDING_LIFETIME && now >= pending.since).then_some(pending)
}

/// The sealed secret of a set-up in progress.
pub fn second_factor_candidate(session: &Session) -> Option<String> {
    session.get(SECOND_FACTOR_CANDIDATE).ok().flatten()
}

pub fn keep_second_factor_candidate(
    session: &Session,
    sealed: &str,
) -> Result<(), actix_session::SessionInsertError> {
    session.insert(SECOND_FACTOR_CANDIDATE, sealed)
}

pub fn forget_second_factor_candidate(session: &Session) {
    session.remove(SECOND_FACTOR_CANDIDATE);
}

/// The account, session id and login time of a logged-in session, for ending it.
pub fn login_of(session: &Session) -> Option<(AccountId, String, DateTime<Utc>)> {
    Some((
        session.get(ACCOUNT).ok().flatten()?,
        session.get(SESSION_ID).ok().flatten()?,
        session.get(LOGGED_IN_AT).ok().flatten()?,
    ))
}

/// Forgets everything the session held and issues a new cookie.
pub fn log_out(session: &Session) {
    session.clear();
    session.renew();
}

/// The session's CSRF token, created on first use.
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(token)) = session.get::<String>(CSRF) {
        return token;
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    // Should the insert fail, the form fails its check and says so; nothing is lost.
    let _ = session.insert(CSRF, &token);
    token
}

/// Compares in constant time.
pub fn csrf_matches(session: &Session, submitted: &str) -> bool {
    let Ok(Some(expected)) = session.get::<String>(CSRF) else {
        return false;
    };
    expected.len() == submitted.len()
        && expected
            .bytes()
            .zip(submitted.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// A message for the next page, a text of `crate::texts`.
pub fn flash(session: &Session, kind: Flash, text: impl Into<Text<String>>) {
    let Text { de, en } = text.into();
    let _ = session.insert(FLASH, FlashMessage { kind, de, en });
}

pub fn take_flash(session: &Session) -> Option<FlashMessage> {
    session
        .remove_as::<FlashMessage>(FLASH)
        .and_then(Result::ok)
}
