//! The application aggregate: a consortium's application, from draft to submission, withdrawal
//! or formal rejection. Decisions on it belong to the competition (one budget, one boundary).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::competition::{Candidate, Competition, Phase, Progress};
use super::eligibility::{self, Ineligibility};
use super::email_address::EmailAddress;
use super::field::TechnologyField;
use super::financing::{
    FinancingPlan, MAX_CELL, MAX_PLEDGES, PartnerPlan, PartnerSlot, Pledge, PledgeAmount,
    PledgeReview, PledgeTotals, ProjectTerm, TermError, Unattributed,
};
use super::formal_check::{Correctable, CorrectionRound, FormalCheck};
use super::ids::{AccountId, ApplicationId, CompetitionId, PledgeId};
use super::money::Cents;
use super::partner::{Partner, normalise_organisation};
use super::setup::EligibilityRules;
use super::stage_form::{FormGap, MAX_ANSWER_CHARS, MAX_SECTIONS, RequiredDocument, StageForm};
use super::text::{TextError, check_line, check_text};

/// A document's reference; the bytes live content-addressed outside the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    pub sha256: String,
    pub file_name: String,
    pub size: u64,
}

/// Documents one application may hold, and their size together: enough for a concept with its
/// annexes and letters of intent, not a file store.
pub const MAX_DOCUMENTS: usize = 20;
pub const MAX_DOCUMENT_BYTES: u64 = 200 * 1024 * 1024;

/// Partners besides the coordinator: far above any consortium of these programmes, low enough
/// that the editor page and the receipt stay small.
pub const MAX_PARTNERS: usize = 100;
/// Co-editors the owner may invite besides themselves.
pub const MAX_EDITORS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Status {
    #[default]
    NotCreated,
    /// Being written for this stage.
    Draft {
        stage: usize,
    },
    Submitted {
        stage: usize,
    },
    /// Withdrawn before the deadline; may be edited and submitted again.
    Withdrawn {
        stage: usize,
    },
    FormallyRejected {
        stage: usize,
    },
}

impl Status {
    /// The stage the application is written, submitted, withdrawn or rejected in.
    pub fn stage(&self) -> Option<usize> {
        match *self {
            Status::NotCreated => None,
            Status::Draft { stage }
            | Status::Submitted { stage }
            | Status::Withdrawn { stage }
            | Status::FormallyRejected { stage } => Some(stage),
        }
    }
}

/// The editable content of an application besides its partners and money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub title: String,
    pub summary: String,
    pub field: Option<TechnologyField>,
    /// Totals typed before applications had a financing plan. Events from then carry them and
    /// become the plan's unattributed line; the form no longer asks for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested: Option<Cents>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cofinancing: Option<Cents>,
}

impl Details {
    /// Title, summary and field, without typed totals.
    pub fn new(title: String, summary: String, field: Option<TechnologyField>) -> Self {
        Self {
            title,
            summary,
            field,
            requested: None,
            cofinancing: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum ApplicationEvent {
    ApplicationCreated {
        application_id: ApplicationId,
        competition_id: CompetitionId,
        owner: AccountId,
        coordinator: Partner,
        /// Where the consortium's mail goes (receipt, decisions).
        contact: EmailAddress,
        title: String,
        at: DateTime<Utc>,
    },
    DetailsChanged {
        details: Details,
        at: DateTime<Utc>,
    },
    PartnerAdded {
        partner: Partner,
        at: DateTime<Utc>,
    },
    PartnerChanged {
        index: usize,
        partner: Partner,
        at: DateTime<Utc>,
    },
    PartnerRemoved {
        index: usize,
        name: String,
        at: DateTime<Utc>,
    },
    CoordinatorChanged {
        coordinator: Partner,
        at: DateTime<Utc>,
    },
    DocumentAttached {
        document: DocumentRef,
        at: DateTime<Utc>,
    },
    DocumentRemoved {
        sha256: String,
        at: DateTime<Utc>,
    },
    ApplicationSubmitted {
        stage: usize,
        at: DateTime<Utc>,
    },
    ApplicationWithdrawn {
        stage: usize,
        at: DateTime<Utc>,
    },
    ApplicationFormallyRejected {
        stage: usize,
        reason: String,
        at: DateTime<Utc>,
    },
    NextStageStarted {
        stage: usize,
        at: DateTime<Utc>,
    },
    /// The owner invited someone of the consortium to edit the application with them.
    EditorInvited {
        email: EmailAddress,
        at: DateTime<Utc>,
    },
    EditorRemoved {
        email: EmailAddress,
        at: DateTime<Utc>,
    },
    /// The consortium wrote these sections of the stage's form (section key → text); an empty
    /// text clears a section.
    SectionsAnswered {
        answers: BTreeMap<String, String>,
        at: DateTime<Utc>,
    },
    /// An attached document fills the stage's document slot `slot`.
    DocumentFiled {
        slot: String,
        sha256: String,
        at: DateTime<Utc>,
    },
    ProjectTermSet {
        term: ProjectTerm,
        at: DateTime<Utc>,
    },
    /// One partner's plan, all its years, as saved from its form.
    PartnerPlanChanged {
        slot: PartnerSlot,
        plan: PartnerPlan,
        at: DateTime<Utc>,
    },
    /// A pledge recorded or changed (same id); a changed pledge is unchecked again.
    PledgeRecorded {
        pledge: Pledge,
        at: DateTime<Utc>,
    },
    PledgeRemoved {
        id: PledgeId,
        organisation: String,
        at: DateTime<Utc>,
    },
    /// Staff checked a pledge, or did not accept it.
    PledgeReviewed {
        id: PledgeId,
        review: PledgeReview,
        at: DateTime<Utc>,
    },
    /// Staff ticked items of the formal check's checklist (by place): met or not. Only the
    /// items that changed.
    FormalCheckTicked {
        stage: usize,
        /// (place, met), in the order of the places.
        ticks: Vec<(usize, bool)>,
        at: DateTime<Utc>,
    },
    /// A deficiency request (Nachforderung): the submitted application opens for the named
    /// parts until `due`.
    CorrectionsRequested {
        stage: usize,
        round: u32,
        items: Vec<Correctable>,
        text: String,
        due: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    /// The reminder of an unanswered request is due (the scheduler's; the mail follows it).
    CorrectionReminderDue {
        stage: usize,
        round: u32,
        at: DateTime<Utc>,
    },
    /// The consortium handed in its corrections: the application is locked again and its
    /// submitted version is the corrected one.
    CorrectionsSubmitted {
        stage: usize,
        round: u32,
        at: DateTime<Utc>,
    },
    /// Staff closed the formal check: the application is formally complete.
    FormalCheckCompleted {
        stage: usize,
        at: DateTime<Utc>,
    },
}

/// What the competition says about submitting now; the service reads it from the competition.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionWindow {
    pub stage: usize,
    /// Whether the stage is open for submissions at all.
    pub open: bool,
    pub deadline: DateTime<Utc>,
    pub rules: EligibilityRules,
    /// The stage's application form, which must be complete.
    pub form: StageForm,
}

impl SubmissionWindow {
    /// What `competition` says about submitting to its `stage` right now; `None` without a
    /// set-up.
    pub fn of(competition: &Competition, stage: usize) -> Option<Self> {
        Some(Self {
            stage: competition.stage,
            open: competition.phase == Phase::StageOpen && competition.stage == stage,
            deadline: competition.submission_deadline(stage).unwrap_or_default(),
            rules: competition.setup.as_ref()?.rules.clone(),
            form: competition
                .setup
                .as_ref()?
                .stages
                .get(stage)
                .map(|s| s.form())
                .unwrap_or_default(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ApplicationCommand {
    Create {
        application_id: ApplicationId,
        competition_id: CompetitionId,
        owner: AccountId,
        coordinator: Partner,
        contact: EmailAddress,
        title: String,
        now: DateTime<Utc>,
    },
    ChangeDetails {
        details: Details,
        now: DateTime<Utc>,
    },
    AddPartner {
        partner: Partner,
        now: DateTime<Utc>,
    },
    ChangePartner {
        index: usize,
        partner: Partner,
        now: DateTime<Utc>,
    },
    RemovePartner {
        index: usize,
        now: DateTime<Utc>,
    },
    ChangeCoordinator {
        coordinator: Partner,
        now: DateTime<Utc>,
    },
    AttachDocument {
        document: DocumentRef,
        now: DateTime<Utc>,
    },
    RemoveDocument {
        sha256: String,
        now: DateTime<Utc>,
    },
    Submit {
        window: SubmissionWindow,
        now: DateTime<Utc>,
    },
    Withdraw {
        deadline: DateTime<Utc>,
        now: DateTime<Utc>,
    },
    /// The formal check; `competition` is where the competition stands, as the handler read it.
    RejectFormally {
        reason: String,
        competition: Progress,
        now: DateTime<Utc>,
    },
    /// The consortium was invited to the next stage and starts its full proposal.
    StartNextStage {
        stage: usize,
        now: DateTime<Utc>,
    },
    InviteEditor {
        email: EmailAddress,
        now: DateTime<Utc>,
    },
    RemoveEditor {
        email: EmailAddress,
        now: DateTime<Utc>,
    },
    /// Saves sections of the stage's form (section key → text); `form` is the stage's.
    AnswerSections {
        answers: BTreeMap<String, String>,
        form: StageForm,
        now: DateTime<Utc>,
    },
    /// Attaches a document into the stage's slot `slot`, replacing the one it held; `pages` is
    /// the PDF's page count, checked against the slot's limit.
    FileDocument {
        document: DocumentRef,
        slot: RequiredDocument,
        pages: u32,
        now: DateTime<Utc>,
    },
    SetProjectTerm {
        term: ProjectTerm,
        now: DateTime<Utc>,
    },
    ChangePartnerPlan {
        slot: PartnerSlot,
        plan: PartnerPlan,
        now: DateTime<Utc>,
    },
    /// Records a new pledge, or changes the one with the same id.
    RecordPledge {
        pledge: Pledge,
        now: DateTime<Utc>,
    },
    RemovePledge {
        id: PledgeId,
        now: DateTime<Utc>,
    },
    /// Staff's check; the reason of a refusal is required.
    ReviewPledge {
        id: PledgeId,
        review: PledgeReview,
        now: DateTime<Utc>,
    },
    /// Ticks items of the checklist (by place; `checklist` is its length) as met or not.
    TickChecklist {
        ticks: BTreeMap<usize, bool>,
        checklist: usize,
        competition: Progress,
        now: DateTime<Utc>,
    },
    /// Asks the consortium to correct `items` by `due`; `form` is the stage's.
    RequestCorrections {
        items: Vec<Correctable>,
        text: String,
        due: DateTime<Utc>,
        form: StageForm,
        competition: Progress,
        now: DateTime<Utc>,
    },
    /// The scheduler's: records that the reminder of the open request is due, if it is.
    RemindOfCorrections {
        now: DateTime<Utc>,
    },
    /// The consortium hands in its corrections; the application must still be complete and
    /// eligible.
    SubmitCorrections {
        rules: EligibilityRules,
        form: StageForm,
        now: DateTime<Utc>,
    },
    /// Closes the formal check as complete; `checklist` is the checklist's length.
    CompleteFormalCheck {
        checklist: usize,
        competition: Progress,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplicationError {
    #[error("the application already exists")]
    AlreadyExists,
    #[error("the application does not exist")]
    NotFound,
    #[error("the application is submitted and locked; withdraw it to change it")]
    Locked,
    #[error("the application was formally rejected")]
    Rejected,
    #[error("the application is not eligible: {0:?}")]
    Ineligible(Vec<Ineligibility>),
    #[error("the submission deadline {deadline} has passed")]
    Late { deadline: DateTime<Utc> },
    #[error("the stage is not open for submissions")]
    StageNotOpen,
    #[error("the application is not for this stage")]
    WrongStage,
    #[error("the application is not submitted")]
    NotSubmitted,
    #[error("{0} is already a partner")]
    DuplicatePartner(String),
    #[error("there is no partner number {0}")]
    NoSuchPartner(usize),
    #[error("a partner needs a name")]
    UnnamedPartner,
    #[error("the jury's review of this stage has begun; the formal check is over")]
    ReviewStarted,
    #[error("a formal rejection needs a reason")]
    NoReason,
    #[error("the title must not be empty")]
    NoTitle,
    /// The same bytes are attached already, under the name they were first uploaded with.
    #[error("this file is attached already as {file_name}")]
    DuplicateDocument { file_name: String },
    #[error("an application holds at most {limit} documents")]
    TooManyDocuments { limit: usize },
    #[error("the documents of an application may not exceed {limit} bytes together")]
    DocumentsTooLarge { limit: u64 },
    #[error("no such document")]
    NoSuchDocument,
    #[error("amounts cannot be negative")]
    NegativeAmount,
    #[error("{0} can edit this application already")]
    AlreadyEditor(String),
    #[error("{0} is not an editor of this application")]
    NotAnEditor(String),
    /// `field` is the form field's name: `title`, `summary`, `name` (of a partner), `reason`.
    #[error("the {field} is refused: {problem}")]
    BadText {
        field: &'static str,
        problem: TextError,
    },
    #[error("an application has at most {limit} partners besides the coordinator")]
    TooManyPartners { limit: usize },
    #[error("at most {limit} people can be invited to edit an application")]
    TooManyEditors { limit: usize },
    /// The stage's form is not complete; each gap names its section or slot.
    #[error("the application form is incomplete: {0:?}")]
    Incomplete(Vec<FormGap>),
    #[error("the stage's form has no section {0}")]
    NoSuchSection(String),
    #[error("the section {key} may hold at most {max} characters while it is written, not {given}")]
    AnswerTooLong {
        key: String,
        max: usize,
        given: usize,
    },
    #[error("a document has at most {limit} pages here, this one {pages}")]
    TooManyPages { limit: u32, pages: u32 },
    #[error("the project's term is refused: {0}")]
    BadTerm(TermError),
    #[error("the project's term must be set before its plan")]
    NoTerm,
    #[error("{year} is not a budget year of the project")]
    YearOutsideTerm { year: i32 },
    #[error("an amount may not exceed {limit}")]
    AmountTooLarge { limit: Cents },
    #[error("a pledge must pledge an amount")]
    EmptyPledge,
    #[error("an application holds at most {limit} pledges")]
    TooManyPledges { limit: usize },
    #[error("no such pledge")]
    NoSuchPledge,
    /// Submitted and open for correction, but not this part.
    #[error("only the parts named in the request for corrections can be changed")]
    NotOpenForCorrection,
    #[error("the date for the corrections, {due}, has passed")]
    CorrectionLapsed { due: DateTime<Utc> },
    #[error("no corrections are asked for")]
    NoCorrectionsAsked,
    #[error("corrections are asked for already and the date has not passed")]
    CorrectionsAskedAlready,
    #[error("a request for corrections must name at least one part")]
    NothingNamed,
    #[error("at most {limit} parts can be named")]
    TooManyNamed { limit: usize },
    #[error("the application has no part {0}")]
    NoSuchPart(String),
    #[error("the date must be between one day and {days} days from now")]
    DueOutOfRange { days: i64 },
    #[error("at most {limit} requests for corrections in one stage")]
    TooManyRounds { limit: u32 },
    #[error("no checklist item number {0}")]
    NoSuchChecklistItem(usize),
    /// Items of the checklist not ticked as met, by place.
    #[error("checklist items not met: {0:?}")]
    ChecklistNotMet(Vec<usize>),
    #[error("the formal check is complete")]
    CheckComplete,
    #[error("no reminder is due")]
    NoReminderDue,
    #[error("the stage still takes submissions; the formal check begins at its close")]
    SubmissionStillOpen,
    #[error("the request for corrections lapsed unanswered")]
    CorrectionsUnanswered,
}

/// An amount a consortium types: not negative, and within what one cell can hold.
fn check_amount(amount: Cents) -> Result<(), ApplicationError> {
    if amount < Cents::ZERO {
        return Err(ApplicationError::NegativeAmount);
    }
    if amount > MAX_CELL {
        return Err(ApplicationError::AmountTooLarge { limit: MAX_CELL });
    }
    Ok(())
}

/// Checks one text of a command, naming its field when refused.
fn text(
    field: &'static str,
    value: &str,
    check: fn(&str) -> Result<(), TextError>,
) -> Result<(), ApplicationError> {
    check(value).map_err(|problem| ApplicationError::BadText { field, problem })
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: Option<ApplicationId>,
    pub competition_id: Option<CompetitionId>,
    pub owner: Option<AccountId>,
    pub contact: Option<EmailAddress>,
    pub status: Status,
    pub title: String,
    pub summary: String,
    pub field: Option<TechnologyField>,
    /// The federal funding requested, derived from the plan.
    pub requested: Cents,
    /// The private co-financing that counts: pledged in letters staff have not refused.
    pub cofinancing: Cents,
    /// The Land's money pledged, beside the private co-financing.
    #[serde(default)]
    pub land_money: Cents,
    #[serde(default)]
    pub plan: FinancingPlan,
    #[serde(default)]
    pub pledges: Vec<Pledge>,
    pub coordinator: Option<Partner>,
    pub partners: Vec<Partner>,
    pub documents: Vec<DocumentRef>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
    /// Invited co-editors besides the owner.
    pub editors: Vec<EmailAddress>,
    /// What the application said when it was submitted in each stage (by stage, from 0): a
    /// full proposal changes the concept's figures, and staff still need the concept's.
    pub submissions: BTreeMap<usize, SubmittedVersion>,
    /// The answers to the sections of the stage's form, by section key. They carry over into
    /// the next stage, where sections of the same key start from them.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// Which attached document (by digest) fills which document slot, by slot key.
    #[serde(default)]
    pub filed: BTreeMap<String, String>,
    /// The formal check of each stage it was submitted to (by stage, from 0).
    #[serde(default)]
    pub formal_checks: BTreeMap<usize, FormalCheck>,
}

/// The content of an application as it stood at its submission in one stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmittedVersion {
    pub at: DateTime<Utc>,
    pub title: String,
    pub field: Option<TechnologyField>,
    pub requested: Cents,
    pub cofinancing: Cents,
    pub coordinator: Option<Partner>,
    pub partners: Vec<Partner>,
    #[serde(default)]
    pub land_money: Cents,
    #[serde(default)]
    pub plan: FinancingPlan,
    #[serde(default)]
    pub pledges: Vec<Pledge>,
}

impl SubmittedVersion {
    /// The coordinator first, then the partners.
    pub fn all_partners(&self) -> impl Iterator<Item = &Partner> {
        self.coordinator.iter().chain(self.partners.iter())
    }
}

impl Application {
    /// What a decision of `competition` on this application knows of it: whether it is in
    /// review in the competition's current stage (submitted to it, not withdrawn or rejected),
    /// and the amount requested.
    pub fn as_candidate(&self, id: ApplicationId, competition: &Competition) -> Candidate {
        Candidate {
            application_id: id,
            in_review: self.competition_id.is_some()
                && self.competition_id == competition.id
                && matches!(self.status, Status::Submitted { stage } if stage == competition.stage),
            requested: self.requested,
            requested_per_year: self.plan.requested_per_year(),
        }
    }

    /// The applications among `applications` that are in review in the competition's current
    /// stage (`as_candidate`): what its finalising records as not going on when undecided, and
    /// what its automatic jury assignment distributes.
    pub fn in_review<'a>(
        competition: &'a Competition,
        applications: impl IntoIterator<Item = (ApplicationId, &'a Application)>,
    ) -> impl Iterator<Item = (ApplicationId, &'a Application)> {
        applications
            .into_iter()
            .filter(|(id, a)| a.as_candidate(*id, competition).in_review)
    }

    /// Whether one more document of `size` bytes fits the application's quota.
    /// Whether a document with this digest and size can be attached: not the same bytes again
    /// (under whatever name), and within the limits.
    pub fn may_attach(&self, sha256: &str, size: u64) -> Result<(), ApplicationError> {
        if let Some(same) = self.documents.iter().find(|d| d.sha256 == sha256) {
            return Err(ApplicationError::DuplicateDocument {
                file_name: same.file_name.clone(),
            });
        }
        self.room_for_document(size)
    }

    pub fn room_for_document(&self, size: u64) -> Result<(), ApplicationError> {
        if self.documents.len() >= MAX_DOCUMENTS {
            return Err(ApplicationError::TooManyDocuments {
                limit: MAX_DOCUMENTS,
            });
        }
        let letters = self.pledges.iter().filter_map(|p| p.letter.as_ref());
        let held: u64 = self.documents.iter().chain(letters).map(|d| d.size).sum();
        if held + size > MAX_DOCUMENT_BYTES {
            return Err(ApplicationError::DocumentsTooLarge {
                limit: MAX_DOCUMENT_BYTES,
            });
        }
        Ok(())
    }

    /// The coordinator first, then the partners.
    pub fn all_partners(&self) -> impl Iterator<Item = &Partner> {
        self.coordinator.iter().chain(self.partners.iter())
    }

    /// What the application still lacks of the stage's form.
    pub fn form_gaps(&self, form: &StageForm) -> Vec<FormGap> {
        form.gaps(&self.answers, &self.filed)
    }

    /// The document filed into the slot `key`, if any.
    pub fn filed_document(&self, key: &str) -> Option<&DocumentRef> {
        let sha256 = self.filed.get(key)?;
        self.documents.iter().find(|d| d.sha256 == *sha256)
    }

    /// The eligibility rules this application fails now.
    pub fn ineligibilities(&self, rules: &EligibilityRules) -> Vec<Ineligibility> {
        eligibility::check(self, rules)
    }

    /// Whether the application takes part in `stage`: being written for it, submitted to it, or
    /// withdrawn from it (and so free to be submitted again before the deadline). News of a
    /// stage, such as a new deadline, concerns only these: an application that was not invited
    /// into a later stage stays where it was submitted, and a rejected one takes no more part.
    pub fn takes_part_in(&self, stage: usize) -> bool {
        matches!(
            self.status,
            Status::Draft { stage: s } | Status::Submitted { stage: s } | Status::Withdrawn { stage: s }
                if s == stage
        )
    }

    /// Whether the application can never be submitted any more: a draft, or a withdrawn
    /// application, of a stage whose submission is over. Nothing about it changes from then on
    /// (it reads "Nicht eingereicht" or "Zurückgezogen" for good).
    pub fn past_submission(&self, competition: Progress) -> bool {
        matches!(
            self.status,
            Status::Draft { stage } | Status::Withdrawn { stage }
                if competition.submission_closed(stage)
        )
    }

    /// Whether staff may reject the application formally now: a submitted application of the
    /// current stage, before the jury's review of it begins. After that the process has its own
    /// ways out (withdrawal, the decisions and the reserve list), and a formal rejection would
    /// leave a decision, even an award, standing for an application that is no longer ranked.
    pub fn formally_rejectable(&self, competition: Progress) -> Result<usize, ApplicationError> {
        let Status::Submitted { stage } = self.status else {
            return Err(match self.status {
                Status::NotCreated => ApplicationError::NotFound,
                _ => ApplicationError::NotSubmitted,
            });
        };
        if competition.review_started(stage) {
            return Err(ApplicationError::ReviewStarted);
        }
        if stage != competition.stage {
            return Err(ApplicationError::WrongStage);
        }
        Ok(stage)
    }

    pub fn pledge(&self, id: PledgeId) -> Result<&Pledge, ApplicationError> {
        self.pledges
            .iter()
            .find(|p| p.id == id)
            .ok_or(ApplicationError::NoSuchPledge)
    }

    fn check_pledge_amount(&self, amount: &PledgeAmount) -> Result<(), ApplicationError> {
        match amount {
            PledgeAmount::Total(total) => check_amount(*total)?,
            PledgeAmount::PerYear(years) => {
                let term = self.plan.term.ok_or(ApplicationError::NoTerm)?;
                for (year, amount) in years {
                    if !term.contains_year(*year) {
                        return Err(ApplicationError::YearOutsideTerm { year: *year });
                    }
                    check_amount(*amount)?;
                }
                check_amount(amount.total())?;
            }
        }
        if amount.total() <= Cents::ZERO {
            return Err(ApplicationError::EmptyPledge);
        }
        Ok(())
    }

    /// The totals every page shows, from the plan and the pledges that count.
    fn derive_totals(&mut self) {
        self.requested = self.plan.requested();
        let pledged = PledgeTotals::of(&self.pledges);
        self.cofinancing = match self.plan.unattributed {
            Some(typed) if self.pledges.is_empty() && !self.plan.has_lines() => typed.cofinancing,
            _ => pledged.private,
        };
        self.land_money = pledged.land;
    }

    /// What the application says now, as a submission at `at` records it.
    fn version_at(&self, at: DateTime<Utc>) -> SubmittedVersion {
        SubmittedVersion {
            at,
            title: self.title.clone(),
            field: self.field,
            requested: self.requested,
            cofinancing: self.cofinancing,
            coordinator: self.coordinator.clone(),
            partners: self.partners.clone(),
            land_money: self.land_money,
            plan: self.plan.clone(),
            pledges: self.pledges.clone(),
        }
    }

    fn round_mut(&mut self, stage: usize, round: u32) -> Option<&mut CorrectionRound> {
        self.formal_checks
            .get_mut(&stage)?
            .rounds
            .iter_mut()
            .find(|r| r.round == round)
    }

    /// The request for corrections the consortium may answer at `now`, if any.
    pub fn open_correction(&self, now: DateTime<Utc>) -> Option<&CorrectionRound> {
        let Status::Submitted { stage } = self.status else {
            return None;
        };
        self.formal_checks.get(&stage)?.open_round(now)
    }

    /// The request of the current stage not answered yet, open or lapsed.
    pub fn unanswered_correction(&self) -> Option<&CorrectionRound> {
        let Status::Submitted { stage } = self.status else {
            return None;
        };
        self.formal_checks
            .get(&stage)?
            .last_round()
            .filter(|r| r.answered_at.is_none())
    }

    /// Whether `part` may be changed at `now`: anything of a draft or of a withdrawn
    /// application; of a submitted one only what an open request for corrections names.
    fn editable_for(&self, part: &Correctable, now: DateTime<Utc>) -> Result<(), ApplicationError> {
        let Some(round) = self.unanswered_correction() else {
            return self.editable();
        };
        if !round.open_at(now) {
            return Err(ApplicationError::CorrectionLapsed { due: round.due });
        }
        if !round.items.contains(part) {
            return Err(ApplicationError::NotOpenForCorrection);
        }
        Ok(())
    }

    /// Whether anything may be changed at `now` (each part is checked as it changes).
    fn may_change_some(&self, now: DateTime<Utc>) -> Result<(), ApplicationError> {
        match self.unanswered_correction() {
            Some(round) if !round.open_at(now) => {
                Err(ApplicationError::CorrectionLapsed { due: round.due })
            }
            Some(_) => Ok(()),
            None => self.editable(),
        }
    }

    /// The part a document belongs to: the slot it fills, or the further documents.
    fn part_of_document(&self, sha256: &str) -> Correctable {
        self.filed
            .iter()
            .find(|(_, filed)| *filed == sha256)
            .map(|(slot, _)| Correctable::Document(slot.clone()))
            .unwrap_or(Correctable::Attachments)
    }

    fn editable(&self) -> Result<(), ApplicationError> {
        match self.status {
            Status::NotCreated => Err(ApplicationError::NotFound),
            Status::Draft { .. } | Status::Withdrawn { .. } => Ok(()),
            Status::Submitted { .. } => Err(ApplicationError::Locked),
            Status::FormallyRejected { .. } => Err(ApplicationError::Rejected),
        }
    }

    fn check_partner(
        &self,
        partner: &Partner,
        except: Option<usize>,
    ) -> Result<(), ApplicationError> {
        if partner.name.trim().is_empty() {
            return Err(ApplicationError::UnnamedPartner);
        }
        text("name", &partner.name, check_line)?;
        let name = normalise_organisation(&partner.name);
        let coordinator = self.coordinator.iter().map(|c| (usize::MAX, c));
        let clash = coordinator
            .chain(self.partners.iter().enumerate())
            .any(|(i, p)| Some(i) != except && normalise_organisation(&p.name) == name);
        if clash {
            return Err(ApplicationError::DuplicatePartner(partner.name.clone()));
        }
        Ok(())
    }

    /// Saves the sections that changed; a draft may run over a section's length (submission
    /// names it), never over [`MAX_ANSWER_CHARS`].
    fn answer(
        &self,
        answers: BTreeMap<String, String>,
        form: &StageForm,
        now: DateTime<Utc>,
    ) -> Result<Vec<ApplicationEvent>, ApplicationError> {
        self.may_change_some(now)?;
        if answers.len() > MAX_SECTIONS {
            return Err(ApplicationError::NoSuchSection(String::new()));
        }
        let mut changed = BTreeMap::new();
        for (key, answer) in answers {
            if form.section(&key).is_none() {
                return Err(ApplicationError::NoSuchSection(key));
            }
            let given = answer.chars().count();
            if given > MAX_ANSWER_CHARS {
                return Err(ApplicationError::AnswerTooLong {
                    key,
                    max: MAX_ANSWER_CHARS,
                    given,
                });
            }
            let before = self.answers.get(&key).map_or("", String::as_str);
            // An empty section stays empty, whatever spaces are sent for it.
            let blank = |t: &str| t.trim().is_empty();
            if before != answer && !(blank(before) && blank(&answer)) {
                changed.insert(key, answer);
            }
        }
        for key in changed.keys() {
            self.editable_for(&Correctable::Section(key.clone()), now)?;
        }
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![ApplicationEvent::SectionsAnswered {
            answers: changed,
            at: now,
        }])
    }

    /// Attaches `document` into `slot`, removing the document the slot held before.
    fn file(
        &self,
        document: DocumentRef,
        slot: &RequiredDocument,
        pages: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<ApplicationEvent>, ApplicationError> {
        use ApplicationEvent as E;
        self.editable_for(&Correctable::Document(slot.key.clone()), now)?;
        if let Some(limit) = slot.page_limit
            && pages > limit
        {
            return Err(ApplicationError::TooManyPages { limit, pages });
        }
        let mut events = Vec::new();
        let before = self.filed_document(&slot.key);
        match before {
            // A replaced document leaves the application, so it does not count against room.
            Some(old) if old.sha256 == document.sha256 => {
                return Err(ApplicationError::DuplicateDocument {
                    file_name: old.file_name.clone(),
                });
            }
            Some(old) => {
                let mut without = self.clone();
                without.documents.retain(|d| d.sha256 != old.sha256);
                without.may_attach(&document.sha256, document.size)?;
                events.push(E::DocumentRemoved {
                    sha256: old.sha256.clone(),
                    at: now,
                });
            }
            None => self.may_attach(&document.sha256, document.size)?,
        }
        let sha256 = document.sha256.clone();
        events.push(E::DocumentAttached { document, at: now });
        events.push(E::DocumentFiled {
            slot: slot.key.clone(),
            sha256,
            at: now,
        });
        Ok(events)
    }

    fn submit(
        &self,
        window: SubmissionWindow,
        now: DateTime<Utc>,
    ) -> Result<Vec<ApplicationEvent>, ApplicationError> {
        let stage = match self.status {
            Status::NotCreated => return Err(ApplicationError::NotFound),
            Status::Submitted { .. } => return Err(ApplicationError::Locked),
            Status::FormallyRejected { .. } => return Err(ApplicationError::Rejected),
            Status::Draft { stage } | Status::Withdrawn { stage } => stage,
        };
        if stage != window.stage {
            return Err(ApplicationError::WrongStage);
        }
        if now >= window.deadline {
            return Err(ApplicationError::Late {
                deadline: window.deadline,
            });
        }
        if !window.open {
            return Err(ApplicationError::StageNotOpen);
        }
        let failures = self.ineligibilities(&window.rules);
        if !failures.is_empty() {
            return Err(ApplicationError::Ineligible(failures));
        }
        let gaps = self.form_gaps(&window.form);
        if !gaps.is_empty() {
            return Err(ApplicationError::Incomplete(gaps));
        }
        Ok(vec![ApplicationEvent::ApplicationSubmitted {
            stage,
            at: now,
        }])
    }
}

impl Aggregate for Application {
    type Command = ApplicationCommand;
    type Event = ApplicationEvent;
    type Error = ApplicationError;
    const CATEGORY: &'static str = "application";

    fn apply(&mut self, event: &ApplicationEvent) {
        use ApplicationEvent as E;
        match event {
            E::ApplicationCreated {
                application_id,
                competition_id,
                owner,
                coordinator,
                contact,
                title,
                ..
            } => {
                self.id = Some(*application_id);
                self.competition_id = Some(*competition_id);
                self.owner = Some(*owner);
                self.contact = Some(contact.clone());
                self.coordinator = Some(coordinator.clone());
                self.title = title.clone();
                self.status = Status::Draft { stage: 0 };
            }
            E::DetailsChanged { details, .. } => {
                self.title = details.title.clone();
                self.summary = details.summary.clone();
                self.field = details.field;
                if details.requested.is_some() || details.cofinancing.is_some() {
                    self.plan.unattributed = Some(Unattributed {
                        requested: details.requested.unwrap_or_default(),
                        cofinancing: details.cofinancing.unwrap_or_default(),
                    });
                }
            }
            E::PartnerAdded { partner, .. } => {
                self.partners.push(partner.clone());
                self.plan
                    .partners
                    .resize_with(self.partners.len(), PartnerPlan::default);
            }
            E::PartnerChanged { index, partner, .. } => {
                if let Some(slot) = self.partners.get_mut(*index) {
                    *slot = partner.clone();
                }
            }
            E::PartnerRemoved { index, .. } => {
                if *index < self.partners.len() {
                    self.partners.remove(*index);
                }
                self.plan.remove_partner(*index);
            }
            E::CoordinatorChanged { coordinator, .. } => {
                self.coordinator = Some(coordinator.clone())
            }
            E::DocumentAttached { document, .. } => self.documents.push(document.clone()),
            E::DocumentRemoved { sha256, .. } => {
                self.documents.retain(|d| d.sha256 != *sha256);
                self.filed.retain(|_, filed| filed != sha256);
            }
            E::ApplicationSubmitted { stage, at } => {
                self.status = Status::Submitted { stage: *stage };
                self.submitted_at = Some(*at);
                let version = self.version_at(*at);
                self.submissions.insert(*stage, version);
            }
            E::ApplicationWithdrawn { stage, .. } => {
                self.status = Status::Withdrawn { stage: *stage };
                self.submitted_at = None;
                // A withdrawn submission no longer stands; submitting again records anew.
                self.submissions.remove(stage);
            }
            E::ApplicationFormallyRejected { stage, reason, .. } => {
                self.status = Status::FormallyRejected { stage: *stage };
                self.rejection_reason = Some(reason.clone());
            }
            E::NextStageStarted { stage, .. } => {
                self.status = Status::Draft { stage: *stage };
                self.submitted_at = None;
            }
            E::EditorInvited { email, .. } => self.editors.push(email.clone()),
            E::EditorRemoved { email, .. } => self.editors.retain(|e| e != email),
            E::SectionsAnswered { answers, .. } => {
                for (key, answer) in answers {
                    if answer.trim().is_empty() {
                        self.answers.remove(key);
                    } else {
                        self.answers.insert(key.clone(), answer.clone());
                    }
                }
            }
            E::DocumentFiled { slot, sha256, .. } => {
                self.filed.insert(slot.clone(), sha256.clone());
            }
            E::ProjectTermSet { term, .. } => self.plan.term = Some(*term),
            E::PartnerPlanChanged { slot, plan, .. } => {
                self.plan.set(*slot, plan.clone());
                self.plan.unattributed = None;
            }
            E::PledgeRecorded { pledge, .. } => {
                match self.pledges.iter_mut().find(|p| p.id == pledge.id) {
                    Some(held) => *held = pledge.clone(),
                    None => self.pledges.push(pledge.clone()),
                }
                self.plan.unattributed = None;
            }
            E::PledgeRemoved { id, .. } => self.pledges.retain(|p| p.id != *id),
            E::PledgeReviewed { id, review, .. } => {
                if let Some(pledge) = self.pledges.iter_mut().find(|p| p.id == *id) {
                    pledge.review = review.clone();
                }
                // Staff check the letters as submitted: the current stage's submitted version
                // counts the pledge as the application does.
                if let Some(version) = self
                    .status
                    .stage()
                    .and_then(|stage| self.submissions.get_mut(&stage))
                    && let Some(pledge) = version.pledges.iter_mut().find(|p| p.id == *id)
                {
                    pledge.review = review.clone();
                    let totals = PledgeTotals::of(&version.pledges);
                    version.cofinancing = totals.private;
                    version.land_money = totals.land;
                }
            }
            E::FormalCheckTicked { stage, ticks, .. } => {
                let check = self.formal_checks.entry(*stage).or_default();
                check.ticks.extend(ticks.iter().copied());
            }
            E::CorrectionsRequested {
                stage,
                round,
                items,
                text,
                due,
                at,
            } => {
                let before = items.iter().map(|i| i.value_in(self)).collect();
                self.formal_checks
                    .entry(*stage)
                    .or_default()
                    .rounds
                    .push(CorrectionRound {
                        round: *round,
                        items: items.clone(),
                        text: text.clone(),
                        due: *due,
                        requested_at: *at,
                        reminded: false,
                        answered_at: None,
                        before,
                        after: Vec::new(),
                    });
            }
            E::CorrectionReminderDue { stage, round, .. } => {
                if let Some(r) = self.round_mut(*stage, *round) {
                    r.reminded = true;
                }
            }
            E::CorrectionsSubmitted { stage, round, at } => {
                let after: Vec<_> = self
                    .formal_checks
                    .get(stage)
                    .and_then(|c| c.rounds.iter().find(|r| r.round == *round))
                    .map(|r| r.items.iter().map(|i| i.value_in(self)).collect())
                    .unwrap_or_default();
                if let Some(r) = self.round_mut(*stage, *round) {
                    r.answered_at = Some(*at);
                    r.after = after;
                }
                // The corrected application is what was submitted; it keeps its first date.
                let first = self.submissions.get(stage).map_or(*at, |v| v.at);
                let version = self.version_at(first);
                self.submissions.insert(*stage, version);
            }
            E::FormalCheckCompleted { stage, at } => {
                self.formal_checks.entry(*stage).or_default().completed_at = Some(*at);
            }
        }
        self.derive_totals();
    }

    fn handle(
        &self,
        command: ApplicationCommand,
    ) -> Result<Vec<ApplicationEvent>, ApplicationError> {
        use ApplicationCommand as C;
        use ApplicationEvent as E;
        match command {
            C::Create {
                application_id,
                competition_id,
                owner,
                coordinator,
                contact,
                title,
                now,
            } => {
                if self.status != Status::NotCreated {
                    return Err(ApplicationError::AlreadyExists);
                }
                if title.trim().is_empty() {
                    return Err(ApplicationError::NoTitle);
                }
                text("title", &title, check_line)?;
                if coordinator.name.trim().is_empty() {
                    return Err(ApplicationError::UnnamedPartner);
                }
                text("name", &coordinator.name, check_line)?;
                Ok(vec![E::ApplicationCreated {
                    application_id,
                    competition_id,
                    owner,
                    coordinator,
                    contact,
                    title,
                    at: now,
                }])
            }
            C::ChangeDetails { details, now } => {
                self.editable_for(&Correctable::Details, now)?;
                if details.title.trim().is_empty() {
                    return Err(ApplicationError::NoTitle);
                }
                text("title", &details.title, check_line)?;
                text("summary", &details.summary, check_text)?;
                for amount in [details.requested, details.cofinancing]
                    .into_iter()
                    .flatten()
                {
                    check_amount(amount)?;
                }
                Ok(vec![E::DetailsChanged { details, at: now }])
            }
            C::AddPartner { partner, now } => {
                self.editable_for(&Correctable::Partners, now)?;
                if self.partners.len() >= MAX_PARTNERS {
                    return Err(ApplicationError::TooManyPartners {
                        limit: MAX_PARTNERS,
                    });
                }
                self.check_partner(&partner, None)?;
                Ok(vec![E::PartnerAdded { partner, at: now }])
            }
            C::ChangePartner {
                index,
                partner,
                now,
            } => {
                self.editable_for(&Correctable::Partners, now)?;
                if index >= self.partners.len() {
                    return Err(ApplicationError::NoSuchPartner(index));
                }
                self.check_partner(&partner, Some(index))?;
                Ok(vec![E::PartnerChanged {
                    index,
                    partner,
                    at: now,
                }])
            }
            C::RemovePartner { index, now } => {
                self.editable_for(&Correctable::Partners, now)?;
                // The plans are kept by place: during corrections a partner goes only when
                // that moves no plan named, and takes no figures with it.
                if let Some(round) = self.unanswered_correction() {
                    let plan_named = round
                        .items
                        .iter()
                        .any(|i| matches!(i, Correctable::Plan(PartnerSlot::Partner(_))));
                    let has_figures = self
                        .plan
                        .partner(PartnerSlot::Partner(index))
                        .is_some_and(|p| !p.is_empty());
                    if plan_named || has_figures {
                        return Err(ApplicationError::NotOpenForCorrection);
                    }
                }
                let partner = self
                    .partners
                    .get(index)
                    .ok_or(ApplicationError::NoSuchPartner(index))?;
                Ok(vec![E::PartnerRemoved {
                    index,
                    name: partner.name.clone(),
                    at: now,
                }])
            }
            C::ChangeCoordinator { coordinator, now } => {
                self.editable_for(&Correctable::Partners, now)?;
                if coordinator.name.trim().is_empty() {
                    return Err(ApplicationError::UnnamedPartner);
                }
                text("name", &coordinator.name, check_line)?;
                let name = normalise_organisation(&coordinator.name);
                if self
                    .partners
                    .iter()
                    .any(|p| normalise_organisation(&p.name) == name)
                {
                    return Err(ApplicationError::DuplicatePartner(coordinator.name));
                }
                Ok(vec![E::CoordinatorChanged {
                    coordinator,
                    at: now,
                }])
            }
            C::AttachDocument { document, now } => {
                self.editable_for(&Correctable::Attachments, now)?;
                self.may_attach(&document.sha256, document.size)?;
                Ok(vec![E::DocumentAttached { document, at: now }])
            }
            C::RemoveDocument { sha256, now } => {
                self.editable_for(&self.part_of_document(&sha256), now)?;
                if !self.documents.iter().any(|d| d.sha256 == sha256) {
                    return Err(ApplicationError::NoSuchDocument);
                }
                Ok(vec![E::DocumentRemoved { sha256, at: now }])
            }
            C::Submit { window, now } => self.submit(window, now),
            C::Withdraw { deadline, now } => {
                let Status::Submitted { stage } = self.status else {
                    return Err(match self.status {
                        Status::NotCreated => ApplicationError::NotFound,
                        _ => ApplicationError::NotSubmitted,
                    });
                };
                if now >= deadline {
                    return Err(ApplicationError::Late { deadline });
                }
                Ok(vec![E::ApplicationWithdrawn { stage, at: now }])
            }
            C::RejectFormally {
                reason,
                competition,
                now,
            } => {
                let stage = self.formally_rejectable(competition)?;
                if reason.trim().is_empty() {
                    return Err(ApplicationError::NoReason);
                }
                text("reason", &reason, check_text)?;
                Ok(vec![E::ApplicationFormallyRejected {
                    stage,
                    reason,
                    at: now,
                }])
            }
            C::StartNextStage { stage, now } => match self.status {
                Status::Submitted { stage: previous } if previous + 1 == stage => {
                    Ok(vec![E::NextStageStarted { stage, at: now }])
                }
                Status::NotCreated => Err(ApplicationError::NotFound),
                _ => Err(ApplicationError::WrongStage),
            },
            C::InviteEditor { email, now } => {
                if self.status == Status::NotCreated {
                    return Err(ApplicationError::NotFound);
                }
                let same = |e: &EmailAddress| *e == email;
                if self.editors.iter().any(same) || self.contact.as_ref().is_some_and(same) {
                    return Err(ApplicationError::AlreadyEditor(email.to_string()));
                }
                if self.editors.len() >= MAX_EDITORS {
                    return Err(ApplicationError::TooManyEditors { limit: MAX_EDITORS });
                }
                Ok(vec![E::EditorInvited { email, at: now }])
            }
            C::RemoveEditor { email, now } => {
                if !self.editors.contains(&email) {
                    return Err(ApplicationError::NotAnEditor(email.to_string()));
                }
                Ok(vec![E::EditorRemoved { email, at: now }])
            }
            C::AnswerSections { answers, form, now } => self.answer(answers, &form, now),
            C::FileDocument {
                document,
                slot,
                pages,
                now,
            } => self.file(document, &slot, pages, now),
            C::SetProjectTerm { term, now } => {
                self.editable_for(&Correctable::Term, now)?;
                ProjectTerm::new(term.start_year, term.start_month, term.months)
                    .map_err(ApplicationError::BadTerm)?;
                Ok(vec![E::ProjectTermSet { term, at: now }])
            }
            C::ChangePartnerPlan { slot, plan, now } => {
                self.editable_for(&Correctable::Plan(slot), now)?;
                if let PartnerSlot::Partner(index) = slot
                    && index >= self.partners.len()
                {
                    return Err(ApplicationError::NoSuchPartner(index));
                }
                let plan = plan.without_empty_lines();
                let term = self.plan.term.ok_or(ApplicationError::NoTerm)?;
                for (year, line) in &plan.years {
                    if !term.contains_year(*year) {
                        return Err(ApplicationError::YearOutsideTerm { year: *year });
                    }
                    for amount in [line.costs, line.requested, line.own] {
                        check_amount(amount)?;
                    }
                }
                Ok(vec![E::PartnerPlanChanged {
                    slot,
                    plan,
                    at: now,
                }])
            }
            C::RecordPledge { mut pledge, now } => {
                self.editable_for(&Correctable::Pledges, now)?;
                let known = self.pledges.iter().any(|p| p.id == pledge.id);
                if !known && self.pledges.len() >= MAX_PLEDGES {
                    return Err(ApplicationError::TooManyPledges { limit: MAX_PLEDGES });
                }
                if pledge.organisation.trim().is_empty() {
                    return Err(ApplicationError::UnnamedPartner);
                }
                text("organisation", &pledge.organisation, check_line)?;
                self.check_pledge_amount(&pledge.amount)?;
                if let Some(letter) = &pledge.letter {
                    let previous = self
                        .pledges
                        .iter()
                        .find(|p| p.id == pledge.id)
                        .and_then(|p| p.letter.as_ref());
                    if previous.map(|l| &l.sha256) != Some(&letter.sha256) {
                        self.room_for_document(letter.size)?;
                    }
                }
                // A changed pledge is a new statement; staff check it again.
                pledge.review = PledgeReview::Unchecked;
                Ok(vec![E::PledgeRecorded { pledge, at: now }])
            }
            C::RemovePledge { id, now } => {
                self.editable_for(&Correctable::Pledges, now)?;
                let pledge = self.pledge(id)?;
                Ok(vec![E::PledgeRemoved {
                    id,
                    organisation: pledge.organisation.clone(),
                    at: now,
                }])
            }
            C::ReviewPledge { id, review, now } => {
                if self.status == Status::NotCreated {
                    return Err(ApplicationError::NotFound);
                }
                self.pledge(id)?;
                if let PledgeReview::NotAccepted { reason } = &review {
                    if reason.trim().is_empty() {
                        return Err(ApplicationError::NoReason);
                    }
                    text("reason", reason, check_text)?;
                }
                Ok(vec![E::PledgeReviewed {
                    id,
                    review,
                    at: now,
                }])
            }
            C::TickChecklist {
                ticks,
                checklist,
                competition,
                now,
            } => self.tick_checklist(ticks, checklist, competition, now),
            C::RequestCorrections {
                items,
                text,
                due,
                form,
                competition,
                now,
            } => self.request_corrections(items, text, due, &form, competition, now),
            C::RemindOfCorrections { now } => self.remind_of_corrections(now),
            C::SubmitCorrections { rules, form, now } => {
                self.submit_corrections(&rules, &form, now)
            }
            C::CompleteFormalCheck {
                checklist,
                competition,
                now,
            } => self.complete_formal_check(checklist, competition, now),
        }
    }
}
