//! The PostgreSQL database the instances share besides the log: a few connections, each on a
//! thread of its own. The synchronous client may not run on an async runtime's threads (it
//! runs its own), and these calls are short; a caller waits for its answer as for a file read.

use std::sync::{Arc, Mutex, mpsc};

use postgres::Client;

/// Connections (and threads) per instance: a large document read does not hold up a key lookup.
const CONNECTIONS: usize = 4;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS wettbewerb_secrets (
    name text PRIMARY KEY,
    value bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS wettbewerb_personal_keys (
    person uuid PRIMARY KEY,
    key bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS wettbewerb_documents (
    sha256 text PRIMARY KEY,
    bytes bytea NOT NULL,
    stored timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS wettbewerb_deliveries (
    message_id text PRIMARY KEY,
    claimed_by uuid NOT NULL,
    claimed_until timestamptz NOT NULL,
    sent timestamptz
);
CREATE TABLE IF NOT EXISTS wettbewerb_attempts (
    limiter text NOT NULL,
    key text NOT NULL,
    window_start bigint NOT NULL,
    count integer NOT NULL,
    PRIMARY KEY (limiter, key, window_start)
);
";
/// Held while the tables are created, as the log does for its own.
const SCHEMA_LOCK: i64 = 0x7765_7474_6265_7766;

#[derive(Debug, thiserror::Error)]
#[error("the shared PostgreSQL database: {0}")]
pub struct SharedError(pub String);

impl From<postgres::Error> for SharedError {
    fn from(e: postgres::Error) -> Self {
        SharedError(e.to_string())
    }
}

type Call = Box<dyn FnOnce(&mut Option<Client>) + Send>;

pub struct SharedDatabase {
    calls: Mutex<mpsc::Sender<Call>>,
    /// Identifies this instance in claims and leases.
    instance: uuid::Uuid,
}

impl SharedDatabase {
    /// Connects and creates the shared tables if they are missing.
    pub fn open(url: &str) -> Result<Arc<Self>, SharedError> {
        let (sender, receiver) = mpsc::channel::<Call>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..CONNECTIONS {
            let receiver = receiver.clone();
            let url = url.to_owned();
            std::thread::Builder::new()
                .name(format!("shared-db-{n}"))
                .spawn(move || serve(&url, &receiver))
                .map_err(|e| SharedError(e.to_string()))?;
        }
        let database = Arc::new(Self {
            calls: Mutex::new(sender),
            instance: uuid::Uuid::new_v4(),
        });
        database.run(|client| {
            client.execute("SELECT pg_advisory_lock($1)", &[&SCHEMA_LOCK])?;
            let created = client.batch_execute(SCHEMA);
            client.execute("SELECT pg_advisory_unlock($1)", &[&SCHEMA_LOCK])?;
            created
        })?;
        Ok(database)
    }

    /// The id of the log in this database (once the store has opened it).
    pub fn log_id(&self) -> Result<String, SharedError> {
        self.run(|client| {
            let row =
                client.query_one("SELECT value FROM wettbewerb_log WHERE key = 'log_id'", &[])?;
            Ok(row.get(0))
        })
    }

    pub fn instance(&self) -> uuid::Uuid {
        self.instance
    }

    /// Runs `work` on one of the connections and waits for its answer.
    pub fn run<R: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Client) -> Result<R, postgres::Error> + Send + 'static,
    ) -> Result<R, SharedError> {
        let (answer, answered) = mpsc::sync_channel(1);
        let call: Call = Box::new(move |slot: &mut Option<Client>| {
            let outcome = match connected(slot) {
                Ok(client) => work(client).map_err(SharedError::from),
                Err(e) => Err(e),
            };
            if slot.as_ref().is_some_and(Client::is_closed) {
                *slot = None;
            }
            let _ = answer.send(outcome);
        });
        self.calls
            .lock()
            .map_err(|_| SharedError("the connections have stopped".into()))?
            .send(call)
            .map_err(|_| SharedError("the connections have stopped".into()))?;
        answered
            .recv()
            .map_err(|_| SharedError("a connection stopped while answering".into()))?
    }
}

/// The thread connects before each call that finds no connection; a call without one fails.
fn connected(slot: &mut Option<Client>) -> Result<&mut Client, SharedError> {
    slot.as_mut()
        .ok_or_else(|| SharedError("PostgreSQL cannot be reached".into()))
}

/// One connection's thread: answers calls until the database handle is dropped.
fn serve(url: &str, calls: &Mutex<mpsc::Receiver<Call>>) {
    let mut client: Option<Client> = None;
    loop {
        let call = {
            let Ok(receiver) = calls.lock() else { return };
            match receiver.recv() {
                Ok(call) => call,
                Err(_) => return,
            }
        };
        if client.is_none() {
            match super::connection::connect(url) {
                Ok(connected) => client = Some(connected),
                Err(e) => tracing::warn!(error = %e, "connecting to the shared database failed"),
            }
        }
        call(&mut client);
    }
}
