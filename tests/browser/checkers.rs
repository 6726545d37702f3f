//! The page checks themselves: a page with known faults must fail both, or a green audit of
//! the service's pages would prove nothing.

use crate::audit::{axe, vnu};
use crate::driver::Driver;
use crate::tools;

/// An image without a text, a field without a label, a block inside a paragraph, and zooming
/// switched off (a moderate violation, which counts too).
const BROKEN: &str = r#"<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, user-scalable=no"><title>Kaputt</title></head>
<body><main>
<h1>Kaputt</h1>
<img src="logo.png">
<input type="text" name="name">
<p><div>Block im Absatz</div></p>
</main></body>
</html>
"#;

#[tokio::test]
async fn the_checkers_find_what_is_wrong_with_a_broken_page() {
    let Some(tools) = tools::find("checkers") else {
        return;
    };
    let driver = Driver::start(&tools).await;
    let client = driver.session(&tools).await;
    let encoded: String = BROKEN
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    client
        .goto(&format!("data:text/html;charset=utf-8,{encoded}"))
        .await
        .unwrap();
    let source = std::fs::read_to_string(&tools.axe).unwrap();
    let found = axe(&client, &source).await.unwrap();
    client.close().await.unwrap();
    for rule in [
        "image-alt (critical)",
        "label (critical)",
        "meta-viewport (moderate)",
    ] {
        assert!(
            found.iter().any(|line| line.starts_with(rule)),
            "axe finds {rule}: {found:#?}"
        );
    }

    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("broken.html");
    std::fs::write(&file, BROKEN).unwrap();
    let errors = vnu(&tools, &[file]);
    assert!(
        errors
            .iter()
            .any(|(page, line, message)| *page == 0 && *line == 8 && message.contains("p")),
        "the Nu checker finds the block in the paragraph: {errors:#?}"
    );
}
