//! Programme staff: the overview of competitions and the outbox.

pub mod application_form;
pub mod audit;
pub mod competition;
pub mod confirm;
pub mod consensus;
pub mod consensus_export;
pub mod dashboard;
pub mod dashboard_money;
pub mod exports;
pub mod financing;
mod financing_export;
pub mod jury;
pub mod outbox;
pub mod overview;
pub mod ranking;
pub mod ranking_consensus;
pub mod ranking_years;
pub mod redress;
pub mod reminders;
pub mod reserve;
pub mod reviews;
pub mod round_list;
pub mod round_steps;
pub mod setup;
pub mod setup_form;
pub mod stage_form_rows;
pub mod stage_links;
