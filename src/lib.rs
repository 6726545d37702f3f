//! wettbewerb: funding competitions on an append-only event log.

pub mod app;
pub mod cli;
pub mod clock;
pub mod command_log;
pub mod config;
pub mod demo;
pub mod document_bundle;
pub mod documents;
pub mod domain;
pub mod durable_file;
pub mod email;
pub mod event_store;
pub mod file_name;
pub mod number_display;
pub mod personal;
pub mod processes;
pub mod projections;
pub mod reminders;
pub mod security;
pub mod startup;
pub mod storage;
pub mod telemetry;
pub mod texts;
pub mod time_display;
pub mod usecases;
pub mod web;
