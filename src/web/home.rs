//! The start page.

use askama::Template;
use askama_web::WebTemplate;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage;

pub async fn get() -> HomePage {
    HomePage
}
