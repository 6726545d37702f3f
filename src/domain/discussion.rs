//! The jurors' discussion of one application in one stage: a thread of posts by its jurors and
//! programme staff.
//!
//! Reviews are written alone and sealed (`review::may_see_other_reviews`); the discussion comes
//! after. So a juror takes part only once their own review of the application in that stage is
//! submitted, only while assigned to it, and never while conflicted with it. Staff moderate and
//! may always read and post; consortia never see the thread. Each post is in the log with its
//! author; a post carries an id from the form it was typed into, so a form sent twice posts once.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::ids::{AccountId, ApplicationId, JurorId};
use super::jury::Jury;
use super::review::Review;
use super::text::{TextError, check_text};

/// The most posts a thread takes: a discussion, not a chat log without end.
pub const MAX_POSTS: usize = 500;

/// Identifies a thread; its stream is `discussion-{application}.{stage}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DiscussionKey {
    pub application: ApplicationId,
    pub stage: usize,
}

impl fmt::Display for DiscussionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.application, self.stage)
    }
}

/// Who wrote a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Author {
    /// A juror of the competition: the name is the jury's.
    Juror { juror: JurorId },
    /// Programme staff, with their account's name when they posted.
    Staff { account: AccountId, name: String },
}

/// Who asks to read or post, with what the jury and their review say of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Participant {
    Staff {
        account: AccountId,
        name: String,
    },
    Juror {
        juror: JurorId,
        assigned: bool,
        conflicted: bool,
        /// Their own review of the application in the stage is submitted.
        reviewed: bool,
    },
    /// Anyone else: a consortium's member, say.
    Other,
}

impl Participant {
    /// A juror as the jury and their own review stand.
    pub fn juror(jury: &Jury, key: DiscussionKey, juror: JurorId, own: Option<&Review>) -> Self {
        Self::Juror {
            juror,
            assigned: jury.is_assigned(key.stage, juror, key.application),
            conflicted: jury.is_conflicted(juror, key.application),
            reviewed: own.is_some_and(|r| r.submitted_at.is_some()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum DiscussionEvent {
    DiscussionPosted {
        key: DiscussionKey,
        /// The id the posting form carried: a form sent twice posts once.
        post: uuid::Uuid,
        author: Author,
        text: String,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum DiscussionCommand {
    Post {
        key: DiscussionKey,
        post: uuid::Uuid,
        participant: Participant,
        text: String,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscussionError {
    #[error("only the application's jurors and programme staff take part in its discussion")]
    NotAParticipant,
    #[error("the juror is not assigned to this application")]
    NotAssigned,
    #[error("the juror has a conflict of interest with this application")]
    Conflicted,
    #[error("the discussion opens to a juror once their own review is submitted")]
    ReviewNotSubmitted,
    #[error("a post needs a text")]
    NoText,
    #[error("the text is refused: {0}")]
    BadText(TextError),
    #[error("the discussion holds its most posts, {max}")]
    Full { max: usize },
}

/// Whether `participant` may read the thread, and so post in it: staff always; a juror once
/// their own review is submitted, while assigned and not conflicted; nobody else.
pub fn may_take_part(participant: &Participant) -> Result<(), DiscussionError> {
    match participant {
        Participant::Staff { .. } => Ok(()),
        Participant::Other => Err(DiscussionError::NotAParticipant),
        Participant::Juror {
            assigned,
            conflicted,
            reviewed,
            ..
        } => {
            if *conflicted {
                Err(DiscussionError::Conflicted)
            } else if !assigned {
                Err(DiscussionError::NotAssigned)
            } else if !reviewed {
                Err(DiscussionError::ReviewNotSubmitted)
            } else {
                Ok(())
            }
        }
    }
}

/// One post as the thread holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    pub id: uuid::Uuid,
    pub author: Author,
    pub text: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Discussion {
    pub key: Option<DiscussionKey>,
    /// Oldest first.
    pub posts: Vec<Post>,
    ids: BTreeSet<uuid::Uuid>,
}

impl Aggregate for Discussion {
    type Command = DiscussionCommand;
    type Event = DiscussionEvent;
    type Error = DiscussionError;
    const CATEGORY: &'static str = "discussion";

    fn apply(&mut self, event: &DiscussionEvent) {
        match event {
            DiscussionEvent::DiscussionPosted {
                key,
                post,
                author,
                text,
                at,
            } => {
                self.key = Some(*key);
                self.ids.insert(*post);
                self.posts.push(Post {
                    id: *post,
                    author: author.clone(),
                    text: text.clone(),
                    at: *at,
                });
            }
        }
    }

    fn handle(&self, command: DiscussionCommand) -> Result<Vec<DiscussionEvent>, DiscussionError> {
        match command {
            DiscussionCommand::Post {
                key,
                post,
                participant,
                text,
                now,
            } => {
                may_take_part(&participant)?;
                // The same form again: it was posted already.
                if self.ids.contains(&post) {
                    return Ok(Vec::new());
                }
                let text = text.trim();
                if text.is_empty() {
                    return Err(DiscussionError::NoText);
                }
                check_text(text).map_err(DiscussionError::BadText)?;
                if self.posts.len() >= MAX_POSTS {
                    return Err(DiscussionError::Full { max: MAX_POSTS });
                }
                let author = match participant {
                    Participant::Staff { account, name } => Author::Staff { account, name },
                    Participant::Juror { juror, .. } => Author::Juror { juror },
                    Participant::Other => return Err(DiscussionError::NotAParticipant),
                };
                Ok(vec![DiscussionEvent::DiscussionPosted {
                    key,
                    post,
                    author,
                    text: text.to_owned(),
                    at: now,
                }])
            }
        }
    }
}
