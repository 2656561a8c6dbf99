//! Serde shapes of `ruleset.toml` and criterion files, exactly as written.
//!
//! Numbers that are points or thresholds arrive as raw TOML values with spans so
//! `convert` can reject floats (`0.5` must be written `"0.50"`) with a pointed message.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

pub type Raw = Spanned<toml::Value>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RulesetFile {
    pub id: String,
    pub title: String,
    pub years: Spanned<Vec<i64>>,
    pub levels: Vec<Spanned<String>>,
    #[serde(default)]
    pub rounding: Option<Spanned<crate::model::number::RoundingPolicy>>,
    #[serde(default)]
    pub max_points: Option<Raw>,
    #[serde(default)]
    pub legal_basis: Vec<LegalBasisFile>,
    #[serde(default)]
    pub group: Vec<Spanned<GroupFile>>,
    #[serde(default)]
    pub params: IndexMap<String, Spanned<ParamFile>>,
    /// The window every date field lies in unless it declares its own bounds.
    #[serde(default)]
    pub plausible_dates: Option<Spanned<PlausibleDatesFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlausibleDatesFile {
    pub not_before: Spanned<String>,
    pub not_after: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GroupFile {
    pub id: String,
    pub title: String,
    pub max_points: Raw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParamFile {
    #[serde(rename = "type")]
    pub ty: Spanned<String>,
    pub value: Raw,
    #[serde(default)]
    pub year_offset: i64,
    pub basis: String,
    pub status: crate::ruleset::ParamStatus,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LegalBasisFile {
    pub document: String,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub clause: Option<String>,
    #[serde(default)]
    pub quote: Option<Spanned<String>>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub status: crate::ruleset::CitationStatus,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CriterionFile {
    pub id: Spanned<String>,
    pub title: String,
    pub max_points: Raw,
    pub applies_to: Vec<Spanned<String>>,
    #[serde(default)]
    pub sample_choice: Option<String>,
    #[serde(default)]
    pub legal_basis: Vec<LegalBasisFile>,
    #[serde(default)]
    pub evidence: IndexMap<String, Spanned<EvidenceFile>>,
    #[serde(default)]
    pub band: Vec<Spanned<BandFile>>,
    pub rule: RuleFile,
    #[serde(default)]
    pub case: Vec<Spanned<CaseFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    #[serde(rename = "type")]
    pub ty: crate::model::FieldType,
    pub label: String,
    pub required: bool,
    #[serde(default)]
    pub document_hint: Option<String>,
    #[serde(default)]
    pub min: Option<Raw>,
    #[serde(default)]
    pub max: Option<Raw>,
    // Plausibility bounds (see `plausibility`).
    #[serde(default)]
    pub not_before: Option<Spanned<String>>,
    #[serde(default)]
    pub not_after: Option<Spanned<String>>,
    #[serde(default)]
    pub warn_before: Option<Spanned<String>>,
    #[serde(default)]
    pub warn_after: Option<Spanned<String>>,
    #[serde(default)]
    pub not_before_field: Option<Spanned<String>>,
    #[serde(default)]
    pub at_most_field: Option<Spanned<String>>,
    #[serde(default)]
    pub blank_unless_field: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BandFile {
    pub key: Spanned<String>,
    pub points: Raw,
    pub clause: String,
    #[serde(default)]
    pub at_least: Option<Raw>,
    #[serde(default)]
    pub below: Option<Raw>,
    #[serde(default)]
    pub at_most: Option<Raw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    pub script: Spanned<String>,
    #[serde(default)]
    pub metric: Option<String>,
    #[serde(default)]
    pub metric_unit: Option<crate::ruleset::MetricUnit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseFile {
    pub name: String,
    #[serde(default)]
    pub level: Option<Spanned<String>>,
    #[serde(default)]
    pub year: Option<i64>,
    #[serde(default)]
    pub input: IndexMap<String, Raw>,
    pub expect: ExpectFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExpectFile {
    #[serde(default)]
    pub band: Option<Spanned<String>>,
    #[serde(default)]
    pub points: Option<Raw>,
    #[serde(default)]
    pub status: Option<crate::model::Status>,
}
