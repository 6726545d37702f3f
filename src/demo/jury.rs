//! The jury: accounts, appointment and accepted invitations, each juror with a university and
//! two fields of expertise.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use crate::domain::account::Role;
use crate::domain::field::TechnologyField;
use crate::domain::ids::JurorId;
use crate::domain::jury::{Juror, Jury, JuryCommand};
use crate::domain::land::Land;
use crate::domain::partner::PartnerKind;

use super::Demo;
use super::names::{self, Taken};
use crate::domain::email_address::EmailAddress;

impl Demo<'_> {
    pub(super) async fn jury(
        &self,
        rng: &mut StdRng,
        taken: &mut Taken,
        count: usize,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Vec<JurorId>> {
        let mut ids = Vec::new();
        for n in 0..count {
            let email = format!("jury{n}@demo.wettbewerb.test");
            let name = format!("Prof. {}", names::person(rng));
            self.account(&email, &name, Role::Juror).await?;
            let juror_id = JurorId::from_uuid(uuid::Uuid::now_v7());
            let land = *Land::ALL.choose(rng).unwrap_or(&Land::Berlin);
            let expertise: BTreeSet<TechnologyField> = (0..2)
                .filter_map(|_| TechnologyField::ALL.choose(rng).copied())
                .collect();
            let field = expertise.first().copied().unwrap_or(TechnologyField::Other);
            let juror = Juror {
                name,
                email: EmailAddress::parse(&email)?,
                organisation: names::organisation(
                    &mut taken.organisations,
                    rng,
                    PartnerKind::University,
                    land,
                    field,
                ),
                expertise,
            };
            let nonce = crate::security::links::nonce();
            for command in [
                JuryCommand::Appoint {
                    competition_id: self.id,
                    juror_id,
                    juror,
                    now,
                },
                JuryCommand::Invite {
                    juror_id,
                    nonce: nonce.clone(),
                    now,
                },
                JuryCommand::AcceptInvitation {
                    juror_id,
                    nonce,
                    confidentiality: Some(crate::domain::jury::CONFIDENTIALITY_DE.into()),
                    now,
                },
            ] {
                self.run::<Jury>(&self.id.to_string(), &self.staff, command)
                    .await?;
            }
            ids.push(juror_id);
        }
        Ok(ids)
    }
}
