//! Where each unit of a round stands, for the Sở's overview.

use crate::error::Error;
use crate::model::Date;
use crate::store::{Store, Unit};

/// A unit's self-assessment state as the Sở sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitProgressState {
    /// Nothing entered yet (chưa nhập).
    NotStarted,
    /// Some evidence entered, not submitted (đang nhập).
    InProgress,
    /// Submitted (đã nộp).
    Submitted,
    /// Past the deadline without a submission (quá hạn).
    Overdue,
}

impl UnitProgressState {
    /// The Vietnamese label.
    pub fn label(self) -> &'static str {
        match self {
            UnitProgressState::NotStarted => "chưa nhập",
            UnitProgressState::InProgress => "đang nhập",
            UnitProgressState::Submitted => "đã nộp",
            UnitProgressState::Overdue => "quá hạn",
        }
    }
}

/// One unit's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitProgress {
    /// The unit.
    pub unit: Unit,
    /// How many cells it has filled.
    pub cells: usize,
    /// Its state.
    pub state: UnitProgressState,
}

/// Every unit of the `year` round, in store order, with its state on `today`.
pub fn round_progress(store: &Store, year: i64, today: Date) -> Result<Vec<UnitProgress>, Error> {
    let deadline = store.round_info(year)?.self_assessment_deadline;
    let overdue = deadline.is_some_and(|d| today > d);
    store
        .units(year)?
        .into_iter()
        .map(|unit| {
            let cells = store.cells(year, &unit.ma_don_vi)?.len();
            let submitted = store.submission(year, &unit.ma_don_vi)?.is_some();
            let state = match (submitted, overdue, cells) {
                (true, _, _) => UnitProgressState::Submitted,
                (false, true, _) => UnitProgressState::Overdue,
                (false, false, 0) => UnitProgressState::NotStarted,
                (false, false, _) => UnitProgressState::InProgress,
            };
            Ok(UnitProgress { unit, cells, state })
        })
        .collect()
}
