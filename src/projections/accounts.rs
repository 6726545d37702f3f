//! Accounts and sessions: who may log in, with which role and language, and which sessions were
//! logged out of (checked on every request), whether a second factor is set up. Password hashes
//! and second-factor secrets are not kept: the fold forgets each one as it goes, and a login
//! reads the account's own stream for them.

use std::collections::HashMap;

use crate::app::decode;
use crate::domain::account::{Account, AccountEvent, ApiToken, account_id_for};
use crate::domain::aggregate::Aggregate;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::{AccountId, ApiTokenId};
use crate::event_store::RecordedEvent;

use super::projection::Projection;

#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Accounts {
    by_id: HashMap<AccountId, Account>,
    /// Accounts an older version registered under an id that is not the one of their address's
    /// canonical form today (an `xn--` domain, full-width letters): canonical id → stream id.
    /// Events are never rewritten, so the old form must still find its account.
    earlier_ids: HashMap<AccountId, AccountId>,
    /// Every API token ever issued, by the hex of its SHA-256 hash: which account holds it.
    /// The token's own record (scopes, expiry, revocation) is the account's.
    by_token_hash: HashMap<String, (AccountId, ApiTokenId)>,
}

impl std::ops::Deref for Accounts {
    type Target = HashMap<AccountId, Account>;
    fn deref(&self) -> &Self::Target {
        &self.by_id
    }
}

impl Projection for Accounts {
    const NAME: &'static str = "accounts";

    fn apply(&mut self, event: &RecordedEvent) {
        if event.stream.category() != Some(Account::CATEGORY) {
            return;
        }
        let Some(id) = super::stream_uuid(event).map(AccountId::from_uuid) else {
            return;
        };
        let decoded = match decode::<Account>(event) {
            Ok(decoded) => decoded,
            Err(reason) => return super::skipped(event, reason),
        };
        if let AccountEvent::AccountRegistered { email, .. } = &decoded {
            let canonical = account_id_for(email);
            if canonical != id {
                self.earlier_ids.entry(canonical).or_insert(id);
            }
        }
        if let AccountEvent::ApiTokenIssued { hash, token_id, .. } = &decoded {
            self.by_token_hash.insert(hash.clone(), (id, *token_id));
        }
        let account = self.by_id.entry(id).or_default();
        account.apply(&decoded);
        // Only a login needs it, and it reads the account's stream (`password_hash_of`).
        account.password_hash.clear();
        // The same for the second factor's sealed secret and recovery-code hashes.
        account.forget_second_factor_secrets();
    }
}

impl Accounts {
    /// The account and token a token's hash belongs to, whether or not it is still in force.
    pub fn token_holder(&self, hash: &str) -> Option<(&Account, &ApiToken)> {
        let (account, token) = self.by_token_hash.get(hash)?;
        let account = self.by_id.get(account)?;
        Some((account, account.api_token(*token)?))
    }

    pub fn account_by_email(&self, email: &EmailAddress) -> Option<&Account> {
        self.by_id.get(&self.account_id_of(email))
    }

    /// The id of the account that holds the address: the id of its canonical form, or the one an
    /// older version gave it.
    pub fn account_id_of(&self, email: &EmailAddress) -> AccountId {
        let canonical = account_id_for(email);
        if self.is_registered(canonical) {
            // An account under the canonical id wins over one an older version filed under
            // another spelling of the same address, which would otherwise hide it.
            return canonical;
        }
        self.earlier_ids
            .get(&canonical)
            .copied()
            .unwrap_or(canonical)
    }

    pub(super) fn is_registered(&self, id: AccountId) -> bool {
        self.by_id.get(&id).is_some_and(|a| a.email.is_some())
    }

    /// Invitations are filed under the id of the invited address; for an account from an older
    /// version that is not its own id.
    pub(super) fn invitations_id(&self, account: AccountId) -> Option<AccountId> {
        self.by_id
            .get(&account)
            .and_then(|a| a.email.as_ref())
            .map(account_id_for)
            // Where an account of its own holds the canonical id, the invitations (and owned
            // applications) filed there are that account's, never the older spelling's.
            .filter(|canonical| *canonical != account && !self.is_registered(*canonical))
    }
}

/// The account's password hash, read from its stream: the projection keeps none in memory.
pub fn password_hash_of(
    store: &crate::event_store::EventStore,
    id: AccountId,
) -> Result<Option<String>, crate::app::ExecuteError<crate::domain::account::AccountError>> {
    let (account, _) = crate::app::load::<Account>(store, &crate::app::stream_of::<Account>(&id))?;
    Ok(account.id.map(|_| account.password_hash))
}
