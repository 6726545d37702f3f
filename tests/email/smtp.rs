//! A real SMTP server (mailin-embedded) on a local port, keeping every message it accepts.

use std::net::{IpAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use mailin_embedded::{Handler, Response, Server, response};

#[derive(Clone, Default)]
pub struct Received(Arc<Mutex<Vec<String>>>, Arc<Gate>);

/// Holds the n-th `MAIL FROM` until opened, so a test can stop a sender mid-transaction.
#[derive(Default)]
pub struct Gate {
    hold_at: AtomicUsize,
    started: AtomicUsize,
    holding: AtomicBool,
    open: Mutex<bool>,
    opened: Condvar,
}

impl Received {
    /// True once the held transaction is waiting.
    pub fn holding(&self) -> bool {
        self.1.holding.load(Ordering::SeqCst)
    }

    pub fn open_gate(&self) {
        *self.1.open.lock().unwrap() = true;
        self.1.opened.notify_all();
    }

    /// Every distinct Message-ID received, with how often it came.
    pub fn message_ids(&self) -> std::collections::BTreeMap<String, usize> {
        let mut ids = std::collections::BTreeMap::new();
        for message in self.messages() {
            for line in message.lines() {
                if let Some(id) = line.strip_prefix("Message-ID: ") {
                    *ids.entry(id.trim().to_owned()).or_insert(0) += 1;
                }
            }
        }
        ids
    }

    pub fn messages(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    /// The messages with quoted-printable parts decoded, as a mail client shows them.
    pub fn readable(&self) -> Vec<String> {
        self.messages()
            .iter()
            .map(|m| decode_quoted_printable(m))
            .collect()
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
    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> Response {
        let gate = &self.received.1;
        let n = gate.started.fetch_add(1, Ordering::SeqCst) + 1;
        if n == gate.hold_at.load(Ordering::SeqCst) {
            gate.holding.store(true, Ordering::SeqCst);
            let mut open = gate.open.lock().unwrap();
            while !*open {
                open = gate.opened.wait(open).unwrap();
            }
        }
        response::OK
    }

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
    start_holding(port, 0)
}

/// Like `start_on`, but the `hold_at`-th transaction waits at `MAIL FROM` for `open_gate`.
pub fn start_holding(port: u16, hold_at: usize) -> Received {
    let received = Received::default();
    received.1.hold_at.store(hold_at, Ordering::SeqCst);
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

/// Joins soft line breaks and turns `=XX` back into bytes (RFC 2045, 6.7).
fn decode_quoted_printable(message: &str) -> String {
    let joined = message.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) if bytes[i] == b'=' => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
