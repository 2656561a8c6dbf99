//! What an overlay file may say, as TOML: the serde shapes of its tables, each
//! refusing unknown keys. Separate from applying them, so that the shape of the
//! file can be read in one place.

use crate::ruleset::ParamStatus;
use crate::ruleset::file::{LegalBasisFile, Raw};
use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

/// The whole overlay file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OverlayFile {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) ruleset: Spanned<String>,
    #[serde(default)]
    pub(super) legal_basis: Vec<LegalBasisFile>,
    #[serde(default)]
    pub(super) max_points: Option<Raw>,
    #[serde(default)]
    pub(super) group: IndexMap<String, Spanned<GroupOverlay>>,
    #[serde(default)]
    pub(super) criterion: IndexMap<String, Spanned<CriterionOverlay>>,
    #[serde(default)]
    pub(super) params: IndexMap<String, Spanned<ParamOverlay>>,
    #[serde(default)]
    pub(super) exempt: Vec<Spanned<ExemptOverlay>>,
}

/// `[group.<id>]`: a group's new maximum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GroupOverlay {
    pub(super) max_points: Raw,
}

/// `[criterion.<id>]`: what changes in one criterion.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CriterionOverlay {
    #[serde(default)]
    pub(super) max_points: Option<Raw>,
    /// Multiply every band's points by new max / old max (checked for exactness).
    #[serde(default)]
    pub(super) scale_bands: bool,
    #[serde(default)]
    pub(super) applies_to: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub(super) sample_choice: Option<String>,
    #[serde(default)]
    pub(super) band: IndexMap<String, Spanned<BandOverlay>>,
}

/// `[criterion.<id>.band.<key>]`: a band's new points, clause or bounds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BandOverlay {
    #[serde(default)]
    pub(super) points: Option<Raw>,
    #[serde(default)]
    pub(super) clause: Option<String>,
    #[serde(default)]
    pub(super) at_least: Option<Raw>,
    #[serde(default)]
    pub(super) below: Option<Raw>,
    #[serde(default)]
    pub(super) at_most: Option<Raw>,
}

/// `[params.<name>]`: a parameter's new value, with its basis.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ParamOverlay {
    pub(super) value: Raw,
    #[serde(default)]
    pub(super) year_offset: Option<i64>,
    pub(super) basis: String,
    pub(super) status: ParamStatus,
}

/// `[[exempt]]`: a unit exempt from criteria, and why.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExemptOverlay {
    pub(super) unit: String,
    pub(super) criteria: Vec<Spanned<String>>,
    pub(super) reason: String,
}
