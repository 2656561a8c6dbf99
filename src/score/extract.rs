//! A single-unit extract (`cchc score --unit`): the whole province is scored, so
//! the unit keeps its rank within its level, and the report then shows that unit
//! alone while saying it is an extract ("hạng 14/20 trong cấp so").

use super::{Scoreboard, UnitScore};

/// What a single-unit extract keeps of the province it was cut from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extract {
    /// The unit's `ma_don_vi`.
    pub unit: String,
    /// Units of the unit's level in the province: the "20" of "hạng 14/20"
    /// (0 when the unit has no valid level).
    pub level_units: usize,
    /// Units in the province's evidence.
    pub province_units: usize,
}

impl Scoreboard<'_> {
    /// Keeps only the unit(s) with id `unit` (a duplicated id keeps every row, so
    /// the duplicate stays visible), with the ranks they have in the whole
    /// province. `false`, and nothing changed, when no unit has that id.
    pub fn keep_only(&mut self, unit: &str) -> bool {
        let Some(first) = self.units.iter().find(|u| u.id == unit) else {
            return false;
        };
        let level_units = match first.level {
            Some(level) => self.units.iter().filter(|u| u.level == Some(level)).count(),
            None => 0,
        };
        let province_units = self.units.len();
        self.units.retain(|u| u.id == unit);
        self.extract = Some(Extract {
            unit: unit.to_string(),
            level_units,
            province_units,
        });
        true
    }

    /// The number of units of `level` a rank is out of: the province's count for
    /// an extract, else the `shown` units of that level.
    pub(crate) fn level_units(&self, level: crate::Level, shown: usize) -> usize {
        match &self.extract {
            Some(e) if self.units.first().is_some_and(|u| u.level == Some(level)) => e.level_units,
            _ => shown,
        }
    }

    /// "hạng 14/20 trong cấp so", or why the unit has no rank.
    pub(crate) fn rank_phrase(&self, unit: &UnitScore) -> String {
        match (unit.level, unit.rank) {
            (None, _) => "không xếp hạng (không xác định được cấp)".to_string(),
            (Some(level), Some(rank)) => {
                let of = self.level_units(
                    level,
                    self.units.iter().filter(|u| u.level == Some(level)).count(),
                );
                format!("hạng {rank}/{of} trong cấp {}", level.code())
            }
            (Some(_), None) => "chưa xếp hạng (có kết quả lỗi)".to_string(),
        }
    }

    /// The sentence a report of an extract carries, `None` for a whole report.
    pub(crate) fn extract_note(&self) -> Option<String> {
        let e = self.extract.as_ref()?;
        let ranks: Vec<String> = self.units.iter().map(|u| self.rank_phrase(u)).collect();
        Some(format!(
            "Trích một đơn vị / single-unit extract: {} ({}), chấm cùng toàn tỉnh {} đơn vị / scored with the whole province of {} units.",
            e.unit,
            ranks.join("; "),
            e.province_units,
            e.province_units
        ))
    }
}
