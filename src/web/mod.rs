//! HTTP handlers; `routes` is the one route table.

mod health;
mod home;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(health::get))
        .route("/", web::get().to(home::get));
}
