//! `/antraege/{id}`: the application editor. Every form of the application posts elsewhere and,
//! when refused, comes back here with the person's input and the reasons beside the fields.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::parse_id;
use crate::domain::application::{Application, Status};
use crate::domain::competition::Competition;
use crate::domain::field::TechnologyField;
use crate::domain::ids::ApplicationId;
use crate::domain::land::Land;
use crate::domain::money::Cents;
use crate::domain::partner::{Partner, PartnerKind};
use crate::domain::status::{Viewer, status};
use crate::projections::Views;
use crate::texts::{self, labels};
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::forms::FieldErrors;
use crate::web::policy::{self, Access};
use crate::web::state::AppState;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct DetailsForm {
    pub title: String,
    pub summary: String,
    pub field: String,
    pub revision: String,
}

impl DetailsForm {
    pub fn of(application: &Application, revision: u64) -> Self {
        Self {
            title: application.title.clone(),
            summary: application.summary.clone(),
            field: application.field.map(|f| f.key()).unwrap_or_default(),
            revision: revision.to_string(),
        }
    }
}

/// An amount as it is typed: `1.234,56`, without the euro sign.
pub fn euros(amount: Cents) -> String {
    if amount == Cents::ZERO {
        return String::new();
    }
    amount.to_string().trim_end_matches(" €").to_owned()
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PartnerForm {
    pub name: String,
    pub kind: String,
    pub land: String,
    pub revision: String,
}

impl PartnerForm {
    pub fn of(partner: &Partner) -> Self {
        Self {
            name: partner.name.clone(),
            kind: partner.kind.key(),
            land: partner.land.key(),
            revision: String::new(),
        }
    }
}

pub struct PartnerLine {
    pub index: usize,
    pub form: PartnerForm,
    pub kind: String,
    pub land: String,
}

pub struct DocumentLine {
    pub sha256: String,
    pub name: String,
    pub size: String,
}

pub struct Choice {
    pub key: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "applications/editor.html")]
pub struct EditorPage {
    pub c: Chrome,
    pub id: String,
    pub competition_id: String,
    pub competition: String,
    pub stage: String,
    pub status: String,
    pub deadline: String,
    /// A member of the consortium may change all of it now (a draft).
    pub editable: bool,
    /// The parts a member may change now: all of a draft, the named ones during corrections.
    pub open: super::open_parts::OpenParts,
    /// The open request for corrections, as the consortium reads it.
    pub correction: Option<CorrectionNotice>,
    pub member: bool,
    pub owner: bool,
    pub can_submit: bool,
    pub can_withdraw: bool,
    /// Why nothing can be submitted or withdrawn any more, when that is so.
    pub submission_over: String,
    pub revision: u64,
    pub details: DetailsForm,
    /// The saved amounts as the read-only view shows them, in the page's language.
    pub requested_shown: String,
    pub cofinancing_shown: String,
    pub details_errors: FieldErrors,
    /// The saved details, when someone else saved in between.
    pub conflict: Option<DetailsForm>,
    pub coordinator: PartnerLine,
    pub coordinator_errors: FieldErrors,
    pub partners: Vec<PartnerLine>,
    pub new_partner: PartnerForm,
    pub partner_errors: FieldErrors,
    /// Which partner form the errors belong to: "new", "coordinator" or an index.
    pub partner_target: String,
    pub notice: Option<String>,
    pub documents: Vec<DocumentLine>,
    pub upload_error: Option<String>,
    pub editors: Vec<String>,
    pub invite_email: String,
    pub invite_errors: FieldErrors,
    /// The eligibility rules not met now, by field.
    pub eligibility: FieldErrors,
    pub eligibility_count: usize,
    pub submit_attempted: bool,
    pub submit_error: Option<String>,
    pub fields: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub lands: Vec<Choice>,
    pub upload_limit_mb: u64,
    /// The stage's application form: its sections and document slots, with what they hold.
    pub sections: Vec<super::form_lines::SectionLine>,
    pub slots: Vec<super::form_lines::SlotLine>,
    /// The revision the sections' form was made from.
    pub sections_revision: String,
    pub section_errors: FieldErrors,
    pub sections_notice: Option<String>,
    /// What the form lacks, by `section-KEY` and `document-KEY`.
    pub form_gaps: FieldErrors,
    pub form_gap_count: usize,
    /// Reasons an upload into a slot was refused, by `document-KEY`.
    pub slot_errors: FieldErrors,
}

/// A request for corrections the consortium may answer now.
pub struct CorrectionNotice {
    pub requested_at: String,
    pub due: String,
    pub text: String,
    pub parts: Vec<String>,
}

impl EditorPage {
    pub fn build(
        c: Chrome,
        state: &AppState,
        views: &Views,
        id: ApplicationId,
    ) -> Result<Self, WebError> {
        let access = policy::application(&c, views, id)?;
        let view = views.applications.get(&id).ok_or(WebError::NotFound)?;
        let application = &view.state;
        let competition = application
            .competition_id
            .and_then(|k| views.competitions.get(&k))
            .map(|k| k.state.clone())
            .unwrap_or_default();
        let now = state.clock.now();
        let member = access == Access::Edit;
        let owner = member && application.owner == c.user.as_ref().map(|u| u.id);
        let stage = match application.status {
            Status::Draft { stage }
            | Status::Submitted { stage }
            | Status::Withdrawn { stage }
            | Status::FormallyRejected { stage } => stage,
            Status::NotCreated => 0,
        };
        // A draft (or a withdrawn application) whose stage's submission is over can never be
        // submitted: nothing is offered to edit, nor are co-editors invited to it.
        let closed = application.past_submission(competition.progress());
        let changeable = matches!(
            application.status,
            Status::Draft { .. } | Status::Withdrawn { .. }
        ) && !closed;
        let owner = owner && !closed;
        let open =
            super::open_parts::OpenParts::of(application, competition.progress(), member, now);
        let correction = application
            .open_correction(now)
            .filter(|_| {
                member
                    || c.user
                        .as_ref()
                        .is_some_and(|u| u.is(crate::domain::account::Role::Staff))
            })
            .map(|r| CorrectionNotice {
                requested_at: berlin(r.requested_at, c.lang),
                due: berlin(crate::domain::formal_check::last_minute(r.due), c.lang),
                text: r.text.clone(),
                parts: r
                    .items
                    .iter()
                    .map(|i| {
                        c.say(crate::texts::formal_check::part(
                            i,
                            Some(&super::form_lines::stage_form(&competition, application)),
                            Some(application),
                        ))
                    })
                    .collect(),
            });
        let window_open = open_for(&competition, stage, now);
        let (eligibility, eligibility_count) = eligibility_of(&c, &competition, application);
        let form = super::form_lines::stage_form(&competition, application);
        let (sections, slots) =
            super::form_lines::lines(&c, application, &form, &application.answers);
        let (form_gaps, form_gap_count) = super::form_lines::gaps_of(&c, application, &form);
        let viewer = if member {
            Viewer::Applicant
        } else {
            Viewer::Staff
        };
        let (status_de, status_en) = status(application, &competition, viewer)
            .map(|s| labels::status(s).into_pair())
            .unwrap_or_else(|| ("–".to_owned(), "–".to_owned()));
        let coordinator = application
            .coordinator
            .as_ref()
            .map(|p| line(&c, usize::MAX, p))
            .unwrap_or_else(|| PartnerLine {
                index: usize::MAX,
                form: PartnerForm::default(),
                kind: String::new(),
                land: String::new(),
            });
        Ok(Self {
            id: id.to_string(),
            competition_id: application
                .competition_id
                .map(|k| k.to_string())
                .unwrap_or_default(),
            competition: competition
                .setup
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            stage: competition
                .setup
                .as_ref()
                .and_then(|s| s.stages.get(stage))
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            status: if c.en() { status_en } else { status_de },
            deadline: competition
                .submission_deadline(stage)
                .map(|t| berlin(t, c.lang))
                .unwrap_or_default(),
            editable: member && changeable,
            open,
            correction,
            member,
            owner,
            can_submit: member && changeable && window_open,
            can_withdraw: member
                && matches!(application.status, Status::Submitted { .. })
                && window_open,
            submission_over: match application.status {
                Status::Submitted { .. } if !window_open => c
                    .text(texts::applicants::SUBMITTED_DEADLINE_PASSED)
                    .to_owned(),
                Status::Draft { .. } if closed => {
                    c.text(texts::applicants::NOT_SUBMITTED_IN_STAGE).to_owned()
                }
                Status::Withdrawn { .. } if closed => c
                    .text(texts::applicants::WITHDRAWN_NOT_SUBMITTED_AGAIN)
                    .to_owned(),
                Status::FormallyRejected { .. } => {
                    c.text(texts::applicants::REJECTED_NO_SUBMISSION).to_owned()
                }
                _ => String::new(),
            },
            revision: view.revision,
            details: DetailsForm::of(application, view.revision),
            requested_shown: labels::money(application.requested, c.lang),
            cofinancing_shown: labels::money(application.cofinancing, c.lang),
            details_errors: FieldErrors::default(),
            conflict: None,
            coordinator,
            coordinator_errors: FieldErrors::default(),
            partners: application
                .partners
                .iter()
                .enumerate()
                .map(|(i, p)| line(&c, i, p))
                .collect(),
            new_partner: PartnerForm::default(),
            partner_errors: FieldErrors::default(),
            partner_target: String::new(),
            notice: None,
            // The documents in no slot of the stage's form; those in one are shown in it.
            documents: application
                .documents
                .iter()
                .filter(|d| {
                    !slots
                        .iter()
                        .any(|s| s.filed.as_ref().is_some_and(|f| f.0 == d.sha256))
                })
                .map(|d| DocumentLine {
                    sha256: d.sha256.clone(),
                    name: crate::file_name::clean(&d.file_name),
                    size: format!("{} KB", d.size.div_ceil(1024)),
                })
                .collect(),
            upload_error: None,
            editors: application.editors.iter().map(|e| e.to_string()).collect(),
            invite_email: String::new(),
            invite_errors: FieldErrors::default(),
            eligibility_count,
            eligibility,
            submit_attempted: false,
            submit_error: None,
            fields: TechnologyField::ALL
                .into_iter()
                .map(|f| Choice {
                    key: f.key(),
                    label: c.text(crate::texts::explanations::field(f)).to_owned(),
                })
                .collect(),
            kinds: kind_choices(&c),
            lands: land_choices(),
            upload_limit_mb: state.upload_limit / (1024 * 1024),
            sections,
            slots,
            sections_revision: view.revision.to_string(),
            section_errors: FieldErrors::default(),
            sections_notice: None,
            form_gaps,
            form_gap_count,
            slot_errors: FieldErrors::default(),
            c,
        })
    }

    /// `build` under the read models' lock.
    pub fn load(c: Chrome, state: &AppState, id: ApplicationId) -> Result<Self, WebError> {
        let views = state.models.read();
        Self::build(c, state, &views, id)
    }

    pub fn respond(&self, status: StatusCode) -> Result<HttpResponse, WebError> {
        page_with_status(status, self)
    }

    /// Whether the partner form `target` is the one the errors belong to.
    pub fn errors_for(&self, target: &str) -> bool {
        self.partner_target == target
    }
}

/// The eligibility rules `application` does not meet, by field, and how many.
pub fn eligibility_of(
    c: &Chrome,
    competition: &Competition,
    application: &Application,
) -> (FieldErrors, usize) {
    let mut eligibility = FieldErrors::default();
    let failures = competition
        .setup
        .as_ref()
        .map(|s| application.ineligibilities(&s.rules))
        .unwrap_or_default();
    for failure in &failures {
        let message = c.say(crate::texts::explanations::ineligibility(failure));
        eligibility.add(failure.field(), message);
    }
    (eligibility, failures.len())
}

/// The kinds of partner organisation, for a select.
pub fn kind_choices(c: &Chrome) -> Vec<Choice> {
    PartnerKind::ALL
        .into_iter()
        .map(|k| Choice {
            key: k.key(),
            label: c
                .text(crate::texts::explanations::partner_kind(k))
                .to_owned(),
        })
        .collect()
}

/// The Länder, for a select.
pub fn land_choices() -> Vec<Choice> {
    Land::ALL
        .into_iter()
        .map(|l| Choice {
            key: l.key(),
            label: l.name().to_owned(),
        })
        .collect()
}

/// Whether submissions (and withdrawals) to `stage` are accepted at `now`.
pub fn open_for(competition: &Competition, stage: usize, now: DateTime<Utc>) -> bool {
    competition.stage == stage && competition.accepts_submissions(now)
}

fn line(c: &Chrome, index: usize, partner: &Partner) -> PartnerLine {
    PartnerLine {
        index,
        form: PartnerForm::of(partner),
        kind: c
            .text(crate::texts::explanations::partner_kind(partner.kind))
            .to_owned(),
        land: partner.land.name().to_owned(),
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    EditorPage::load(c, &state, id)?.respond(StatusCode::OK)
}
