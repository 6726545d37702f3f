//! Requests for review after a stage's release: a few consortia that did not go on ask for a
//! review of the procedure a few days later; staff answer all but the last, mostly rejecting.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::rngs::StdRng;

use anyhow::anyhow;

use crate::app::{Actor, Seen};
use crate::domain::ids::ApplicationId;
use crate::domain::redress::{RedressKey, RedressOutcome};
use crate::usecases::redress_request;

use super::{Consortium, Demo};

const GROUNDS: &[&str] = &[
    "Ein Mitglied der Jury ist bei einem Wettbewerber unseres Konsortiums beschäftigt. Wir bitten zu prüfen, ob eine Befangenheit vorlag.",
    "Die Bewertung zu Kriterium 2 nimmt auf die Absichtserklärungen unserer Industriepartner keinen Bezug, obwohl sie fristgerecht eingereicht wurden.",
    "Nach unserem Eindruck wurde das in der Ausschreibung genannte Kriterium der regionalen Verankerung nicht angewandt.",
    "Die Nachforderung zur Vorhabenbeschreibung erreichte uns erst nach Ablauf der Frist; wir bitten um Prüfung, ob die nachgereichte Fassung berücksichtigt wurde.",
];

const REJECTIONS: &[&str] = &[
    "Die Prüfung hat ergeben, dass das Verfahren eingehalten wurde: Das genannte Jurymitglied hat keine Befangenheit, und alle Unterlagen lagen der Jury vollständig vor.",
    "Alle eingereichten Unterlagen, auch die Absichtserklärungen, lagen der Jury vor und sind in die Bewertung eingegangen. Die fachliche Einschätzung selbst ist nicht Gegenstand der Überprüfung.",
];

impl Demo<'_> {
    /// About one in twelve of the stage's consortia that did not go on (at least one) asks
    /// three days after `released`; staff answer a week later, all but the last of several.
    pub(super) async fn redress(
        &self,
        rng: &mut StdRng,
        entries: &[Consortium],
        chosen: &[ApplicationId],
        stage: usize,
        released: DateTime<Utc>,
    ) -> anyhow::Result<usize> {
        let left: Vec<&Consortium> = entries.iter().filter(|e| !chosen.contains(&e.id)).collect();
        let asking = (left.len() / 12).max(1).min(left.len());
        for (n, consortium) in left.iter().take(asking).enumerate() {
            let Some(owner) = consortium.state.owner else {
                continue;
            };
            let key = RedressKey {
                application: consortium.id,
                stage,
            };
            let filed_at = released + Duration::days(3) + Duration::hours(n as i64);
            let grounds = GROUNDS[rng.random_range(0..GROUNDS.len())].to_owned();
            let applicant = Actor::new(owner.to_string(), "applicant");
            redress_request::request(self.usecases(), &applicant, self.id, key, grounds, filed_at)
                .await
                .map_err(|e| anyhow!("a request for review: {e}"))?;
            (self.tick)(1);
            if n + 1 == asking && asking > 1 {
                continue;
            }
            let reason = REJECTIONS[rng.random_range(0..REJECTIONS.len())].to_owned();
            redress_request::answer(
                self.usecases(),
                &self.staff,
                key,
                RedressOutcome::Rejected,
                reason,
                Seen::Latest,
                filed_at + Duration::days(7),
            )
            .await
            .map_err(|e| anyhow!("an answer to a request for review: {e}"))?;
            (self.tick)(1);
        }
        Ok(asking)
    }
}
