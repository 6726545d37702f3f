//! The main path of each role in a real headless Chromium, typing and clicking as people do,
//! with every page checked for valid HTML and accessibility on the way.
//!
//! Needs chromium, chromedriver, java and `npm ci --prefix tests/browser`; without them the
//! tests are skipped, unless `WETTBEWERB_BROWSER_TESTS=required` (CI) makes that a failure.

mod applicant;
mod audit;
mod browser;
mod checkers;
mod circulars;
mod deliberation;
mod driver;
mod failures;
#[allow(dead_code)]
#[path = "../api/financing_support.rs"]
mod financing_support;
mod formal_check;
mod juror;
mod keyboard;
mod keys;
mod legal;
mod meeting;
mod recorder;
mod redress;
mod second_factor;
mod setup;
#[allow(dead_code)]
#[path = "../email/smtp.rs"]
mod smtp;
mod staff;
mod stage_form;
#[allow(dead_code)]
#[path = "../api/support.rs"]
mod support;
mod tools;
mod widths;
mod world;
