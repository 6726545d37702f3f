//! `wettbewerb prune-documents` removes stored files no event names, and nothing else.

use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::documents::DocumentStore;
use wettbewerb::domain::application::{Application, ApplicationCommand as A, DocumentRef};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::domain::ids::{AccountId, ApplicationId, CompetitionId};
use wettbewerb::domain::land::Land;
use wettbewerb::domain::partner::{Partner, PartnerKind};
use wettbewerb::event_store::{EventStore, StoreOptions};

use crate::support::{succeeded, wettbewerb};

const ATTACHED: &[u8] = b"%PDF-1.4\nSkizze\n%%EOF\n";
const NEVER_ATTACHED: &[u8] = b"%PDF-1.4\nabgebrochen\n%%EOF\n";

#[tokio::test]
async fn only_documents_no_event_names_are_removed() {
    let data = tempfile::TempDir::new().unwrap();
    let documents = DocumentStore::open(data.path()).unwrap();
    let kept = documents.save(ATTACHED).unwrap();
    // An upload whose event was never appended, and a write a crash cut short.
    let orphan = documents.save(NEVER_ATTACHED).unwrap();
    let folder = data.path().join("documents").join(&kept[..2]);
    std::fs::write(folder.join(format!(".{kept}.unfinished")), b"%PDF-1.4").unwrap();
    {
        let store =
            EventStore::open(StoreOptions::new(data.path().join("events")).unwrap()).unwrap();
        let id = ApplicationId::from_uuid(uuid::Uuid::now_v7());
        let now = chrono::Utc::now();
        for command in [
            A::Create {
                application_id: id,
                competition_id: CompetitionId::from_uuid(uuid::Uuid::now_v7()),
                owner: AccountId::from_uuid(uuid::Uuid::now_v7()),
                coordinator: Partner {
                    name: "TU Dresden".into(),
                    kind: PartnerKind::University,
                    land: Land::Sachsen,
                },
                contact: EmailAddress::parse("anna@tu-dresden.de").unwrap(),
                title: "Sensorik Lausitz".into(),
                now,
            },
            A::AttachDocument {
                document: DocumentRef {
                    sha256: kept.clone(),
                    file_name: "skizze.pdf".into(),
                    size: ATTACHED.len() as u64,
                },
                now,
            },
        ] {
            execute::<Application>(
                &store,
                &stream_of::<Application>(&id),
                &Actor::system(),
                command,
            )
            .await
            .unwrap();
        }
    }

    let dry = succeeded(&wettbewerb(&["prune-documents", "--dry-run"], data.path()));
    assert!(dry.starts_with("would remove 2 files"), "{dry}");
    assert!(documents.read(&orphan).is_ok(), "a dry run removes nothing");

    let done = succeeded(&wettbewerb(&["prune-documents"], data.path()));
    assert!(
        done.starts_with("removed 2 files") && done.contains("kept 1"),
        "{done}"
    );
    assert_eq!(documents.read(&kept).unwrap(), ATTACHED);
    assert!(documents.read(&orphan).is_err());
    assert!(!folder.join(format!(".{kept}.unfinished")).exists());
    let verified = succeeded(&wettbewerb(&["verify"], data.path()));
    assert!(verified.starts_with("ok:"), "{verified}");
}
