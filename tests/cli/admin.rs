//! `wettbewerb admin create-staff`: the first staff account, ready to log in.

use std::process::Command;

use crate::support::{BIN, succeeded};

fn create_staff(data: &std::path::Path, password: &str) -> std::process::Output {
    Command::new(BIN)
        .args([
            "admin",
            "create-staff",
            "--email",
            "leitung@ptj.de",
            "--data",
        ])
        .arg(data)
        .env("WETTBEWERB_STAFF_PASSWORD", password)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn a_staff_account_is_created_once_verified_with_an_argon2id_hash() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = succeeded(&create_staff(&data, "ein-langes-passwort"));
    assert!(out.contains("leitung@ptj.de"), "{out}");

    let again = create_staff(&data, "ein-langes-passwort");
    assert!(!again.status.success(), "the same address twice is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already"));

    let export = succeeded(
        &Command::new(BIN)
            .args(["export", "--data"])
            .arg(&data)
            .output()
            .unwrap(),
    );
    let registered = export
        .lines()
        .find(|l| l.contains("AccountRegistered"))
        .expect("the account is in the log");
    assert!(registered.contains(r#""role":"Staff""#), "{registered}");
    assert!(registered.contains("$argon2id$"));
    assert!(
        !registered.contains("ein-langes-passwort"),
        "never the password itself"
    );
    assert!(registered.contains(r#""verification_nonce":null"#));
}

#[test]
fn a_short_password_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = create_staff(&data, "kurz");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("10 Zeichen"));
    let export = Command::new(BIN)
        .args(["export", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&export.stdout).contains("AccountRegistered"));
}
