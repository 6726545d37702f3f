//! An account's API tokens: other systems (the ministry's reporting, the tools that follow a
//! funding decision, a programme's own results page) call `/api/v1` with one instead of a
//! password and a second factor.
//!
//! The domain never sees a token: the caller makes one (`security::api_token`) and brings its
//! SHA-256 hash and the first characters to show in the list. A token acts for its account and
//! never beyond it: its scopes narrow what the account's role may do, they add nothing, so
//! `decide` is only for staff. It ends when it expires or its owner revokes it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::account::{Account, AccountError, AccountEvent, Role};
use super::ids::ApiTokenId;

/// How many tokens an account may have in force at once.
pub const MAX_ACTIVE_TOKENS: usize = 20;

/// The longest name a token may have.
pub const MAX_NAME_CHARS: usize = 80;

/// The lifetimes a token may be given, in days; the longest is the default.
pub const LIFETIMES_DAYS: [i64; 3] = [30, 90, 365];

/// What a token may do, within its account's rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read what the account may read.
    Read,
    /// Record staff decisions and formal-check results.
    Decide,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Decide => "decide",
        }
    }

    /// Whether an account of this role may hold a token with this scope.
    pub fn open_to(self, role: Role) -> bool {
        match self {
            Scope::Read => true,
            Scope::Decide => role == Role::Staff,
        }
    }
}

/// A token as its account holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    pub scopes: Vec<Scope>,
    /// Hex of the SHA-256 of the whole token; never the token.
    pub hash: String,
    /// The token's first characters, so that its owner can tell which one a system holds.
    pub hint: String,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// The commands of API tokens, part of [`AccountCommand`](super::account::AccountCommand).
#[derive(Debug, Clone, PartialEq)]
pub enum ApiTokenCommand {
    Issue {
        id: ApiTokenId,
        name: String,
        scopes: Vec<Scope>,
        hash: String,
        hint: String,
        lifetime_days: i64,
        now: DateTime<Utc>,
    },
    Revoke {
        id: ApiTokenId,
        now: DateTime<Utc>,
    },
}

impl Account {
    pub fn api_token(&self, id: ApiTokenId) -> Option<&ApiToken> {
        self.api_tokens.iter().find(|token| token.id == id)
    }

    pub(super) fn handle_api_token(
        &self,
        command: ApiTokenCommand,
    ) -> Result<Vec<AccountEvent>, AccountError> {
        let role = self.role.ok_or(AccountError::NotFound)?;
        match command {
            ApiTokenCommand::Issue {
                id,
                name,
                mut scopes,
                hash,
                hint,
                lifetime_days,
                now,
            } => {
                if self.api_token(id).is_some() {
                    // The same command again (a form sent twice): nothing new.
                    return Ok(Vec::new());
                }
                let name = name.trim().to_owned();
                if name.is_empty() {
                    return Err(AccountError::NoTokenName);
                }
                super::text::check_line(&name).map_err(AccountError::BadTokenName)?;
                super::text::check_length(&name, MAX_NAME_CHARS)
                    .map_err(AccountError::BadTokenName)?;
                scopes.sort();
                scopes.dedup();
                if scopes.is_empty() {
                    return Err(AccountError::NoTokenScope);
                }
                if let Some(scope) = scopes.iter().find(|scope| !scope.open_to(role)) {
                    return Err(AccountError::ScopeNotForRole(scope.as_str()));
                }
                if !LIFETIMES_DAYS.contains(&lifetime_days) {
                    return Err(AccountError::BadTokenLifetime);
                }
                let active = self.api_tokens.iter().filter(|t| t.in_force(now)).count();
                if active >= MAX_ACTIVE_TOKENS {
                    return Err(AccountError::TooManyTokens);
                }
                Ok(vec![AccountEvent::ApiTokenIssued {
                    token_id: id,
                    name,
                    scopes,
                    hash,
                    hint,
                    expires_at: now + Duration::days(lifetime_days),
                    at: now,
                }])
            }
            ApiTokenCommand::Revoke { id, now } => {
                let token = self.api_token(id).ok_or(AccountError::NoSuchToken)?;
                if token.revoked_at.is_some() {
                    return Ok(Vec::new());
                }
                Ok(vec![AccountEvent::ApiTokenRevoked {
                    token_id: id,
                    at: now,
                }])
            }
        }
    }

    /// Folds the tokens' events; the others are not its business.
    pub(super) fn apply_api_token(&mut self, event: &AccountEvent) {
        match event {
            AccountEvent::ApiTokenIssued {
                token_id,
                name,
                scopes,
                hash,
                hint,
                expires_at,
                at,
            } => self.api_tokens.push(ApiToken {
                id: *token_id,
                name: name.clone(),
                scopes: scopes.clone(),
                hash: hash.clone(),
                hint: hint.clone(),
                issued_at: *at,
                expires_at: *expires_at,
                revoked_at: None,
            }),
            AccountEvent::ApiTokenRevoked { token_id, at } => {
                if let Some(token) = self.api_tokens.iter_mut().find(|t| t.id == *token_id) {
                    token.revoked_at.get_or_insert(*at);
                }
            }
            _ => {}
        }
    }
}
