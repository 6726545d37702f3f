//! `wettbewerb admin create-staff`: the first staff account, ready to log in.

use std::process::Command;

use crate::support::{BIN, succeeded, wettbewerb_with_stdin};

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

#[test]
fn an_address_an_older_version_stored_in_punycode_is_taken_in_its_unicode_form() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // As an older version wrote it: the domain as entered, the id from the lower-cased text.
    let namespace = uuid::Uuid::from_u128(0x0b7c_52e1_93d4_4a8f_8e16_5f2a_c1d7_e390);
    let id = uuid::Uuid::new_v5(&namespace, b"leitung@xn--mller-kva.de");
    let line = serde_json::json!({
        "stream": format!("account-{id}"),
        "revision": 0,
        "position": 0,
        "eventId": uuid::Uuid::new_v4(),
        "eventType": "AccountRegistered",
        "data": {
            "account_id": id,
            "email": "Leitung@xn--mller-kva.de",
            "name": "Leitung",
            "role": "Staff",
            "password_hash": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            "language": "De",
            "verification_nonce": null,
            "at": "2026-01-05T09:00:00Z",
        },
        "metadata": {},
        "created": "2026-01-05T09:00:00Z",
    });
    succeeded(&wettbewerb_with_stdin(
        &["import"],
        &data,
        format!("{line}\n").as_bytes(),
    ));
    let again = Command::new(BIN)
        .args([
            "admin",
            "create-staff",
            "--email",
            "leitung@Müller.de",
            "--data",
        ])
        .arg(&data)
        .env("WETTBEWERB_STAFF_PASSWORD", "ein-langes-passwort")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(!again.status.success(), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already"));
}

/// The command the subcommand runs writes the same line as a request's command, naming the
/// subcommand where a request's line names the request id.
#[test]
fn the_command_of_create_staff_has_a_log_line_that_names_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = Command::new(BIN)
        .args([
            "admin",
            "create-staff",
            "--email",
            "leitung@ptj.de",
            "--data",
        ])
        .arg(&data)
        .env("WETTBEWERB_STAFF_PASSWORD", "ein-langes-passwort")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    succeeded(&out);
    let log = String::from_utf8_lossy(&out.stderr);
    let line = log
        .lines()
        .find(|l| l.contains("command appended"))
        .unwrap_or_else(|| panic!("no command line in\n{log}"));
    assert!(
        line.contains("cli{command=\"admin create-staff\"}"),
        "{line}"
    );
    assert!(line.contains("types=AccountRegistered"), "{line}");
    assert!(line.contains("stream=account-"), "{line}");
    assert!(
        !line.contains("leitung@ptj.de"),
        "no address in the log: {line}"
    );
}
