//! The log on PostgreSQL with several instances: commit order, replicas, handing over work.
//! Needs `WETTBEWERB_TEST_POSTGRES` (`.ci/run` starts a server; `scripts/postgres.sh start`).

#[path = "../common/postgres.rs"]
mod postgres;

#[path = "../common/service.rs"]
mod service;
#[path = "../email/smtp.rs"]
#[allow(dead_code)] // the holding gate is for the e-mail tests
mod smtp;

mod commit_order;
mod instances;
mod limits;
mod migration;
