//! A person's second factor (TOTP, RFC 6238) on their account: set up, a code accepted at a
//! login, a recovery code used, removed by its owner, reset by staff.
//!
//! The domain never sees a secret or a code: the caller checks a code against the secret
//! (`security::totp`) and brings the time step it matched. What the domain keeps is the last
//! step accepted, so the same code, or one of an older step, is refused as replayed; and which
//! recovery codes are used up. The secret is sealed under a key derived from the service's
//! secret; the recovery codes are kept only as argon2 hashes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::{Account, AccountError, AccountEvent, Role};
use super::ids::AccountId;

/// How many recovery codes a set-up hands out.
pub const RECOVERY_CODES: usize = 10;

/// The longest reason staff may give for a reset.
pub const MAX_REASON_CHARS: usize = 1000;

/// The second factor as the account holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecondFactor {
    /// The TOTP secret, sealed (hex of `nonce ‖ ciphertext ‖ tag`); the read models keep none.
    pub sealed_secret: String,
    /// The argon2 hashes of the recovery codes, in the order they were shown; the read models
    /// keep none.
    pub recovery_code_hashes: Vec<String>,
    /// Positions in `recovery_code_hashes` that were used.
    pub used_recovery_codes: Vec<usize>,
    pub enrolled_at: DateTime<Utc>,
}

impl SecondFactor {
    pub fn unused_recovery_codes(&self) -> usize {
        RECOVERY_CODES.saturating_sub(self.used_recovery_codes.len())
    }

    /// The positions and hashes of the recovery codes still good for a login.
    pub fn usable_recovery_codes(&self) -> impl Iterator<Item = (usize, &str)> {
        self.recovery_code_hashes
            .iter()
            .enumerate()
            .filter(|(index, _)| !self.used_recovery_codes.contains(index))
            .map(|(index, hash)| (index, hash.as_str()))
    }
}

/// The commands of the second factor, part of [`AccountCommand`](super::account::AccountCommand).
#[derive(Debug, Clone, PartialEq)]
pub enum SecondFactorCommand {
    /// The person confirmed the new secret with a code of time step `step`.
    Enroll {
        sealed_secret: String,
        recovery_code_hashes: Vec<String>,
        step: u64,
        now: DateTime<Utc>,
    },
    /// A code of this time step was right at a login.
    AcceptCode { step: u64, now: DateTime<Utc> },
    /// The recovery code at this position was right at a login.
    UseRecoveryCode { index: usize, now: DateTime<Utc> },
    /// The owner removes it, with a right code of this time step.
    Remove { step: u64, now: DateTime<Utc> },
    /// Staff reset it for a person who lost the device and the recovery codes.
    Reset {
        by: AccountId,
        reason: String,
        now: DateTime<Utc>,
    },
}

/// Whether this role must log in with a second factor when the service requires it.
pub fn required_for(role: Role) -> bool {
    matches!(role, Role::Staff | Role::Juror)
}

impl Account {
    pub fn has_second_factor(&self) -> bool {
        self.second_factor.is_some()
    }

    fn refuse_replayed(&self, step: u64) -> Result<(), AccountError> {
        match self.last_code_step {
            Some(last) if step <= last => Err(AccountError::CodeReplayed),
            _ => Ok(()),
        }
    }

    pub(super) fn handle_second_factor(
        &self,
        command: SecondFactorCommand,
    ) -> Result<Vec<AccountEvent>, AccountError> {
        use AccountEvent as E;
        use SecondFactorCommand as C;
        if self.id.is_none() {
            return Err(AccountError::NotFound);
        }
        match command {
            C::Enroll {
                sealed_secret,
                recovery_code_hashes,
                step,
                now,
            } => {
                if self.second_factor.is_some() {
                    return Err(AccountError::SecondFactorSetUpAlready);
                }
                if recovery_code_hashes.len() != RECOVERY_CODES || sealed_secret.is_empty() {
                    return Err(AccountError::SecondFactorIncomplete);
                }
                self.refuse_replayed(step)?;
                Ok(vec![E::SecondFactorEnrolled {
                    sealed_secret,
                    recovery_code_hashes,
                    step,
                    at: now,
                }])
            }
            C::AcceptCode { step, now } => {
                self.second_factor
                    .as_ref()
                    .ok_or(AccountError::NoSecondFactor)?;
                self.refuse_replayed(step)?;
                Ok(vec![E::SecondFactorCodeAccepted { step, at: now }])
            }
            C::UseRecoveryCode { index, now } => {
                let factor = self
                    .second_factor
                    .as_ref()
                    .ok_or(AccountError::NoSecondFactor)?;
                if index >= factor.recovery_code_hashes.len()
                    || factor.used_recovery_codes.contains(&index)
                {
                    return Err(AccountError::RecoveryCodeUsed);
                }
                Ok(vec![E::RecoveryCodeUsed { index, at: now }])
            }
            C::Remove { step, now } => {
                self.second_factor
                    .as_ref()
                    .ok_or(AccountError::NoSecondFactor)?;
                self.refuse_replayed(step)?;
                Ok(vec![E::SecondFactorRemoved { step, at: now }])
            }
            C::Reset { by, reason, now } => {
                let reason = reason.trim().to_owned();
                if reason.is_empty() {
                    return Err(AccountError::NoResetReason);
                }
                super::text::check_length(&reason, MAX_REASON_CHARS)
                    .map_err(AccountError::BadResetReason)?;
                self.second_factor
                    .as_ref()
                    .ok_or(AccountError::NoSecondFactor)?;
                Ok(vec![E::SecondFactorReset {
                    by,
                    reason,
                    at: now,
                }])
            }
        }
    }

    /// Folds the second factor's events; the others are not its business.
    pub(super) fn apply_second_factor(&mut self, event: &AccountEvent) {
        use AccountEvent as E;
        match event {
            E::SecondFactorEnrolled {
                sealed_secret,
                recovery_code_hashes,
                step,
                at,
            } => {
                self.second_factor = Some(SecondFactor {
                    sealed_secret: sealed_secret.clone(),
                    recovery_code_hashes: recovery_code_hashes.clone(),
                    used_recovery_codes: Vec::new(),
                    enrolled_at: *at,
                });
                self.accepted(*step);
            }
            E::SecondFactorCodeAccepted { step, .. } => self.accepted(*step),
            E::RecoveryCodeUsed { index, .. } => {
                if let Some(factor) = &mut self.second_factor
                    && !factor.used_recovery_codes.contains(index)
                {
                    factor.used_recovery_codes.push(*index);
                }
            }
            E::SecondFactorRemoved { step, .. } => {
                self.second_factor = None;
                self.accepted(*step);
            }
            E::SecondFactorReset { .. } => self.second_factor = None,
            _ => {}
        }
    }

    fn accepted(&mut self, step: u64) {
        self.last_code_step = Some(self.last_code_step.map_or(step, |last| last.max(step)));
    }

    /// What the read models need of the second factor: whether there is one and how many
    /// recovery codes are left, not the sealed secret nor the hashes.
    pub fn forget_second_factor_secrets(&mut self) {
        if let Some(factor) = &mut self.second_factor {
            factor.sealed_secret.clear();
            factor
                .recovery_code_hashes
                .iter_mut()
                .for_each(String::clear);
        }
    }
}
