//! The `wettbewerb` binary as an operator uses it: export, import, verify, and a kill loop.

mod admin;
mod crash;
mod data_dir;
mod erasure;
mod export_import;
mod load_crash;
mod prune;
mod support;
mod verify;
