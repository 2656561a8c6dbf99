//! The leaf model: the small types every layer shares, importing nothing else of
//! the crate. Values and how a typed cell becomes one, field types and
//! declarations, statuses, levels, and decimals and dates as the rules see them.
//!
//! Dependencies run one way: model ← ruleset ← evidence ← engine ← score ←
//! reports and tools ← CLI and server (README, "How the code is organised").

mod cell;
pub mod date;
mod field;
mod fold;
mod level;
pub mod number;
mod plausibility;
mod status;
mod value;

pub use cell::DecimalMark;
pub(crate) use cell::{RawCell, parse_cell, parse_cell_in, type_cell_in};
pub use date::Date;
pub use field::{EvidenceField, FieldType, FieldUse};
pub(crate) use field::{REQUIRED_COLUMNS, YEAR_COLUMN, is_reserved_column};
pub use fold::fold_vietnamese;
pub use level::Level;
pub(crate) use plausibility::{DateBound, DateWindow, FieldRef, Plausibility};
pub use status::Status;
pub use value::Value;
