//! What one browser test runs on: the service, chromedriver, the recording proxy between them,
//! and the page audit all browser windows of the test feed.

use std::sync::Arc;

use crate::audit::Audit;
use crate::browser::Browser;
use crate::driver::Driver;
use crate::failures;
use crate::recorder::Recorder;
use crate::support::{TestApp, spawn_app};
use crate::tools::{self, Tools};

pub struct World {
    pub app: TestApp,
    pub test: String,
    tools: Tools,
    driver: Driver,
    recorder: Recorder,
    audit: Arc<Audit>,
}

impl World {
    /// The service and a browser driver, or `None` when the tools are missing and not required.
    pub async fn start(test: &str) -> Option<World> {
        let tools = tools::find(test)?;
        failures::forget(test);
        let app = spawn_app().await;
        let driver = Driver::start(&tools).await;
        let recorder = Recorder::start(&app.address).await;
        let audit = Arc::new(Audit::new(test, &tools));
        Some(World {
            app,
            test: test.to_owned(),
            tools,
            driver,
            recorder,
            audit,
        })
    }

    /// A new browser window for someone in this role, without cookies.
    pub async fn browser(&self, role: &str) -> Browser {
        let client = self.driver.session(&self.tools).await;
        Browser::new(
            client,
            self.recorder.clone(),
            self.audit.clone(),
            &self.test,
            role,
        )
    }

    /// Validates every page seen and fails with all problems; chromedriver stops on drop.
    pub fn finish(self) {
        self.audit.finish(&self.tools);
    }
}
