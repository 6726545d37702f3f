//! The API's writes under bodies nobody should send: random and hostile JSON (deep nesting,
//! huge numbers, control characters, wrong types, duplicate keys, long texts) is answered with
//! a problem, never a server error, and records nothing it should not.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::Method;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::api_v1::{call, token_with};
use crate::jury::in_review;

/// A value of the JSON grammar with the awkward corners weighted up.
fn value(rng: &mut StdRng, depth: u32) -> String {
    let pick = if depth > 3 {
        rng.random_range(0..7)
    } else {
        rng.random_range(0..10)
    };
    match pick {
        0 => "null".into(),
        1 => ["true", "false"][rng.random_range(0..2)].into(),
        2 => [
            "0",
            "-1",
            "1e400",
            "18446744073709551616",
            "-9223372036854775809",
            "3.5",
            "1e-9",
        ][rng.random_range(0..7)]
        .into(),
        3 => format!("{}", rng.random::<i64>()),
        4 => {
            let texts = [
                "",
                "shortlisted",
                "funded",
                "reserve",
                "move_up",
                "tick",
                "complete",
                "request_corrections",
                "\\u0000",
                "\\u202e",
                "Ärger über „Zitate“",
                "\\ud800",
                "angaben",
                "2027-02-30",
                "9999-12-31",
            ];
            format!("\"{}\"", texts[rng.random_range(0..texts.len())])
        }
        5 => format!("\"{}\"", "x".repeat(rng.random_range(0..20_000))),
        6 => format!("{}{}", "[".repeat(200), "]".repeat(200)),
        7 => {
            let items: Vec<String> = (0..rng.random_range(0..5))
                .map(|_| value(rng, depth + 1))
                .collect();
            format!("[{}]", items.join(","))
        }
        _ => object(rng, depth + 1),
    }
}

fn object(rng: &mut StdRng, depth: u32) -> String {
    let keys = [
        "outcome",
        "amount_cents",
        "years_cents",
        "reserve_place",
        "reason",
        "action",
        "met",
        "parts",
        "text",
        "last_day",
        "2027",
        "outcome",
    ];
    let fields: Vec<String> = (0..rng.random_range(0..5))
        .map(|_| {
            let key = keys[rng.random_range(0..keys.len())];
            format!("\"{key}\": {}", value(rng, depth))
        })
        .collect();
    format!("{{{}}}", fields.join(", "))
}

/// A body of the right shape with random values: what reaches the domain's rules.
fn near_valid(rng: &mut StdRng, decision: bool) -> String {
    let text = |rng: &mut StdRng| -> String {
        match rng.random_range(0..4) {
            0 => String::new(),
            1 => "Begründung mit Zeilen\\nUmbruch".into(),
            2 => "y".repeat(rng.random_range(1000..12_000)),
            _ => "\\u0007 Steuerzeichen \\u202e".into(),
        }
    };
    if decision {
        let outcomes = [
            "shortlisted",
            "not_shortlisted",
            "funded",
            "not_funded",
            "reserve",
            "move_up",
        ];
        let outcome = outcomes[rng.random_range(0..outcomes.len())];
        let reason = text(rng);
        format!(
            r#"{{"outcome": "{outcome}", "amount_cents": {}, "reserve_place": {}, "reason": "{reason}"}}"#,
            rng.random_range(-5..2_000_000_000_i64),
            rng.random_range(0..5),
        )
    } else {
        match rng.random_range(0..3) {
            0 => {
                let met: Vec<&str> = (0..rng.random_range(0..40))
                    .map(|_| ["true", "false"][rng.random_range(0..2)])
                    .collect();
                format!(r#"{{"action": "tick", "met": [{}]}}"#, met.join(","))
            }
            1 => {
                let parts = [
                    "angaben",
                    "partner",
                    "plan:k",
                    "dokument:nichts",
                    "abschnitt:x",
                    "zusagen",
                ];
                let part = parts[rng.random_range(0..parts.len())];
                let day = ["2026-12-01", "2027-01-15", "2030-01-01", "2026-02-30"]
                    [rng.random_range(0..4)];
                let text = text(rng);
                format!(
                    r#"{{"action": "request_corrections", "parts": ["{part}"], "text": "{text}", "last_day": "{day}"}}"#
                )
            }
            _ => r#"{"action": "complete"}"#.into(),
        }
    }
}

#[tokio::test]
async fn hostile_json_bodies_get_a_problem_and_never_a_server_error() {
    let r = in_review().await;
    let app = &r.app;
    let id = r.application.trim_start_matches("/antraege/").to_owned();
    let decider = token_with(&r.staff, &[("scope_decide", "on")]).await;
    let routes = [
        (
            Method::PUT,
            format!("/api/v1/competitions/{}/decisions/{id}", r.competition),
        ),
        (
            Method::POST,
            format!("/api/v1/applications/{id}/formal-check"),
        ),
    ];
    let before = app
        .store
        .read_all(Direction::Forwards, ReadFrom::Start, usize::MAX)
        .unwrap()
        .len();
    let mut rng = StdRng::seed_from_u64(20261204);
    let mut answered = std::collections::BTreeMap::new();
    for round in 0..300 {
        let (method, path) = &routes[round % 2];
        let body = match round % 10 {
            9 => value(&mut rng, 0),
            0..=4 => near_valid(&mut rng, round % 2 == 0),
            _ => object(&mut rng, 0),
        };
        let answer = call(
            app,
            method.clone(),
            path,
            Some(&decider),
            &[("if-match", "*")],
            Some(&body),
        )
        .await;
        let status = answer.status;
        assert!(
            !status.is_server_error(),
            "{method} {path} with {body:.200}: {status} {}",
            answer.text
        );
        if !status.is_success() {
            assert_eq!(
                answer.headers["content-type"], "application/problem+json",
                "{body:.200}"
            );
            assert_eq!(answer.body["status"], status.as_u16(), "{}", answer.text);
        }
        *answered.entry(status.as_u16()).or_insert(0) += 1;
    }
    eprintln!("answers: {answered:?}");
    // Half the bodies are no command at all; the others reach the rules, which refuse most.
    assert!(
        answered.get(&400).copied().unwrap_or(0) > 100,
        "{answered:?}"
    );
    assert!(
        answered.get(&422).copied().unwrap_or(0) > 30,
        "{answered:?}"
    );
    let after = app
        .store
        .read_all(Direction::Forwards, ReadFrom::Start, usize::MAX)
        .unwrap();
    let written: Vec<&str> = after[before..]
        .iter()
        .map(|e| e.event_type.as_str())
        .collect();
    assert!(
        written.iter().all(|t| [
            "DecisionRecorded",
            "FormalCheckTicked",
            "CorrectionsRequested",
            "FormalCheckCompleted",
        ]
        .contains(t)),
        "{written:?}"
    );
}
