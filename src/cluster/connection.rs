//! Connections to PostgreSQL: TLS whenever the server offers it (`sslmode=require` in the URL
//! insists on it), verified against the system's certificate authorities, so that the keys and
//! secrets the instances share never cross the network in the clear; a connect timeout and
//! keepalives, so that a server or network that stops answering is noticed.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use postgres::Client;
use tokio_postgres_rustls::MakeRustlsConnect;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);

fn tls() -> MakeRustlsConnect {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let mut roots = rustls::RootCertStore::empty();
        let found = rustls_native_certs::load_native_certs();
        for error in &found.errors {
            tracing::warn!(%error, "a system certificate could not be read");
        }
        let (added, _) = roots.add_parsable_certificates(found.certs);
        if added == 0 {
            tracing::warn!(
                "no system certificate authorities: TLS connections to PostgreSQL will fail"
            );
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map(|builder| builder.with_root_certificates(roots).with_no_client_auth())
            .unwrap_or_else(|e| panic!("the TLS configuration of ring is valid: {e}"));
        Arc::new(config)
    });
    MakeRustlsConnect::new((**config).clone())
}

/// Connects as the URL says (its `connect_timeout` and keepalive settings win over these).
pub fn connect(url: &str) -> Result<Client, postgres::Error> {
    let mut config: postgres::Config = url.parse()?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    config.keepalives(true).keepalives_idle(KEEPALIVE_IDLE);
    config.connect(tls())
}
