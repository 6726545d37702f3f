//! A pass-through proxy between the browser and the service that keeps every HTML response as
//! served. The Nu checker then validates the bytes the server sent, not the browser's DOM, and
//! pages that answer a POST (a form that failed validation) are kept too.

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

/// One HTML page as the server sent it.
#[derive(Clone, Debug)]
pub struct Served {
    /// Counts responses, so a test can tell a new page from the last one.
    pub number: usize,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub html: String,
}

#[derive(Clone)]
pub struct Recorder {
    pub address: String,
    served: Arc<Mutex<Vec<Served>>>,
}

struct Upstream {
    address: String,
    client: reqwest::Client,
    served: Arc<Mutex<Vec<Served>>>,
}

impl Recorder {
    pub async fn start(upstream: &str) -> Recorder {
        let served = Arc::new(Mutex::new(Vec::new()));
        let state = web::Data::new(Upstream {
            address: upstream.to_owned(),
            // The browser follows redirects and keeps cookies itself.
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            served: served.clone(),
        });
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(64 * 1024 * 1024))
                .default_service(web::to(forward))
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .unwrap();
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        Recorder {
            address: format!("http://127.0.0.1:{port}"),
            served,
        }
    }

    /// The latest HTML response.
    pub fn last(&self) -> Option<Served> {
        self.served.lock().unwrap().last().cloned()
    }
}

/// Headers that belong to one connection, not to the message.
fn hop_by_hop(name: &str) -> bool {
    matches!(
        name,
        "connection" | "keep-alive" | "transfer-encoding" | "content-length" | "host" | "upgrade"
    )
}

async fn forward(
    request: HttpRequest,
    body: web::Bytes,
    upstream: web::Data<Upstream>,
) -> HttpResponse {
    // Only pages the browser navigates to, not what it fetches for them (the favicon's 404).
    let document = request
        .headers()
        .get("sec-fetch-dest")
        .is_some_and(|v| v.as_bytes() == b"document");
    let method = reqwest::Method::from_bytes(request.method().as_str().as_bytes()).unwrap();
    let mut outgoing = upstream
        .client
        .request(method, format!("{}{}", upstream.address, request.uri()))
        .body(body.to_vec());
    for (name, value) in request.headers() {
        // Uncompressed, so the recorded page is readable text.
        if hop_by_hop(name.as_str()) || name.as_str() == "accept-encoding" {
            continue;
        }
        outgoing = outgoing.header(name.as_str(), value.as_bytes());
    }
    let response = match outgoing.send().await {
        Ok(response) => response,
        Err(e) => {
            return HttpResponse::BadGateway().body(format!("the service does not answer: {e}"));
        }
    };
    let status = response.status().as_u16();
    let mut reply = HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
    let mut html = false;
    for (name, value) in response.headers() {
        if hop_by_hop(name.as_str()) {
            continue;
        }
        if name.as_str() == "content-type" && value.as_bytes().starts_with(b"text/html") {
            html = true;
        }
        reply.append_header((name.as_str(), value.as_bytes()));
    }
    let bytes = response.bytes().await.unwrap_or_default();
    if html && document {
        let mut served = upstream.served.lock().unwrap();
        let number = served.len() + 1;
        served.push(Served {
            number,
            method: request.method().to_string(),
            path: request.uri().path().to_owned(),
            status,
            html: String::from_utf8_lossy(&bytes).into_owned(),
        });
    }
    reply.body(bytes)
}
