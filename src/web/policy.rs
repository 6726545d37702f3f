//! Who may do what: every route asks here, and only here.
//!
//! | what | anonymous | applicant | juror | staff |
//! |---|---|---|---|---|
//! | public competition pages | read | read | read | read |
//! | own dashboard | login | yes | – | – |
//! | an application | login | members (owner, invited editors) edit | 403 until jury pages | read |
//! | invite co-editors | login | the owner | 403 | 403 |
//! | `/jury` | login | 403 | yes | 403 |
//! | an assigned application on `/jury/…` | login | 403 | assigned, not conflicted; content and documents after confirming no conflict | 403 |
//! | a competition's juror pages (`/jury/{k}/…`: conflict checks, all documents) | login | 403 | a juror of that competition (accepted seat) | 403 |
//! | `/verwaltung`, the outbox | login | 403 | 403 | yes |
//! | `/konto/zweiter-faktor` (set up, remove a second factor) | login | yes | yes | yes |
//! | `/verwaltung/zweiter-faktor` (reset a person's second factor) | login | 403 | 403 | yes |
//!
//! Where second factors are required, staff and jurors without one are sent from every page
//! that asks here to its set-up (`/konto/zweiter-faktor`).

use super::chrome::Chrome;
use super::error::WebError;
use super::session::CurrentUser;
use crate::domain::account::Role;
use crate::domain::ids::{ApplicationId, CompetitionId, JurorId};
use crate::projections::Views;
use crate::texts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Programme staff: every page, no changes to a consortium's text.
    Read,
    /// A member of the consortium.
    Edit,
}

/// A logged-in person; staff and jurors who must set up a second factor first are sent to
/// its set-up from every page.
pub fn user(c: &Chrome) -> Result<&CurrentUser, WebError> {
    let user = user_setting_up(c)?;
    if user.must_set_up_second_factor {
        return Err(WebError::SecondFactorSetUpFirst);
    }
    Ok(user)
}

/// A logged-in person, whether or not a second factor they must have is set up yet: for the
/// set-up itself.
pub fn user_setting_up(c: &Chrome) -> Result<&CurrentUser, WebError> {
    c.user.as_ref().ok_or(WebError::LoginRequired)
}

pub fn role(c: &Chrome, role: Role) -> Result<&CurrentUser, WebError> {
    let user = user(c)?;
    if user.is(role) {
        Ok(user)
    } else {
        Err(WebError::Forbidden)
    }
}

pub fn application(c: &Chrome, views: &Views, id: ApplicationId) -> Result<Access, WebError> {
    let user = user(c)?;
    if !views.applications.contains_key(&id) {
        return Err(WebError::NotFound);
    }
    match user.role {
        Role::Staff => Ok(Access::Read),
        Role::Applicant if views.is_member(user.id, id) => Ok(Access::Edit),
        _ => Err(WebError::Forbidden),
    }
}

/// For changes: members only, and only while the application can still be submitted (the
/// domain's `past_submission`: a draft whose stage's submission is over is final).
pub fn edit_application(c: &Chrome, views: &Views, id: ApplicationId) -> Result<(), WebError> {
    if application(c, views, id)? == Access::Read {
        return Err(WebError::Forbidden);
    }
    let state = views.applications.get(&id).map(|v| &v.state);
    let progress = state
        .and_then(|a| a.competition_id)
        .and_then(|k| views.competitions.get(&k))
        .map(|k| k.state.progress());
    if let (Some(application), Some(progress)) = (state, progress)
        && application.past_submission(progress)
    {
        return Err(WebError::unprocessable(
            texts::common::NOT_SUBMITTED_IN_ITS_STAGE,
        ));
    }
    Ok(())
}

/// Inviting and removing co-editors: the owner only.
pub fn own_application(c: &Chrome, views: &Views, id: ApplicationId) -> Result<(), WebError> {
    edit_application(c, views, id)?;
    let owner = views.applications.get(&id).and_then(|a| a.state.owner);
    if owner == c.user.as_ref().map(|u| u.id) {
        Ok(())
    } else {
        Err(WebError::Forbidden)
    }
}

/// Where a juror stands with an application they may see.
#[derive(Debug, Clone, Copy)]
pub struct Seat {
    pub juror: JurorId,
    pub stage: usize,
    /// The juror confirmed having no conflict; only then is the content shown.
    pub confirmed: bool,
}

/// A juror's seat on a competition's jury (the jury's
/// [`seat_of`](crate::domain::jury::Jury::seat_of)) and the
/// competition's current stage: 403 for anyone without an accepted seat there.
pub fn juror_on(
    c: &Chrome,
    views: &Views,
    competition: CompetitionId,
) -> Result<(JurorId, usize), WebError> {
    let user = role(c, Role::Juror)?;
    let jury = views.juries.get(&competition).ok_or(WebError::Forbidden)?;
    let juror = jury.seat_of(&user.email).ok_or(WebError::Forbidden)?;
    let stage = views
        .competitions
        .get(&competition)
        .map(|k| k.state.stage)
        .ok_or(WebError::Forbidden)?;
    Ok((juror, stage))
}

/// A juror's access to an application: a juror of the competition, assigned to it in the
/// current stage, and not conflicted with it. Conflicted jurors get 403 on every route.
pub fn juror_seat(
    c: &Chrome,
    views: &Views,
    competition: CompetitionId,
    application: ApplicationId,
) -> Result<Seat, WebError> {
    let (juror, stage) = juror_on(c, views, competition)?;
    let jury = views.juries.get(&competition).ok_or(WebError::Forbidden)?;
    if jury.is_conflicted(juror, application) || !jury.is_assigned(stage, juror, application) {
        return Err(WebError::Forbidden);
    }
    Ok(Seat {
        juror,
        stage,
        confirmed: jury.confirmed.contains(&(juror, application)),
    })
}
