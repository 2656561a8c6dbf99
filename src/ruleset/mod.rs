//! The rule model: a ruleset (one legal regime, a span of assessment years) and its
//! criteria, each with legal basis, evidence, bands, a compiled script and test cases.
//!
//! `file` holds the serde shapes of the TOML files, `load` turns them into this
//! checked model, `catalog` picks the ruleset that governs an assessment year.

mod bounds;
pub mod catalog;
mod convert;
mod file;
pub mod load;
mod names;
pub mod overlay;
pub mod plausibility;
mod validate;

use crate::date::Date;
use crate::level::Level;
use crate::number::RoundingPolicy;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

pub use load::load_ruleset;
pub use names::{MAX_CRITERION_ID_CHARS, check_criterion_id};

/// A loaded, checked ruleset, ready to score.
#[derive(Debug)]
pub struct Ruleset {
    /// Stable id (`tdthpl-2020-2024`).
    pub id: String,
    /// Vietnamese title.
    pub title: String,
    /// Assessment years governed, inclusive; `None` as the end means open-ended.
    pub years: (i64, Option<i64>),
    /// Levels scored.
    pub levels: Vec<Level>,
    /// Rounding policy for published figures.
    pub rounding: RoundingPolicy,
    /// Decisions and decrees the ruleset implements.
    pub legal_basis: Vec<LegalBasis>,
    /// The whole TDTHPL criterion's maximum per level; its groups must add up to it.
    pub max_points: Option<PerLevel>,
    /// Where `max_points` was written.
    pub max_points_origin: Option<Origin>,
    /// Groups of criteria whose maxima must add up (the official table's parent rows).
    pub groups: Vec<Group>,
    /// Named deadlines, periods and thresholds, visible to scripts as `params.<name>`.
    pub params: Vec<Param>,
    /// Every evidence field any criterion reads, in first-declared order.
    pub fields: Vec<EvidenceField>,
    /// The window every date field lies in unless it declares its own bounds.
    pub date_window: plausibility::DateWindow,
    /// Criteria in official order (by id, numerically).
    pub criteria: Vec<Criterion>,
    /// Units exempt from criteria, by an overlay (a province's decision).
    pub exemptions: Vec<Exemption>,
    /// unit → criterion → index in `exemptions` of the first exemption naming the
    /// pair: a lookup per unit × criterion stays cheap however long the overlay's
    /// list (built by [`Ruleset::index_exemptions`]).
    exemption_index: BTreeMap<String, BTreeMap<String, usize>>,
    /// The provincial overlay applied on top, if any.
    pub overlay: Option<OverlayInfo>,
    /// The directory the ruleset was loaded from.
    pub dir: PathBuf,
    /// SHA-256 over the ruleset's files in canonical order (hex).
    pub fingerprint: String,
    /// The compiled scripts' engine.
    pub(crate) engine: crate::engine::ScriptEngine,
}

impl Ruleset {
    /// Whether this ruleset governs assessment year `year`.
    pub fn covers(&self, year: i64) -> bool {
        year >= self.years.0 && self.years.1.is_none_or(|end| year <= end)
    }

    /// `2020–2024` or `2025–`.
    pub fn years_label(&self) -> String {
        match self.years.1 {
            Some(end) => format!("{}–{}", self.years.0, end),
            None => format!("{}–", self.years.0),
        }
    }

    /// Looks a field up by id.
    pub fn field_index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    /// The field at `index`, an index this ruleset's loader assigned (`FieldUse::field`).
    #[allow(
        clippy::indexing_slicing,
        reason = "FieldUse::field is only set by the loader to an index of this same, immutable `fields`"
    )]
    pub fn field(&self, index: usize) -> &EvidenceField {
        &self.fields[index]
    }

    /// The criterion at `index`, an index into this ruleset (`CriterionScore::criterion`).
    #[allow(
        clippy::indexing_slicing,
        reason = "criterion indices are only made by enumerating this same, immutable `criteria`"
    )]
    pub fn criterion(&self, index: usize) -> &Criterion {
        &self.criteria[index]
    }

    /// Counts citations that rest on unverified facts.
    pub fn unverified_citations(&self) -> usize {
        let overlay = self.overlay.iter().flat_map(|o| &o.legal_basis);
        let all = self
            .legal_basis
            .iter()
            .chain(overlay)
            .chain(self.criteria.iter().flat_map(|c| &c.legal_basis));
        all.filter(|b| b.status == CitationStatus::Unverified)
            .count()
    }

    /// The exemption of unit `unit` from criterion `criterion`, if any (the first
    /// one the overlay lists).
    pub fn exemption(&self, unit: &str, criterion: &str) -> Option<&Exemption> {
        let index = *self.exemption_index.get(unit)?.get(criterion)?;
        self.exemptions.get(index)
    }

    /// Whether an overlay exempts `unit` from any criterion.
    pub fn exempts_unit(&self, unit: &str) -> bool {
        self.exemption_index.contains_key(unit)
    }

    /// Rebuilds the lookup behind [`Ruleset::exemption`] after `exemptions` changed.
    pub(crate) fn index_exemptions(&mut self) {
        let mut index: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (i, e) in self.exemptions.iter().enumerate() {
            let criteria = index.entry(e.unit.clone()).or_default();
            for c in &e.criteria {
                criteria.entry(c.clone()).or_insert(i);
            }
        }
        self.exemption_index = index;
    }

    /// Counts criteria whose points or bands are a sample choice rather than a published rule.
    pub fn sample_choices(&self) -> usize {
        self.criteria
            .iter()
            .filter(|c| c.sample_choice.is_some())
            .count()
    }

    /// The maximum a unit of `level` can reach (sum over applicable criteria), or
    /// `None` when it does not fit in a `Decimal` (refused at load as `value/overflow`).
    pub fn max_for(&self, level: Level) -> Option<Decimal> {
        crate::number::checked_sum(self.criteria.iter().filter_map(|c| c.max_for(level)))
    }
}

/// A named unit exempt from some criteria ("không áp dụng" by a provincial decision).
#[derive(Debug, Clone)]
pub struct Exemption {
    /// The unit's `ma_don_vi`.
    pub unit: String,
    /// Criterion ids it is exempt from.
    pub criteria: Vec<String>,
    /// Why, with the decision that grants it.
    pub reason: String,
}

/// The provincial overlay applied to a ruleset.
#[derive(Debug, Clone)]
pub struct OverlayInfo {
    /// Overlay id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The overlay file.
    pub path: PathBuf,
    /// SHA-256 of the overlay file.
    pub fingerprint: String,
    /// The provincial decisions it implements.
    pub legal_basis: Vec<LegalBasis>,
    /// Warnings found while applying it (errors make applying fail); callers show
    /// them beside the ruleset's own load warnings.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
}

/// A citation: the legal text a ruleset, criterion or parameter rests on.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LegalBasis {
    /// The document (`Nghị định 59/2012/NĐ-CP`).
    pub document: String,
    /// Article (`Điều 11a`), when the citation is to an article.
    pub article: Option<String>,
    /// Clause or point (`khoản 3`).
    pub clause: Option<String>,
    /// The verbatim quote, only ever from a verified or partially verified source.
    pub quote: Option<String>,
    /// Link to the published text.
    pub url: Option<String>,
    /// What is and is not verified about this citation.
    pub note: Option<String>,
    /// How far the quote and its numbering are verified.
    pub status: CitationStatus,
}

impl LegalBasis {
    /// A one-line citation: `Điều 11a, khoản 3, Nghị định 59/2012/NĐ-CP`.
    pub fn cite(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(a) = &self.article {
            parts.push(a);
        }
        if let Some(c) = &self.clause {
            parts.push(c);
        }
        parts.push(&self.document);
        let mut text = parts.join(", ");
        if self.status == CitationStatus::Unverified {
            text.push_str(" (chưa kiểm chứng)");
        }
        text
    }
}

/// How far a citation has been checked against the published text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationStatus {
    /// Quote seen in the published text (source named).
    Verified,
    /// Seen only in part or in a secondary source.
    Partial,
    /// Believed but not confirmed: shown as "chưa kiểm chứng" everywhere.
    Unverified,
}

/// A parent row of the scoring table: its children's maxima must add up to its own.
#[derive(Debug, Clone)]
pub struct Group {
    /// Id prefix of its members (`1` groups `1.1`, `1.2`, ...).
    pub id: String,
    /// Vietnamese title, as in the official table.
    pub title: String,
    /// Maximum per level.
    pub max_points: PerLevel,
    /// Where `max_points` was written.
    pub origin: Origin,
}

/// Where a value was written: a file and a byte range. An overlay that changes a
/// value replaces its origin, so a broken invariant points at the overlay's line.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Byte range in it.
    pub span: Range<usize>,
}

impl Origin {
    /// The line, column and underline of this origin.
    pub fn location(&self) -> crate::diagnostic::Location {
        crate::diagnostic::Location::from_span(&self.file.path, &self.file.text, self.span.clone())
    }
}

/// A value that may differ by level: `"1.50"` or `{ so = "1.50", huyen = "1.50", xa = "2.00" }`.
#[derive(Debug, Clone, PartialEq)]
pub enum PerLevel {
    /// The same for every level.
    All(Decimal),
    /// One value per listed level.
    ByLevel(BTreeMap<Level, Decimal>),
}

impl PerLevel {
    /// The value for `level`, if defined for it.
    pub fn get(&self, level: Level) -> Option<Decimal> {
        match self {
            PerLevel::All(v) => Some(*v),
            PerLevel::ByLevel(map) => map.get(&level).copied(),
        }
    }
}

/// A ruleset parameter (deadline, period bound, threshold) with its source.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name scripts use: `params.<name>`.
    pub name: String,
    /// The value, possibly relative to the assessment year.
    pub value: ParamValue,
    /// Where it comes from (a citation, or why it is a provincial choice).
    pub basis: String,
    /// Whether the value is published, or a choice the province makes.
    pub status: ParamStatus,
    /// Where it was declared (`[params.<name>]` in `ruleset.toml`).
    pub origin: Origin,
}

/// Where a parameter's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamStatus {
    /// Set by a verified legal text.
    Verified,
    /// Set by a text seen in part.
    Partial,
    /// Believed but not confirmed.
    Unverified,
    /// Set by each province (quy chế phối hợp, kế hoạch CCHC): a sample value here.
    ProvincialChoice,
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A day and month in the assessment year shifted by `year_offset` (`31/01` of year + 0).
    YearlyDate {
        /// Day of month.
        day: u8,
        /// Month.
        month: u8,
        /// Years added to the assessment year (a report due in January of the next year: 1).
        year_offset: i64,
    },
    /// A fixed date.
    Date(Date),
    /// A whole number (days, counts).
    Integer(i64),
    /// A decimal (a ratio, points).
    Decimal(Decimal),
}

impl ParamValue {
    /// The concrete date for an assessment year (`None` only for 29/02 in a common year).
    pub fn resolve_date(&self, year: i64) -> Option<Date> {
        match self {
            ParamValue::YearlyDate {
                day,
                month,
                year_offset,
            } => Date::new(
                year.checked_add(*year_offset)?,
                i64::from(*month),
                i64::from(*day),
            ),
            ParamValue::Date(d) => Some(*d),
            _ => None,
        }
    }
}

/// The type of an evidence value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// `Có/Không`, `x`, `1/0`, `true/false`.
    Bool,
    /// `dd/mm/yyyy` or `yyyy-mm-dd`.
    Date,
    /// A whole number (a count).
    Integer,
    /// A decimal, with `.` or `,`.
    Decimal,
    /// Free text (a document number).
    Text,
}

impl FieldType {
    /// What a cell of this type must look like: (Vietnamese, English).
    pub fn expectation(self) -> (&'static str, &'static str) {
        match self {
            FieldType::Bool => (
                "Có/Không (hoặc x, 1/0)",
                "a yes/no value (Có/Không, x, 1/0, true/false)",
            ),
            FieldType::Date => (
                "ngày dd/mm/yyyy hoặc yyyy-mm-dd",
                "a date dd/mm/yyyy or yyyy-mm-dd",
            ),
            FieldType::Integer => ("số nguyên", "a whole number"),
            FieldType::Decimal => (
                "số thập phân (0,5 hoặc 0.5)",
                "a decimal number (0,5 or 0.5)",
            ),
            FieldType::Text => ("văn bản", "text"),
        }
    }
}

/// An evidence field units supply (one CSV column).
#[derive(Debug, Clone)]
pub struct EvidenceField {
    /// Column id (`ngay_ban_hanh_ke_hoach`).
    pub id: String,
    /// Value type.
    pub ty: FieldType,
    /// What the unit must supply, in Vietnamese.
    pub label: String,
    /// Which document proves it (`Kế hoạch TDTHPL năm ...`).
    pub document_hint: Option<String>,
    /// Smallest accepted value for numbers (counts are never negative).
    pub min: Option<Decimal>,
    /// Largest accepted value for numbers.
    pub max: Option<Decimal>,
    /// Plausibility bounds checked when units are scored (dates against the
    /// assessment year, a count against its total).
    pub plausibility: plausibility::Plausibility,
}

/// How a criterion reads a field.
#[derive(Debug, Clone)]
pub struct FieldUse {
    /// Index into [`Ruleset::fields`].
    pub field: usize,
    /// A blank required field means `missing_evidence`: the script does not run.
    pub required: bool,
}

/// One scored criterion (a row of the official table).
#[derive(Debug)]
pub struct Criterion {
    /// Official numbering (`1.2`).
    pub id: String,
    /// Vietnamese title.
    pub title: String,
    /// Maximum per level.
    pub max_points: PerLevel,
    /// Where `max_points` was written.
    pub max_points_origin: Origin,
    /// Levels it applies to; other levels get `not_applicable`.
    pub applies_to: Vec<Level>,
    /// The legal texts it implements.
    pub legal_basis: Vec<LegalBasis>,
    /// Fields read, in declared order.
    pub evidence: Vec<FieldUse>,
    /// Bands, tried top-down.
    pub bands: Vec<Band>,
    /// What the script's metric measures, when it returns one.
    pub metric: Option<Metric>,
    /// Why the points/bands are a sample choice, when they are.
    pub sample_choice: Option<String>,
    /// Test cases.
    pub cases: Vec<TestCase>,
    /// The file it was loaded from, and its text (for diagnostics).
    pub source: Arc<SourceFile>,
    /// The script as written in `[rule] script`.
    pub script_source: String,
    /// The compiled script; `None` only in a ruleset inspected by `check` whose
    /// script failed to compile (such a ruleset never loads for scoring).
    pub(crate) script: Option<crate::engine::CompiledScript>,
}

impl Criterion {
    /// The maximum for `level`, or `None` when the criterion does not apply to it.
    pub fn max_for(&self, level: Level) -> Option<Decimal> {
        if self.applies_to.contains(&level) {
            self.max_points.get(level)
        } else {
            None
        }
    }

    /// Finds a band by key.
    pub fn band(&self, key: &str) -> Option<&Band> {
        self.bands.iter().find(|b| b.key == key)
    }
}

/// A file read from disk, kept for diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as found.
    pub path: PathBuf,
    /// Full text.
    pub text: String,
}

/// A scoring band: a row of the official table ("Gửi chậm từ 01-02 ngày: 1,5").
#[derive(Debug, Clone)]
pub struct Band {
    /// Key scripts return.
    pub key: String,
    /// Points per level.
    pub points: PerLevel,
    /// The line of the official table it implements.
    pub clause: String,
    /// Metric bands: lowest metric that reaches this band (inclusive).
    pub at_least: Option<Decimal>,
    /// Metric bands: the metric must be below this (exclusive: "đến dưới 75%").
    pub below: Option<Decimal>,
    /// Metric bands: highest metric that stays in this band (inclusive: "đến 10 ngày").
    pub at_most: Option<Decimal>,
    /// Where the band's points were written.
    pub origin: Origin,
}

impl Band {
    /// 1-based line of the band's points in their file.
    pub fn line(&self) -> usize {
        self.origin.location().line
    }

    /// Whether this band takes part in metric matching.
    pub fn is_metric(&self) -> bool {
        self.at_least.is_some() || self.below.is_some() || self.at_most.is_some()
    }

    /// Whether `metric` falls inside this band's bounds.
    pub fn contains(&self, metric: Decimal) -> bool {
        self.is_metric()
            && self.at_least.is_none_or(|lo| metric >= lo)
            && self.below.is_none_or(|hi| metric < hi)
            && self.at_most.is_none_or(|hi| metric <= hi)
    }
}

/// What a criterion's metric measures, for explanations.
#[derive(Debug, Clone)]
pub struct Metric {
    /// Vietnamese label (`tỷ lệ kiến nghị đã xử lý`).
    pub label: String,
    /// Unit of measure.
    pub unit: MetricUnit,
}

/// Unit of a metric, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MetricUnit {
    /// A fraction shown as a percentage.
    Percent,
    /// Days (late, or elapsed).
    Days,
    /// A count.
    Count,
}

/// A test case of a criterion (`[[case]]`).
#[derive(Debug, Clone)]
pub struct TestCase {
    /// Name shown in PASS/FAIL lines.
    pub name: String,
    /// Level of the unit (defaults to the first of `applies_to`).
    pub level: Level,
    /// Assessment year (defaults to the ruleset's first year).
    pub year: i64,
    /// Evidence values, as written (typed like CSV cells).
    pub input: Vec<(String, String)>,
    /// Expected band (`None` when the expected status has no band).
    pub expect_band: Option<String>,
    /// Expected points.
    pub expect_points: Option<Decimal>,
    /// Expected status.
    pub expect_status: Option<crate::score::Status>,
    /// 1-based line of the case in its file.
    pub line: usize,
}
