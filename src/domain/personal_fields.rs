//! Which fields of which events are a person's data, and whose: the one place that says what
//! the log keeps sealed under a person's key (`crate::personal`), so that erasing the person
//! (deleting the key) erases exactly this.
//!
//! Personal: names and addresses of people, a juror's organisation, what a juror or a member
//! of a consortium wrote in their own name (review comments, objections, conflict reasons,
//! discussion posts, the consensus drafted by a rapporteur, redress grounds), the recipients
//! of a circular, and feedback on accessibility. Not personal: what a consortium submits as
//! its project (title, sections, partners, which are organisations), and what programme staff
//! write in office (letters, decisions and their reasons), which are the programme's records.

/// Whose key seals a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The account whose stream (`account-{id}`) the event is in.
    StreamAccount,
    /// The person with the address in this field of the same object.
    AddressIn(&'static str),
    /// The id (an account, or a juror's seat) in this field of the same object, or, with a
    /// dotted path, of the event's data.
    IdIn(&'static str),
    /// Who caused the event: the account in its metadata.
    Actor,
}

/// A group of personal fields in one event type: `at` is where their object is (`""` the
/// event's data, `a.b` a nested object, `a[]` each object of an array), `fields` their names,
/// an `@` before a name marking an e-mail address. A field holding an object or an array has
/// every string inside it sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonalFields {
    pub category: &'static str,
    pub event_type: &'static str,
    pub at: &'static str,
    pub fields: &'static [&'static str],
    pub owner: Owner,
}

const fn group(
    category: &'static str,
    event_type: &'static str,
    at: &'static str,
    fields: &'static [&'static str],
    owner: Owner,
) -> PersonalFields {
    PersonalFields {
        category,
        event_type,
        at,
        fields,
        owner,
    }
}

use Owner::*;

pub const PERSONAL_FIELDS: &[PersonalFields] = &[
    group(
        "account",
        "AccountRegistered",
        "",
        &["@email", "name"],
        StreamAccount,
    ),
    group(
        "account",
        "UnverifiedAccountClaimed",
        "",
        &["name"],
        StreamAccount,
    ),
    group(
        "application",
        "ApplicationCreated",
        "",
        &["@contact"],
        AddressIn("contact"),
    ),
    group(
        "application",
        "EditorInvited",
        "",
        &["@email"],
        AddressIn("email"),
    ),
    group(
        "application",
        "EditorRemoved",
        "",
        &["@email"],
        AddressIn("email"),
    ),
    group(
        "jury",
        "JurorAppointed",
        "juror",
        &["@email", "name", "organisation"],
        IdIn("data.juror_id"),
    ),
    group(
        "jury",
        "JurorProfileUpdated",
        "juror",
        &["@email", "name", "organisation"],
        IdIn("data.juror_id"),
    ),
    group(
        "jury",
        "ConflictDeclared",
        "",
        &["reason"],
        IdIn("juror_id"),
    ),
    group(
        "jury",
        "ConflictDetected",
        "",
        &["organisation"],
        IdIn("juror_id"),
    ),
    group(
        "review",
        "ReviewDraftSaved",
        "scores",
        &["criteria", "overall_comment"],
        IdIn("data.key.juror"),
    ),
    group(
        "review",
        "ReviewSubmitted",
        "scores",
        &["criteria", "overall_comment"],
        IdIn("data.key.juror"),
    ),
    group(
        "review",
        "ReviewRevised",
        "scores",
        &["criteria", "overall_comment"],
        IdIn("data.key.juror"),
    ),
    group(
        "consensus",
        "ConsensusDrafted",
        "",
        &["criteria", "overall_comment"],
        Actor,
    ),
    group(
        "consensus",
        "ConsensusObjected",
        "",
        &["reason"],
        IdIn("juror"),
    ),
    group(
        "consensus",
        "ConsensusClosed",
        "state.WithDissent.dissent[]",
        &["reason"],
        IdIn("juror"),
    ),
    group("discussion", "DiscussionPosted", "", &["text"], Actor),
    group(
        "discussion",
        "DiscussionPosted",
        "author",
        &["name"],
        IdIn("account"),
    ),
    group("redress", "RedressRequested", "", &["grounds"], Actor),
    group(
        "circular",
        "CircularSent",
        "recipients[]",
        &["@email", "name", "values"],
        AddressIn("email"),
    ),
];

/// The groups of one event type.
pub fn personal_fields(
    category: &str,
    event_type: &str,
) -> impl Iterator<Item = &'static PersonalFields> {
    let (category, event_type) = (category.to_owned(), event_type.to_owned());
    PERSONAL_FIELDS
        .iter()
        .filter(move |g| g.category == category && g.event_type == event_type)
}

/// Whether any event of this type holds personal fields: most do not, and are left alone.
pub fn has_personal_fields(category: &str, event_type: &str) -> bool {
    PERSONAL_FIELDS
        .iter()
        .any(|g| g.category == category && g.event_type == event_type)
}
