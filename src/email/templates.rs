//! The askama templates of templates/email/<message>/{subject.txt, body.txt, body.html}.
//! Text parts are not escaped; the HTML part escapes every value.

use askama::Template;

use super::signoff::Signoff;
use crate::domain::account::Language;

/// What a message about one application says.
#[derive(Debug, Clone)]
pub struct ApplicationMail {
    pub language: Language,
    /// "Guten Tag, <account name>," of whoever receives it.
    pub salutation: String,
    /// Where the consortium sees the application: its status page or its editor.
    pub link: String,
    /// In a shortlist: the next stage and its submission deadline.
    pub next_stage: String,
    pub next_deadline: String,
    pub signoff: Signoff,
    pub title: String,
    pub competition: String,
    /// When it happened, as people read it.
    pub at: String,
    pub partners: Vec<String>,
    pub documents: Vec<String>,
    pub reason: String,
    /// Shortlisted, or funded.
    pub positive: bool,
    /// Handed in already in its current stage (a deadline's mail then says what is left to do).
    pub submitted: bool,
    /// Place on the reserve list; 0 if none.
    pub reserve: u32,
    pub amount: String,
    pub stage: String,
    pub deadline: String,
    /// The mean weighted score, when the competition releases scores; empty otherwise.
    pub score: String,
    /// "criterion: mean" lines, when scores are released.
    pub criterion_scores: Vec<String>,
    /// A request for review: the consortium's grounds, and the answer's outcome (its reason
    /// is `reason`); empty in other messages.
    pub grounds: String,
    pub outcome: String,
    /// The result's evaluation summary (Bewertungsbericht); empty in other messages.
    pub summary: crate::texts::evaluation_summary::Rendered,
    /// A request for corrections: the parts to correct, by name; empty in other messages.
    pub parts: Vec<String>,
}

macro_rules! triple {
    ($subject:ident = $sp:literal, $text:ident = $tp:literal, $html:ident = $hp:literal) => {
        #[derive(Template)]
        #[template(path = $sp)]
        pub struct $subject<'a> {
            pub m: &'a ApplicationMail,
        }
        #[derive(Template)]
        #[template(path = $tp)]
        pub struct $text<'a> {
            pub m: &'a ApplicationMail,
        }
        #[derive(Template)]
        #[template(path = $hp)]
        pub struct $html<'a> {
            pub m: &'a ApplicationMail,
        }
    };
}

triple!(
    ReceiptSubject = "email/receipt/subject.txt",
    ReceiptText = "email/receipt/body.txt",
    ReceiptHtml = "email/receipt/body.html"
);
triple!(
    WithdrawalSubject = "email/withdrawal/subject.txt",
    WithdrawalText = "email/withdrawal/body.txt",
    WithdrawalHtml = "email/withdrawal/body.html"
);
triple!(
    RejectionSubject = "email/rejection/subject.txt",
    RejectionText = "email/rejection/body.txt",
    RejectionHtml = "email/rejection/body.html"
);

triple!(
    ResultSubject = "email/result/subject.txt",
    ResultText = "email/result/body.txt",
    ResultHtml = "email/result/body.html"
);
triple!(
    FundingSubject = "email/funding/subject.txt",
    FundingText = "email/funding/body.txt",
    FundingHtml = "email/funding/body.html"
);
triple!(
    MovedUpSubject = "email/moved-up/subject.txt",
    MovedUpText = "email/moved-up/body.txt",
    MovedUpHtml = "email/moved-up/body.html"
);
triple!(
    ExtensionSubject = "email/extension/subject.txt",
    ExtensionText = "email/extension/body.txt",
    ExtensionHtml = "email/extension/body.html"
);

triple!(
    ShorteningSubject = "email/shortening/subject.txt",
    ShorteningText = "email/shortening/body.txt",
    ShorteningHtml = "email/shortening/body.html"
);

triple!(
    DraftReminderSubject = "email/draft-reminder/subject.txt",
    DraftReminderText = "email/draft-reminder/body.txt",
    DraftReminderHtml = "email/draft-reminder/body.html"
);

triple!(
    DeficiencyRequestSubject = "email/deficiency-request/subject.txt",
    DeficiencyRequestText = "email/deficiency-request/body.txt",
    DeficiencyRequestHtml = "email/deficiency-request/body.html"
);
triple!(
    DeficiencyReminderSubject = "email/deficiency-reminder/subject.txt",
    DeficiencyReminderText = "email/deficiency-reminder/body.txt",
    DeficiencyReminderHtml = "email/deficiency-reminder/body.html"
);
triple!(
    CorrectionsReceivedSubject = "email/corrections-received/subject.txt",
    CorrectionsReceivedText = "email/corrections-received/body.txt",
    CorrectionsReceivedHtml = "email/corrections-received/body.html"
);

triple!(
    RedressReceiptSubject = "email/redress-receipt/subject.txt",
    RedressReceiptText = "email/redress-receipt/body.txt",
    RedressReceiptHtml = "email/redress-receipt/body.html"
);
triple!(
    RedressNoticeSubject = "email/redress-notice/subject.txt",
    RedressNoticeText = "email/redress-notice/body.txt",
    RedressNoticeHtml = "email/redress-notice/body.html"
);
triple!(
    RedressAnswerSubject = "email/redress-answer/subject.txt",
    RedressAnswerText = "email/redress-answer/body.txt",
    RedressAnswerHtml = "email/redress-answer/body.html"
);

/// What a message to one juror about a list of applications says.
#[derive(Debug, Clone)]
pub struct JurorMail {
    pub language: Language,
    pub salutation: String,
    pub signoff: Signoff,
    pub name: String,
    pub competition: String,
    pub stage: String,
    pub deadline: String,
    /// Applications whose review is not submitted yet.
    pub titles: Vec<String>,
    /// Why staff reopened a review; empty in other messages.
    pub reason: String,
    /// Where the juror continues: the review, or the jury's overview for several.
    pub link: String,
}

#[derive(Template)]
#[template(path = "email/review-reminder/subject.txt")]
struct ReviewReminderSubject<'a> {
    r: &'a JurorMail,
}
#[derive(Template)]
#[template(path = "email/review-reminder/body.txt")]
struct ReviewReminderText<'a> {
    r: &'a JurorMail,
}
#[derive(Template)]
#[template(path = "email/review-reminder/body.html")]
struct ReviewReminderHtml<'a> {
    r: &'a JurorMail,
}

#[derive(Template)]
#[template(path = "email/review-reopened/subject.txt")]
struct ReviewReopenedSubject<'a> {
    r: &'a JurorMail,
}
#[derive(Template)]
#[template(path = "email/review-reopened/body.txt")]
struct ReviewReopenedText<'a> {
    r: &'a JurorMail,
}
#[derive(Template)]
#[template(path = "email/review-reopened/body.html")]
struct ReviewReopenedHtml<'a> {
    r: &'a JurorMail,
}

#[derive(Template)]
#[template(path = "email/assignment/subject.txt")]
struct AssignmentSubject<'a> {
    r: &'a JurorMail,
}
#[derive(Template)]
#[template(path = "email/assignment/body.txt")]
struct AssignmentText<'a> {
    r: &'a JurorMail,
}
#[derive(Template)]
#[template(path = "email/assignment/body.html")]
struct AssignmentHtml<'a> {
    r: &'a JurorMail,
}

/// A message to a juror: `review-reminder`, `assignment` or `review-reopened`.
pub fn render_juror_mail(
    kind: &str,
    r: &JurorMail,
) -> Result<(String, String, String), askama::Error> {
    let (subject, text, html) = if kind == "assignment" {
        (
            AssignmentSubject { r }.render()?,
            AssignmentText { r }.render()?,
            AssignmentHtml { r }.render()?,
        )
    } else if kind == "review-reopened" {
        (
            ReviewReopenedSubject { r }.render()?,
            ReviewReopenedText { r }.render()?,
            ReviewReopenedHtml { r }.render()?,
        )
    } else {
        (
            ReviewReminderSubject { r }.render()?,
            ReviewReminderText { r }.render()?,
            ReviewReminderHtml { r }.render()?,
        )
    };
    Ok((subject.trim().to_owned(), text, html))
}

/// Subject, plain text and HTML of a message.
pub fn render(kind: &str, m: &ApplicationMail) -> Result<(String, String, String), askama::Error> {
    let (subject, text, html) = match kind {
        "receipt" => (
            ReceiptSubject { m }.render()?,
            ReceiptText { m }.render()?,
            ReceiptHtml { m }.render()?,
        ),
        "withdrawal" => (
            WithdrawalSubject { m }.render()?,
            WithdrawalText { m }.render()?,
            WithdrawalHtml { m }.render()?,
        ),
        "result" => (
            ResultSubject { m }.render()?,
            ResultText { m }.render()?,
            ResultHtml { m }.render()?,
        ),
        "funding" => (
            FundingSubject { m }.render()?,
            FundingText { m }.render()?,
            FundingHtml { m }.render()?,
        ),
        "moved-up" => (
            MovedUpSubject { m }.render()?,
            MovedUpText { m }.render()?,
            MovedUpHtml { m }.render()?,
        ),
        "draft-reminder" => (
            DraftReminderSubject { m }.render()?,
            DraftReminderText { m }.render()?,
            DraftReminderHtml { m }.render()?,
        ),
        "extension" => (
            ExtensionSubject { m }.render()?,
            ExtensionText { m }.render()?,
            ExtensionHtml { m }.render()?,
        ),
        "shortening" => (
            ShorteningSubject { m }.render()?,
            ShorteningText { m }.render()?,
            ShorteningHtml { m }.render()?,
        ),
        "deficiency-request" => (
            DeficiencyRequestSubject { m }.render()?,
            DeficiencyRequestText { m }.render()?,
            DeficiencyRequestHtml { m }.render()?,
        ),
        "deficiency-reminder" => (
            DeficiencyReminderSubject { m }.render()?,
            DeficiencyReminderText { m }.render()?,
            DeficiencyReminderHtml { m }.render()?,
        ),
        "corrections-received" => (
            CorrectionsReceivedSubject { m }.render()?,
            CorrectionsReceivedText { m }.render()?,
            CorrectionsReceivedHtml { m }.render()?,
        ),
        "redress-receipt" => (
            RedressReceiptSubject { m }.render()?,
            RedressReceiptText { m }.render()?,
            RedressReceiptHtml { m }.render()?,
        ),
        "redress-notice" => (
            RedressNoticeSubject { m }.render()?,
            RedressNoticeText { m }.render()?,
            RedressNoticeHtml { m }.render()?,
        ),
        "redress-answer" => (
            RedressAnswerSubject { m }.render()?,
            RedressAnswerText { m }.render()?,
            RedressAnswerHtml { m }.render()?,
        ),
        _ => (
            RejectionSubject { m }.render()?,
            RejectionText { m }.render()?,
            RejectionHtml { m }.render()?,
        ),
    };
    Ok((subject.trim().to_owned(), text, html))
}
