use crate::support::spawn_app;

#[tokio::test]
async fn health_answers_200_when_the_store_is_open() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .get(format!("{}/health", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["events"], 0);
}

#[tokio::test]
async fn the_start_page_speaks_german() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .get(&app.address)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    assert!(page.contains(r#"<html lang="de">"#));
    assert!(page.contains("<h1>Förderwettbewerbe</h1>"));
    assert!(page.contains("<main"));
}

#[tokio::test]
async fn an_unknown_address_answers_404() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .get(format!("{}/gibt-es-nicht", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let page = response.text().await.unwrap();
    assert!(page.contains("Seite nicht gefunden"), "{page}");
    assert!(page.contains(r#"href="/""#));
}
