//! The running service over HTTP.

mod health;
mod support;
