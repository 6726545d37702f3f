//! Pages and exports travel compressed when the browser asks for it; documents as stored.

use std::io::Read;

use reqwest::StatusCode;
use wettbewerb::domain::presets::Preset;

use crate::applicant_flow::complete;
use crate::support::{pdf, spawn_app};

#[tokio::test]
async fn a_page_asked_for_with_gzip_comes_back_gzip_encoded_and_plain_without() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let plain = client.get(&app.address).send().await.unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.text().await.unwrap();
    assert!(plain.contains("<h1>Förderwettbewerbe</h1>"), "{plain}");

    let zipped = client
        .get(&app.address)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(zipped.status(), StatusCode::OK);
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let bytes = zipped.bytes().await.unwrap();
    let mut page = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut page)
        .expect("the body is gzip");
    // Each visit gets its own session and so its own CSRF token; the rest is the same page.
    assert!(page.contains("<h1>Förderwettbewerbe</h1>"), "{page}");
    assert_eq!(page.len(), plain.len());
}

#[tokio::test]
async fn a_pdf_is_downloaded_as_stored_even_when_the_browser_accepts_gzip() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let application = anna
        .create_application(competition, "Sensorik Lausitz", "TU Dresden", "Sachsen")
        .await;
    complete(&anna, &application).await;
    let editor = anna.get(&application).await.body;
    let marker = "/dokumente/";
    let start = editor.find(marker).expect("a document link") + marker.len();
    let sha = &editor[start..start + 64];

    let download = anna
        .client
        .get(format!("{}{application}/dokumente/{sha}", anna.address))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_ne!(download.headers()["content-encoding"], "gzip");
    assert_ne!(download.headers()["content-encoding"], "br");
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf("Skizze"));
}
