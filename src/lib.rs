//! # cchc
//!
//! A rules-as-code engine for the law-enforcement-monitoring (theo dõi thi hành pháp
//! luật, TDTHPL) criteria of Vietnam's administrative-reform index (Chỉ số CCHC).
//! Points are `rust_decimal::Decimal` end to end; scripts see decimals too.
//!
//! ## The API the CLI and the server share
//!
//! 1. **Load the rules once**: [`load_ruleset`] reads a ruleset directory, checks
//!    it and compiles its scripts into [`Rules`]; [`Rules::with_overlay`] applies a
//!    province's overlay; [`ruleset::catalog::Catalog`] picks the ruleset that
//!    governs an assessment year.
//! 2. **Score one unit from its cells**, as a form does on every edit:
//!    [`pipeline::UnitScoring`] is prepared once per (rules, year), then each call
//!    types the cells and scores the unit in microseconds.
//! 3. **Score a whole evidence source into a sink**: [`pipeline::score_file`] (or
//!    [`pipeline::collect`] on an opened [`pipeline::EvidenceFile`]) keeps every
//!    unit and ranks them; [`pipeline::write_csv`] writes the CSV reports as it
//!    goes, in bounded memory. The file is opened once.
//! 4. **Render**: [`report::render`] / [`report::render_with`] (table, CSV, JSON,
//!    Markdown, HTML) and [`report::render_xlsx`].
//!
//! ```
//! # fn main() -> Result<(), cchc::Error> {
//! # let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
//! let rules = cchc::load_ruleset(&repo.join("rules/tdthpl-2020-2024"))?;
//!
//! // A unit typing its evidence: prepared once, then one call per edit.
//! let mut form = cchc::pipeline::UnitScoring::new(&rules, 2024)?;
//! let unit = form.score(&[
//!     ("ma_don_vi", "SO-STP"),
//!     ("ten_don_vi", "Sở Tư pháp"),
//!     ("cap", "so"),
//!     ("ngay_ban_hanh_ke_hoach", "26/01/2024"),
//! ]);
//! let plan = &unit.criteria[0];
//! assert_eq!(plan.points, plan.max); // the plan was issued before its deadline
//!
//! // A whole province, its file read once, then its report.
//! let scored = cchc::pipeline::score_file(&rules, &repo.join("data/tinh-mau/2024.csv"), 2024)?;
//! let json = cchc::report::render(&scored.board, cchc::report::Format::Json);
//! assert!(json.contains("\"SO-STP\""));
//! # Ok(())
//! # }
//! ```
//!
//! ## How the code is organised
//!
//! Dependencies run one way (`tests/layers.rs` enforces it): [`model`] (the leaf:
//! values, field types, statuses, levels, dates, decimals) ← foundations (`text`,
//! [`diagnostic`], [`error`], `input_file`, [`fingerprint`], [`output`]) ←
//! [`ruleset`] ← [`evidence`] ← [`engine`] (the only user of `rhai`) ← [`score`] ←
//! [`pipeline`], [`report`] and the tools ([`cases`], [`coverage`], [`check`],
//! [`trace`], [`diff`], [`verify`], [`doc`], [`template`], [`self_assessment`],
//! [`synthetic`]) ← the server domain ([`accounts`]: who may do what, imports
//! only the model and the foundations; [`store`]: the SQLite storage;
//! [`form_entry`]: the unit's form; [`round_setup`]: the Sở's operations) ←
//! [`server`] (`cchc serve`, HTTP only) and the CLI. Everything not named by
//! the CLI, the server or the API above is `pub(crate)`.
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

pub mod accounts;
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
pub mod form_entry;
pub(crate) mod input_file;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod publication;
pub mod report;
pub mod round_setup;
pub mod ruleset;
pub mod score;
pub mod self_assessment;
pub mod server;
pub mod store;
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
