//! Messages about accounts and co-editing: e-mail verification, password reset, the invitation
//! to edit an application. Their links are signed (see `security::links`).

use askama::Template;

use crate::domain::account::Language;

/// What such a message says.
#[derive(Debug, Clone)]
pub struct AccountMail {
    pub language: Language,
    /// "Guten Tag, <recipient>," (for an invitation, of the invited person if known).
    pub salutation: String,
    pub signoff: super::signoff::Signoff,
    /// The recipient's name; for an invitation, the name of whoever invites.
    pub name: String,
    pub link: String,
    pub title: String,
    pub competition: String,
}

macro_rules! triple {
    ($subject:ident = $sp:literal, $text:ident = $tp:literal, $html:ident = $hp:literal) => {
        #[derive(Template)]
        #[template(path = $sp)]
        struct $subject<'a> {
            m: &'a AccountMail,
        }
        #[derive(Template)]
        #[template(path = $tp)]
        struct $text<'a> {
            m: &'a AccountMail,
        }
        #[derive(Template)]
        #[template(path = $hp)]
        struct $html<'a> {
            m: &'a AccountMail,
        }
    };
}

triple!(
    VerificationSubject = "email/verification/subject.txt",
    VerificationText = "email/verification/body.txt",
    VerificationHtml = "email/verification/body.html"
);
triple!(
    ResetSubject = "email/password-reset/subject.txt",
    ResetText = "email/password-reset/body.txt",
    ResetHtml = "email/password-reset/body.html"
);
triple!(
    InvitationSubject = "email/editor-invitation/subject.txt",
    InvitationText = "email/editor-invitation/body.txt",
    InvitationHtml = "email/editor-invitation/body.html"
);

triple!(
    JurorInvitationSubject = "email/juror-invitation/subject.txt",
    JurorInvitationText = "email/juror-invitation/body.txt",
    JurorInvitationHtml = "email/juror-invitation/body.html"
);

/// Subject, plain text and HTML: `verification`, `password-reset`, `editor-invitation` or
/// `juror-invitation`.
pub fn render_account_mail(
    kind: &str,
    m: &AccountMail,
) -> Result<(String, String, String), askama::Error> {
    let (subject, text, html) = match kind {
        "verification" => (
            VerificationSubject { m }.render()?,
            VerificationText { m }.render()?,
            VerificationHtml { m }.render()?,
        ),
        "password-reset" => (
            ResetSubject { m }.render()?,
            ResetText { m }.render()?,
            ResetHtml { m }.render()?,
        ),
        "juror-invitation" => (
            JurorInvitationSubject { m }.render()?,
            JurorInvitationText { m }.render()?,
            JurorInvitationHtml { m }.render()?,
        ),
        _ => (
            InvitationSubject { m }.render()?,
            InvitationText { m }.render()?,
            InvitationHtml { m }.render()?,
        ),
    };
    Ok((subject.trim().to_owned(), text, html))
}
