//! A recorded event whose fields do not read is refused by decoding; no field is defaulted.

use chrono::Utc;
use serde_json::json;

use super::events::{Decoded, decoded};
use crate::domain::competition::CompetitionEvent;
use crate::event_store::{EventId, Position, RecordedEvent, StreamName};

fn recorded(stream: &str, event_type: &str, data: serde_json::Value) -> RecordedEvent {
    RecordedEvent {
        event_id: EventId::new(),
        stream: StreamName::parse(stream.to_owned()).expect("a stream name"),
        revision: 0,
        position: Position(0),
        event_type: event_type.to_owned(),
        data,
        metadata: json!({}),
        created: Utc::now(),
    }
}

#[test]
fn results_released_without_a_stage_is_refused_not_read_as_stage_zero() {
    let at = "2026-05-01T10:00:00Z";
    let stream = "competition-5b1f8f3e-1111-4c4c-9a9a-000000000001";
    // Given a release whose `stage` field was renamed
    let renamed = recorded(stream, "ResultsReleased", json!({ "stufe": 1, "at": at }));
    // When it is decoded, then it is an error: no result mail of stage 0 goes out.
    let error = decoded(&renamed).expect_err("a release without a stage");
    assert!(error.contains("stage"), "{error}");
    // And the same event with its field reads as the stage it names.
    let named = recorded(stream, "ResultsReleased", json!({ "stage": 1, "at": at }));
    let Ok(Some(Decoded::Competition(event))) = decoded(&named) else {
        panic!("a release with its stage reads as a competition event");
    };
    assert!(matches!(
        *event,
        CompetitionEvent::ResultsReleased { stage: 1, .. }
    ));
}

#[test]
fn events_of_other_streams_make_no_mail() {
    let other = recorded("session-abc", "SessionStarted", json!({}));
    assert_eq!(decoded(&other), Ok(None));
}
