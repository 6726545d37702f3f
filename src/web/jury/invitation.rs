//! `/jury/einladung`: an invited juror joins through the signed link from the e-mail: sets a
//! password (or confirms the one of their juror account), states organisation and expertise,
//! and gives the confidentiality declaration. The competition's applications and their
//! consortia are shown only after that, on the page of known conflicts it leads to.
//! A link followed again after accepting leads to the login, or to `/jury` when logged in.

use std::collections::{BTreeSet, HashMap};

use actix_session::Session;
use actix_web::web::{Data, Query};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{Actor, ExecuteError, stream_of};
use crate::domain::account::{Account, AccountCommand, Role};
use crate::domain::field::TechnologyField;
use crate::domain::ids::{CompetitionId, JurorId};
use crate::domain::jury::{
    ApplicationFacts, CONFIDENTIALITY_DE, CONFIDENTIALITY_EN, INVITATION_VALIDITY, Juror, Jury,
    JuryCommand, JuryError,
};
use crate::projections::password_hash_of;
use crate::security::links::Purpose;
use crate::security::password;
use crate::texts::{self, refusals};
use crate::web::applications::editor::Choice;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::{FieldErrors, check_line, check_new_password};
use crate::web::rate_limit;
use crate::web::session::{Flash, begin_second_step, flash, log_in};
use crate::web::state::AppState;

#[derive(Debug, Clone, Deserialize)]
pub struct InvitationLink {
    pub einladung: String,
    pub n: String,
    pub t: String,
}

/// What the link is for, once its signature and nonce hold.
struct Invitation {
    competition: CompetitionId,
    juror_id: JurorId,
    juror: Juror,
    competition_name: String,
    /// The competition has applications handed in: after accepting, the juror is asked for
    /// the conflicts they already know of.
    has_applications: bool,
    /// A verified account with this address exists and is a juror's.
    has_account: bool,
    /// An account was registered with this address but never verified: the invitation link
    /// proves the address, so accepting takes that account over.
    unverified_account: bool,
}

/// The competition and seat a link names, when its signature holds.
fn signed_seat(state: &AppState, link: &InvitationLink) -> Option<(CompetitionId, JurorId)> {
    if !state
        .links
        .verify(Purpose::JurorInvitation, &link.einladung, &link.n, &link.t)
    {
        return None;
    }
    let (competition, juror) = link.einladung.split_once('.')?;
    Some((CompetitionId::parse(competition)?, JurorId::parse(juror)?))
}

/// Where a genuine link leads once its seat is accepted: the jury pages when logged in, the
/// login otherwise (the link itself has done its work).
fn accepted_already(c: &Chrome, state: &AppState, link: &InvitationLink) -> Option<HttpResponse> {
    let (competition, juror_id) = signed_seat(state, link)?;
    let accepted = state
        .models
        .read()
        .juries
        .get(&competition)
        .is_some_and(|jury| jury.accepted.contains(&juror_id));
    accepted.then(|| {
        let logged_in = c.user.as_ref().is_some_and(|u| u.is(Role::Juror));
        see_other(if logged_in { "/jury" } else { "/anmelden" })
    })
}

fn invitation(state: &AppState, link: &InvitationLink) -> Result<Invitation, WebError> {
    let invalid = || WebError::unprocessable(refusals::jury(&JuryError::InvalidInvitation));
    let (competition, juror_id) = signed_seat(state, link).ok_or_else(invalid)?;
    let views = state.models.read();
    // A deleted draft's invitations lapse with it.
    if !views.competitions.contains_key(&competition) {
        return Err(invalid());
    }
    let jury = views.juries.get(&competition).ok_or_else(invalid)?;
    if jury.accepted.contains(&juror_id) {
        return Err(WebError::unprocessable(refusals::jury(
            &JuryError::AlreadyAccepted,
        )));
    }
    let now = state.clock.now();
    let current = jury
        .invitations
        .get(&juror_id)
        .is_some_and(|(n, at)| *n == link.n && now - *at <= INVITATION_VALIDITY);
    let juror = jury
        .jurors
        .get(&juror_id)
        .filter(|_| current)
        .ok_or_else(invalid)?;
    let found = views.account_by_email(&juror.email).cloned();
    // Only a verified account can hold the address: otherwise anyone could block an
    // invitation by registering the juror's address first.
    let holds = |a: &Account| a.verified || a.role == Some(Role::Juror);
    let unverified_account = found.as_ref().is_some_and(|a| !holds(a));
    let account = found.filter(holds);
    if account
        .as_ref()
        .is_some_and(|a| a.role != Some(Role::Juror))
    {
        return Err(WebError::unprocessable(
            texts::jury::ADDRESS_HAS_OTHER_ACCOUNT,
        ));
    }
    let has_applications = !super::known_conflicts::handed_in(&views, competition).is_empty();
    Ok(Invitation {
        competition,
        juror_id,
        juror: juror.clone(),
        competition_name: views
            .competitions
            .get(&competition)
            .and_then(|k| k.state.setup.as_ref())
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        has_applications,
        has_account: account.is_some(),
        unverified_account,
    })
}

#[derive(Template)]
#[template(path = "jury/invitation.html")]
struct InvitationPage {
    c: Chrome,
    link: InvitationLink,
    competition: String,
    juror_name: String,
    email: String,
    organisation: String,
    has_account: bool,
    fields: Vec<Choice>,
    chosen: BTreeSet<String>,
    /// The confidentiality declaration in the page's language, and whether it is ticked.
    confidentiality: &'static str,
    declared: bool,
    errors: FieldErrors,
}

fn page(
    c: Chrome,
    link: InvitationLink,
    invitation: Invitation,
    form: &HashMap<String, String>,
    errors: FieldErrors,
) -> InvitationPage {
    let picked = |prefix: &str| -> BTreeSet<String> {
        form.keys()
            .filter_map(|k| k.strip_prefix(prefix).map(str::to_owned))
            .collect()
    };
    InvitationPage {
        competition: invitation.competition_name,
        juror_name: form
            .get("name")
            .cloned()
            .unwrap_or(invitation.juror.name.clone()),
        email: invitation.juror.email.to_string(),
        organisation: form
            .get("organisation")
            .cloned()
            .unwrap_or(invitation.juror.organisation.clone()),
        has_account: invitation.has_account,
        fields: TechnologyField::ALL
            .into_iter()
            .map(|f| Choice {
                key: f.key(),
                label: c.text(crate::texts::explanations::field(f)).to_owned(),
            })
            .collect(),
        chosen: picked("expertise_"),
        confidentiality: confidentiality_text(&c),
        declared: form.contains_key("vertraulichkeit"),
        errors,
        link,
        c,
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    link: Query<InvitationLink>,
) -> Result<HttpResponse, WebError> {
    let link = link.into_inner();
    if let Some(onwards) = accepted_already(&c, &state, &link) {
        return Ok(onwards);
    }
    let invitation = invitation(&state, &link)?;
    let page = page(c, link, invitation, &HashMap::new(), FieldErrors::default());
    page_with_status(StatusCode::OK, &page)
}

pub async fn post(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let link = InvitationLink {
        einladung: field("einladung"),
        n: field("n"),
        t: field("t"),
    };
    if let Some(onwards) = accepted_already(&c, &state, &link) {
        return Ok(onwards);
    }
    let invitation = invitation(&state, &link)?;
    let email = invitation.juror.email.clone();
    if !email.is_address() {
        return Err(WebError::internal(anyhow::anyhow!(
            "the juror's recorded address {email} is no address"
        )));
    }
    let mut errors = FieldErrors::default();
    if field("name").trim().is_empty() {
        errors.add("name", c.text(texts::jury::ENTER_NAME));
    }
    if field("organisation").trim().is_empty() {
        errors.add("organisation", c.text(texts::jury::ENTER_ORGANISATION));
    }
    check_line(&c, "name", &field("name"), &mut errors);
    check_line(&c, "organisation", &field("organisation"), &mut errors);
    // Refused here, before anything is written, with the competition's own reason.
    let confidentiality = form
        .contains_key("vertraulichkeit")
        .then(|| confidentiality_text(&c).to_owned());
    if confidentiality.is_none() {
        errors.add(
            "vertraulichkeit",
            c.say(refusals::jury(&JuryError::ConfidentialityNotDeclared)),
        );
    }
    let account_id = state.models.read().account_id_of(&email);
    let password = field("password");
    if invitation.has_account {
        // Asking for an existing account's password is a login, and limited like one.
        let client = state.client(&req);
        if let Err(wait) = state
            .login_attempts
            .check(invitation.juror.email.as_str(), &client)
        {
            errors.add("password", rate_limit::reason(&c, wait));
            let page = page(c, link, invitation, &form, errors);
            return rate_limit::respond(&page, wait);
        }
        // The read models keep no password hashes: the account's own stream has it.
        let hash = password_hash_of(&state.store, account_id)
            .map_err(WebError::internal)?
            .unwrap_or_default();
        let plain = password.clone();
        let matches = actix_web::web::block(move || password::verify(&plain, &hash))
            .await
            .map_err(WebError::internal)?;
        if !matches {
            errors.add("password", c.text(texts::jury::PASSWORD_WRONG));
        }
    } else {
        check_new_password(&c, &password, &field("password_repeat"), &mut errors);
    }
    if !errors.is_empty() {
        let page = page(c, link, invitation, &form, errors);
        return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let now = state.clock.now();
    let actor = Actor::new(account_id.to_string(), "juror");
    let stream = stream_of::<Jury>(&invitation.competition);
    let juror_id = invitation.juror_id;
    let expertise = form
        .keys()
        .filter_map(|k| k.strip_prefix("expertise_"))
        .filter_map(TechnologyField::from_key)
        .collect();
    // The account first, then the seat. The account is keyed by the address (the same id on
    // every attempt), and the link stays usable until the acceptance is written last: a failure
    // after the account leaves the link to be followed again, and the page then asks for the
    // password just chosen (the account exists and is a juror's). The other order, acceptance
    // first, spent the link when the account could not be written afterwards.
    if !invitation.has_account {
        let plain = password.clone();
        let hash = actix_web::web::block(move || password::hash(&plain))
            .await
            .map_err(WebError::internal)?;
        let register = if invitation.unverified_account {
            AccountCommand::ClaimUnverified {
                name: field("name"),
                role: Role::Juror,
                password_hash: hash,
                language: c.lang,
                now,
            }
        } else {
            AccountCommand::Register {
                email: email.clone(),
                name: field("name"),
                role: Role::Juror,
                password_hash: hash,
                language: c.lang,
                // The link came to this address: it is verified.
                verification_nonce: None,
                // A juror's data come from staff's invitation, under the jury's own terms.
                privacy_consent: None,
                now,
            }
        };
        match state
            .execute::<Account>(&stream_of::<Account>(&account_id), &actor, register)
            .await
        {
            Ok(_) => {}
            // Someone registered the address in between: never log in to an account whose
            // password was not given.
            Err(ExecuteError::Conflict { .. }) => {
                let taken = crate::domain::account::AccountError::AlreadyRegistered;
                return Err(WebError::unprocessable(refusals::account(&taken)));
            }
            Err(other) => return Err(from_execute(other, refusals::account)),
        }
    }
    // The profile first, then the detection against the organisation just given, and only then
    // the acceptance: a failure on the way leaves the link usable.
    let commands = vec![
        JuryCommand::UpdateProfile {
            juror_id,
            juror: Juror {
                name: field("name").trim().to_owned(),
                email: invitation.juror.email.clone(),
                organisation: field("organisation").trim().to_owned(),
                expertise,
            },
            now,
        },
        JuryCommand::DetectConflicts {
            applications: application_facts(&state, invitation.competition),
            now,
        },
        JuryCommand::AcceptInvitation {
            juror_id,
            nonce: link.n.clone(),
            confidentiality,
            now,
        },
    ];
    for command in commands {
        state
            .execute_retrying::<Jury>(&stream, &actor, command)
            .await
            .map_err(|e| from_execute(e, refusals::jury))?;
    }
    let next = if invitation.has_applications {
        format!("/jury/{}/befangenheiten", invitation.competition)
    } else {
        "/jury".to_owned()
    };
    let has_second_factor = state
        .models
        .accounts()
        .get(&account_id)
        .is_some_and(|a| a.has_second_factor());
    if has_second_factor {
        // The password alone does not log in an account with a second factor: the seat is
        // taken, and the code comes next.
        begin_second_step(&session, account_id, now, next).map_err(WebError::internal)?;
        flash(&session, Flash::Success, texts::jury::WELCOME_JURY);
        return Ok(see_other("/anmelden/code"));
    }
    log_in(&session, account_id, now).map_err(WebError::internal)?;
    flash(&session, Flash::Success, texts::jury::WELCOME_JURY);
    Ok(see_other(&next))
}

fn confidentiality_text(c: &Chrome) -> &'static str {
    c.t(CONFIDENTIALITY_DE, CONFIDENTIALITY_EN)
}

/// Every application of the competition with its organisations, for conflict detection.
fn application_facts(state: &AppState, competition: CompetitionId) -> Vec<ApplicationFacts> {
    let views = state.models.read();
    views
        .applications
        .by_competition
        .get(&competition)
        .into_iter()
        .flatten()
        .filter_map(|id| views.applications.get(id).map(|a| (*id, a)))
        .map(|(id, a)| ApplicationFacts::of(id, &a.state))
        .collect()
}
