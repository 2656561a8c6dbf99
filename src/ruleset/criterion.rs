//! One criterion of the model: its maxima per level, evidence, [`Band`]s, metric,
//! compiled script and test cases. Separate from the ruleset-wide items in
//! `mod.rs` (header, legal basis, groups, origins) because it is what each
//! criterion file becomes.

use super::*;
use crate::model::FieldUse;

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
    /// Whether the script compiled; `false` only in a ruleset inspected by `check`
    /// (such a ruleset never loads for scoring). The program is the engine's.
    pub script_compiled: bool,
}

impl Criterion {
    /// The maximum for `level`, or `None` when the criterion does not apply to it.
    pub(crate) fn max_for(&self, level: Level) -> Option<Decimal> {
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
    pub(crate) fn line(&self) -> usize {
        self.origin.location().line
    }

    /// Whether this band takes part in metric matching.
    pub(crate) fn is_metric(&self) -> bool {
        self.at_least.is_some() || self.below.is_some() || self.at_most.is_some()
    }

    /// Whether `metric` falls inside this band's bounds.
    pub(crate) fn contains(&self, metric: Decimal) -> bool {
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
    pub expect_status: Option<crate::model::Status>,
    /// 1-based line of the case in its file.
    pub line: usize,
}
