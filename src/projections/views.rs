//! What a page reads: the projections it needs at once, each under its own read lock. They are
//! taken in the reverse of the order the projector folds them in (`ReadModels::apply`), so what
//! one shows the ones it refers to show too: an application's competition is never missing.

use std::collections::BTreeSet;

use crate::domain::account::Account;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::{AccountId, ApplicationId};

use super::accounts::Accounts;
use super::applications::Applications;
use super::competitions::Competitions;
use super::juries::Juries;
use super::projection::Read;

pub struct Views<'a> {
    pub accounts: Read<'a, Accounts>,
    pub applications: Read<'a, Applications>,
    pub juries: Read<'a, Juries>,
    pub competitions: Read<'a, Competitions>,
}

impl Views<'_> {
    pub fn account_by_email(&self, email: &EmailAddress) -> Option<&Account> {
        self.accounts.account_by_email(email)
    }

    /// The id of the account that holds the address (see `Accounts::account_id_of`).
    pub fn account_id_of(&self, email: &EmailAddress) -> AccountId {
        self.accounts.account_id_of(email)
    }

    /// The applications the account owns or was invited to edit.
    pub fn applications_of(&self, account: AccountId) -> BTreeSet<ApplicationId> {
        [Some(account), self.accounts.invitations_id(account)]
            .into_iter()
            .flatten()
            .filter_map(|id| self.applications.by_member.get(&id))
            .flatten()
            .copied()
            .collect()
    }

    /// Whether the account may work on the application: its owner or an invited editor.
    pub fn is_member(&self, account: AccountId, application: ApplicationId) -> bool {
        let listed = |id| {
            self.applications
                .by_member
                .get(&id)
                .is_some_and(|set: &BTreeSet<ApplicationId>| set.contains(&application))
        };
        listed(account) || self.accounts.invitations_id(account).is_some_and(listed)
    }
}
