//! The pure domain: aggregates with their commands, events, state and errors. No I/O here.

pub mod accessibility_feedback;
pub mod account;
pub mod aggregate;
pub mod api_token;
pub mod application;
pub mod assignment;
pub mod budget;
pub mod circular;
pub mod competition;
pub mod confidence;
pub mod consensus;
pub mod discussion;
pub mod eligibility;
pub mod email_address;
pub mod erasure;
pub mod evaluation_summary;
pub mod field;
pub mod financing;
pub mod formal_check;
mod formal_check_commands;
pub mod ids;
pub mod jury;
pub mod land;
pub mod mail_texts;
pub mod meeting;
pub mod money;
pub mod own_score;
pub mod partner;
pub mod personal_fields;
pub mod presets;
pub mod privacy;
pub mod ranking;
pub mod readiness;
pub mod recommendation;
pub mod redress;
pub mod reserve;
pub mod retention;
pub mod review;
pub mod review_standing;
pub mod second_factor;
pub mod setup;
pub mod setup_limits;
pub mod stage_form;
pub mod stage_status;
pub mod status;
pub mod steps;
pub mod text;

#[cfg(test)]
mod application_tests;
#[cfg(test)]
mod assignment_tests;
#[cfg(test)]
mod budget_tests;
#[cfg(test)]
mod consensus_tests;
#[cfg(test)]
mod discussion_tests;
#[cfg(test)]
mod formal_check_tests;
#[cfg(test)]
mod jury_tests;
#[cfg(test)]
mod meeting_tests;
#[cfg(test)]
mod readiness_tests;
#[cfg(test)]
mod redress_tests;
#[cfg(test)]
mod reserve_tests;
#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod review_text_tests;
#[cfg(test)]
mod second_factor_tests;
#[cfg(test)]
mod stage_form_tests;
