//! What a competition's set-up lacks or has too much of (`domain::setup::SetupProblem`), as
//! publication, the set-up form and the control page say it.

use super::Text;
use super::setup::{review_end, stage, submission_deadline};
use crate::domain::setup::{Deadline, FIRST_YEAR, LAST_YEAR, SetupProblem};
use crate::domain::setup_limits::{Counted, SetupText};

pub const NO_NAME: Text = Text::new(
    "Der Wettbewerb braucht einen Namen.",
    "The competition needs a name.",
);
pub const NO_STAGE: Text = Text::new(
    "Der Wettbewerb braucht mindestens eine Stufe.",
    "The competition needs at least one stage.",
);
pub const NO_BUDGET: Text = Text::new(
    "Das Budget muss größer als null sein.",
    "The budget must be more than zero.",
);
pub const NO_LAND: Text = Text::new(
    "Mindestens ein Land muss zugelassen sein.",
    "At least one Land must be eligible.",
);
pub const MAX_REQUESTED_OVER_BUDGET: Text = Text::new(
    "Der Höchstbetrag je Antrag übersteigt das Budget.",
    "The maximum per application exceeds the budget.",
);
pub const NO_TECHNOLOGY_FIELD: Text = Text::new(
    "Mindestens ein Technologiefeld muss offen sein.",
    "At least one technology field must be open.",
);

/// The names of the set-up's texts whose length is checked.
const NAME: Text = Text::new("Name", "Name");
const PROGRAMME: Text = Text::new("Programm", "Programme");
const DESCRIPTION: Text = Text::new("Beschreibung", "Description");
const CONTACT_NAME: Text = Text::new("Kontakt, Name", "Contact, name");
const CONTACT_ADDRESS: Text = Text::new("Kontakt, Anschrift", "Contact, address");
const CONTACT_PHONE: Text = Text::new("Kontakt, Telefon", "Contact, phone");
const REQUIREMENT: Text = Text::new("Partnervorgabe", "Partner requirement");

/// One problem of a set-up, in both languages.
pub fn problem(problem: &SetupProblem) -> Text<String> {
    use SetupProblem as P;
    let both = |de: String, en: String| Text { de, en };
    match problem {
        P::DateOutOfRange(which) => {
            let label = deadline(*which);
            both(
                format!(
                    "{}: Das Datum muss zwischen {FIRST_YEAR} und {LAST_YEAR} liegen.",
                    label.de
                ),
                format!(
                    "{}: the date must lie between {FIRST_YEAR} and {LAST_YEAR}.",
                    label.en
                ),
            )
        }
        P::NoName => NO_NAME.owned(),
        P::NoStage => NO_STAGE.owned(),
        P::NoBudget => NO_BUDGET.owned(),
        P::NoLand => NO_LAND.owned(),
        P::MaxRequestedOverBudget => MAX_REQUESTED_OVER_BUDGET.owned(),
        P::BudgetYearOutOfRange(year) => both(
            format!("Das Haushaltsjahr {year} liegt außerhalb der Jahre 2000 bis 2100."),
            format!("The budget year {year} lies outside the years 2000 to 2100."),
        ),
        P::NoBudgetInYear(year) => both(
            format!("Das Budget für {year} muss größer als null sein."),
            format!("The budget for {year} must be more than zero."),
        ),
        P::BudgetYearsOverTotal => both(
            "Die Budgets der Haushaltsjahre ergeben zusammen mehr als das Gesamtbudget.".to_owned(),
            "The budget years add up to more than the total budget.".to_owned(),
        ),
        P::NoTechnologyField => NO_TECHNOLOGY_FIELD.owned(),
        P::RequirementWithoutKind(label) => both(
            format!("Die Partnervorgabe „{label}“ nennt keine Art von Einrichtung."),
            format!("The partner requirement “{label}” names no kind of organisation."),
        ),
        P::NoCriterion { stage: n } => both(
            format!("Stufe {n} braucht mindestens ein Kriterium."),
            format!("Stage {n} needs at least one criterion."),
        ),
        P::NoneAdvancing { stage: n } => both(
            format!("In Stufe {n} muss mindestens ein Antrag weiterkommen."),
            format!("Stage {n} must let at least one application go on."),
        ),
        P::ReviewEndsBeforeSubmission { stage: n } => both(
            format!("Stufe {n}: Die Begutachtung muss nach der Einreichungsfrist enden."),
            format!("Stage {n}: the review must end after the submission deadline."),
        ),
        P::OpensBeforePreviousReview { stage: n } => {
            let before = n.saturating_sub(1);
            both(
                format!(
                    "Die Einreichungsfrist von Stufe {n} muss nach dem Ende der Begutachtung von Stufe {before} liegen."
                ),
                format!("Stage {n} must open after the review of stage {before} ends."),
            )
        }
        P::CriterionWithoutName { stage: n } => both(
            format!("Stufe {n}: Jedes Kriterium braucht einen Namen."),
            format!("Stage {n}: every criterion needs a name."),
        ),
        P::ZeroWeight {
            stage: n,
            criterion,
        } => both(
            format!("Stufe {n}, {criterion}: Das Gewicht muss größer als null sein."),
            format!("Stage {n}, {criterion}: the weight must be more than zero."),
        ),
        P::ScaleInverted {
            stage: n,
            criterion,
        } => both(
            format!(
                "Stufe {n}, {criterion}: Das Minimum der Skala muss unter ihrem Maximum liegen."
            ),
            format!("Stage {n}, {criterion}: the scale's minimum must be below its maximum."),
        ),
        P::PassMarkOutsideScale {
            stage: n,
            criterion,
        } => both(
            format!("Stufe {n}, {criterion}: Der Mindestwert liegt außerhalb der Skala."),
            format!("Stage {n}, {criterion}: the pass mark lies outside the scale."),
        ),
        P::OverallPassMarkAboveScales { stage: n } => both(
            format!("Stufe {n}: Die Mindestpunktzahl liegt über jeder Skala."),
            format!("Stage {n}: the overall pass mark is above every scale."),
        ),
        P::TooMany { what, max, given } => {
            let what = counted(*what);
            both(
                format!("Höchstens {max} {}, nicht {given}.", what.de),
                format!("At most {max} {}, not {given}.", what.en),
            )
        }
        P::RedressWindowOutOfRange { max, given } => both(
            format!("Widerspruchsfrist: 1 bis {max} Tage, nicht {given}."),
            format!("Redress window: 1 to {max} days, not {given}."),
        ),
        P::QuorumOutOfRange { given } => both(
            format!("Beschlussfähigkeit: 1 bis 100 Prozent der Jury, nicht {given}."),
            format!("Quorum: 1 to 100 percent of the jury, not {given}."),
        ),
        P::CommentLengthOverTextLimit { max, given } => both(
            format!("Mindestlänge der Begründung: höchstens {max} Zeichen, nicht {given}."),
            format!("Least length of a comment: at most {max} characters, not {given}."),
        ),
        P::TooLong { text, max, given } => {
            let label = text_name(*text);
            both(
                format!(
                    "{}: höchstens {max} Zeichen; eingegeben sind {given}.",
                    label.de
                ),
                format!(
                    "{}: at most {max} characters; {given} were entered.",
                    label.en
                ),
            )
        }
        P::LineBreak { text } => {
            let label = text_name(*text);
            both(
                format!("{}: bitte in einer Zeile, ohne Zeilenumbruch.", label.de),
                format!(
                    "{}: please keep it on one line, without a line break.",
                    label.en
                ),
            )
        }
        P::Form { stage: n, problem } => {
            let what = super::stage_form::problem(problem);
            both(
                format!("Stufe {n}, Antragsformular: {}", what.de),
                format!("Stage {n}, application form: {}", what.en),
            )
        }
    }
}

/// The name of one of a stage's deadlines, as the set-up form labels it.
pub fn deadline(which: Deadline) -> Text<String> {
    match which {
        Deadline::Submission { stage } => submission_deadline(stage),
        Deadline::ReviewEnd { stage } => review_end(stage),
    }
}

fn counted(what: Counted) -> Text<String> {
    match what {
        Counted::Stages => Text::new("Stufen", "stages").owned(),
        Counted::Requirements => Text::new("Partnervorgaben", "partner requirements").owned(),
        Counted::Anchors => {
            Text::new("Bezeichnungen der Punktwerte", "words for the scores").owned()
        }
        Counted::BudgetYears => Text::new("Haushaltsjahre", "budget years").owned(),
        Counted::Criteria { stage: n } => Text {
            de: format!("Kriterien in Stufe {n}"),
            en: format!("criteria in stage {n}"),
        },
        Counted::ChecklistItems => {
            Text::new("Prüfpunkte der Formalprüfung", "points of the formal check").owned()
        }
    }
}

fn text_name(text: SetupText) -> Text<String> {
    use SetupText as T;
    let of_stage = |n: usize, de: &str, en: &str| {
        let stage = stage(n);
        Text {
            de: format!("{}, {de}", stage.de),
            en: format!("{}, {en}", stage.en),
        }
    };
    match text {
        T::Name => NAME.owned(),
        T::Programme => PROGRAMME.owned(),
        T::Description => DESCRIPTION.owned(),
        T::ContactName => CONTACT_NAME.owned(),
        T::ContactAddress => CONTACT_ADDRESS.owned(),
        T::ContactPhone => CONTACT_PHONE.owned(),
        T::ContactEmail => super::setup::CONTACT_EMAIL.owned(),
        T::ChecklistItem { number } => Text {
            de: format!("Formalprüfung, Prüfpunkt {number}"),
            en: format!("Formal check, point {number}"),
        },
        T::AnchorDe { score } => Text {
            de: format!("Punktwert {score}, deutsch"),
            en: format!("Score {score}, German"),
        },
        T::AnchorEn { score } => Text {
            de: format!("Punktwert {score}, englisch"),
            en: format!("Score {score}, English"),
        },
        T::Requirement => REQUIREMENT.owned(),
        T::StageTitle { stage: n } => of_stage(n, "Titel", "title"),
        T::CriterionName {
            stage: n,
            criterion: k,
        } => of_stage(
            n,
            &format!("Kriterium {k}, Name"),
            &format!("criterion {k}, name"),
        ),
        T::CriterionDescription {
            stage: n,
            criterion: k,
        } => of_stage(
            n,
            &format!("Kriterium {k}, Beschreibung"),
            &format!("criterion {k}, description"),
        ),
    }
}
