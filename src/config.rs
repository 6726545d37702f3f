//! Typed settings of the service.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Settings {
    /// Everything the service keeps: the event log under `events/`, later documents and mail.
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
}

impl Settings {
    pub fn event_store_dir(&self) -> PathBuf {
        event_store_dir(&self.data_dir)
    }
}

pub fn event_store_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("events")
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data"),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
        }
    }
}
