//! The set-up editor's form: the rows a set-up fills in, and the set-up read back from the
//! submitted fields, naming every value that does not parse. Field names carry the stage and
//! row index (`title_0`, `criterion_weight_0_2`, `requirement_1_sme`).

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

use crate::domain::account::Language;
use crate::domain::budget::{MAX_BUDGET_YEARS, PerYear};
use crate::domain::email_address::EmailAddress;
use crate::domain::field::TechnologyField;
use crate::domain::financing::{FundingRate, FundingRates, RateError};
use crate::domain::land::Land;
use crate::domain::money::Cents;
use crate::domain::partner::PartnerKind;
use crate::domain::presets::{blank, following_stage};
use crate::domain::setup::{
    CompetitionSetup, Criterion, Deadline, KindRequirement, ScoreAnchor, Stage, StageKind,
    deadline_problem,
};
use crate::domain::setup_limits::MAX_ANCHORS;
use crate::texts::{self, Text};
use crate::web::staff::stage_form_rows::{self, CriterionChoice, DocumentRow, SectionRow};

pub struct CriterionRow {
    pub key: String,
    pub name: String,
    pub description: String,
    pub weight: String,
    pub pass_mark: String,
}

pub struct StageRow {
    pub index: usize,
    pub full_proposal: bool,
    pub title: String,
    pub submission_date: String,
    pub submission_time: String,
    pub review_date: String,
    pub review_time: String,
    pub advancing: String,
    pub pass_mark: String,
    pub criteria: Vec<CriterionRow>,
    /// The stage's application form, and the criteria its rows may be scored against.
    pub sections: Vec<SectionRow>,
    pub documents: Vec<DocumentRow>,
    pub criterion_choices: Vec<CriterionChoice>,
    /// Why the submitted deadline was not taken, shown beside its date.
    pub submission_error: Option<String>,
    pub review_error: Option<String>,
}

pub struct CheckBox {
    pub name: String,
    pub label: String,
    pub checked: bool,
}

pub struct RequirementRow {
    pub index: usize,
    pub label: String,
    pub kinds: Vec<CheckBox>,
}

/// One kind of partner's row of the funding-rate table (`rate_sme`, `lump_sum_sme`).
pub struct RateRow {
    pub key: String,
    pub label: String,
}

/// Empty budget-year rows the form offers beyond those set, so years are added without script.
const BLANK_BUDGET_YEARS: usize = 3;

/// Everything the form shows, as text, so typed values can be shown again as they were.
pub struct FormRows {
    /// The budget-year rows (`budget_year_0`, `budget_year_amount_0`, …).
    pub budget_years: Vec<usize>,
    pub rates: Vec<RateRow>,
    pub values: HashMap<String, String>,
    pub lands: Vec<CheckBox>,
    pub fields: Vec<CheckBox>,
    pub requirements: Vec<RequirementRow>,
    pub stages: Vec<StageRow>,
    /// The scores whose words the form offers (`anchor_de_3`, `anchor_en_3`).
    pub anchors: Vec<u8>,
}

/// The scores whose words the form offers: every score of the stages' scales and every one
/// with words already, at most `MAX_ANCHORS` from 0.
fn anchor_scores(setup: &CompetitionSetup) -> Vec<u8> {
    let top = setup
        .stages
        .iter()
        .flat_map(|s| &s.criteria)
        .map(|k| k.scale_max)
        .chain(setup.review.anchors.iter().map(|a| a.score))
        .max()
        .unwrap_or(5);
    (0..=top).take(MAX_ANCHORS).collect()
}

fn euros(amount: Cents) -> String {
    amount.to_string().trim_end_matches(" €").to_owned()
}

fn local(time: DateTime<Utc>) -> (String, String) {
    let t = time.with_timezone(&Berlin);
    (
        t.format("%Y-%m-%d").to_string(),
        t.format("%H:%M").to_string(),
    )
}

fn points(hundredths: u32) -> String {
    format!("{},{:02}", hundredths / 100, hundredths % 100)
}

fn kind_boxes(index: usize, chosen: &[PartnerKind], language: Language) -> Vec<CheckBox> {
    PartnerKind::ALL
        .into_iter()
        .map(|k| CheckBox {
            name: format!("requirement_{index}_{}", k.key()),
            label: crate::texts::explanations::partner_kind(k)
                .get(language)
                .to_owned(),
            checked: chosen.contains(&k),
        })
        .collect()
}

/// The form as the set-up fills it, with an empty row to add a criterion to each stage and a
/// partner requirement.
pub fn rows_of(setup: &CompetitionSetup, language: Language) -> FormRows {
    let rules = &setup.rules;
    let mut values = HashMap::new();
    values.insert("name".into(), setup.name.clone());
    values.insert("programme".into(), setup.programme.clone());
    values.insert("description".into(), setup.description.clone());
    values.insert("contact_name".into(), setup.contact.name.clone());
    values.insert("contact_address".into(), setup.contact.address.clone());
    values.insert("contact_phone".into(), setup.contact.phone.clone());
    values.insert(
        "contact_email".into(),
        setup
            .contact
            .email
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    values.insert("budget".into(), euros(setup.budget));
    for (r, (year, amount)) in setup.budget_per_year.iter().enumerate() {
        values.insert(format!("budget_year_{r}"), year.to_string());
        values.insert(format!("budget_year_amount_{r}"), euros(*amount));
    }
    let budget_years = (0..budget_year_rows(setup.budget_per_year.len())).collect();
    let rates = PartnerKind::ALL
        .into_iter()
        .map(|k| {
            if let Some(rate) = rules.funding_rates.of(k) {
                values.insert(format!("rate_{}", k.key()), rate.max_percent.to_string());
                values.insert(
                    format!("lump_sum_{}", k.key()),
                    rate.lump_sum_percent.to_string(),
                );
            }
            RateRow {
                key: k.key(),
                label: crate::texts::explanations::partner_kind(k)
                    .get(language)
                    .to_owned(),
            }
        })
        .collect();
    values.insert("redress_days".into(), setup.redress_days.to_string());
    values.insert("quorum_percent".into(), setup.quorum_percent.to_string());
    values.insert("formal_checklist".into(), setup.formal_checklist.join("\n"));
    values.insert(
        "min_comment_chars".into(),
        setup.review.min_comment_chars.to_string(),
    );
    let anchors = anchor_scores(setup);
    for &score in &anchors {
        let anchor = setup.review.anchors.iter().find(|a| a.score == score);
        values.insert(
            format!("anchor_de_{score}"),
            anchor.map(|a| a.de.clone()).unwrap_or_default(),
        );
        values.insert(
            format!("anchor_en_{score}"),
            anchor.map(|a| a.en.clone()).unwrap_or_default(),
        );
    }
    values.insert(
        "max_requested".into(),
        rules.max_requested.map(euros).unwrap_or_default(),
    );
    values.insert("min_partners".into(), rules.min_partners.to_string());
    values.insert("min_smes".into(), rules.min_smes.to_string());
    values.insert(
        "min_cofinancing_percent".into(),
        rules
            .min_cofinancing_percent
            .map(|p| p.to_string())
            .unwrap_or_default(),
    );
    let lands = Land::ALL
        .into_iter()
        .map(|l| CheckBox {
            name: format!("land_{}", l.key()),
            label: l.name().to_owned(),
            checked: rules.lands.contains(&l),
        })
        .collect();
    let fields = TechnologyField::ALL
        .into_iter()
        .map(|f| CheckBox {
            name: format!("field_{}", f.key()),
            label: crate::texts::explanations::field(f)
                .get(language)
                .to_owned(),
            checked: rules
                .technology_fields
                .as_ref()
                .is_none_or(|open| open.contains(&f)),
        })
        .collect();
    let mut requirements: Vec<RequirementRow> = rules
        .required_kinds
        .iter()
        .enumerate()
        .map(|(r, requirement)| RequirementRow {
            index: r,
            label: requirement.label.clone(),
            kinds: kind_boxes(r, &requirement.kinds, language),
        })
        .collect();
    let blank = requirements.len();
    requirements.push(RequirementRow {
        index: blank,
        label: String::new(),
        kinds: kind_boxes(blank, &[], language),
    });
    let stages = setup
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let (submission_date, submission_time) = local(stage.submission_deadline);
            let (review_date, review_time) = local(stage.review_deadline);
            let mut criteria: Vec<CriterionRow> = stage
                .criteria
                .iter()
                .enumerate()
                .map(|(j, k)| CriterionRow {
                    key: format!("{i}_{j}"),
                    name: k.name.clone(),
                    description: k.description.clone(),
                    weight: k.weight.to_string(),
                    pass_mark: k.pass_mark.map(|p| p.to_string()).unwrap_or_default(),
                })
                .collect();
            criteria.push(CriterionRow {
                key: format!("{i}_{}", stage.criteria.len()),
                name: String::new(),
                description: String::new(),
                weight: String::new(),
                pass_mark: String::new(),
            });
            let (sections, documents, criterion_choices) = stage_form_rows::rows(i, stage);
            StageRow {
                sections,
                documents,
                criterion_choices,
                index: i,
                full_proposal: stage.kind == StageKind::FullProposal,
                title: stage.title.clone(),
                submission_date,
                submission_time,
                review_date,
                review_time,
                advancing: stage.advancing.to_string(),
                pass_mark: stage.overall_pass_mark.map(points).unwrap_or_default(),
                criteria,
                submission_error: None,
                review_error: None,
            }
        })
        .collect();
    FormRows {
        budget_years,
        rates,
        values,
        lands,
        fields,
        requirements,
        stages,
        anchors,
    }
}

/// How many budget-year rows the form shows for `set` years: a few empty ones more, within
/// the limit (a form sent with more shows them all, so nothing typed is lost).
pub fn budget_year_rows(set: usize) -> usize {
    (set + BLANK_BUDGET_YEARS).min(MAX_BUDGET_YEARS.max(set))
}

/// The submitted fields, and the reasons of those that did not parse, in the person's language.
pub struct Submitted<'a> {
    form: &'a HashMap<String, String>,
    language: Language,
    pub problems: Vec<String>,
    /// The reasons that belong beside one field, by the field's name.
    pub beside: HashMap<String, String>,
}

impl<'a> Submitted<'a> {
    pub fn new(form: &'a HashMap<String, String>, language: Language) -> Self {
        Self {
            form,
            language,
            problems: Vec::new(),
            beside: HashMap::new(),
        }
    }

    /// Shows the reasons beside the stages' dates, for a form whose stages kept their places.
    pub fn mark_stages(&self, stages: &mut [StageRow]) {
        for s in stages {
            let i = s.index;
            s.submission_error = self.beside.get(&format!("submission_date_{i}")).cloned();
            s.review_error = self.beside.get(&format!("review_date_{i}")).cloned();
        }
    }

    fn field(&self, name: &str) -> String {
        self.form
            .get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    }

    fn problem(&mut self, text: Text<String>) {
        self.problems.push(text.into_lang(self.language));
    }

    fn money(&mut self, name: &str, label: Text<&str>) -> Option<Cents> {
        let text = self.field(name);
        if text.is_empty() {
            return None;
        }
        match Cents::parse_euros(&text) {
            Ok(cents) => Some(cents),
            Err(error) => {
                self.problem(texts::setup::not_an_amount(label, &error));
                None
            }
        }
    }

    /// An address that may be left empty; the reason it is refused goes beside the field.
    fn address(&mut self, name: &str, label: Text<&str>) -> Option<EmailAddress> {
        let text = self.field(name);
        if text.is_empty() {
            return None;
        }
        match EmailAddress::parse(&text) {
            Ok(address) => Some(address),
            Err(error) => {
                let reason = texts::setup::not_an_address(label, &error).into_lang(self.language);
                self.beside.insert(name.to_owned(), reason.clone());
                self.problems.push(reason);
                None
            }
        }
    }

    fn number<T: std::str::FromStr>(&mut self, name: &str, label: Text<&str>) -> Option<T> {
        let text = self.field(name);
        if text.is_empty() {
            return None;
        }
        let parsed = text.parse().ok();
        if parsed.is_none() {
            self.problem(texts::setup::not_a_whole_number(label, &text));
        }
        parsed
    }

    /// A reason that belongs beside the field `name`, and in the list above the form.
    fn beside(&mut self, name: &str, text: Text<String>) {
        let reason = text.into_lang(self.language);
        self.beside.insert(name.to_owned(), reason.clone());
        self.problems.push(reason);
    }

    /// A whole number whose refusal goes beside its field.
    fn number_beside<T: std::str::FromStr>(&mut self, name: &str, label: Text<&str>) -> Option<T> {
        let text = self.field(name);
        if text.is_empty() {
            return None;
        }
        let parsed = text.parse().ok();
        if parsed.is_none() {
            self.beside(name, texts::setup::not_a_whole_number(label, &text));
        }
        parsed
    }

    /// The budget per year from its rows; a row left empty is dropped. A form without the
    /// rows (sent before they existed) keeps what is saved.
    fn budget_per_year(&mut self, saved: &PerYear) -> PerYear {
        if !self.form.contains_key("budget_year_0") {
            return saved.clone();
        }
        let rows = self.count(|r| format!("budget_year_{r}"));
        let mut years = PerYear::new();
        for r in 0..rows {
            let (year_field, amount_field) = (
                format!("budget_year_{r}"),
                format!("budget_year_amount_{r}"),
            );
            let (year_text, amount_text) = (self.field(&year_field), self.field(&amount_field));
            if year_text.is_empty() && amount_text.is_empty() {
                continue;
            }
            if year_text.is_empty() || amount_text.is_empty() {
                let missing = if year_text.is_empty() {
                    &year_field
                } else {
                    &amount_field
                };
                self.beside(missing, texts::setup::budget_year_incomplete(r + 1));
                continue;
            }
            let label = texts::setup::budget_year(r + 1);
            let year: Option<i32> = self.number_beside(&year_field, label.borrowed());
            let amount = match Cents::parse_euros(&amount_text) {
                Ok(amount) => Some(amount),
                Err(error) => {
                    self.beside(
                        &amount_field,
                        texts::setup::not_an_amount(label.borrowed(), &error),
                    );
                    None
                }
            };
            if let (Some(year), Some(amount)) = (year, amount)
                && years.insert(year, amount).is_some()
            {
                self.beside(&year_field, texts::setup::budget_year_twice(year));
            }
        }
        years
    }

    /// The funding rates from their table; a kind with both fields empty is not limited.
    /// A form without the table keeps what is saved.
    fn funding_rates(&mut self, saved: &FundingRates) -> FundingRates {
        if !self
            .form
            .contains_key(&format!("rate_{}", PartnerKind::ALL[0].key()))
        {
            return saved.clone();
        }
        let mut rates = FundingRates::default();
        for kind in PartnerKind::ALL {
            let (rate_field, lump_field) = (
                format!("rate_{}", kind.key()),
                format!("lump_sum_{}", kind.key()),
            );
            if self.field(&rate_field).is_empty() && self.field(&lump_field).is_empty() {
                continue;
            }
            let name = crate::texts::explanations::partner_kind(kind);
            let rate_label = texts::setup::funding_rate(name);
            let lump_label = texts::setup::lump_sum(name);
            let rate: Option<u32> = self.number_beside(&rate_field, rate_label.borrowed());
            let lump: Option<u32> = self.number_beside(&lump_field, lump_label.borrowed());
            let (rate, lump) = (
                rate.or(self.field(&rate_field).is_empty().then_some(0)),
                lump.or(self.field(&lump_field).is_empty().then_some(0)),
            );
            let (Some(rate), Some(lump)) = (rate, lump) else {
                continue;
            };
            match FundingRate::new(rate, lump) {
                Ok(funding) => {
                    rates.0.insert(kind, funding);
                }
                Err(RateError::RateAboveMax) => self.beside(
                    &rate_field,
                    texts::setup::percent_too_high(rate_label.borrowed(), rate),
                ),
                Err(RateError::LumpSumAboveMax) => self.beside(
                    &lump_field,
                    texts::setup::percent_too_high(lump_label.borrowed(), lump),
                ),
            }
        }
        rates
    }

    /// A deadline typed as a date and a time in Berlin; the reason it cannot be taken goes
    /// beside the date.
    fn when(&mut self, date: &str, time: &str, deadline: Deadline) -> Option<DateTime<Utc>> {
        let parsed = NaiveDate::parse_from_str(&self.field(date), "%Y-%m-%d")
            .ok()
            .zip(NaiveTime::parse_from_str(&self.field(time), "%H:%M").ok())
            .and_then(|(d, t)| Berlin.from_local_datetime(&d.and_time(t)).earliest())
            .map(|t| t.with_timezone(&Utc));
        let problem = match parsed {
            None => Some(texts::setup::date_incomplete(
                texts::setup_problems::deadline(deadline).borrowed(),
            )),
            Some(at) => deadline_problem(deadline, at).map(|p| texts::setup_problems::problem(&p)),
        };
        match problem {
            Some(problem) => {
                let text = problem.into_lang(self.language);
                self.beside.insert(date.to_owned(), text.clone());
                self.problems.push(text);
                None
            }
            None => parsed,
        }
    }

    /// How many consecutive rows the form has, by the field each row always sends.
    fn count(&self, field: impl Fn(usize) -> String) -> usize {
        (0..)
            .take_while(|n| self.form.contains_key(&field(*n)))
            .count()
    }

    /// The set-up as submitted, over `current` (which gives the stages' number and scales).
    pub fn read(&mut self, current: &CompetitionSetup) -> CompetitionSetup {
        let mut setup = current.clone();
        setup.name = self.field("name");
        setup.programme = self.field("programme");
        setup.description = self.field("description");
        setup.contact.name = self.field("contact_name");
        setup.contact.address = self.field("contact_address");
        setup.contact.phone = self.field("contact_phone");
        setup.contact.email = self.address("contact_email", texts::setup::CONTACT_EMAIL);
        if self.field("budget").is_empty() {
            setup.budget = Cents::ZERO;
        } else if let Some(budget) = self.money("budget", texts::setup::BUDGET) {
            setup.budget = budget;
        }
        setup.budget_per_year = self.budget_per_year(&current.budget_per_year);
        setup.rules.funding_rates = self.funding_rates(&current.rules.funding_rates);
        setup.rules.max_requested = self.money("max_requested", texts::setup::MAX_REQUESTED);
        setup.rules.min_partners = self
            .number("min_partners", texts::setup::MIN_PARTNERS)
            .unwrap_or(0);
        setup.rules.min_smes = self.number("min_smes", texts::setup::MIN_SMES).unwrap_or(0);
        setup.rules.min_cofinancing_percent =
            self.number("min_cofinancing_percent", texts::setup::COFINANCING);
        setup.rules.lands = Land::ALL
            .into_iter()
            .filter(|l| self.form.contains_key(&format!("land_{}", l.key())))
            .collect::<BTreeSet<_>>();
        let open: BTreeSet<TechnologyField> = TechnologyField::ALL
            .into_iter()
            .filter(|f| self.form.contains_key(&format!("field_{}", f.key())))
            .collect();
        // Every field ticked means the competition is open to all, including fields added later.
        setup.rules.technology_fields = (open.len() != TechnologyField::ALL.len()).then_some(open);
        let rows = self.count(|r| format!("requirement_label_{r}"));
        setup.rules.required_kinds = (0..rows)
            .filter_map(|r| {
                let label = self.field(&format!("requirement_label_{r}"));
                let kinds: Vec<PartnerKind> = PartnerKind::ALL
                    .into_iter()
                    .filter(|k| {
                        self.form
                            .contains_key(&format!("requirement_{r}_{}", k.key()))
                    })
                    .collect();
                (!label.is_empty()).then_some(KindRequirement { label, kinds })
            })
            .collect();
        setup.release_scores = self.form.contains_key("release_scores");
        // A form without the field (from before it existed) keeps what is saved.
        if self.form.contains_key("redress_days") {
            setup.redress_days = self
                .number_beside("redress_days", texts::setup::REDRESS_DAYS)
                .unwrap_or(0);
            // The set-up's own check refuses it and lists why; the reason also goes beside
            // the field.
            let max = crate::domain::redress::MAX_REDRESS_DAYS;
            if !(1..=max).contains(&setup.redress_days) && !self.beside.contains_key("redress_days")
            {
                let problem = crate::domain::setup::SetupProblem::RedressWindowOutOfRange {
                    max,
                    given: setup.redress_days,
                };
                let reason = texts::setup_problems::problem(&problem).into_lang(self.language);
                self.beside.insert("redress_days".to_owned(), reason);
            }
        }
        if self.form.contains_key("quorum_percent") {
            setup.quorum_percent = self
                .number_beside("quorum_percent", texts::setup::QUORUM_PERCENT)
                .unwrap_or(0);
            // Out of range is refused beside the field, not only in the list of what is missing.
            if !self.beside.contains_key("quorum_percent")
                && !(1..=100).contains(&setup.quorum_percent)
            {
                let problem = crate::domain::setup::SetupProblem::QuorumOutOfRange {
                    given: setup.quorum_percent,
                };
                self.beside("quorum_percent", texts::setup_problems::problem(&problem));
            }
        }
        // One point per line; empty lines are no points.
        if self.form.contains_key("formal_checklist") {
            setup.formal_checklist = self
                .field("formal_checklist")
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect();
        }
        // A form without the review's fields (from before they existed) keeps what is saved;
        // an empty least length turns the rule off.
        if self.form.contains_key("min_comment_chars") {
            setup.review.min_comment_chars = self
                .number("min_comment_chars", texts::setup::MIN_COMMENT_CHARS)
                .unwrap_or(0);
        }
        if self.form.contains_key("anchor_de_0") {
            setup.review.anchors = (0..MAX_ANCHORS)
                .filter_map(|score| u8::try_from(score).ok())
                .filter_map(|score| {
                    let de = self.field(&format!("anchor_de_{score}"));
                    let en = self.field(&format!("anchor_en_{score}"));
                    (!de.is_empty() || !en.is_empty()).then_some(ScoreAnchor { score, de, en })
                })
                .collect();
        }
        // The form may hold more or fewer stages than the saved set-up: one added in the form
        // starts as the stage after the one before it.
        let count = self.count(|i| format!("submission_date_{i}"));
        let mut stages: Vec<Stage> = Vec::with_capacity(count);
        for i in 0..count {
            let base = match (current.stages.get(i), stages.last()) {
                (Some(saved), _) => saved.clone(),
                (None, Some(previous)) => following_stage(previous)
                    .unwrap_or_else(|| blank("", Utc::now()).stages.remove(0)),
                (None, None) => blank("", Utc::now()).stages.remove(0),
            };
            stages.push(base);
        }
        setup.stages = stages;
        for (i, stage) in setup.stages.iter_mut().enumerate() {
            let n = i + 1;
            stage.title = self.field(&format!("title_{i}"));
            stage.kind = if self.field(&format!("stage_kind_{i}")) == "vollantrag" {
                StageKind::FullProposal
            } else {
                StageKind::Concept
            };
            if let Some(t) = self.when(
                &format!("submission_date_{i}"),
                &format!("submission_time_{i}"),
                Deadline::Submission { stage: n },
            ) {
                stage.submission_deadline = t;
            }
            if let Some(t) = self.when(
                &format!("review_date_{i}"),
                &format!("review_time_{i}"),
                Deadline::ReviewEnd { stage: n },
            ) {
                stage.review_deadline = t;
            }
            stage.advancing = self
                .number(&format!("advancing_{i}"), texts::setup::stage(n).borrowed())
                .unwrap_or(0);
            // Points are written like amounts: "3,00" is 300 hundredths.
            stage.overall_pass_mark = self
                .money(
                    &format!("pass_mark_{i}"),
                    texts::setup::pass_mark(n).borrowed(),
                )
                .and_then(|hundredths| u32::try_from(hundredths.get()).ok());
            let mut criteria = Vec::new();
            let rows = self.count(|j| format!("criterion_name_{i}_{j}"));
            for j in 0..rows {
                let key = format!("{i}_{j}");
                let name = self.field(&format!("criterion_name_{key}"));
                if name.is_empty() {
                    continue;
                }
                let label = texts::setup::criterion(n, &name);
                let (scale_min, scale_max) = stage
                    .criteria
                    .get(j)
                    .map_or((0, 5), |k| (k.scale_min, k.scale_max));
                criteria.push(Criterion {
                    description: self.field(&format!("criterion_description_{key}")),
                    weight: self
                        .number(&format!("criterion_weight_{key}"), label.borrowed())
                        .unwrap_or(0),
                    scale_min,
                    scale_max,
                    pass_mark: self.number(&format!("criterion_pass_{key}"), label.borrowed()),
                    name,
                });
            }
            stage.criteria = criteria;
            let field = |name: &str| self.field(name);
            let problems = stage_form_rows::read(&field, i, stage);
            for problem in problems {
                self.problem(problem);
            }
        }
        setup
    }
}
