//! Texts of the pages on personal data: the account page, erasure and retention periods.

use super::Text;

pub const ROLE_APPLICANT: Text = Text::new("Antragstellende", "Applicant");
pub const ROLE_JUROR: Text = Text::new("Jury", "Juror");
pub const ROLE_STAFF: Text = Text::new("Programmverwaltung", "Programme staff");

pub const PERIOD_NOT_FUNDED: Text = Text::new("Konsortien ohne Förderung", "Consortia not funded");
pub const PERIOD_FUNDED: Text = Text::new("Geförderte Konsortien", "Funded consortia");
pub const PERIOD_JURORS: Text = Text::new("Jurorinnen und Juroren", "Jurors");
pub const PART_NOT_FUNDED: Text = Text::new("Antrag, nicht gefördert", "application, not funded");
pub const PART_FUNDED: Text = Text::new("Antrag, gefördert", "application, funded");
pub const PART_JUROR: Text = Text::new("Jury", "jury");
pub const YEARS_REFUSED: Text = Text::new(
    "Bitte eine ganze Zahl von 0 bis 30 Jahren.",
    "Please a whole number from 0 to 30 years.",
);
pub const PERIODS_CHANGED: Text = Text::new(
    "Jemand hat die Fristen inzwischen geändert; Ihre Eingabe steht unten, die gespeicherten Fristen sehen Sie nach dem Neuladen.",
    "Someone changed the periods meanwhile; your input is below, the saved periods show after reloading.",
);
