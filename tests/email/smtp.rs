//! A real SMTP server (mailin-embedded) on a local port, keeping every message it accepts.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mailin_embedded::{Handler, Response, Server, response};

#[derive(Clone, Default)]
pub struct Received(Arc<Mutex<Vec<String>>>);

impl Received {
    pub fn messages(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    /// How often a Message-ID arrived.
    pub fn count(&self, message_id: &str) -> usize {
        let header = format!("Message-ID: {message_id}");
        self.messages()
            .iter()
            .filter(|m| m.contains(&header))
            .count()
    }
}

#[derive(Clone)]
struct Collect {
    received: Received,
    current: Vec<u8>,
}

impl Handler for Collect {
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let message = String::from_utf8_lossy(&std::mem::take(&mut self.current)).into_owned();
        self.received.0.lock().unwrap().push(message);
        response::OK
    }
}

/// A port with nothing listening on it yet.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the server on `port` in a background thread; it runs until the test process ends.
pub fn start_on(port: u16) -> Received {
    let received = Received::default();
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let mut server = Server::new(Collect {
        received: received.clone(),
        current: Vec::new(),
    });
    server.with_name("smtp.test").with_tcp_listener(listener);
    std::thread::spawn(move || {
        // It serves until the test process ends; an error would show as undelivered mail.
        let _ = server.serve();
    });
    received
}
