use std::process::ExitCode;

use crate::config::Settings;
use crate::startup::Application;

pub async fn run(settings: Settings) -> anyhow::Result<ExitCode> {
    let app = Application::build(settings.clone()).await?;
    tracing::info!(
        data = %settings.data.display(),
        "wettbewerb listens on http://{}:{}",
        settings.listen.ip(),
        app.port()
    );
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}
