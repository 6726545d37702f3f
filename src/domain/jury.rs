//! The jury of one competition: appointed jurors, conflicts of interest and assignments.
//! A conflicted juror can never be assigned to the application.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::application::Application;
use super::assignment::{self, ApplicationProfile, AssignmentError, JurorProfile};
use super::competition::Competition;
use super::email_address::EmailAddress;
use super::field::TechnologyField;
use super::ids::{ApplicationId, CompetitionId, JurorId};
use super::partner::normalise_organisation;

/// How long an invitation link is good for.
pub const INVITATION_VALIDITY: chrono::Duration = chrono::Duration::days(30);

/// At most this many applications are confirmed free of conflict with one form: a juror's
/// workload of a stage, not a way to clear a whole competition unseen.
pub const MAX_CONFIRMATIONS_AT_ONCE: usize = 50;

/// The confidentiality declaration a juror gives with the seat, in German and English; the
/// acceptance records the text in the language it was shown in.
pub const CONFIDENTIALITY_DE: &str = "Ich behandle alle Anträge, Unterlagen und Bewertungen, die ich als Mitglied der Jury sehe, vertraulich: ich gebe sie nicht weiter, nutze sie nur für die Begutachtung und bewahre sie nach deren Ende nicht auf. Das gilt auch für die Namen der beteiligten Einrichtungen.";
pub const CONFIDENTIALITY_EN: &str = "I treat every application, document and review I see as a member of the jury as confidential: I do not pass them on, use them only for the review and do not keep them after it ends. This includes the names of the organisations taking part.";

/// The confidentiality declaration a juror accepts with the seat, as it was shown to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfidentialityDeclaration {
    /// The text the juror ticked, in the language it was shown in.
    pub text: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Juror {
    pub name: String,
    /// Recorded as text; read leniently, as an older version checked it only for an `@`.
    #[serde(deserialize_with = "EmailAddress::deserialize_recorded")]
    pub email: EmailAddress,
    pub organisation: String,
    pub expertise: BTreeSet<TechnologyField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConflictSource {
    /// The juror said so.
    Declared,
    /// The juror's organisation is among the application's partners.
    Detected,
}

/// What the service knows about an application when assigning.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationFacts {
    pub id: ApplicationId,
    pub field: Option<TechnologyField>,
    /// Coordinator and partners by name.
    pub organisations: Vec<String>,
}

/// How an assignment was made. In the log it is the flag `by_hand`, absent for a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "bool", into = "bool")]
pub enum AssignedBy {
    /// An automatic run: it tells each juror at once.
    #[default]
    Run,
    /// Staff by hand: the juror is told later, with the other new assignments, when staff
    /// announce them.
    Hand,
}

impl AssignedBy {
    fn is_run(&self) -> bool {
        *self == AssignedBy::Run
    }
}

impl From<bool> for AssignedBy {
    fn from(by_hand: bool) -> Self {
        if by_hand { Self::Hand } else { Self::Run }
    }
}

impl From<AssignedBy> for bool {
    fn from(by: AssignedBy) -> Self {
        by == AssignedBy::Hand
    }
}

impl ApplicationFacts {
    /// What the automatic assignment of the competition's current stage distributes: the
    /// applications in review in it (`Application::in_review`), as the assignment knows them.
    pub fn in_review<'a>(
        competition: &'a Competition,
        applications: impl IntoIterator<Item = (ApplicationId, &'a Application)>,
    ) -> Vec<Self> {
        Application::in_review(competition, applications)
            .map(|(id, a)| Self::of(id, a))
            .collect()
    }

    /// What the assignment knows of an application: its field, and its coordinator's and
    /// partners' names for the conflicts of interest.
    pub fn of(id: ApplicationId, application: &Application) -> Self {
        Self {
            id,
            field: application.field,
            organisations: application.all_partners().map(|p| p.name.clone()).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum JuryEvent {
    JurorAppointed {
        competition_id: CompetitionId,
        juror_id: JurorId,
        juror: Juror,
        at: DateTime<Utc>,
    },
    JurorProfileUpdated {
        juror_id: JurorId,
        juror: Juror,
        at: DateTime<Utc>,
    },
    ConflictDeclared {
        juror_id: JurorId,
        application_id: ApplicationId,
        reason: String,
        at: DateTime<Utc>,
    },
    ConflictDetected {
        juror_id: JurorId,
        application_id: ApplicationId,
        organisation: String,
        at: DateTime<Utc>,
    },
    JurorAssigned {
        stage: usize,
        juror_id: JurorId,
        application_id: ApplicationId,
        at: DateTime<Utc>,
        /// Recorded as the flag `by_hand`, left out for an automatic run.
        #[serde(
            rename = "by_hand",
            default,
            skip_serializing_if = "AssignedBy::is_run"
        )]
        by: AssignedBy,
    },
    /// Staff announced the hand assignments not told yet: one notice to the juror listing them.
    AssignmentsAnnounced {
        stage: usize,
        juror_id: JurorId,
        applications: Vec<ApplicationId>,
        at: DateTime<Utc>,
    },
    AssignmentRemoved {
        stage: usize,
        juror_id: JurorId,
        application_id: ApplicationId,
        at: DateTime<Utc>,
    },
    /// The juror confirmed having no conflict with the application before seeing it in full.
    NoConflictConfirmed {
        juror_id: JurorId,
        application_id: ApplicationId,
        at: DateTime<Utc>,
    },
    /// An invitation link went out; only the latest one works.
    JurorInvited {
        juror_id: JurorId,
        nonce: String,
        at: DateTime<Utc>,
    },
    /// The juror followed the link and joined with their account.
    InvitationAccepted {
        juror_id: JurorId,
        at: DateTime<Utc>,
        /// What the juror declared on confidentiality; absent in logs from before the
        /// declaration was asked for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        confidentiality: Option<ConfidentialityDeclaration>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum JuryCommand {
    Appoint {
        competition_id: CompetitionId,
        juror_id: JurorId,
        juror: Juror,
        now: DateTime<Utc>,
    },
    UpdateProfile {
        juror_id: JurorId,
        juror: Juror,
        now: DateTime<Utc>,
    },
    DeclareConflict {
        juror_id: JurorId,
        application_id: ApplicationId,
        reason: String,
        now: DateTime<Utc>,
    },
    ConfirmNoConflict {
        juror_id: JurorId,
        application_id: ApplicationId,
        now: DateTime<Utc>,
    },
    /// Several applications at once, each named on the juror's page: one confirmation each.
    ConfirmNoConflicts {
        juror_id: JurorId,
        application_ids: Vec<ApplicationId>,
        now: DateTime<Utc>,
    },
    /// Records every conflict the organisations reveal, and removes affected assignments.
    DetectConflicts {
        applications: Vec<ApplicationFacts>,
        now: DateTime<Utc>,
    },
    Assign {
        stage: usize,
        juror_id: JurorId,
        application: ApplicationFacts,
        now: DateTime<Utc>,
    },
    Unassign {
        stage: usize,
        juror_id: JurorId,
        application_id: ApplicationId,
        now: DateTime<Utc>,
    },
    /// Sends (or sends again) the invitation link.
    Invite {
        juror_id: JurorId,
        nonce: String,
        now: DateTime<Utc>,
    },
    /// The nonce from the link; its signature is checked by the caller. `confidentiality` is
    /// the declaration's text when the juror ticked it, `None` when they did not.
    AcceptInvitation {
        juror_id: JurorId,
        nonce: String,
        confidentiality: Option<String>,
        now: DateTime<Utc>,
    },
    /// Tells every juror of the stage's hand assignments not announced yet, one notice each.
    AnnounceAssignments { stage: usize, now: DateTime<Utc> },
    /// Replaces the stage's assignments with a balanced plan.
    AssignAutomatically {
        stage: usize,
        applications: Vec<ApplicationFacts>,
        per_application: usize,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JuryError {
    #[error("this juror is already appointed")]
    AlreadyAppointed,
    #[error("no such juror")]
    UnknownJuror,
    #[error("a juror needs a name, an e-mail address and an organisation")]
    IncompleteJuror,
    #[error("the juror has a conflict of interest with this application")]
    Conflicted,
    #[error("the juror is already assigned to this application")]
    AlreadyAssigned,
    #[error("the juror is not assigned to this application")]
    NotAssigned,
    #[error("there are no new assignments to announce")]
    NothingToAnnounce,
    #[error("a declared conflict needs a reason")]
    NoReason,
    /// `field` is the form field's name: `name`, `organisation` or `reason`.
    #[error("the {field} is refused: {problem}")]
    BadText {
        field: &'static str,
        problem: super::text::TextError,
    },
    #[error("the invitation link is not valid (any more)")]
    InvalidInvitation,
    #[error("the invitation was accepted already")]
    AlreadyAccepted,
    #[error("the seat is accepted only with the confidentiality declaration")]
    ConfidentialityNotDeclared,
    #[error("no application was chosen")]
    NothingChosen,
    #[error("at most {max} applications can be confirmed at once")]
    TooManyAtOnce { max: usize },
    #[error(transparent)]
    Assignment(#[from] AssignmentError),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Jury {
    pub competition_id: Option<CompetitionId>,
    pub jurors: BTreeMap<JurorId, Juror>,
    pub conflicts: BTreeMap<(JurorId, ApplicationId), ConflictSource>,
    /// The reason a juror gave for each declared conflict, for the staff's jury page.
    pub conflict_reasons: BTreeMap<(JurorId, ApplicationId), String>,
    pub assignments: BTreeSet<(usize, ApplicationId, JurorId)>,
    /// The same assignments ordered by juror: a juror's own applications are a range here, not
    /// a walk through every juror's assignments of the stage.
    by_juror: BTreeSet<(JurorId, usize, ApplicationId)>,
    pub confirmed: BTreeSet<(JurorId, ApplicationId)>,
    /// The latest invitation per juror: its nonce and when it was sent.
    pub invitations: BTreeMap<JurorId, (String, DateTime<Utc>)>,
    pub accepted: BTreeSet<JurorId>,
    /// Hand assignments the juror has not been told of yet: (stage, application, juror).
    pub unannounced: BTreeSet<(usize, ApplicationId, JurorId)>,
}

impl Jury {
    /// The accepted seat of the person with this address. Exactly one accepted seat per
    /// address; should there ever be two (the log predates the rule), neither counts, so a
    /// conflict declared on one seat cannot be escaped through the other.
    pub fn seat_of(&self, email: &EmailAddress) -> Option<JurorId> {
        let mut seats = self
            .jurors
            .iter()
            .filter(|(id, j)| j.email == *email && self.accepted.contains(id))
            .map(|(id, _)| *id);
        match (seats.next(), seats.next()) {
            (Some(seat), None) => Some(seat),
            _ => None,
        }
    }

    pub fn is_conflicted(&self, juror: JurorId, application: ApplicationId) -> bool {
        self.conflicts.contains_key(&(juror, application))
    }

    /// Whether the juror may still name, from the list of all the competition's applications,
    /// the ones they know they have a conflict with: only before anything of the stage is
    /// assigned to them. After that, a conflict is declared on an assigned application's page,
    /// so that the whole list cannot be used to steer the assignment.
    pub fn names_known_conflicts(&self, stage: usize, juror: JurorId) -> bool {
        self.assigned_to(stage, juror).next().is_none()
    }

    pub fn is_assigned(&self, stage: usize, juror: JurorId, application: ApplicationId) -> bool {
        self.assignments.contains(&(stage, application, juror))
    }

    /// The juror's applications in the stage, in the order of their ids.
    pub fn assigned_to(
        &self,
        stage: usize,
        juror: JurorId,
    ) -> impl Iterator<Item = ApplicationId> + '_ {
        self.by_juror
            .range((juror, stage, ApplicationId::MIN)..=(juror, stage, ApplicationId::MAX))
            .map(|(_, _, a)| *a)
    }

    /// The stage's hand assignments not announced yet, by juror.
    pub fn unannounced_in(&self, stage: usize) -> BTreeMap<JurorId, Vec<ApplicationId>> {
        let mut by_juror: BTreeMap<JurorId, Vec<ApplicationId>> = BTreeMap::new();
        for (_, application, juror) in self.unannounced.iter().filter(|(s, _, _)| *s == stage) {
            by_juror.entry(*juror).or_default().push(*application);
        }
        by_juror
    }

    /// How many jurors most assigned applications of the stage have: the number staff last
    /// applied, as the assignment form offers it again. `None` before any assignment.
    pub fn usual_panel_size(&self, stage: usize) -> Option<usize> {
        let mut per_application: BTreeMap<ApplicationId, usize> = BTreeMap::new();
        for (_, application, _) in self.assignments.iter().filter(|(s, _, _)| *s == stage) {
            *per_application.entry(*application).or_default() += 1;
        }
        let mut frequency: BTreeMap<usize, usize> = BTreeMap::new();
        for size in per_application.values() {
            *frequency.entry(*size).or_default() += 1;
        }
        // The most frequent size; on a tie the larger, as hand additions only add.
        frequency
            .into_iter()
            .max_by_key(|(size, count)| (*count, *size))
            .map(|(size, _)| size)
    }

    /// The applications of `stage` whose content the juror may see: assigned, not conflicted,
    /// and confirmed free of conflict by the juror.
    pub fn cleared_for(
        &self,
        stage: usize,
        juror: JurorId,
    ) -> impl Iterator<Item = ApplicationId> + '_ {
        self.assigned_to(stage, juror).filter(move |a| {
            !self.is_conflicted(juror, *a) && self.confirmed.contains(&(juror, *a))
        })
    }

    /// The applications of `stage` assigned to the juror that still await their declaration:
    /// neither confirmed free of conflict nor conflicted.
    pub fn awaiting_declaration(
        &self,
        stage: usize,
        juror: JurorId,
    ) -> impl Iterator<Item = ApplicationId> + '_ {
        self.assigned_to(stage, juror).filter(move |a| {
            !self.is_conflicted(juror, *a) && !self.confirmed.contains(&(juror, *a))
        })
    }

    pub fn jurors_of(
        &self,
        stage: usize,
        application: ApplicationId,
    ) -> impl Iterator<Item = JurorId> + '_ {
        self.assignments
            .range((stage, application, JurorId::MIN)..=(stage, application, JurorId::MAX))
            .map(|(_, _, j)| *j)
    }

    /// The first organisation of the application that is the juror's own.
    fn shared_organisation(
        &self,
        juror: JurorId,
        application: &ApplicationFacts,
    ) -> Option<String> {
        let own = normalise_organisation(&self.jurors.get(&juror)?.organisation);
        application
            .organisations
            .iter()
            .find(|name| normalise_organisation(name) == own)
            .cloned()
    }

    fn known(&self, juror: JurorId) -> Result<(), JuryError> {
        self.jurors
            .contains_key(&juror)
            .then_some(())
            .ok_or(JuryError::UnknownJuror)
    }

    /// The confirmation of no conflict with one application: refused if conflicted or not
    /// assigned, nothing new if confirmed already.
    fn confirm(
        &self,
        juror_id: JurorId,
        application_id: ApplicationId,
        now: DateTime<Utc>,
    ) -> Result<Option<JuryEvent>, JuryError> {
        if self.is_conflicted(juror_id, application_id) {
            return Err(JuryError::Conflicted);
        }
        if !self
            .assignments
            .iter()
            .any(|(_, a, j)| *a == application_id && *j == juror_id)
        {
            return Err(JuryError::NotAssigned);
        }
        if self.confirmed.contains(&(juror_id, application_id)) {
            return Ok(None);
        }
        Ok(Some(JuryEvent::NoConflictConfirmed {
            juror_id,
            application_id,
            at: now,
        }))
    }

    /// Removes the assignments a new conflict invalidates, in every stage.
    fn unassign_all(
        &self,
        juror_id: JurorId,
        application_id: ApplicationId,
        now: DateTime<Utc>,
    ) -> Vec<JuryEvent> {
        self.assignments
            .iter()
            .filter(|(_, a, j)| *a == application_id && *j == juror_id)
            .map(|(stage, _, _)| JuryEvent::AssignmentRemoved {
                stage: *stage,
                juror_id,
                application_id,
                at: now,
            })
            .collect()
    }

    fn detect(&self, applications: &[ApplicationFacts], now: DateTime<Utc>) -> Vec<JuryEvent> {
        // Each name is normalised once, not once per pair: thousands of applications meet
        // hundreds of jurors here.
        let jurors: Vec<(JurorId, String)> = self
            .jurors
            .iter()
            .map(|(id, j)| (*id, normalise_organisation(&j.organisation)))
            .collect();
        let mut events = Vec::new();
        for application in applications {
            let names: Vec<String> = application
                .organisations
                .iter()
                .map(|name| normalise_organisation(name))
                .collect();
            for (juror_id, own) in &jurors {
                if self.is_conflicted(*juror_id, application.id) {
                    continue;
                }
                if let Some(i) = names.iter().position(|name| name == own) {
                    events.push(JuryEvent::ConflictDetected {
                        juror_id: *juror_id,
                        application_id: application.id,
                        organisation: application.organisations[i].clone(),
                        at: now,
                    });
                    events.extend(self.unassign_all(*juror_id, application.id, now));
                }
            }
        }
        events
    }

    fn assign_automatically(
        &self,
        stage: usize,
        applications: Vec<ApplicationFacts>,
        per_application: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<JuryEvent>, JuryError> {
        // Conflicts the organisations reveal count even before they are recorded.
        let mut events = self.detect(&applications, now);
        let mut conflicted: BTreeSet<(JurorId, ApplicationId)> =
            self.conflicts.keys().copied().collect();
        for event in &events {
            if let JuryEvent::ConflictDetected {
                juror_id,
                application_id,
                ..
            } = event
            {
                conflicted.insert((*juror_id, *application_id));
            }
        }
        let jurors: Vec<JurorProfile> = self
            .jurors
            .iter()
            .map(|(id, j)| JurorProfile {
                id: *id,
                expertise: j.expertise.clone(),
            })
            .collect();
        let profiles: Vec<ApplicationProfile> = applications
            .iter()
            .map(|a| ApplicationProfile {
                id: a.id,
                field: a.field,
            })
            .collect();
        let plan = assignment::plan(&jurors, &profiles, per_application, &conflicted)?;
        let current: BTreeSet<(ApplicationId, JurorId)> = self
            .assignments
            .iter()
            .filter(|(s, _, _)| *s == stage)
            .map(|(_, a, j)| (*a, *j))
            .collect();
        let wanted: BTreeSet<(ApplicationId, JurorId)> = plan
            .iter()
            .flat_map(|(a, js)| js.iter().map(move |j| (*a, *j)))
            .collect();
        let already_removed: BTreeSet<(ApplicationId, JurorId)> = events
            .iter()
            .filter_map(|e| match e {
                JuryEvent::AssignmentRemoved {
                    stage: s,
                    juror_id,
                    application_id,
                    ..
                } if *s == stage => Some((*application_id, *juror_id)),
                _ => None,
            })
            .collect();
        for (application_id, juror_id) in current.difference(&wanted) {
            if !already_removed.contains(&(*application_id, *juror_id)) {
                events.push(JuryEvent::AssignmentRemoved {
                    stage,
                    juror_id: *juror_id,
                    application_id: *application_id,
                    at: now,
                });
            }
        }
        for (application_id, juror_id) in wanted.difference(&current) {
            events.push(JuryEvent::JurorAssigned {
                stage,
                juror_id: *juror_id,
                application_id: *application_id,
                at: now,
                by: AssignedBy::Run,
            });
        }
        Ok(events)
    }
}

impl Aggregate for Jury {
    type Command = JuryCommand;
    type Event = JuryEvent;
    type Error = JuryError;
    const CATEGORY: &'static str = "jury";

    fn apply(&mut self, event: &JuryEvent) {
        use JuryEvent as E;
        match event {
            E::JurorAppointed {
                competition_id,
                juror_id,
                juror,
                ..
            } => {
                self.competition_id = Some(*competition_id);
                self.jurors.insert(*juror_id, juror.clone());
            }
            E::JurorProfileUpdated {
                juror_id, juror, ..
            } => {
                self.jurors.insert(*juror_id, juror.clone());
            }
            E::ConflictDeclared {
                juror_id,
                application_id,
                reason,
                ..
            } => {
                self.conflicts
                    .insert((*juror_id, *application_id), ConflictSource::Declared);
                self.conflict_reasons
                    .insert((*juror_id, *application_id), reason.clone());
            }
            E::ConflictDetected {
                juror_id,
                application_id,
                ..
            } => {
                self.conflicts
                    .entry((*juror_id, *application_id))
                    .or_insert(ConflictSource::Detected);
            }
            E::JurorAssigned {
                stage,
                juror_id,
                application_id,
                by,
                ..
            } => {
                self.assignments
                    .insert((*stage, *application_id, *juror_id));
                self.by_juror.insert((*juror_id, *stage, *application_id));
                if *by == AssignedBy::Hand {
                    self.unannounced
                        .insert((*stage, *application_id, *juror_id));
                }
            }
            E::AssignmentsAnnounced {
                stage,
                juror_id,
                applications,
                ..
            } => {
                for application in applications {
                    self.unannounced.remove(&(*stage, *application, *juror_id));
                }
            }
            E::AssignmentRemoved {
                stage,
                juror_id,
                application_id,
                ..
            } => {
                self.assignments
                    .remove(&(*stage, *application_id, *juror_id));
                self.by_juror.remove(&(*juror_id, *stage, *application_id));
                self.unannounced
                    .remove(&(*stage, *application_id, *juror_id));
            }
            E::NoConflictConfirmed {
                juror_id,
                application_id,
                ..
            } => {
                self.confirmed.insert((*juror_id, *application_id));
            }
            E::JurorInvited {
                juror_id,
                nonce,
                at,
            } => {
                self.invitations.insert(*juror_id, (nonce.clone(), *at));
            }
            E::InvitationAccepted { juror_id, .. } => {
                self.accepted.insert(*juror_id);
                self.invitations.remove(juror_id);
            }
        }
    }

    fn handle(&self, command: JuryCommand) -> Result<Vec<JuryEvent>, JuryError> {
        use JuryCommand as C;
        use JuryEvent as E;
        match command {
            C::Appoint {
                competition_id,
                juror_id,
                juror,
                now,
            } => {
                // One seat per person: a second seat for the same address could escape a
                // conflict declared on the first.
                let same_address = self.jurors.values().any(|j| j.email == juror.email);
                if self.jurors.contains_key(&juror_id) || same_address {
                    return Err(JuryError::AlreadyAppointed);
                }
                complete(&juror)?;
                Ok(vec![E::JurorAppointed {
                    competition_id,
                    juror_id,
                    juror,
                    at: now,
                }])
            }
            C::UpdateProfile {
                juror_id,
                juror,
                now,
            } => {
                self.known(juror_id)?;
                complete(&juror)?;
                Ok(vec![E::JurorProfileUpdated {
                    juror_id,
                    juror,
                    at: now,
                }])
            }
            C::DeclareConflict {
                juror_id,
                application_id,
                reason,
                now,
            } => {
                self.known(juror_id)?;
                if reason.trim().is_empty() {
                    return Err(JuryError::NoReason);
                }
                super::text::check_text(&reason).map_err(|problem| JuryError::BadText {
                    field: "reason",
                    problem,
                })?;
                // Declared (or detected) once is enough: a second declaration, by a double click
                // or a form sent again, would only overwrite the reason given first.
                if self.is_conflicted(juror_id, application_id) {
                    return Ok(Vec::new());
                }
                let mut events = vec![E::ConflictDeclared {
                    juror_id,
                    application_id,
                    reason,
                    at: now,
                }];
                events.extend(self.unassign_all(juror_id, application_id, now));
                Ok(events)
            }
            C::Invite {
                juror_id,
                nonce,
                now,
            } => {
                self.known(juror_id)?;
                if self.accepted.contains(&juror_id) {
                    return Err(JuryError::AlreadyAccepted);
                }
                Ok(vec![E::JurorInvited {
                    juror_id,
                    nonce,
                    at: now,
                }])
            }
            C::AcceptInvitation {
                juror_id,
                nonce,
                confidentiality,
                now,
            } => {
                self.known(juror_id)?;
                if self.accepted.contains(&juror_id) {
                    return Err(JuryError::AlreadyAccepted);
                }
                match self.invitations.get(&juror_id) {
                    Some((expected, at))
                        if *expected == nonce && now - *at <= INVITATION_VALIDITY => {}
                    _ => return Err(JuryError::InvalidInvitation),
                }
                // The seat shows the competition's applications and their consortia: only to
                // someone who has declared to keep them confidential.
                let text = confidentiality
                    .filter(|t| [CONFIDENTIALITY_DE, CONFIDENTIALITY_EN].contains(&t.as_str()))
                    .ok_or(JuryError::ConfidentialityNotDeclared)?;
                Ok(vec![E::InvitationAccepted {
                    juror_id,
                    at: now,
                    confidentiality: Some(ConfidentialityDeclaration { text, at: now }),
                }])
            }
            C::ConfirmNoConflict {
                juror_id,
                application_id,
                now,
            } => {
                self.known(juror_id)?;
                Ok(self
                    .confirm(juror_id, application_id, now)?
                    .into_iter()
                    .collect())
            }
            C::ConfirmNoConflicts {
                juror_id,
                application_ids,
                now,
            } => {
                self.known(juror_id)?;
                if application_ids.is_empty() {
                    return Err(JuryError::NothingChosen);
                }
                if application_ids.len() > MAX_CONFIRMATIONS_AT_ONCE {
                    return Err(JuryError::TooManyAtOnce {
                        max: MAX_CONFIRMATIONS_AT_ONCE,
                    });
                }
                let unique: BTreeSet<ApplicationId> = application_ids.into_iter().collect();
                let mut events = Vec::new();
                for application_id in unique {
                    events.extend(self.confirm(juror_id, application_id, now)?);
                }
                Ok(events)
            }
            C::DetectConflicts { applications, now } => Ok(self.detect(&applications, now)),
            C::Assign {
                stage,
                juror_id,
                application,
                now,
            } => {
                self.known(juror_id)?;
                if self.is_conflicted(juror_id, application.id)
                    || self.shared_organisation(juror_id, &application).is_some()
                {
                    return Err(JuryError::Conflicted);
                }
                if self.is_assigned(stage, juror_id, application.id) {
                    return Err(JuryError::AlreadyAssigned);
                }
                Ok(vec![E::JurorAssigned {
                    stage,
                    juror_id,
                    application_id: application.id,
                    at: now,
                    by: AssignedBy::Hand,
                }])
            }
            C::Unassign {
                stage,
                juror_id,
                application_id,
                now,
            } => {
                if !self.is_assigned(stage, juror_id, application_id) {
                    return Err(JuryError::NotAssigned);
                }
                Ok(vec![E::AssignmentRemoved {
                    stage,
                    juror_id,
                    application_id,
                    at: now,
                }])
            }
            C::AnnounceAssignments { stage, now } => {
                let pending = self.unannounced_in(stage);
                if pending.is_empty() {
                    return Err(JuryError::NothingToAnnounce);
                }
                Ok(pending
                    .into_iter()
                    .map(|(juror_id, applications)| E::AssignmentsAnnounced {
                        stage,
                        juror_id,
                        applications,
                        at: now,
                    })
                    .collect())
            }
            C::AssignAutomatically {
                stage,
                applications,
                per_application,
                now,
            } => self.assign_automatically(stage, applications, per_application, now),
        }
    }
}

fn complete(juror: &Juror) -> Result<(), JuryError> {
    let blank = |s: &str| s.trim().is_empty();
    if blank(&juror.name) || blank(&juror.organisation) {
        return Err(JuryError::IncompleteJuror);
    }
    for (field, value) in [
        ("name", juror.name.as_str()),
        ("organisation", juror.organisation.as_str()),
        ("email", juror.email.as_str()),
    ] {
        super::text::check_line(value).map_err(|problem| JuryError::BadText { field, problem })?;
    }
    Ok(())
}
