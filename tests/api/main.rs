//! The running service over HTTP, driven as people use it: forms, cookies, CSRF tokens, e-mail.

mod accounts;
mod addresses;
mod applicant_flow;
mod authorization;
mod compression;
mod conflicts;
mod health;
mod jury;
mod jury_pages;
mod limits;
mod one_status;
mod refusals;
mod reserve_list;
mod review_integrity;
#[allow(dead_code)]
#[path = "../email/smtp.rs"]
mod smtp;
mod staff;
mod staff_flow;
mod staff_pages;
mod stage_rules;
mod support;
