//! A circular before the first stage's deadline: the programme writes to every consortium
//! that has submitted, as staff do on the circulars page, with the recipients found by the
//! same read of the log.

use anyhow::{Context, anyhow};
use chrono::{DateTime, Utc};

use crate::config::Settings;
use crate::domain::circular::{Audience, ConsortiumState, distinct_recipients};
use crate::domain::ids::CircularId;
use crate::projections::ReadModels;
use crate::usecases::circular_sending::{self, Draft};

use super::Demo;

const SUBJECT: &str = "Eingang Ihrer Skizze „{{ titel }}“";
const BODY: &str = "{{ anrede }}\n\nIhre Skizze „{{ titel }}“ zum Wettbewerb {{ wettbewerb }} liegt uns vor. Bis zum Ende der Frist am {{ frist }} können Sie sie zurückziehen und erneut einreichen; danach beginnt die Begutachtung durch die Jury.\n\nDen Stand Ihres Antrags sehen Sie hier: {{ link }}";

impl Demo<'_> {
    /// Sends the circular to the submitted consortia of the first stage; how many it reached.
    pub(super) async fn circular(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let models = ReadModels::default();
        crate::projections::catch_up(self.store, &models)?;
        let audience = Audience::Consortia {
            stage: 0,
            state: ConsortiumState::Submitted,
        };
        let recipients = {
            let views = models.read();
            let competition = &views
                .competitions
                .get(&self.id)
                .context("the demo's competition is in the read models")?
                .state;
            circular_sending::recipients(
                &views,
                competition,
                self.id,
                audience,
                Settings::default().public_base_url.trim_end_matches('/'),
            )
        };
        let recipients = distinct_recipients(recipients).map_err(|e| anyhow!("{e}"))?;
        let reached = recipients.len();
        let draft = Draft {
            id: CircularId::from_uuid(uuid::Uuid::now_v7()),
            competition_id: self.id,
            audience,
            subject: SUBJECT.to_owned(),
            body: BODY.to_owned(),
        };
        let executed = circular_sending::send(self.usecases(), &self.staff, draft, recipients, now)
            .await
            .map_err(|e| anyhow!("the circular: {e}"))?;
        (self.tick)(executed.events.len() as u64);
        Ok(reached)
    }
}
