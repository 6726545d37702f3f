//! The log on PostgreSQL with several instances: commit order, replicas, handing over work.
//! Needs `WETTBEWERB_TEST_POSTGRES` (`.ci/run` starts a server; `scripts/postgres.sh start`).

#[path = "../common/postgres.rs"]
mod postgres;

mod commit_order;
