//! The public results of a competition: nothing before the release; afterwards the consortia
//! selected for funding with title, coordinator, Land and amount, and nothing about the others.

use reqwest::StatusCode;

use crate::reserve_list::{decided, release};

#[tokio::test]
async fn the_public_results_show_nothing_before_the_release_and_only_the_selected_after() {
    let r = decided().await;
    let visitor = r.app.visitor();
    let public = format!("/wettbewerbe/{}", r.competition);
    let results = format!("{public}/ergebnisse");

    let before = visitor.get(&results).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(
        before.body.contains("noch nicht veröffentlicht"),
        "{}",
        before.body
    );
    for name in ["Sensorik-Netzwerk Lausitz", "2.500.000", "<table"] {
        assert!(
            !before.body.contains(name),
            "{name} before the release: {}",
            before.body
        );
    }
    assert!(!visitor.get(&public).await.body.contains(&results));

    release(&r).await;
    let page = visitor.get(&public).await;
    assert!(
        page.body.contains(&format!("href=\"{results}\"")),
        "{}",
        page.body
    );
    let after = visitor.get(&results).await;
    assert_eq!(after.status, StatusCode::OK);
    assert!(
        after.body.contains("Zur Förderung ausgewählt"),
        "{}",
        after.body
    );
    for expected in [
        "Sensorik-Netzwerk Lausitz",
        "Universität",
        "Bayern",
        "2.500.000,00 €",
        "5.000.000,00 €",
    ] {
        assert!(
            after.body.contains(expected),
            "lacks {expected}: {}",
            after.body
        );
    }
    // The two funded, not the two on the reserve list (all four have the same title); no
    // scores, no names of people.
    assert_eq!(after.body.matches("<tr><td>").count(), 2, "{}", after.body);
    for absent in [
        "Anna Adler",
        "Carla Conrad",
        "Dora Dorn",
        "Nachrück",
        "Punkte",
        "4.000.000",
    ] {
        assert!(
            !after.body.contains(absent),
            "shows {absent}: {}",
            after.body
        );
    }
}
