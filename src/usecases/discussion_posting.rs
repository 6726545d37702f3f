//! A juror or programme staff post in an application's discussion. Whether a juror may (assigned,
//! not conflicted, their own review submitted) is read from the jury and their review as they
//! are now, and the post's append is refused if either moved in between; then it is decided
//! again. Posts only add to the thread, so a post is taken on the thread as it is (`Seen::Latest`);
//! the post's id from its form keeps a form sent twice from posting twice.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::Context;
use crate::app::{Actor, ExecuteError, Executed, Seen, execute_deciding, stream_of};
use crate::domain::discussion::{
    Discussion, DiscussionCommand, DiscussionError, DiscussionKey, Participant,
};
use crate::domain::ids::{AccountId, CompetitionId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::review::{Review, ReviewKey};

/// Who posts, before the facts about them are read.
#[derive(Debug, Clone)]
pub enum Poster {
    Staff { account: AccountId, name: String },
    Juror(JurorId),
}

/// What was typed, into which form.
#[derive(Debug, Clone)]
pub struct Posting {
    pub competition: CompetitionId,
    pub key: DiscussionKey,
    pub poster: Poster,
    /// The id the form carried.
    pub post: uuid::Uuid,
    pub text: String,
    pub now: DateTime<Utc>,
}

pub async fn post(
    context: Context<'_>,
    actor: &Actor,
    posting: Posting,
) -> Result<Executed<Discussion>, ExecuteError<DiscussionError>> {
    execute_deciding::<Discussion>(
        context.store,
        context.facts,
        &stream_of::<Discussion>(&posting.key),
        Seen::Latest,
        actor,
        |_, facts| {
            let participant = match &posting.poster {
                Poster::Staff { account, name } => Participant::Staff {
                    account: *account,
                    name: name.clone(),
                },
                Poster::Juror(juror) => {
                    let jury: Arc<Jury> = facts.load(&stream_of::<Jury>(&posting.competition))?;
                    let own: Arc<Review> = facts.load(&stream_of::<Review>(&ReviewKey {
                        application: posting.key.application,
                        stage: posting.key.stage,
                        juror: *juror,
                    }))?;
                    Participant::juror(&jury, posting.key, *juror, Some(&own))
                }
            };
            Ok(DiscussionCommand::Post {
                key: posting.key,
                post: posting.post,
                participant,
                text: posting.text.clone(),
                now: posting.now,
            })
        },
    )
    .await
}
