//! The Sở's work around a round, shared by `cchc round …`, `cchc user add`,
//! `cchc serve` (first start, `--demo`) and the server's pages: open a round
//! with the ruleset its year calls for, import its units and their accounts,
//! import evidence collected offline (all or nothing, with the messages
//! `cchc score` gives), export the round's evidence as the file `cchc score`
//! reads, and create accounts with one-time passwords.

mod demo;
mod evidence_file;
mod export;
mod issued;
mod open;
mod units_file;

pub use demo::seed_demo;
pub use evidence_file::{UnitCells, import_evidence_file, read_evidence_cells};
pub use export::{CellsOf, evidence_csv_of, export_evidence_csv, export_evidence_xlsx};
pub use issued::{
    IssuedAccount, add_user, ensure_admin, reset_password, set_account_disabled, unit_accounts,
};
pub use open::{Window, open_round};
pub use units_file::read_units_file;
