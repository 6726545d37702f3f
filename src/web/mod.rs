//! HTTP: thin handlers per resource; `routes` is the one route table.

mod accessibility;
pub mod accounts;
pub mod api;
pub mod applications;
pub mod charts;
pub mod chrome;
pub mod client;
pub mod competitions;
pub mod consensus_view;
pub mod csrf;
pub mod discussion_view;
pub mod error;
pub mod financing_view;
pub mod forms;
mod health;
mod imprint;
pub mod jury;
pub mod lang;
pub mod letters;
pub mod operator;
pub mod paging;
pub mod policy;
mod privacy;
pub mod qr;
pub mod rate_limit;
pub mod read_your_writes;
pub mod request_id;
pub mod request_log;
pub mod results;
pub mod session;
pub mod staff;
pub mod state;
mod static_files;

use actix_web::web;
use actix_web::web::{get, post, resource};

use accounts::{
    api_tokens, language, login, login_code, my_data, password_reset, register, second_factor,
    verify,
};
use applications::{
    create, dashboard, details, documents, editor, editors, partners, sections, status, submission,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    api::routes(cfg);
    cfg.route("/health", get().to(health::get))
        .route("/static/style.css", get().to(static_files::style))
        .route("/", get().to(competitions::list))
        .route("/wettbewerbe/{id}", get().to(competitions::show))
        .route("/wettbewerbe/{id}/ergebnisse", get().to(results::get))
        .service(
            resource("/wettbewerbe/{id}/antrag")
                .get(create::get)
                .post(create::post),
        )
        // Accounts
        .service(
            resource("/registrieren")
                .get(register::get)
                .post(register::post),
        )
        .route("/registrieren/danke", get().to(register::registered))
        .route("/datenschutz", get().to(privacy::get))
        .route("/konto", get().to(my_data::get))
        .route("/konto/meine-daten.json", get().to(my_data::download))
        .route("/impressum", get().to(imprint::get))
        .service(
            resource("/barrierefreiheit")
                .get(accessibility::get)
                .post(accessibility::post),
        )
        .route("/konto/bestaetigen", get().to(verify::get))
        .route("/konto/bestaetigung-senden", post().to(verify::resend))
        .service(resource("/anmelden").get(login::get).post(login::post))
        .service(
            resource("/anmelden/code")
                .get(login_code::get)
                .post(login_code::post),
        )
        .service(
            resource("/konto/zweiter-faktor")
                .get(second_factor::get)
                .post(second_factor::post),
        )
        .route(
            "/konto/zweiter-faktor/entfernen",
            post().to(second_factor::remove),
        )
        .service(
            resource("/konto/api-schluessel")
                .get(api_tokens::get)
                .post(api_tokens::create),
        )
        .route(
            "/konto/api-schluessel/{id}/widerrufen",
            post().to(api_tokens::revoke),
        )
        .route("/abmelden", post().to(login::logout))
        .service(
            resource("/passwort-vergessen")
                .get(password_reset::get_forgot)
                .post(password_reset::post_forgot),
        )
        .service(
            resource("/passwort-neu")
                .get(password_reset::get_reset)
                .post(password_reset::post_reset),
        )
        .service(resource("/sprache/{code}").post(language::post))
        // Applicants
        .route("/antraege", get().to(dashboard::get))
        .route("/antraege/{id}", get().to(editor::get))
        .route("/antraege/{id}/angaben", post().to(details::post))
        .route(
            "/antraege/{id}/koordination",
            post().to(partners::coordinator),
        )
        .route("/antraege/{id}/partner", post().to(partners::add))
        .route("/antraege/{id}/partner/{index}", post().to(partners::edit))
        .route(
            "/antraege/{id}/partner/{index}/entfernen",
            post().to(partners::remove),
        )
        .route("/antraege/{id}/abschnitte", post().to(sections::post))
        .route("/antraege/{id}/dokumente", post().to(documents::upload))
        .route(
            "/antraege/{id}/dokumente/{sha256}",
            get().to(documents::download),
        )
        .route(
            "/antraege/{id}/dokumente/{sha256}/entfernen",
            post().to(documents::remove),
        )
        .route("/antraege/{id}/einreichen", post().to(submission::submit))
        .route("/antraege/{id}/nachreichen", post().to(submission::hand_in))
        .route(
            "/antraege/{id}/zurueckziehen",
            post().to(submission::withdraw),
        )
        .route("/antraege/{id}/eingang", get().to(submission::receipt))
        .route("/antraege/{id}/status", get().to(status::get))
        .service(
            resource("/antraege/{id}/verzichten")
                .get(applications::decline::get)
                .post(applications::decline::post),
        )
        .service(
            resource("/antraege/{id}/widerspruch")
                .get(applications::redress::get)
                .post(applications::redress::post),
        )
        .route(
            "/antraege/{id}/finanzierung",
            get().to(applications::financing::get),
        )
        .route(
            "/antraege/{id}/finanzierung/laufzeit",
            post().to(applications::financing::term),
        )
        .route(
            "/antraege/{id}/finanzierung/partner/{slot}",
            post().to(applications::financing::partner),
        )
        .route(
            "/antraege/{id}/absichtserklaerungen",
            post().to(applications::pledges::record),
        )
        .route(
            "/antraege/{id}/absichtserklaerungen/{pledge}/entfernen",
            post().to(applications::pledges::remove),
        )
        .service(
            resource("/antraege/{id}/absichtserklaerungen/{pledge}/schreiben")
                .get(applications::pledges::letter)
                .post(applications::pledges::upload_letter),
        )
        .route("/antraege/{id}/mitwirkende", post().to(editors::invite))
        .route(
            "/antraege/{id}/mitwirkende/entfernen",
            post().to(editors::remove),
        )
        // Jury
        .route("/jury", get().to(jury::dashboard::get))
        .service(
            resource("/jury/einladung")
                .get(jury::invitation::get)
                .post(jury::invitation::post),
        )
        .route("/jury/{k}/antraege/{a}", get().to(jury::application::get))
        .route(
            "/jury/{k}/antraege/{a}/unbefangen",
            post().to(jury::application::confirm),
        )
        .route(
            "/jury/{k}/antraege/{a}/befangen",
            post().to(jury::application::declare),
        )
        .route(
            "/jury/{k}/antraege/{a}/bewertung",
            post().to(jury::scoring::post),
        )
        .service(
            resource("/jury/{k}/antraege/{a}/konsens")
                .get(jury::consensus::get)
                .post(jury::consensus::post),
        )
        .service(
            resource("/jury/{k}/antraege/{a}/diskussion")
                .get(jury::discussion::get)
                .post(jury::discussion::post),
        )
        .route(
            "/jury/{k}/antraege/{a}/dokumente/{sha256}",
            get().to(jury::documents::download),
        )
        .route(
            "/jury/{k}/antraege/{a}/dokumente/{sha256}/ansicht",
            get().to(jury::documents::view),
        )
        .route(
            "/jury/{k}/antraege/{a}/absichtserklaerungen/{pledge}",
            get().to(jury::documents::letter),
        )
        .route(
            "/jury/{k}/unterlagen.zip",
            get().to(jury::documents::bundle),
        )
        .service(
            resource("/jury/{k}/unbefangen")
                .get(jury::conflict_check::get)
                .post(jury::conflict_check::post),
        )
        .service(
            resource("/jury/{k}/befangenheiten")
                .get(jury::known_conflicts::get)
                .post(jury::known_conflicts::post),
        )
        // Staff
        .route("/verwaltung", get().to(staff::overview::get))
        .route("/verwaltung/postausgang", get().to(staff::outbox::get))
        .route(
            "/verwaltung/datenschutz/loeschfristen",
            get().to(staff::retention::get),
        )
        .route(
            "/verwaltung/datenschutz/loeschfristen/{k}",
            post().to(staff::retention::set),
        )
        .service(
            resource("/verwaltung/datenschutz/loeschung")
                .get(staff::erasure::get)
                .post(staff::erasure::post),
        )
        .route("/verwaltung/rueckmeldungen", get().to(staff::feedback::get))
        .service(
            resource("/verwaltung/zweiter-faktor")
                .get(staff::second_factor_reset::get)
                .post(staff::second_factor_reset::post),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/ausschreibung")
                .get(staff::setup::get)
                .post(staff::setup::post),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/zuordnung",
            post().to(staff::competition::assign_by_hand),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/auswertung",
            get().to(staff::dashboard::get),
        )
        .route(
            "/verwaltung/protokoll/{kind}/{id}",
            get().to(staff::audit::get),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/export/{file}",
            get().to(staff::exports::get),
        )
        .route(
            "/verwaltung/wettbewerbe/neu",
            get().to(staff::competition::new),
        )
        .route(
            "/verwaltung/wettbewerbe",
            post().to(staff::competition::create),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}",
            get().to(staff::competition::get),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/schritt/{action}")
                .get(staff::competition::confirm_step)
                .post(staff::competition::step),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/frist",
            post().to(staff::competition::extend),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/frist-vorziehen",
            post().to(staff::competition::shorten),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/loeschen")
                .get(staff::competition::confirm_delete)
                .post(staff::competition::delete),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/zuordnungen-mitteilen",
            post().to(staff::competition::announce),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/erinnern",
            post().to(staff::reminders::send),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/ablehnen",
            post().to(staff::competition::reject),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/zuordnen",
            post().to(staff::competition::assign),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/rangliste",
            get().to(staff::ranking::get),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/entscheiden",
            post().to(staff::ranking::decide),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/nachruecken",
            post().to(staff::reserve::move_up),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/abschliessen-entscheidungen")
                .get(staff::ranking::confirm_finalise)
                .post(staff::ranking::finalise),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/sitzung",
            get().to(staff::meeting::get),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/sitzung/eroeffnen",
            post().to(staff::meeting::open),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/sitzung/anwesenheit",
            post().to(staff::meeting::attendance),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/sitzung/reihenfolge",
            post().to(staff::meeting::agenda_order),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/sitzung/empfehlung",
            post().to(staff::meeting::recommend),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/sitzung/schliessen",
            post().to(staff::meeting::close),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/sitzung/protokoll",
            get().to(staff::meeting_minutes::get),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/widersprueche",
            get().to(staff::redress::list),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/rundschreiben")
                .get(staff::circulars::get)
                .post(staff::circulars::post),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/rundschreiben/{id}",
            get().to(staff::circular::get),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/widersprueche/{a}/{stufe}")
                .get(staff::redress::get)
                .post(staff::redress::answer),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/mailtexte",
            get().to(staff::mail_texts::list),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/mailtexte/{art}/{sprache}")
                .get(staff::mail_texts::get)
                .post(staff::mail_texts::post),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/mailtexte/{art}/{sprache}/standard",
            post().to(staff::mail_texts::reset),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/formalpruefung",
            get().to(staff::formal_check_page::get),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/formalpruefung/pruefpunkte",
            post().to(staff::formal_check_page::tick),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/formalpruefung/nachforderung",
            post().to(staff::formal_check_page::request),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/formalpruefung/abschliessen",
            post().to(staff::formal_check_page::complete),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/finanzierung",
            get().to(staff::financing::get),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/finanzierung/{pledge}",
            post().to(staff::financing::review),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/finanzierung/{pledge}/schreiben",
            get().to(staff::financing::letter),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/antrag",
            get().to(staff::application_form::get),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/bewertungen",
            get().to(staff::reviews::get),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/antraege/{a}/konsens")
                .get(staff::consensus::get)
                .post(staff::consensus::close),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/berichterstattung")
                .get(staff::consensus::rapporteurs)
                .post(staff::consensus::name),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/antraege/{a}/bewertungen/wiedereroeffnen",
            post().to(staff::reviews::reopen),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/antraege/{a}/diskussion")
                .get(staff::discussion::get)
                .post(staff::discussion::post),
        )
        .service(
            resource("/verwaltung/wettbewerbe/{k}/jury")
                .get(staff::jury::get)
                .post(staff::jury::invite),
        )
        .route(
            "/verwaltung/wettbewerbe/{k}/jury/{juror}/einladen",
            post().to(staff::jury::reinvite),
        )
        .route(
            "/verwaltung/postausgang/wiederholen",
            post().to(staff::outbox::retry),
        );
}
