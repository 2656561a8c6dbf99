//! The rule model: a ruleset (one legal regime, a span of assessment years) and its
//! criteria, each with legal basis, evidence, bands, a compiled script and test cases.
//!
//! `file` holds the serde shapes of the TOML files, `load` turns them into this
//! checked model, `catalog` picks the ruleset that governs an assessment year.

mod bounds;
pub mod catalog;
mod compiler;
mod convert;
mod criterion;
mod file;
pub mod load;
mod names;
pub mod overlay;
mod params;
pub(crate) mod plausibility;
mod validate;

use crate::model::EvidenceField;
use crate::model::Level;
use crate::model::date::Date;
use crate::model::number::RoundingPolicy;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

pub(crate) use compiler::{CompileError, InputRebinding, RESERVED_NAMES, ScriptCompiler};
pub(crate) use criterion::{Band, Criterion, Metric, MetricUnit, TestCase};
pub use load::load_ruleset;
pub(crate) use params::{Param, ParamStatus, ParamValue};

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
    pub date_window: crate::model::DateWindow,
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
}

impl Ruleset {
    /// Whether this ruleset governs assessment year `year`.
    pub(crate) fn covers(&self, year: i64) -> bool {
        catalog::covers(self.years, year)
    }

    /// `2020–2024` or `2025–`.
    pub(crate) fn years_label(&self) -> String {
        catalog::years_label(self.years)
    }

    /// Looks a field up by id.
    pub(crate) fn field_index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    /// The field at `index`, an index this ruleset's loader assigned (`FieldUse::field`).
    #[allow(
        clippy::indexing_slicing,
        reason = "FieldUse::field is only set by the loader to an index of this same, immutable `fields`"
    )]
    pub(crate) fn field(&self, index: usize) -> &EvidenceField {
        &self.fields[index]
    }

    /// The criterion at `index`, an index into this ruleset (`CriterionScore::criterion`).
    #[allow(
        clippy::indexing_slicing,
        reason = "criterion indices are only made by enumerating this same, immutable `criteria`"
    )]
    pub(crate) fn criterion(&self, index: usize) -> &Criterion {
        &self.criteria[index]
    }

    /// Counts citations that rest on unverified facts.
    pub(crate) fn unverified_citations(&self) -> usize {
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
    pub(crate) fn exemption(&self, unit: &str, criterion: &str) -> Option<&Exemption> {
        let index = *self.exemption_index.get(unit)?.get(criterion)?;
        self.exemptions.get(index)
    }

    /// Whether an overlay exempts `unit` from any criterion.
    pub(crate) fn exempts_unit(&self, unit: &str) -> bool {
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
    pub(crate) fn sample_choices(&self) -> usize {
        self.criteria
            .iter()
            .filter(|c| c.sample_choice.is_some())
            .count()
    }

    /// The maximum a unit of `level` can reach (sum over applicable criteria), or
    /// `None` when it does not fit in a `Decimal` (refused at load as `value/overflow`).
    pub(crate) fn max_for(&self, level: Level) -> Option<Decimal> {
        crate::model::number::checked_sum(self.criteria.iter().filter_map(|c| c.max_for(level)))
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
    pub(crate) fn cite(&self) -> String {
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
    pub(crate) fn location(&self) -> crate::diagnostic::Location {
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

/// A file read from disk, kept for diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as found.
    pub path: PathBuf,
    /// Full text.
    pub text: String,
}
