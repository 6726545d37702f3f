//! given / when / then for the length of review comments.

use chrono::{TimeZone, Utc};

use super::aggregate::testing::given;
use super::ids::{ApplicationId, JurorId};
use super::review::{
    CriterionScore, Review, ReviewCommand as C, ReviewContext, ReviewError as Err, ReviewKey,
    Scores,
};
use super::setup::Criterion;
use super::text::{MAX_TEXT_CHARS, TextError};

fn save(comment: String, overall: String) -> C {
    C::Save {
        key: ReviewKey {
            application: ApplicationId::from_uuid(uuid::Uuid::from_u128(1)),
            stage: 0,
            juror: JurorId::from_uuid(uuid::Uuid::from_u128(2)),
        },
        scores: Scores {
            criteria: vec![CriterionScore {
                score: Some(4),
                comment,
            }],
            overall_comment: overall,
            confidence: Some(crate::domain::confidence::Confidence::Familiar),
        },
        context: ReviewContext {
            criteria: vec![Criterion {
                name: "Innovation".into(),
                description: String::new(),
                weight: 1,
                scale_min: 0,
                scale_max: 5,
                pass_mark: None,
            }],
            open: true,
            assigned: true,
            conflicted: false,
            min_comment_chars: 0,
        },
        now: Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
    }
}

#[test]
fn a_comment_over_the_maximum_is_refused_naming_its_criterion() {
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    let too_long = TextError::TooLong {
        max: MAX_TEXT_CHARS,
        given: MAX_TEXT_CHARS + 1,
    };
    assert_eq!(
        given::<Review>(vec![])
            .when(save(long.clone(), String::new()))
            .unwrap_err(),
        Err::BadComment {
            criterion: Some("Innovation".into()),
            problem: too_long
        }
    );
    assert_eq!(
        given::<Review>(vec![])
            .when(save(String::new(), long))
            .unwrap_err(),
        Err::BadComment {
            criterion: None,
            problem: too_long
        }
    );
    assert!(
        given::<Review>(vec![])
            .when(save("x".repeat(MAX_TEXT_CHARS), "Zeile\nZeile".into()))
            .is_ok()
    );
}
