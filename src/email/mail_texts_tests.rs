//! Every kind of message, as its recipient reads it: greeted by name, told where to go (a link),
//! signed, with the programme's contact; counts in the right number.

use super::account_mail::{AccountMail, render_account_mail};
use super::signoff::{salutation, signoff};
use super::templates::{ApplicationMail, JurorMail, render, render_juror_mail};
use crate::domain::account::Language;
use crate::domain::setup::ProgrammeContact;

const LINK: &str = "https://wettbewerb.example/antraege/1/status";

fn contact() -> ProgrammeContact {
    ProgrammeContact {
        name: "Projektträger Jülich (PtJ)".into(),
        address: "Zimmerstraße 26–27, 10969 Berlin".into(),
        phone: "+49 30 20199-0".into(),
        email: crate::domain::email_address::EmailAddress::parse("wettbewerb@ptj.example").ok(),
    }
}

fn application_mail(language: Language) -> ApplicationMail {
    ApplicationMail {
        language,
        salutation: salutation(language, "Anna Schmidt"),
        link: LINK.into(),
        next_stage: "Vollantrag".into(),
        next_deadline: "13.02.2028, 10:00 Uhr".into(),
        signoff: signoff(language, "BioRegio 2026", &contact()).unwrap(),
        title: "Sensorik Lausitz".into(),
        competition: "BioRegio 2026".into(),
        at: "01.12.2026, 12:00 Uhr".into(),
        partners: vec!["TU Dresden".into()],
        documents: vec![],
        reason: "Unterschrift fehlt".into(),
        positive: true,
        submitted: false,
        reserve: 0,
        amount: "15.000.000,00 €".into(),
        stage: "Skizze".into(),
        deadline: "14.02.2027, 10:00 Uhr".into(),
        score: String::new(),
        criterion_scores: vec![],
        grounds: "Ein Mitglied der Jury war befangen.".into(),
        outcome: "Zurückgewiesen".into(),
        summary: Default::default(),
        parts: vec!["Antragstext „Region“".into()],
    }
}

fn juror_mail(language: Language, titles: usize) -> JurorMail {
    JurorMail {
        language,
        salutation: salutation(language, "Prof. Dr. Jana Gutachter"),
        signoff: signoff(language, "Spitzencluster-Wettbewerb 2026", &contact()).unwrap(),
        name: "Prof. Dr. Jana Gutachter".into(),
        competition: "Spitzencluster-Wettbewerb 2026".into(),
        stage: "Vollantrag".into(),
        deadline: "11.04.2027, 11:00 Uhr".into(),
        titles: (0..titles).map(|n| format!("Antrag {n}")).collect(),
        reason: "Punkte vertauscht".into(),
        link: LINK.into(),
    }
}

fn reads_as_a_letter(
    kind: &str,
    language: Language,
    name: &str,
    (subject, text, html): (String, String, String),
) {
    let greeting = if language.is_english() {
        format!("Dear {name},")
    } else {
        format!("Guten Tag, {name},")
    };
    let (regards, phone) = if language.is_english() {
        ("Kind regards", "Phone: +49 30 20199-0")
    } else {
        ("Mit freundlichen Grüßen", "Telefon: +49 30 20199-0")
    };
    for part in [&text, &html] {
        assert!(part.contains(&greeting), "{kind}: {part}");
        assert!(part.contains(regards), "{kind}: {part}");
        assert!(
            part.contains("Projektträger Jülich (PtJ)"),
            "{kind}: {part}"
        );
        assert!(part.contains(phone), "{kind}: {part}");
        assert!(part.contains("wettbewerb@ptj.example"), "{kind}: {part}");
    }
    assert!(text.contains(LINK), "{kind}: {text}");
    assert!(
        html.contains(&format!(r#"href="{LINK}""#)),
        "{kind}: {html}"
    );
    assert!(!subject.is_empty(), "{kind}");
}

#[test]
fn every_message_about_an_application_greets_links_signs_and_names_the_contact() {
    for language in [Language::De, Language::En] {
        for kind in [
            "receipt",
            "withdrawal",
            "rejection",
            "result",
            "funding",
            "moved-up",
            "draft-reminder",
            "extension",
            "shortening",
            "redress-receipt",
            "redress-notice",
            "redress-answer",
            "deficiency-request",
            "deficiency-reminder",
            "corrections-received",
        ] {
            let rendered = render(kind, &application_mail(language)).unwrap();
            reads_as_a_letter(kind, language, "Anna Schmidt", rendered);
        }
        for kind in ["assignment", "review-reminder", "review-reopened"] {
            let rendered = render_juror_mail(kind, &juror_mail(language, 2)).unwrap();
            reads_as_a_letter(kind, language, "Prof. Dr. Jana Gutachter", rendered);
        }
        for kind in ["editor-invitation", "juror-invitation"] {
            let mail = AccountMail {
                language,
                salutation: salutation(language, "Jana Gutachter"),
                signoff: signoff(language, "BioRegio 2026", &contact()).unwrap(),
                name: "Anna Schmidt".into(),
                link: LINK.into(),
                title: "Sensorik Lausitz".into(),
                competition: "BioRegio 2026".into(),
            };
            let rendered = render_account_mail(kind, &mail).unwrap();
            reads_as_a_letter(kind, language, "Jana Gutachter", rendered);
        }
    }
}

#[test]
fn account_messages_greet_by_name_and_are_signed_without_a_programme() {
    for language in [Language::De, Language::En] {
        for kind in ["verification", "password-reset"] {
            let mail = AccountMail {
                language,
                salutation: salutation(language, "Anna Schmidt"),
                signoff: signoff(language, "", &ProgrammeContact::default()).unwrap(),
                name: "Anna Schmidt".into(),
                link: LINK.into(),
                title: String::new(),
                competition: String::new(),
            };
            let (_, text, html) = render_account_mail(kind, &mail).unwrap();
            let (greeting, team) = if language.is_english() {
                ("Dear Anna Schmidt,", "The wettbewerb team")
            } else {
                ("Guten Tag, Anna Schmidt,", "Ihr Team von wettbewerb")
            };
            for part in [&text, &html] {
                assert!(part.contains(greeting), "{kind}: {part}");
                assert!(part.contains(team), "{kind}: {part}");
                assert!(part.contains(LINK), "{kind}: {part}");
                assert!(
                    !part.contains("Kontakt:") && !part.contains("Contact:"),
                    "{part}"
                );
            }
        }
    }
}

#[test]
fn the_funding_mail_announces_a_selection_subject_to_the_grant_notice() {
    let (_, text, html) = render("funding", &application_mail(Language::De)).unwrap();
    for part in [&text, &html] {
        assert!(
            part.contains("zur Förderung mit bis zu")
                && part.contains("15.000.000,00 €")
                && part.contains(
                    "vorbehaltlich des förmlichen Förderantrags und des Zuwendungsbescheids"
                ),
            "{part}"
        );
        assert!(!part.contains("wird mit"), "{part}");
    }
    let (_, text, _) = render("funding", &application_mail(Language::En)).unwrap();
    assert!(
        text.contains("selected for funding of up to 15.000.000,00 €, subject to the formal funding application and the grant notice"),
        "{text}"
    );
}

/// The subject says what the body says: a selection subject to the grant notice, a place on the
/// reserve list, or no selection; never a "funding decision" the jury cannot make.
#[test]
fn the_funding_subject_matches_the_outcome_the_body_announces() {
    let cases = [
        (
            true,
            0,
            "Zur Förderung ausgewählt, vorbehaltlich des Zuwendungsbescheids: Sensorik Lausitz",
            "Selected for funding, subject to the grant notice: Sensorik Lausitz",
        ),
        (
            false,
            2,
            "Nachrückliste, Platz 2: Sensorik Lausitz",
            "Reserve list, place 2: Sensorik Lausitz",
        ),
        (
            false,
            0,
            "Nicht zur Förderung ausgewählt: Sensorik Lausitz",
            "Not selected for funding: Sensorik Lausitz",
        ),
    ];
    for (positive, reserve, de, en) in cases {
        for (language, expected) in [(Language::De, de), (Language::En, en)] {
            let mut mail = application_mail(language);
            mail.positive = positive;
            mail.reserve = reserve;
            let (subject, _, html) = render("funding", &mail).unwrap();
            assert_eq!(subject, expected);
            assert!(!subject.contains("Förderentscheidung") && !subject.contains("decision"));
            assert!(!html.contains("Förderentscheidung"), "{html}");
        }
    }
}

#[test]
fn the_move_up_mail_tells_of_the_selection_subject_to_the_grant_notice() {
    let mut mail = application_mail(Language::De);
    mail.reserve = 1;
    let (subject, text, _) = render("moved-up", &mail).unwrap();
    assert_eq!(
        subject,
        "Von der Nachrückliste zur Förderung ausgewählt, vorbehaltlich des Zuwendungsbescheids: Sensorik Lausitz"
    );
    assert!(
        text.contains("stand auf Platz 1 der Nachrückliste und ist nachgerückt: Er wurde zur Förderung mit bis zu 15.000.000,00 € ausgewählt, vorbehaltlich des förmlichen Förderantrags und des Zuwendungsbescheids."),
        "{text}"
    );
    let (subject, text, _) = render("moved-up", &application_mail(Language::En)).unwrap();
    assert!(subject.starts_with("Selected for funding from the reserve list"));
    assert!(
        text.contains("selected for funding of up to 15.000.000,00 €, subject to"),
        "{text}"
    );
}

#[test]
fn the_shortlist_gives_the_next_stage_and_its_deadline() {
    let mut mail = application_mail(Language::De);
    mail.stage = "Skizze".into();
    let (subject, text, _) = render("result", &mail).unwrap();
    assert_eq!(subject, "Ergebnis der Stufe „Skizze“: Sensorik Lausitz");
    assert!(
        text.contains("Sie sind zur nächsten Stufe „Vollantrag“ eingeladen. Bitte reichen Sie den Antrag dieser Stufe bis 13.02.2028, 10:00 Uhr (Berliner Zeit) ein"),
        "{text}"
    );
}

/// The evaluation summary reads as a consortium reads it, in its language: per criterion the
/// comment (and the score where released), the overall assessment; or that none is written.
#[test]
fn the_result_carries_the_evaluation_summary_in_the_recipients_language() {
    use crate::domain::evaluation_summary::{Summary, SummaryLine};
    use crate::texts::evaluation_summary::render as summary;
    let written = Summary::Written {
        lines: vec![SummaryLine {
            criterion: "Innovationsidee".into(),
            score: Some((4, 5)),
            comment: "Die Idee ist neu und tragfähig.".into(),
        }],
        overall: "Ein überzeugendes Netzwerk.".into(),
        weighted: Some(400),
    };
    for (language, heading, criterion, overall) in [
        (
            Language::De,
            "Bewertungsbericht der Jury",
            "Innovationsidee (4 von 5 Punkten):\nDie Idee ist neu und tragfähig.",
            "Gesamteinschätzung:\nEin überzeugendes Netzwerk.",
        ),
        (
            Language::En,
            "The jury's evaluation summary",
            "Innovationsidee (4 of 5 points):\nDie Idee ist neu und tragfähig.",
            "Overall assessment:\nEin überzeugendes Netzwerk.",
        ),
    ] {
        for kind in ["result", "funding"] {
            let mut mail = application_mail(language);
            mail.summary = summary(&written, language);
            let (_, text, html) = render(kind, &mail).unwrap();
            for part in [heading, criterion, overall] {
                assert!(text.contains(part), "{kind} {language:?}: {part}\n{text}");
            }
            assert!(html.contains("<h3>Innovationsidee (4"), "{html}");
            let mut mail = application_mail(language);
            mail.summary = summary(&Summary::Unavailable, language);
            let (_, text, _) = render(kind, &mail).unwrap();
            let none = crate::texts::consensus::NO_WRITTEN_EVALUATION.get(language);
            assert!(text.contains(none), "{text}");
            assert!(!text.contains(heading), "{text}");
        }
    }
}

/// The phrases the walk through the service found wrong, now in the right case and number.
#[test]
fn generated_phrases_keep_case_and_number() {
    let (subject, text, _) = render_juror_mail("assignment", &juror_mail(Language::De, 1)).unwrap();
    assert_eq!(
        subject,
        "1 Antrag zur Bewertung: Spitzencluster-Wettbewerb 2026"
    );
    assert!(
        text.contains("Ihnen wurde dieser Antrag der Stufe „Vollantrag“ im Wettbewerb „Spitzencluster-Wettbewerb 2026“ zur Bewertung zugewiesen")
            && text.contains("Bitte reichen Sie Ihre Bewertung bis"),
        "{text}"
    );
    let (subject, text, _) = render_juror_mail("assignment", &juror_mail(Language::De, 2)).unwrap();
    assert_eq!(
        subject,
        "2 Anträge zur Bewertung: Spitzencluster-Wettbewerb 2026"
    );
    assert!(
        text.contains("Ihnen wurden diese Anträge der Stufe „Vollantrag“"),
        "{text}"
    );
    let (subject, _, _) = render_juror_mail("assignment", &juror_mail(Language::En, 1)).unwrap();
    assert_eq!(
        subject,
        "1 application assigned to you: Spitzencluster-Wettbewerb 2026"
    );
    let (_, text, _) = render_juror_mail("assignment", &juror_mail(Language::En, 2)).unwrap();
    assert!(
        text.contains("Dear Prof. Dr. Jana Gutachter,\n\nThese applications of the stage"),
        "{text}"
    );

    let (subject, text, _) =
        render_juror_mail("review-reminder", &juror_mail(Language::De, 1)).unwrap();
    assert_eq!(subject, "Erinnerung: 1 Bewertung bis 11.04.2027, 11:00 Uhr");
    assert!(text.contains("Für diesen Antrag steht"), "{text}");
    let (subject, _, _) =
        render_juror_mail("review-reminder", &juror_mail(Language::De, 3)).unwrap();
    assert_eq!(
        subject,
        "Erinnerung: 3 Bewertungen bis 11.04.2027, 11:00 Uhr"
    );
    let (subject, _, _) =
        render_juror_mail("review-reminder", &juror_mail(Language::En, 1)).unwrap();
    assert_eq!(subject, "Reminder: 1 review due by 11.04.2027, 11:00 Uhr");

    let (_, text, _) = render("extension", &application_mail(Language::De)).unwrap();
    assert!(
        text.contains("die Einreichungsfrist der Stufe „Skizze“ im Wettbewerb „BioRegio 2026“"),
        "{text}"
    );
    let (_, text, _) = render("receipt", &application_mail(Language::De)).unwrap();
    assert!(
        text.contains("im Wettbewerb „BioRegio 2026“ ist am"),
        "{text}"
    );

    let invitation = AccountMail {
        language: Language::De,
        salutation: salutation(Language::De, "Prof. Dr. Jana Gutachter"),
        signoff: Default::default(),
        name: String::new(),
        link: LINK.into(),
        title: String::new(),
        competition: "Spitzencluster-Wettbewerb 2026".into(),
    };
    let (subject, text, _) = render_account_mail("juror-invitation", &invitation).unwrap();
    assert_eq!(
        subject,
        "Einladung in die Jury des Wettbewerbs „Spitzencluster-Wettbewerb 2026“"
    );
    assert!(
        text.starts_with("Guten Tag, Prof. Dr. Jana Gutachter,\n"),
        "{text}"
    );
    for wrong in [
        "1 Anträge",
        "1 Bewertungen",
        "der Vollantrag",
        "im BioRegio",
        "Jury des Spitzencluster",
    ] {
        assert!(!text.contains(wrong) && !subject.contains(wrong), "{wrong}");
    }
}

/// A deadline moved earlier asks a consortium with a draft to submit by then, and tells one
/// that submitted already that nothing more is needed.
#[test]
fn the_earlier_deadline_says_what_is_left_to_do_for_a_draft_and_for_a_submitted_application() {
    for language in [Language::De, Language::En] {
        let mut mail = application_mail(language);
        let (_, draft, _) = render("shortening", &mail).unwrap();
        mail.submitted = true;
        let (_, submitted, _) = render("shortening", &mail).unwrap();
        let (submit_by, nothing_more) = if language.is_english() {
            ("please submit it by then", "nothing more is needed")
        } else {
            (
                "Bitte reichen Sie ihn bis dahin ein",
                "Sie müssen nichts weiter tun",
            )
        };
        assert!(
            draft.contains(submit_by) && !draft.contains(nothing_more),
            "{draft}"
        );
        assert!(
            submitted.contains(nothing_more) && !submitted.contains(submit_by),
            "{submitted}"
        );
    }
}
