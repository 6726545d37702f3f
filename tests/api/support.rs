//! The real application on a free port with a fresh data directory, a clock the test moves, and
//! a real SMTP server receiving its mail; users are HTTP clients with their own cookies.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use tempfile::TempDir;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::ManualClock;
use wettbewerb::config::{SecondFactorPolicy, Settings};
use wettbewerb::domain::account::{Account, AccountCommand, Language, Role, account_id_for};
use wettbewerb::domain::competition::{Competition, CompetitionCommand};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::domain::ids::CompetitionId;
use wettbewerb::domain::presets::Preset;
use wettbewerb::domain::privacy::PrivacyConsent;
use wettbewerb::email::mailer::SmtpSecurity;
use wettbewerb::event_store::EventStore;
use wettbewerb::startup::{Application, Services};

use crate::smtp;

pub const PASSWORD: &str = "korrekt-pferd-batterie";

pub struct TestApp {
    pub address: String,
    pub store: EventStore,
    pub clock: ManualClock,
    pub mail: smtp::Received,
    models: std::sync::Arc<wettbewerb::projections::ReadModels>,
    pub data: TempDir,
}

pub struct Options {
    pub upload_limit: u64,
    /// Whether the SMTP server is running.
    pub smtp_up: bool,
    /// The `trusted_proxies` setting.
    pub trusted_proxies: &'static str,
    /// The `registrations_per_hour` setting.
    pub registrations_per_hour: u32,
    /// The `privacy_controller` setting.
    pub privacy_controller: &'static str,
    /// How often the retention scheduler looks.
    pub retention_every: Duration,
    /// The `privacy_officer`, `imprint_*` and `accessibility_contact` settings.
    pub privacy_officer: &'static str,
    pub imprint_name: &'static str,
    pub imprint_address: &'static str,
    pub imprint_contact: &'static str,
    pub accessibility_contact: &'static str,
    /// The `second_factor` setting: `optional` for the tests of everything else, so staff and
    /// jurors log in with their password only; the second factor's tests require it.
    pub second_factor: SecondFactorPolicy,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            upload_limit: 20 * 1024 * 1024,
            smtp_up: true,
            trusted_proxies: "",
            registrations_per_hour: 1000,
            privacy_controller: "",
            retention_every: Duration::from_secs(3600),
            privacy_officer: "",
            imprint_name: "",
            imprint_address: "",
            imprint_contact: "",
            accessibility_contact: "",
            second_factor: SecondFactorPolicy::Optional,
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    // Warnings of the service appear with a failing test's output.
    let _ = tracing_subscriber::fmt()
        .with_env_filter("warn")
        .with_test_writer()
        .try_init();
    let data = TempDir::new().unwrap();
    let port = smtp::free_port();
    let mail = if options.smtp_up {
        smtp::start_on(port)
    } else {
        smtp::Received::default()
    };
    let settings = Settings {
        data: data.path().to_owned(),
        listen: "127.0.0.1:0".parse().unwrap(),
        smtp_host: Some("127.0.0.1".into()),
        smtp_port: Some(port),
        smtp_security: SmtpSecurity::None,
        upload_limit: options.upload_limit,
        trusted_proxies: options.trusted_proxies.to_owned().try_into().unwrap(),
        registrations_per_hour: options.registrations_per_hour,
        privacy_controller: options.privacy_controller.to_owned(),
        privacy_officer: options.privacy_officer.to_owned(),
        imprint_name: options.imprint_name.to_owned(),
        imprint_address: options.imprint_address.to_owned(),
        imprint_contact: options.imprint_contact.to_owned(),
        accessibility_contact: options.accessibility_contact.to_owned(),
        second_factor: options.second_factor,
        ..Settings::default()
    };
    let clock = ManualClock::at(Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap());
    let services = Services {
        clock: std::sync::Arc::new(clock.clone()),
        retention_every: options.retention_every,
    };
    let app = Application::build_with(settings, services)
        .await
        .expect("the app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let store = app.store().clone();
    let models = app.read_models().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        store,
        clock,
        mail,
        models,
        data,
    }
}

impl TestApp {
    /// A browser without cookies yet.
    pub fn visitor(&self) -> User {
        User {
            address: self.address.clone(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .build()
                .unwrap(),
        }
    }

    /// A browser whose every request says it was forwarded for `client`, as a reverse proxy
    /// (or anyone pretending to be one) would.
    pub fn visitor_forwarded_for(&self, client: &str) -> User {
        self.visitor_with_headers(&[("x-forwarded-for", client)])
    }

    /// A visitor whose every request carries these headers.
    pub fn visitor_with_headers(&self, pairs: &[(&'static str, &str)]) -> User {
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, value.parse().unwrap());
        }
        User {
            address: self.address.clone(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .default_headers(headers)
                .build()
                .unwrap(),
        }
    }

    /// Waits until the pages show everything written to the log so far (for writes a test
    /// makes directly, as staff pages do not exist for them yet).
    pub async fn settled(&self) {
        if let Some(last) = self.store.last_position() {
            self.models.caught_up_to(last).await;
        }
    }

    /// A competition from a preset, published with its first stage open, without the
    /// preset's application forms: tests of other rules need not fill sections and slots.
    /// `open_competition_with_forms` keeps them.
    pub async fn open_competition(&self, preset: Preset) -> CompetitionId {
        let now = wettbewerb::clock::Clock::now(&self.clock);
        let mut setup = preset.setup(now);
        for stage in &mut setup.stages {
            stage.sections.clear();
            stage.documents.clear();
        }
        self.open_setup(setup).await
    }

    /// A competition from a preset as it is, application forms included.
    pub async fn open_competition_with_forms(&self, preset: Preset) -> CompetitionId {
        let now = wettbewerb::clock::Clock::now(&self.clock);
        self.open_setup(preset.setup(now)).await
    }

    /// A competition with this set-up, published with its first stage open.
    pub async fn open_setup(
        &self,
        setup: wettbewerb::domain::setup::CompetitionSetup,
    ) -> CompetitionId {
        let id = CompetitionId::from_uuid(uuid::Uuid::now_v7());
        let stream = stream_of::<Competition>(&id);
        let staff = Actor::new("staff", "staff");
        let now = wettbewerb::clock::Clock::now(&self.clock);
        for command in [
            CompetitionCommand::Draft {
                competition_id: id,
                setup,
                now,
            },
            CompetitionCommand::Publish { now },
            CompetitionCommand::OpenNextStage { now },
        ] {
            execute::<Competition>(&self.store, &stream, &staff, command)
                .await
                .unwrap();
        }
        self.settled().await;
        id
    }

    /// Every message received so far, decoded as a mail client shows it.
    pub fn mails(&self) -> Vec<Mail> {
        self.mail
            .messages()
            .iter()
            .filter_map(|raw| {
                let parsed = mail_parser::MessageParser::default().parse(raw.as_bytes())?;
                let to = parsed
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_owned();
                Some(Mail {
                    to,
                    subject: parsed.subject().unwrap_or_default().to_owned(),
                    text: parsed.body_text(0).unwrap_or_default().into_owned(),
                    html: parsed.body_html(0).unwrap_or_default().into_owned(),
                })
            })
            .collect()
    }

    /// The text of the first message to `to` whose subject contains `subject`; waits up to 30
    /// seconds for the outbox (one failed attempt is retried after five seconds).
    pub async fn mail_to(&self, to: &str, subject: &str) -> String {
        for _ in 0..600 {
            let found = self
                .mails()
                .into_iter()
                .find(|m| m.to == to && m.subject.contains(subject));
            if let Some(mail) = found {
                return format!(
                    "Subject: {}\n\n{}\n\n{}",
                    mail.subject, mail.text, mail.html
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let seen: Vec<(String, String)> = self
            .mails()
            .into_iter()
            .map(|m| (m.to, m.subject))
            .collect();
        panic!("no message to {to} about {subject:?}; received: {seen:#?}");
    }

    /// A juror or staff account created as the command line creates one, logged in.
    pub async fn account(&self, role: Role, email: &str) -> User {
        let user = self.account_logged_out(role, email).await;
        user.log_in(email, PASSWORD).await;
        user
    }

    /// An account created as the command line creates one, and a browser not logged in yet.
    pub async fn account_logged_out(&self, role: Role, email: &str) -> User {
        let address = EmailAddress::parse(email).unwrap();
        let id = account_id_for(&address);
        let command = AccountCommand::Register {
            email: address,
            name: format!("{role:?}"),
            role,
            password_hash: wettbewerb::security::password::hash(PASSWORD),
            language: Language::De,
            verification_nonce: None,
            privacy_consent: (role == Role::Applicant).then(|| {
                PrivacyConsent::to_current_notice(wettbewerb::clock::Clock::now(&self.clock))
            }),
            now: wettbewerb::clock::Clock::now(&self.clock),
        };
        execute::<Account>(
            &self.store,
            &stream_of::<Account>(&id),
            &Actor::system(),
            command,
        )
        .await
        .unwrap();
        self.settled().await;
        self.visitor()
    }

    /// An open InnoRegio competition with a draft by Anna of TU Dresden: the competition, Anna
    /// logged in, and the application's path.
    pub async fn draft(&self) -> (CompetitionId, User, String) {
        let competition = self.open_competition(Preset::InnoRegio).await;
        let anna = self.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
        let application = anna
            .create_application(competition, "Sensorik Lausitz", "TU Dresden", "Sachsen")
            .await;
        (competition, anna, application)
    }

    /// Registers an applicant, follows the link from the verification e-mail, logs in.
    pub async fn applicant(&self, email: &str, name: &str) -> User {
        let user = self.visitor();
        let response = user
            .post(
                "/registrieren",
                &[
                    ("name", name),
                    ("email", email),
                    ("password", PASSWORD),
                    ("password_repeat", PASSWORD),
                    ("privacy_consent", "on"),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
        let message = self.mail_to(email, "E-Mail-Adresse").await;
        let link = link_in(&message, "/konto/bestaetigen");
        let verified = user.get(&link).await;
        assert_eq!(verified.status, StatusCode::SEE_OTHER);
        user.log_in(email, PASSWORD).await;
        user
    }
}

pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The first link in a message that goes to `path`, relative to the service.
pub fn link_in(message: &str, path: &str) -> String {
    let start = message
        .find(&format!("{path}?"))
        .unwrap_or_else(|| panic!("no link to {path} in {message}"));
    let rest = &message[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .unwrap_or(rest.len());
    rest[..end].replace("&amp;", "&")
}

pub struct Page {
    pub status: StatusCode,
    pub body: String,
    pub location: Option<String>,
}

pub struct User {
    pub address: String,
    pub client: reqwest::Client,
}

impl User {
    pub async fn get(&self, path: &str) -> Page {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.address)
        };
        page(self.client.get(url).send().await.unwrap()).await
    }

    /// The CSRF token of this browser's session, read from a page as a browser would.
    pub async fn csrf(&self) -> String {
        let body = self.get("/anmelden").await.body;
        let marker = r#"name="csrf" value=""#;
        let start = body
            .find(marker)
            .expect("every page has the logout or login form")
            + marker.len();
        body[start..start + 64].to_owned()
    }

    /// Posts a form with this session's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Confirms an irreversible step as a person does: opens its confirmation page (GET on the
    /// same path) and sends its form, with the revision the page carries. A step without a
    /// confirmation page is posted as it is.
    pub async fn confirm(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let shown = self.get(path).await.body;
        let revision = hidden_value(&shown, "revision").unwrap_or_default();
        let mut all = vec![("bestaetigt", "1"), ("revision", revision.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all).await
    }

    /// Posts exactly these fields, without adding a token.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let response = self
            .client
            .post(format!("{}{path}", self.address))
            .form(fields)
            .send()
            .await
            .unwrap();
        page(response).await
    }

    /// Posts a multipart form as it is.
    pub async fn multipart(&self, path: &str, form: reqwest::multipart::Form) -> Page {
        let response = self
            .client
            .post(format!("{}{path}", self.address))
            .multipart(form)
            .send()
            .await
            .unwrap();
        page(response).await
    }

    pub async fn upload(&self, path: &str, file_name: &str, bytes: Vec<u8>) -> Page {
        let token = self.csrf().await;
        let form = reqwest::multipart::Form::new().text("csrf", token).part(
            "document",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(file_name.to_owned())
                .mime_str("application/pdf")
                .unwrap(),
        );
        let response = self
            .client
            .post(format!("{}{path}", self.address))
            .multipart(form)
            .send()
            .await
            .unwrap();
        page(response).await
    }

    pub async fn log_in(&self, email: &str, password: &str) {
        let response = self
            .post("/anmelden", &[("email", email), ("password", password)])
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    }

    /// Creates an application to the competition and returns its path.
    pub async fn create_application(
        &self,
        competition: CompetitionId,
        title: &str,
        coordinator: &str,
        land: &str,
    ) -> String {
        let response = self
            .post(
                &format!("/wettbewerbe/{competition}/antrag"),
                &[
                    ("title", title),
                    ("name", coordinator),
                    ("kind", "University"),
                    ("land", land),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
        response.location.unwrap()
    }

    /// The revision the editor's forms carry now.
    pub async fn revision(&self, application: &str) -> String {
        let body = self.get(application).await.body;
        let marker = r#"name="revision" value=""#;
        let start = body.find(marker).expect("the editor has forms") + marker.len();
        body[start..].split('"').next().unwrap().to_owned()
    }
}

async fn page(response: reqwest::Response) -> Page {
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    Page {
        status,
        body: response.text().await.unwrap(),
        location,
    }
}

/// A small valid PDF.
pub fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").into_bytes()
}

/// The value of a hidden form field of a page.
pub fn hidden_value(page: &str, name: &str) -> Option<String> {
    let marker = format!(r#"name="{name}" value=""#);
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find('"')?;
    Some(page[start..start + end].to_owned())
}

/// Fills the stage's application form as the editor shows it: every section with a short
/// text, every empty document slot with a two-page PDF.
pub async fn fill_form(user: &User, application: &str) {
    let page = user.get(application).await.body;
    let sections: Vec<String> = page
        .split(r#"<textarea id="section-"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|key| format!("section-{key}"))
        .collect();
    if !sections.is_empty() {
        let revision = user.revision(application).await;
        let mut fields: Vec<(&str, &str)> = vec![("revision", &revision)];
        for name in &sections {
            fields.push((name, "Ausgeführt, wie der Aufruf es verlangt."));
        }
        let saved = user
            .post(&format!("{application}/abschnitte"), &fields)
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }
    let slots: Vec<String> = page
        .split(r#"name="slot" value=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        // A slot filled already (in the stage before) keeps its document.
        .filter(|slot| page.contains(&format!(r#"id="document-{slot}-gap""#)))
        .collect();
    for slot in slots {
        let token = user.csrf().await;
        let form = reqwest::multipart::Form::new()
            .text("csrf", token)
            .text("slot", slot.clone())
            .part(
                "document",
                reqwest::multipart::Part::bytes(wettbewerb::demo::pdf::pdf(&slot, 2))
                    .file_name(format!("{slot}.pdf"))
                    .mime_str("application/pdf")
                    .unwrap(),
            );
        let filed = user
            .multipart(&format!("{application}/dokumente"), form)
            .await;
        assert_eq!(
            filed.status,
            StatusCode::SEE_OTHER,
            "{slot}: {}",
            filed.body
        );
    }
}
