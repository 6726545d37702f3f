use tempfile::TempDir;
use wettbewerb::config::Settings;
use wettbewerb::startup::Application;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    _data: TempDir,
}

/// Starts the real application on a free port with a fresh data directory.
pub async fn spawn_app() -> TestApp {
    let data = TempDir::new().unwrap();
    let settings = Settings {
        data: data.path().to_owned(),
        listen: "127.0.0.1:0".parse().unwrap(),
        ..Settings::default()
    };
    let app = Application::build(settings).await.expect("the app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        _data: data,
    }
}
