//! # cchc
//!
//! A rules-as-code engine for the law-enforcement-monitoring (theo dõi thi hành pháp
//! luật, TDTHPL) criteria of Vietnam's administrative-reform index (Chỉ số CCHC).
//!
//! The pipeline, one module per step:
//!
//! 1. [`ruleset`]: load a ruleset directory (`ruleset.toml` + one TOML file per
//!    criterion), check it, compile its Rhai scripts once; [`ruleset::catalog`]
//!    picks the ruleset that governs an assessment year.
//! 2. [`evidence`]: read the units' evidence (CSV as Excel exports it), typed
//!    against the ruleset's declared fields.
//! 3. [`engine`]: the sandboxed Rhai engine that runs a criterion's script.
//! 4. [`score`]: bands, points, statuses, explanations, totals and ranks.
//! 5. [`report`]: table, CSV, JSON, Markdown, HTML and XLSX renderings.
//! 6. [`cases`]: the rule files' own `[[case]]` tests; [`coverage`]: which bands
//!    those cases reach.
//!
//! For units filling their evidence: [`template`] writes the blank form (XLSX or
//! CSV) and [`self_assessment`] compares a unit's self-scores with the appraisal.
//!
//! For load tests and benchmarks, `synthetic` (behind `cchc gen`) writes synthetic evidence for any number
//! of units (`cchc gen`), deterministic from a seed.
//!
//! Tools for auditors, built on the same model:
//!
//! - [`check`]: lint a ruleset (and overlays) with stable codes;
//! - [`trace`]: the full trace of one unit's score (`cchc explain`);
//! - [`diff`]: what changed between two rulesets, and how each unit's score moves;
//! - [`verify`]: confirm a published JSON report came from its rules and evidence;
//! - [`doc`]: a ruleset rendered as the document an auditor compares with the
//!   official decision (Markdown or self-contained HTML).
//!
//! Points are `rust_decimal::Decimal` end to end; scripts see decimals too.
#![deny(clippy::unwrap_used)]
// Panic-freedom (README "Panic-freedom audit"): no panicking index, slice, `expect`,
// `panic!` or `unreachable!` in library code; justified sites carry `#[allow(..., reason)]`.
#![deny(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::panic,
    clippy::unreachable
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::panic,
        clippy::unreachable
    )
)]
#![warn(missing_docs)]

pub mod cases;
pub mod check;
pub mod coverage;
pub mod diagnostic;
pub mod diff;
pub mod doc;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod fingerprint;
pub(crate) mod input_file;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod ruleset;
pub mod score;
pub mod self_assessment;
pub mod synthetic;
pub mod template;
pub mod text;
pub mod trace;
pub mod verify;

pub use engine::{Rules, load_ruleset};
pub use error::Error;
pub use model::{Level, Status};
pub use ruleset::Ruleset;
pub use score::Scoreboard;
