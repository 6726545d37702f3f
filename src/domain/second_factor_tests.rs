//! given / when / then for the second factor on an account.

use chrono::{DateTime, TimeZone, Utc};

use super::account::{
    Account, AccountCommand, AccountError, AccountEvent, Language, Role, account_id_for,
};
use super::aggregate::Aggregate;
use super::aggregate::testing::given;
use super::email_address::EmailAddress;
use super::ids::AccountId;
use super::second_factor::{RECOVERY_CODES, SecondFactorCommand as C};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn registered() -> AccountEvent {
    let email = EmailAddress::parse("leitung@ptj.de").unwrap();
    AccountEvent::AccountRegistered {
        account_id: account_id_for(&email),
        email,
        name: "Lena Leitung".into(),
        role: Role::Staff,
        password_hash: "$argon2id$…".into(),
        language: Language::De,
        verification_nonce: None,
        privacy_consent: None,
        at: now(),
    }
}

fn enrolled(step: u64) -> AccountEvent {
    AccountEvent::SecondFactorEnrolled {
        sealed_secret: "a1b2".into(),
        recovery_code_hashes: (0..RECOVERY_CODES)
            .map(|i| format!("$argon2id${i}"))
            .collect(),
        step,
        at: now(),
    }
}

fn when(history: Vec<AccountEvent>, command: C) -> Result<Vec<AccountEvent>, AccountError> {
    given::<Account>(history).when(AccountCommand::SecondFactor(command))
}

fn staff() -> AccountId {
    AccountId::from_uuid(uuid::Uuid::from_u128(7))
}

#[test]
fn a_second_factor_is_set_up_once_with_all_recovery_codes_and_its_confirming_code_is_used_up() {
    let enroll = |hashes: usize, step| C::Enroll {
        sealed_secret: "a1b2".into(),
        recovery_code_hashes: vec!["$argon2id$x".into(); hashes],
        step,
        now: now(),
    };
    assert_eq!(
        when(vec![], enroll(RECOVERY_CODES, 100)),
        Err(AccountError::NotFound)
    );
    assert_eq!(
        when(vec![registered()], enroll(3, 100)),
        Err(AccountError::SecondFactorIncomplete)
    );
    let events = when(vec![registered()], enroll(RECOVERY_CODES, 100)).unwrap();
    assert!(matches!(
        &events[..],
        [AccountEvent::SecondFactorEnrolled { step: 100, recovery_code_hashes, .. }]
            if recovery_code_hashes.len() == RECOVERY_CODES
    ));
    let history = vec![registered(), events[0].clone()];
    assert_eq!(
        when(history.clone(), enroll(RECOVERY_CODES, 101)),
        Err(AccountError::SecondFactorSetUpAlready)
    );
    assert_eq!(
        when(
            history,
            C::AcceptCode {
                step: 100,
                now: now()
            }
        ),
        Err(AccountError::CodeReplayed),
        "the code that confirmed the set-up does not log in as well"
    );
}

#[test]
fn a_code_is_accepted_once_and_no_older_step_after_it() {
    let history = vec![registered(), enrolled(100)];
    let accepted = when(
        history.clone(),
        C::AcceptCode {
            step: 102,
            now: now(),
        },
    )
    .unwrap();
    assert_eq!(
        accepted,
        vec![AccountEvent::SecondFactorCodeAccepted {
            step: 102,
            at: now()
        }]
    );
    let after: Vec<_> = history.into_iter().chain(accepted).collect();
    for step in [101, 102] {
        assert_eq!(
            when(after.clone(), C::AcceptCode { step, now: now() }),
            Err(AccountError::CodeReplayed),
            "step {step}"
        );
    }
    assert!(
        when(
            after,
            C::AcceptCode {
                step: 103,
                now: now()
            }
        )
        .is_ok()
    );
    assert_eq!(
        when(
            vec![registered()],
            C::AcceptCode {
                step: 1,
                now: now()
            }
        ),
        Err(AccountError::NoSecondFactor)
    );
}

#[test]
fn each_recovery_code_logs_in_once() {
    let history = vec![registered(), enrolled(100)];
    let used = when(
        history.clone(),
        C::UseRecoveryCode {
            index: 3,
            now: now(),
        },
    )
    .unwrap();
    assert_eq!(
        used,
        vec![AccountEvent::RecoveryCodeUsed {
            index: 3,
            at: now()
        }]
    );
    let after: Vec<_> = history.into_iter().chain(used).collect();
    assert_eq!(
        when(
            after.clone(),
            C::UseRecoveryCode {
                index: 3,
                now: now()
            }
        ),
        Err(AccountError::RecoveryCodeUsed)
    );
    assert_eq!(
        when(
            after.clone(),
            C::UseRecoveryCode {
                index: RECOVERY_CODES,
                now: now()
            }
        ),
        Err(AccountError::RecoveryCodeUsed)
    );
    let account = Account::from_events(&after);
    let factor = account.second_factor.as_ref().unwrap();
    assert_eq!(factor.unused_recovery_codes(), RECOVERY_CODES - 1);
    assert!(factor.usable_recovery_codes().all(|(index, _)| index != 3));
}

#[test]
fn the_owner_removes_it_with_a_fresh_code_and_a_later_set_up_cannot_replay_old_codes() {
    let history = vec![registered(), enrolled(100)];
    assert_eq!(
        when(
            history.clone(),
            C::Remove {
                step: 100,
                now: now()
            }
        ),
        Err(AccountError::CodeReplayed)
    );
    let removed = when(
        history.clone(),
        C::Remove {
            step: 101,
            now: now(),
        },
    )
    .unwrap();
    let after: Vec<_> = history.into_iter().chain(removed).collect();
    let account = Account::from_events(&after);
    assert!(!account.has_second_factor());
    assert_eq!(
        when(
            after,
            C::Enroll {
                sealed_secret: "c3".into(),
                recovery_code_hashes: vec!["h".into(); RECOVERY_CODES],
                step: 101,
                now: now(),
            }
        ),
        Err(AccountError::CodeReplayed)
    );
}

#[test]
fn staff_reset_it_only_with_a_reason_which_is_recorded_with_who_did_it() {
    let history = vec![registered(), enrolled(100)];
    let reset = |reason: &str| C::Reset {
        by: staff(),
        reason: reason.into(),
        now: now(),
    };
    assert_eq!(
        when(history.clone(), reset("  ")),
        Err(AccountError::NoResetReason)
    );
    assert!(matches!(
        when(history.clone(), reset(&"x".repeat(1001))),
        Err(AccountError::BadResetReason(_))
    ));
    let events = when(history.clone(), reset(" Handy verloren, Ausweis geprüft ")).unwrap();
    assert_eq!(
        events,
        vec![AccountEvent::SecondFactorReset {
            by: staff(),
            reason: "Handy verloren, Ausweis geprüft".into(),
            at: now(),
        }]
    );
    let after: Vec<_> = history.into_iter().chain(events).collect();
    assert!(!Account::from_events(&after).has_second_factor());
    assert_eq!(
        when(after, reset("noch einmal")),
        Err(AccountError::NoSecondFactor)
    );
}

#[test]
fn the_read_models_copy_forgets_the_sealed_secret_and_the_hashes_but_not_what_is_left() {
    let mut account = Account::from_events(&[
        registered(),
        enrolled(100),
        AccountEvent::RecoveryCodeUsed {
            index: 0,
            at: now(),
        },
    ]);
    account.forget_second_factor_secrets();
    let factor = account.second_factor.as_ref().unwrap();
    assert!(factor.sealed_secret.is_empty());
    assert!(factor.recovery_code_hashes.iter().all(String::is_empty));
    assert_eq!(factor.unused_recovery_codes(), RECOVERY_CODES - 1);
}
