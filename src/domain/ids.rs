//! Typed ids, so an application id can never be passed where a juror id belongs.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// The lowest and highest ids, the bounds of a range over ordered ids.
            pub const MIN: Self = Self(Uuid::nil());
            pub const MAX: Self = Self(Uuid::max());

            pub fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }

            pub fn parse(text: &str) -> Option<Self> {
                Uuid::parse_str(text).ok().map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

typed_id!(
    /// One competition: one round of a programme.
    CompetitionId
);
typed_id!(
    /// One consortium's application to a competition.
    ApplicationId
);
typed_id!(
    /// A jury member appointed to one competition.
    JurorId
);
typed_id!(
    /// A person's account.
    AccountId
);
typed_id!(
    /// One circular (Rundschreiben) staff sent to a group of people.
    CircularId
);
typed_id!(
    /// One API token of an account.
    ApiTokenId
);
typed_id!(
    /// One letter of intent (Absichtserklärung) of an application.
    PledgeId
);
typed_id!(
    /// One message of feedback on the service's accessibility.
    FeedbackId
);
