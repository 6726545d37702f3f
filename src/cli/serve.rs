use std::process::ExitCode;

use super::ServeArgs;
use crate::config::Settings;
use crate::startup::Application;

pub async fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings {
        data_dir: args.data.data,
        listen: args.listen,
    };
    let app = Application::build(settings.clone()).await?;
    tracing::info!(
        data = %settings.data_dir.display(),
        "wettbewerb listens on http://{}:{}",
        settings.listen.ip(),
        app.port()
    );
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}
