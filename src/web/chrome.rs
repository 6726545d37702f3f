//! What the layout around every page needs: language, who is logged in, the CSRF token for
//! forms, a flash message and the current address (for the language switch).

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};

use super::lang::language_of;
use super::session::{CurrentUser, FlashMessage, csrf_token, current_user, take_flash};
use super::state::AppState;
use crate::config::SecondFactorPolicy;
use crate::domain::account::{Language, Role};
use crate::domain::second_factor::required_for;
use crate::texts::Text;

#[derive(Debug, Clone)]
pub struct Chrome {
    pub lang: Language,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub flash: Option<FlashMessage>,
    /// Path and query of this page.
    pub here: String,
}

impl Chrome {
    pub fn of(req: &HttpRequest) -> Self {
        let session = req.get_session();
        let user = req.app_data::<Data<AppState>>().and_then(|state| {
            let mut user = current_user(&session, &state.models, state.clock.now())?;
            user.must_set_up_second_factor = state.second_factor == SecondFactorPolicy::Required
                && required_for(user.role)
                && !user.has_second_factor;
            Some(user)
        });
        Self {
            lang: language_of(req),
            user,
            csrf: csrf_token(&session),
            flash: take_flash(&session),
            here: req
                .uri()
                .path_and_query()
                .map_or("/".to_owned(), |p| p.as_str().to_owned()),
        }
    }

    /// The German or the English text, whichever the page speaks.
    pub fn t<'a>(&self, de: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Language::De => de,
            Language::En => en,
        }
    }

    /// Like `t`, for texts built at run time.
    pub fn ts(&self, de: &str, en: &str) -> String {
        self.t(de, en).to_owned()
    }

    /// A text of `crate::texts`, in the page's language.
    pub fn text<'a>(&self, text: Text<&'a str>) -> &'a str {
        text.get(self.lang)
    }

    /// A text of `crate::texts` built at run time, in the page's language.
    pub fn say(&self, text: Text<String>) -> String {
        text.into_lang(self.lang)
    }

    pub fn en(&self) -> bool {
        self.lang == Language::En
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn is_staff(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is(Role::Staff))
    }

    pub fn is_juror(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is(Role::Juror))
    }

    pub fn is_applicant(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is(Role::Applicant))
    }

    pub fn logged_in(&self) -> bool {
        self.user.is_some()
    }

    pub fn user_name(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.name.as_str())
    }

    /// Where the language switch goes: the other language.
    pub fn switch_action(&self) -> &'static str {
        match self.lang {
            Language::De => "/sprache/en",
            Language::En => "/sprache/de",
        }
    }

    /// `aria-current` for the navigation entry of this page.
    pub fn current(&self, prefix: &str) -> &'static str {
        let path = self.here.split('?').next().unwrap_or_default();
        let matches = if prefix == "/" {
            path == "/"
        } else {
            path.starts_with(prefix)
        };
        if matches { "page" } else { "false" }
    }
}

pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

impl FromRequest for Chrome {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Chrome::of(req)))
    }
}
