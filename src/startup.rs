//! Builds the web application around an open event store; the one route table lives in `web`.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web::Data};

use crate::config::Settings;
use crate::event_store::{EventStore, StoreOptions};
use crate::web;

pub struct Application {
    port: u16,
    server: Server,
    store: EventStore,
}

impl Application {
    /// Opens the store under the data directory and binds the listen address (port 0 picks one).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let options = StoreOptions::new(settings.event_store_dir())?;
        let store = tokio::task::spawn_blocking(move || EventStore::open(options)).await??;
        Self::build_with_store(settings, store)
    }

    pub fn build_with_store(settings: Settings, store: EventStore) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.listen)?;
        let port = listener.local_addr()?.port();
        let state = Data::new(store.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(actix_web::middleware::Logger::new("%r %s %Dms"))
                .configure(web::routes)
        })
        .listen(listener)?
        .run();
        Ok(Self {
            port,
            server,
            store,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn store(&self) -> &EventStore {
        &self.store
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
