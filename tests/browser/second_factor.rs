//! An applicant opts in to two-factor login in the browser: the set-up page with its key and
//! QR code, a wrong code refused beside the field, the recovery codes shown once, and the next
//! login's second step; each page checked on the way.

use chrono::Duration;
use totp_rs::{Algorithm, Secret, TOTP};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::Role;

use crate::staff::log_in;
use crate::support::TestApp;
use crate::world::World;

/// The code an authenticator app shows now for the key as the page writes it.
fn code(app: &TestApp, key: &str) -> String {
    let bytes = Secret::Encoded(key.replace(' ', "")).to_bytes().unwrap();
    let totp = TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new()).unwrap();
    totp.generate(u64::try_from(app.clock.now().timestamp()).unwrap())
}

#[tokio::test]
async fn an_applicant_sets_up_two_factor_login_and_logs_in_with_a_code() {
    let Some(world) = World::start("second_factor").await else {
        return;
    };
    let app = &world.app;
    app.account_logged_out(Role::Applicant, "anna@tu-dresden.de")
        .await;
    let anna = world.browser("applicant").await;
    log_in(&anna, "anna@tu-dresden.de").await;

    anna.follow("Zwei-Faktor").await;
    anna.sees("1. App einrichten").await;
    anna.fits_the_window().await;
    let text = anna.text().await;
    let key = text
        .lines()
        .skip_while(|line| line.trim() != "Schlüssel")
        .nth(1)
        .expect("the key as text")
        .trim()
        .to_owned();
    let right = code(app, &key);
    let wrong: String = right
        .chars()
        .map(|d| char::from(b'0' + (d as u8 - b'0' + 1) % 10))
        .collect();
    anna.fill("Code aus der App", &wrong).await;
    anna.press("Einrichten").await;
    anna.sees("Der Code stimmt nicht.").await;
    anna.fill("Code aus der App", &right).await;
    anna.press("Einrichten").await;
    anna.sees("Diese Wiederherstellungscodes sehen Sie nur jetzt.")
        .await;
    anna.fits_the_window().await;
    anna.follow("Weiter").await;
    anna.visit("/konto/zweiter-faktor").await;
    anna.sees("Unbenutzte Wiederherstellungscodes: 10").await;
    anna.does_not_see("nur jetzt").await;
    anna.press_in("//header", "Abmelden").await;

    app.clock.advance(Duration::seconds(30));
    log_in(&anna, "anna@tu-dresden.de").await;
    anna.sees("Ihr Passwort stimmt.").await;
    anna.fits_the_window().await;
    anna.fill("Code", &code(app, &key)).await;
    anna.press("Anmelden").await;
    anna.sees("Meine Anträge").await;
    world.finish();
}
