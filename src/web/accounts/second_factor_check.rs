//! Checks a typed code against an account's second factor: a TOTP code gives its time step,
//! a recovery code its position. What was used up is decided by the account (`domain`).

use actix_web::web::Data;

use crate::app::{load, stream_of};
use crate::domain::account::Account;
use crate::domain::ids::AccountId;
use crate::security::{password, recovery_codes};
use crate::web::error::WebError;
use crate::web::state::AppState;

/// Anything longer is no code of either kind, and is not looked at.
const MAX_TYPED: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// A right code of the app, of this time step.
    Step(u64),
    /// A recovery code, at this position; it may be used up already (the account decides).
    RecoveryCode(usize),
    Wrong,
}

/// The account with its second factor's sealed secret and hashes, which the read models do
/// not keep.
pub fn account_with_secrets(state: &AppState, id: AccountId) -> Result<Account, WebError> {
    load::<Account>(&state.store, &stream_of::<Account>(&id))
        .map(|(account, _)| account)
        .map_err(WebError::internal)
}

/// Whether `typed` is a current code of the account's app, or (where `recovery` allows it) one
/// of its unused recovery codes.
pub async fn check(
    state: &Data<AppState>,
    id: AccountId,
    account: &Account,
    typed: &str,
    recovery: bool,
) -> Result<Checked, WebError> {
    let Some(factor) = &account.second_factor else {
        return Ok(Checked::Wrong);
    };
    if typed.len() > MAX_TYPED {
        return Ok(Checked::Wrong);
    }
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let secret = match state.second_factor_key.open(&factor.sealed_secret, id) {
            Ok(secret) => secret,
            Err(error) => {
                // The service's secret changed since the set-up: only a recovery code or a
                // reset by staff gets the person in now.
                tracing::error!(%error, account = %id, "a second factor's secret does not open");
                return Ok(Checked::Wrong);
            }
        };
        return Ok(secret
            .matching_step(&digits, state.clock.now())
            .map_or(Checked::Wrong, Checked::Step));
    }
    let Some(code) = recovery.then(|| recovery_codes::normalise(typed)).flatten() else {
        return Ok(Checked::Wrong);
    };
    // Used ones too, so that a used code is refused as used, not as wrong.
    let hashes: Vec<(usize, String)> = factor
        .recovery_code_hashes
        .iter()
        .cloned()
        .enumerate()
        .collect();
    let found = actix_web::web::block(move || {
        hashes
            .into_iter()
            .find(|(_, hash)| password::verify(&code, hash))
            .map(|(index, _)| index)
    })
    .await
    .map_err(WebError::internal)?;
    Ok(found.map_or(Checked::Wrong, Checked::RecoveryCode))
}
