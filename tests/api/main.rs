//! The running service over HTTP, driven as people use it: forms, cookies, CSRF tokens, e-mail.

mod accounts;
mod addresses;
mod applicant_flow;
mod authorization;
mod budget_years;
mod circulars;
mod compression;
mod conflicts;
mod consensus;
mod details_refusal;
mod discussion;
mod document_notices;
mod english_formats;
mod financing_support;
mod formal_check;
mod health;
mod invitation_order;
mod jury;
mod jury_pages;
mod limits;
mod mail_texts;
mod meeting;
mod one_status;
mod plan_editor;
mod pledge_review;
mod privacy_consent;
mod public_results;
mod redress;
mod refusals;
mod request_ids;
mod reserve_list;
mod review_integrity;
mod review_justification;
mod second_factor;
#[allow(dead_code)]
#[path = "../email/smtp.rs"]
mod smtp;
mod staff;
mod staff_flow;
mod staff_pages;
mod stage_forms;
mod stage_rules;
mod support;
