//! Typed settings: defaults, then a TOML file, then `WETTBEWERB_*` variables, then flags.
//!
//! The file is `--config FILE`, or `WETTBEWERB_CONFIG`, or `wettbewerb.toml` in the working
//! directory if it exists. Keys are the field names below (`listen = "0.0.0.0:8080"`); each
//! variable is the key in capitals after the prefix (`WETTBEWERB_SMTP_HOST`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::email::mailer::SmtpSecurity;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Everything the service keeps: the log in `events/`, the outbox, mail files.
    pub data: PathBuf,
    /// Where the log is: unset, the embedded sled store in `data/events`; a `postgres://` URL,
    /// that database, shared with every other instance given the same URL (`data/events`
    /// then holds this instance's replica of it).
    pub store: Option<String>,
    pub listen: SocketAddr,
    /// How people reach the service; links in e-mails start with it.
    pub public_base_url: String,
    /// Signs session cookies; at least 64 bytes. Without it, sessions end with a restart.
    pub session_secret: Option<String>,
    /// Largest accepted upload, in bytes.
    pub upload_limit: u64,
    /// Without a host, mail is written as `.eml` files to `DATA/mail`.
    pub smtp_host: Option<String>,
    /// Defaults to 587, 465 or 25 after `smtp_security`.
    pub smtp_port: Option<u16>,
    pub smtp_security: SmtpSecurity,
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    /// The sender of every message; its domain also names the Message-IDs.
    pub mail_from: String,
    /// Reverse proxies in front of the service, as addresses or networks separated by commas
    /// (`10.0.0.1, 192.168.0.0/24`). Only a request from one of these has its client address
    /// taken from `Forwarded` / `X-Forwarded-For`; without any, every header is ignored.
    pub trusted_proxies: TrustedProxies,
    /// The one forwarding header the trusted proxies write. The other is ignored: a proxy
    /// passes on whatever the client put into a header it does not write itself.
    pub proxy_header: ProxyHeader,
    /// Registrations accepted per hour from all clients together, so that nobody fills the log
    /// and the outbox with accounts; attempts refused for their content do not count.
    pub registrations_per_hour: u32,
    /// Who is responsible for the personal data (the operator, e.g. the Projektträger), with
    /// address and a contact for privacy questions, in one line; the privacy notice names it.
    pub privacy_controller: String,
    /// The privacy officer (Datenschutzbeauftragte) and how to reach them, in one line; the
    /// privacy notice names them.
    pub privacy_officer: String,
    /// Who provides the service (Anbieter), as the Impressum names it: an organisation or a
    /// person.
    pub imprint_name: String,
    /// The provider's postal address for the Impressum; a line break or `;` between its lines.
    pub imprint_address: String,
    /// How the provider is reached quickly (e-mail, telephone), for the Impressum.
    pub imprint_contact: String,
    /// The e-mail address feedback on accessibility goes to; the accessibility statement names
    /// it. Without it feedback is recorded and listed for staff, but no mail is sent.
    pub accessibility_contact: String,
    /// Whether staff and jurors must log in with a second factor (`required`, the default) or
    /// may choose to, as applicants may (`optional`).
    pub second_factor: SecondFactorPolicy,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecondFactorPolicy {
    /// Staff and jurors set one up before they reach any other page.
    #[default]
    Required,
    /// Everybody may set one up; nobody must.
    Optional,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProxyHeader {
    #[default]
    XForwardedFor,
    Forwarded,
}

/// The addresses whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrustedProxies(Vec<ipnet::IpNet>);

impl TrustedProxies {
    /// An IPv4 proxy reached through a dual-stack socket arrives as `::ffff:a.b.c.d`; it is
    /// matched as the IPv4 address it is.
    pub fn contains(&self, address: std::net::IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|net| net.contains(&address))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<String> for TrustedProxies {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<ipnet::IpNet>()
                    .or_else(|_| part.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| format!("“{part}” is no IP address or network"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

impl From<TrustedProxies> for String {
    fn from(proxies: TrustedProxies) -> String {
        proxies
            .0
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data: PathBuf::from("data"),
            store: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_base_url: "http://127.0.0.1:8080".into(),
            session_secret: None,
            upload_limit: 20 * 1024 * 1024,
            smtp_host: None,
            smtp_port: None,
            smtp_security: SmtpSecurity::Starttls,
            smtp_user: None,
            smtp_password: None,
            mail_from: "wettbewerb <noreply@wettbewerb.localhost>".into(),
            trusted_proxies: TrustedProxies::default(),
            proxy_header: ProxyHeader::XForwardedFor,
            registrations_per_hour: 1000,
            privacy_controller: String::new(),
            privacy_officer: String::new(),
            imprint_name: String::new(),
            imprint_address: String::new(),
            imprint_contact: String::new(),
            accessibility_contact: String::new(),
            second_factor: SecondFactorPolicy::Required,
        }
    }
}

/// Values given on the command line; only those present override the layers below.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
}

impl Settings {
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Self, Box<figment::Error>> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("WETTBEWERB_CONFIG").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("wettbewerb.toml"));
        Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            // Not settings: the file's own path, the admin command's password, the switch
            // that makes the browser tests required in CI, and the tests' PostgreSQL.
            .merge(Env::prefixed("WETTBEWERB_").ignore(&[
                "config",
                "staff_password",
                "browser_tests",
                "test_postgres",
                "test_store",
            ]))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(Box::new)
    }

    pub fn event_store_dir(&self) -> PathBuf {
        event_store_dir(&self.data)
    }
}

pub fn event_store_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("events")
}

#[cfg(test)]
mod tests {
    use figment::Jail;

    use super::*;

    // `Jail::expect_with` fixes the closure's error type to figment's large error.
    #[allow(clippy::result_large_err)]
    #[test]
    fn defaults_then_file_then_environment_then_flags() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "wettbewerb.toml",
                r#"
                listen = "0.0.0.0:9000"
                data = "/srv/wettbewerb"
                smtp_host = "mail.example.org"
                "#,
            )?;
            jail.set_env("WETTBEWERB_SMTP_HOST", "relay.example.org");
            jail.set_env("WETTBEWERB_UPLOAD_LIMIT", "1048576");
            jail.set_env("WETTBEWERB_SECOND_FACTOR", "optional");
            let settings = Settings::load(None, &Overrides::default()).unwrap();
            assert_eq!(settings.second_factor, SecondFactorPolicy::Optional);
            assert_eq!(
                settings.listen,
                "0.0.0.0:9000".parse().unwrap(),
                "from the file"
            );
            assert_eq!(
                settings.smtp_host.as_deref(),
                Some("relay.example.org"),
                "the environment wins"
            );
            assert_eq!(settings.upload_limit, 1_048_576);
            assert_eq!(
                settings.mail_from,
                Settings::default().mail_from,
                "a default"
            );

            let flags = Overrides {
                data: Some("/tmp/other".into()),
                ..Overrides::default()
            };
            let settings = Settings::load(None, &flags).unwrap();
            assert_eq!(settings.data, PathBuf::from("/tmp/other"), "a flag wins");
            Ok(())
        });
    }

    #[allow(clippy::result_large_err)]
    #[test]
    fn an_unknown_key_or_bad_value_is_named() {
        Jail::expect_with(|jail| {
            jail.create_file("wettbewerb.toml", "lissen = \"0.0.0.0:9000\"")?;
            let error = Settings::load(None, &Overrides::default()).unwrap_err();
            assert!(error.to_string().contains("lissen"), "{error}");
            jail.create_file("wettbewerb.toml", "")?;
            jail.set_env("WETTBEWERB_LISTEN", "not an address");
            let error = Settings::load(None, &Overrides::default()).unwrap_err();
            assert!(error.to_string().contains("LISTEN"), "{error}");
            Ok(())
        });
    }

    #[allow(clippy::result_large_err)]
    #[test]
    fn trusted_proxies_are_none_by_default_and_a_list_from_the_environment() {
        Jail::expect_with(|jail| {
            let settings = Settings::load(None, &Overrides::default()).unwrap();
            assert!(settings.trusted_proxies.is_empty());
            jail.set_env("WETTBEWERB_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/24");
            let settings = Settings::load(None, &Overrides::default()).unwrap();
            let proxies = settings.trusted_proxies;
            assert!(proxies.contains("10.0.0.1".parse().unwrap()));
            assert!(proxies.contains("192.168.0.77".parse().unwrap()));
            assert!(!proxies.contains("10.0.0.2".parse().unwrap()));
            assert_eq!(settings.second_factor, SecondFactorPolicy::Required);
            jail.set_env("WETTBEWERB_TRUSTED_PROXIES", "10.0.0.1, nginx");
            let error = Settings::load(None, &Overrides::default()).unwrap_err();
            assert!(error.to_string().contains("nginx"), "{error}");
            Ok(())
        });
    }
}
