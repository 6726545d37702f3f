//! Messages with a link to a person's account: verification, password reset, the invitation
//! to co-edit an application, a juror's invitation to join.

use super::reads::Reads;
use super::{Composed, Composer, competition_name};
use crate::domain::account::Account;
use crate::domain::competition::Competition;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::JurorId;
use crate::domain::jury::Jury;
use crate::email::account_mail::{AccountMail, render_account_mail};
use crate::email::message::{OutgoingMessage, message_id};
use crate::email::signoff::{salutation, signoff};
use crate::event_store::RecordedEvent;
use crate::security::links::Purpose;

impl Composer {
    /// A verification or reset link to the account's owner.
    pub(super) fn account_link(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        kind: &'static str,
        nonce: &str,
    ) -> Result<Composed, String> {
        let account = reads.at::<Account>(event)?;
        let (Some(id), Some(to)) = (account.id, account.email.clone()) else {
            return Ok(Vec::new());
        };
        let (path, purpose) = if kind == "verification" {
            ("/konto/bestaetigen", Purpose::Verification)
        } else {
            ("/passwort-neu", Purpose::PasswordReset)
        };
        let language = account.language;
        let mail = AccountMail {
            language,
            salutation: salutation(language, &account.name),
            signoff: signoff(language, "", &Default::default()).map_err(|e| e.to_string())?,
            name: account.name.clone(),
            link: self.links.signed(path, purpose, &id.to_string(), nonce),
            title: String::new(),
            competition: String::new(),
        };
        self.account_message(event, kind, to, &mail)
    }

    /// The invitation to co-edit an application, in the invited person's language if they
    /// have an account.
    pub(super) fn invitation(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        to: EmailAddress,
    ) -> Result<Composed, String> {
        let application = reads.application_at(event)?;
        let competition = self.competition_of(reads, &application)?;
        let inviter = match application.owner {
            Some(owner) => reads.of::<Account>(&owner)?.name.clone(),
            None => String::new(),
        };
        let language = self.language_of(reads, &to);
        let mail = AccountMail {
            language,
            // The invited person's name if they have an account already.
            salutation: salutation(language, &self.account_name(reads, &to)),
            signoff: self.signoff(language, &competition)?,
            name: inviter,
            link: format!("{}/anmelden?weiter=/antraege", self.links.base_url),
            title: application.title.clone(),
            competition: competition_name(&competition),
        };
        self.account_message(event, "editor-invitation", to, &mail)
    }

    /// The link with which an appointed juror joins: sets a password, states expertise and
    /// known conflicts.
    pub(super) fn juror_invitation(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        juror_id: JurorId,
        nonce: &str,
    ) -> Result<Composed, String> {
        let jury = reads.at::<Jury>(event)?;
        let Some(competition_id) = jury.competition_id else {
            return Ok(Vec::new());
        };
        let Some(juror) = jury.jurors.get(&juror_id) else {
            return Ok(Vec::new());
        };
        let to = juror.email.clone();
        if !to.is_address() {
            return Err(format!("the juror's recorded address {to} is no address"));
        }
        let competition = reads.of::<Competition>(&competition_id)?;
        let subject = format!("{competition_id}.{juror_id}");
        let language = self.language_of(reads, &to);
        let mail = AccountMail {
            language,
            salutation: salutation(language, &juror.name),
            signoff: self.signoff(language, &competition)?,
            name: juror.name.clone(),
            link: self.links.signed_as(
                "/jury/einladung",
                "einladung",
                Purpose::JurorInvitation,
                &subject,
                nonce,
            ),
            title: String::new(),
            competition: competition_name(&competition),
        };
        self.account_message(event, "juror-invitation", to, &mail)
    }

    fn account_message(
        &self,
        event: &RecordedEvent,
        kind: &'static str,
        to: EmailAddress,
        mail: &AccountMail,
    ) -> Result<Composed, String> {
        let (subject, text, html) = render_account_mail(kind, mail).map_err(|e| e.to_string())?;
        let id = message_id(event.event_id, kind, &to, &self.domain);
        Ok(vec![(
            kind,
            OutgoingMessage {
                message_id: id,
                to,
                subject,
                text,
                html,
            },
        )])
    }
}
