//! Self-assessment: what a unit does before it submits, and what the Sở Tư pháp
//! does with its claim.
//!
//! - [`todo`]: one unit's lost points as a to-do list, most points first
//!   (`cchc score --unit`).
//! - [`self_scores`]: the units' self-scores (`ma_don_vi`, `tieu_chi`,
//!   `diem_tu_cham`, optional `giai_trinh`), CSV or XLSX.
//! - [`unit_check`]: that to-do list as the table `score --unit` prints, with
//!   the unit's rank in the whole province.
//! - [`claim`]: one self-score checked against the unit's own level: counted,
//!   invalid or not applicable.
//! - [`compare`]: self-score against appraisal, per unit × criterion, with the
//!   reason for each cut and the criteria lacking evidence and explanation, and
//!   a tally of where every row of the self-score file went.
//! - [`render`] and [`xlsx`]: the comparison as a table, CSV, JSON or a workbook.

pub(crate) mod claim;
pub mod comparison;
pub mod render;
pub(crate) mod self_scores;
pub(crate) mod todo;
pub mod unit_check;
pub mod xlsx;

pub use comparison::{Comparison, CriterionComparison, Tally, UnitComparison, compare};
pub use self_scores::{SelfScore, SelfScores, read_self_scores};
pub(crate) use todo::todo;
