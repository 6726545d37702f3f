//! `/konto`: a person's own account, and `/konto/meine-daten.json`, everything the service
//! holds about them (GDPR Art. 15): their account, every personal field the log holds under
//! their keys (as `domain::personal_fields` names them, opened), and the mail sent to them.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::web::Data;
use askama::Template;
use serde_json::{Value, json};

use crate::event_store::{Direction, ReadFrom};
use crate::personal::codec::PersonalCodec;
use crate::texts::personal_data as words;
use crate::usecases::personal_data_erasure::persons_of;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::policy;
use crate::web::state::AppState;

const PAGE: usize = 4096;

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    c: Chrome,
    name: String,
    email: String,
    role: &'static str,
}

pub async fn get(c: Chrome) -> Result<HttpResponse, WebError> {
    let user = policy::user(&c)?.clone();
    let role = match user.role {
        crate::domain::account::Role::Applicant => c.text(words::ROLE_APPLICANT),
        crate::domain::account::Role::Juror => c.text(words::ROLE_JUROR),
        crate::domain::account::Role::Staff => c.text(words::ROLE_STAFF),
    };
    page_with_status(
        StatusCode::OK,
        &AccountPage {
            name: user.name.clone(),
            email: user.email.as_str().to_owned(),
            role,
            c,
        },
    )
}

pub async fn download(
    c: Chrome,
    state: Data<AppState>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, WebError> {
    let user = policy::user(&c)?.clone();
    // Reading the whole log for one person is work: a few downloads an hour are plenty.
    let client =
        crate::web::client::client_address(&req, &state.trusted_proxies, state.proxy_header);
    if !state.data_downloads.allow(user.email.as_str(), &client) {
        return Err(WebError::TooManyAttempts);
    }
    let worker = state.clone();
    let report = actix_web::web::block(move || report(&worker, &user))
        .await
        .map_err(WebError::internal)?
        .map_err(WebError::internal)?;
    let body = serde_json::to_vec_pretty(&report).map_err(WebError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            ContentDisposition {
                disposition: DispositionType::Attachment,
                parameters: vec![DispositionParam::Filename("meine-daten.json".into())],
            },
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}

fn report(
    state: &AppState,
    user: &crate::web::session::CurrentUser,
) -> Result<Value, crate::event_store::StoreError> {
    let (persons, _) = persons_of(&state.models, &user.email);
    let account = state.models.accounts().get(&user.id).cloned();
    let mut records = Vec::new();
    let mut next = 0;
    loop {
        let page = state
            .store
            .read_all_raw(Direction::Forwards, ReadFrom::At(next), PAGE)?;
        let Some(last) = page.last() else { break };
        next = last.position.0 + 1;
        for event in &page {
            if !PersonalCodec::persons_in(event)
                .iter()
                .any(|p| persons.contains(p))
            {
                continue;
            }
            let fields: serde_json::Map<String, Value> = state
                .personal
                .own_fields(event, &persons)
                .into_iter()
                .map(|(path, value)| (path, Value::String(value)))
                .collect();
            records.push(json!({
                "art": event.event_type,
                "bereich": event.stream.category(),
                "zeit": event.created,
                "angaben": fields,
            }));
        }
    }
    let mails: Vec<Value> = state
        .outbox
        .entries()?
        .into_iter()
        .filter(|e| e.message.to == user.email)
        .map(|e| {
            json!({
                "betreff": e.message.subject,
                "art": e.kind,
                "erstellt": e.created,
                "versandt": e.sent,
                "stand": format!("{:?}", e.delivery),
            })
        })
        .collect();
    Ok(json!({
        "hinweis": "Auskunft nach Art. 15 DSGVO: alle personenbezogenen Daten, die wettbewerb über Sie gespeichert hat. / Access under Art. 15 GDPR: all personal data wettbewerb holds about you.",
        "erstellt": state.clock.now(),
        "konto": account.map(|a| json!({
            "name": a.name,
            "email": a.email.map(|e| e.as_str().to_owned()),
            "rolle": a.role.map(|r| r.as_str()),
            "sprache": a.language.code(),
            "bestaetigt": a.verified,
            "registriert": a.registered_at,
            "passwort": "als argon2id-Hash gespeichert, nicht lesbar / stored as an argon2id hash, not readable",
        })),
        "eintraege": records,
        "nachrichten": mails,
    }))
}
