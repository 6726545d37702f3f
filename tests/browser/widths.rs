//! Every staff page of a whole InnoRegio round (444 applications, the concept and the full
//! proposal stage, decided and completed) beside a round that is open now, at 1,280 px: no page
//! may be wider than the window. The pages are found as staff find them, by following links
//! from the overview; one page of each kind is measured (and audited).

use std::collections::{BTreeSet, VecDeque};

use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{Competition, CompetitionCommand};
use wettbewerb::domain::ids::CompetitionId;
use wettbewerb::domain::presets::Preset;

use crate::audit::pattern;
use crate::setup::{Proposal, accept, in_review, invite, submitted};
use crate::support::{PASSWORD, TestApp};
use crate::world::World;

/// More kinds of staff page than there are, so that a crawl which runs away fails.
const MOST_PAGES: usize = 150;

/// Where a link (path and query) leads, if it is a staff page to measure: the link without its
/// fragment, and the page's kind (route and query keys, with the stage, which changes the
/// content).
fn staff_page(link: &str) -> Option<(String, String)> {
    let relative = link.split('#').next()?;
    let (path, query) = relative.split_once('?').unwrap_or((relative, ""));
    let staff = path.starts_with("/verwaltung") || path.starts_with("/antraege/");
    // Files (CSV exports, documents, ZIPs) are downloads, not pages.
    let download = path.contains("/export/")
        || path.contains("/dokumente/")
        || path.ends_with("/schreiben")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'));
    if !staff || download {
        return None;
    }
    let mut keys: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some(("stufe", value)) => format!("stufe={value}"),
            Some((key, _)) => key.to_owned(),
            None => pair.to_owned(),
        })
        .collect();
    keys.sort();
    keys.dedup();
    Some((
        relative.to_owned(),
        format!("{}?{}", route(path), keys.join("&")),
    ))
}

/// The route of a path, keeping which competition it belongs to: a round's pages look different
/// in each phase, so each round's are measured.
fn route(path: &str) -> String {
    match path.split_once("/wettbewerbe/") {
        Some((before, rest)) => {
            let (competition, after) = rest.split_once('/').unwrap_or((rest, ""));
            let after = if after.is_empty() {
                String::new()
            } else if after.starts_with("mailtexte/") {
                // One editor for every kind and language of message: one kind of page.
                "/mailtexte/{art}/{sprache}".to_owned()
            } else {
                pattern(&format!("/{after}"))
            };
            format!("{before}/wettbewerbe/{competition}{after}")
        }
        None => pattern(path),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_staff_page_of_a_whole_round_is_wider_than_a_laptop_window() {
    let Some(world) = World::start("widths").await else {
        return;
    };
    let app = &world.app;
    let http_staff = app.account(Role::Staff, "leitung@ptj.de").await;
    // A round in review, with its jury at work, one still being set up, and a whole one.
    let reviewing = app.open_competition(Preset::Spitzencluster).await;
    let mut applications = Vec::new();
    for (email, title, coordinator) in [
        (
            "a@tu-dresden.de",
            "Biotechnologie-Region Frankfurt am Main",
            "TU Dresden",
        ),
        (
            "b@uni-rostock.de",
            "Halbleiter-Region Freiburg im Breisgau",
            "Universität Rostock",
        ),
    ] {
        let proposal = Proposal {
            email,
            title,
            coordinator,
            land: "Sachsen",
            field: "Materials",
            requested: "20.000.000",
        };
        applications.push(submitted(app, reviewing, &proposal).await);
    }
    invite(
        &http_staff,
        reviewing,
        "Prof. Dr. Jana Jury",
        "jana@uni-jena.de",
        "Universität Jena",
    )
    .await;
    accept(
        app,
        "Prof. Dr. Jana Jury",
        "jana@uni-jena.de",
        "Universität Jena",
    )
    .await;
    let refs: Vec<&str> = applications.iter().map(String::as_str).collect();
    in_review(app, reviewing, &refs).await;
    draft_round(app).await;
    // The whole round last: its thousands of messages would hold up the mail awaited above.
    let options = wettbewerb::demo::Options {
        preset: Preset::InnoRegio,
        scale: 1,
        seed: 11,
        open_drafts: 3,
    };
    wettbewerb::demo::fill(&app.store, options, &|_| {})
        .await
        .expect("the demo round is written");
    app.settled().await;

    // The window is 1,280 px wide (see driver.rs).
    let staff = world.browser("staff").await;
    staff.visit("/anmelden").await;
    staff.fill("E-Mail-Adresse", "leitung@ptj.de").await;
    staff.fill("Passwort", PASSWORD).await;
    staff.press("Anmelden").await;

    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([("/verwaltung".to_owned(), "/verwaltung?".to_owned())]);
    seen.insert("/verwaltung?".to_owned());
    let mut measured = Vec::new();
    while let Some((page, kind)) = queue.pop_front() {
        staff.visit(&page).await;
        staff.fits_the_window().await;
        measured.push(kind);
        for href in staff.links().await {
            if let Some((next, kind)) = staff_page(&href)
                && seen.insert(kind.clone())
            {
                queue.push_back((next, kind));
            }
        }
        assert!(
            measured.len() <= MOST_PAGES,
            "more than {MOST_PAGES} kinds of page: {measured:#?}"
        );
    }
    // The crawl reached the pages of a round, not only the overview.
    for kind in [
        "/verwaltung/wettbewerbe/{id}?",
        "/verwaltung/wettbewerbe/{id}/rangliste?",
        "/verwaltung/wettbewerbe/{id}/jury?",
        "/verwaltung/wettbewerbe/{id}/ausschreibung?",
        "/verwaltung/wettbewerbe/{id}/abschliessen-entscheidungen?",
        "/verwaltung/wettbewerbe/{id}/loeschen?",
        "/verwaltung/wettbewerbe/{id}/antraege/{id}/bewertungen?",
        "/verwaltung/protokoll/{kind}/{id}?",
        "/verwaltung/postausgang?",
        "/antraege/{id}?",
        "/antraege/{id}/finanzierung?",
    ] {
        let reached = measured.iter().any(|m| pattern_matches(m, kind));
        assert!(reached, "no page like {kind} was reached: {measured:#?}");
    }
    staff.close().await;
    world.finish();
}

/// Whether a measured page is of the route of `kind` (queries aside), in which `{id}` and
/// `{kind}` stand for any segment.
fn pattern_matches(measured: &str, kind: &str) -> bool {
    let (measured_path, _) = measured.split_once('?').unwrap_or((measured, ""));
    let (kind_path, _) = kind.split_once('?').unwrap_or((kind, ""));
    let ours: Vec<&str> = measured_path.split('/').collect();
    let theirs: Vec<&str> = kind_path.split('/').collect();
    ours.len() == theirs.len()
        && ours
            .iter()
            .zip(&theirs)
            .all(|(a, b)| a == b || *b == "{id}" || *b == "{kind}")
}

/// A BioRegio round being set up: drafted, not yet published.
async fn draft_round(app: &TestApp) {
    let id = CompetitionId::from_uuid(uuid::Uuid::now_v7());
    let now = wettbewerb::clock::Clock::now(&app.clock);
    let draft = CompetitionCommand::Draft {
        competition_id: id,
        setup: Preset::BioRegio.setup(now),
        now,
    };
    execute::<Competition>(
        &app.store,
        &stream_of::<Competition>(&id),
        &Actor::new("staff", "staff"),
        draft,
    )
    .await
    .expect("the draft is written");
    app.settled().await;
}
