//! The discussion page jurors and staff share: the thread of one application in one stage, read
//! from its stream when the page is asked for, and the form to post in it. Each rendering of the
//! form carries a fresh post id, so that the same form sent twice posts once.

use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::app::{ExecuteError, load, stream_of};
use crate::domain::discussion::{Author, Discussion, DiscussionError, DiscussionKey};
use crate::domain::ids::CompetitionId;
use crate::projections::Views;
use crate::texts::discussion as words;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, from_execute, page_with_status};
use crate::web::forms::FieldErrors;
use crate::web::state::AppState;

pub struct PostView {
    pub author: String,
    /// Written by programme staff, not a juror.
    pub staff: bool,
    pub at: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "discussion.html")]
pub struct DiscussionPage {
    pub c: Chrome,
    pub title: String,
    pub competition: String,
    pub stage_number: usize,
    pub stage_title: String,
    /// For staff, once there is more than one: every stage that has started, its number and
    /// title, and whether it is the one shown.
    pub stages: Vec<(usize, String, bool)>,
    /// Where the page leads back to: the juror's application page, or the staff's reviews.
    pub back: String,
    /// Where the form posts.
    pub action: String,
    pub staff: bool,
    pub posts: Vec<PostView>,
    /// The id this rendering of the form posts under.
    pub post_id: String,
    /// The text of a refused post, to be sent again.
    pub text: String,
    pub errors: FieldErrors,
    pub notice: Option<String>,
    /// Why the thread is not shown to this juror yet; then neither posts nor form are.
    pub closed: Option<String>,
}

/// Where the page is and who reads it.
pub struct Place {
    pub competition: CompetitionId,
    pub key: DiscussionKey,
    pub back: String,
    pub action: String,
    pub staff: bool,
}

impl DiscussionPage {
    /// The thread as it is now, with an empty form.
    pub fn build(
        c: Chrome,
        state: &AppState,
        views: &Views,
        place: Place,
    ) -> Result<Self, WebError> {
        let competition = &views
            .competitions
            .get(&place.competition)
            .ok_or(WebError::NotFound)?
            .state;
        let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
        let stage = setup
            .stages
            .get(place.key.stage)
            .ok_or(WebError::NotFound)?;
        let application = &views
            .applications
            .get(&place.key.application)
            .filter(|a| a.state.competition_id == Some(place.competition))
            .ok_or(WebError::NotFound)?
            .state;
        let (thread, _) = load::<Discussion>(&state.store, &stream_of::<Discussion>(&place.key))
            .map_err(|e| from_execute(e, words::refusal))?;
        let jury = views.juries.get(&place.competition);
        let posts = thread
            .posts
            .iter()
            .map(|post| {
                let (author, staff) = match &post.author {
                    Author::Juror { juror } => (
                        jury.and_then(|j| j.jurors.get(juror))
                            .map(|j| j.name.clone())
                            .unwrap_or_default(),
                        false,
                    ),
                    Author::Staff { name, .. } => {
                        let role = c.text(words::STAFF_AUTHOR);
                        if name.trim().is_empty() {
                            (role.to_owned(), true)
                        } else {
                            (format!("{role} ({name})"), true)
                        }
                    }
                };
                PostView {
                    author,
                    staff,
                    at: berlin(post.at, c.lang),
                    text: post.text.clone(),
                }
            })
            .collect();
        Ok(Self {
            title: application.title.clone(),
            competition: setup.name.clone(),
            stage_number: place.key.stage + 1,
            stage_title: stage.title.clone(),
            stages: if place.staff && competition.stage > 0 {
                setup
                    .stages
                    .iter()
                    .take(competition.stage + 1)
                    .enumerate()
                    .map(|(i, s)| (i + 1, s.title.clone(), i == place.key.stage))
                    .collect()
            } else {
                Vec::new()
            },
            back: place.back,
            action: place.action,
            staff: place.staff,
            posts,
            post_id: uuid::Uuid::new_v4().to_string(),
            text: String::new(),
            errors: FieldErrors::default(),
            notice: None,
            closed: None,
            c,
        })
    }

    /// Hides the thread: the juror may not read it yet, and the page says why.
    pub fn closed(mut self, why: &DiscussionError) -> Self {
        self.closed = Some(self.c.say(words::refusal(why)));
        self.posts.clear();
        self
    }

    /// The form as sent, refused for `why` (beside the text field), under the same post id.
    pub fn refused(mut self, post_id: &str, text: &str, why: &DiscussionError) -> Self {
        let reason = self.c.say(words::refusal(why));
        self.errors.add("text", reason);
        self.post_id = post_id.to_owned();
        self.text = text.to_owned();
        self
    }

    pub fn respond(&self, status: StatusCode) -> Result<HttpResponse, WebError> {
        page_with_status(status, self)
    }
}

/// The form's post id: the uuid it carried, or a fresh one for a form without (which then
/// cannot be told from a repeat, but posts).
pub fn post_id(sent: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(sent.trim()).unwrap_or_else(|_| uuid::Uuid::new_v4())
}

/// What a refused post becomes: the page again with the reason (422), or the error as it is.
pub fn refusal_of(
    error: ExecuteError<DiscussionError>,
    page: impl FnOnce(&DiscussionError) -> Result<DiscussionPage, WebError>,
) -> Result<HttpResponse, WebError> {
    match error {
        ExecuteError::Refused(
            ref why @ (DiscussionError::NoText
            | DiscussionError::BadText(_)
            | DiscussionError::Full { .. }),
        ) => page(why)?.respond(StatusCode::UNPROCESSABLE_ENTITY),
        ExecuteError::Refused(_) => Err(WebError::Forbidden),
        other => Err(from_execute(other, words::refusal)),
    }
}
