//! The `wide` report every contender writes: one row per unit in input order,
//! `ma_don_vi,ten_don_vi,cap,<criterion ids>,tong_diem,tong_toi_da,ty_le_phan_tram,hang`.
//!
//! A criterion cell is its points (2 places, half up), empty when the criterion does
//! not apply, `error` when it could not be scored. Totals sum the points and the
//! applicable maxima; the percentage is total/max×100 rounded half up to 2 places;
//! the rank is within the level by exact total/max, ties sharing ("1, 2, 2, 4"),
//! empty for a unit with an error. Shared by the native and zen contenders, which
//! differ only in how they get each criterion's points.

use crate::read::Row;
use crate::schema::{CRITERIA, N_CRITERIA, max_points};
use cchc::Level;
use rust_decimal::{Decimal, RoundingStrategy};
use std::cmp::Ordering;
use std::io::Write;
use std::path::Path;

/// One unit × criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// The criterion does not apply to the unit's level.
    NotApplicable,
    /// The criterion could not be scored.
    Error,
    /// Points earned.
    Points(Decimal),
}

struct Unit {
    id: std::ops::Range<usize>,
    name: std::ops::Range<usize>,
    level: Option<Level>,
    cells: [Cell; N_CRITERIA],
    total: Decimal,
    max: Decimal,
    rankable: bool,
    rank: u32,
}

/// Every unit's results, in input order, until they are ranked and written.
#[derive(Default)]
pub struct Results {
    text: String,
    units: Vec<Unit>,
}

impl Results {
    /// Adds a unit's row and its criterion cells; totals are summed here.
    pub fn push(&mut self, row: &Row<'_>, cells: [Cell; N_CRITERIA]) {
        self.push_with_totals(row, cells, None);
    }

    /// Adds a unit's row, its criterion cells and, when the scorer computed them, its
    /// total and maximum (otherwise summed here from the cells).
    pub fn push_with_totals(
        &mut self,
        row: &Row<'_>,
        cells: [Cell; N_CRITERIA],
        totals: Option<(Decimal, Decimal)>,
    ) {
        let error = cells.contains(&Cell::Error);
        let (total, max) = totals.unwrap_or_else(|| {
            let mut total = Decimal::ZERO;
            let mut max = Decimal::ZERO;
            for (cell, criterion) in cells.iter().zip(&CRITERIA) {
                if let Cell::Points(p) = cell {
                    total += p;
                }
                if *cell != Cell::NotApplicable && row.level.is_some() {
                    max += max_points(criterion);
                }
            }
            (total, max)
        });
        let start = self.text.len();
        self.text.push_str(row.id);
        let mid = self.text.len();
        self.text.push_str(row.name);
        self.units.push(Unit {
            id: start..mid,
            name: mid..self.text.len(),
            level: row.level,
            cells,
            total,
            max,
            rankable: !error && !row.has_problem() && !max.is_zero(),
            rank: 0,
        });
    }

    /// Number of unit × criterion evaluations (cells that apply).
    pub fn evaluations(&self) -> u64 {
        self.units
            .iter()
            .flat_map(|u| &u.cells)
            .filter(|c| **c != Cell::NotApplicable)
            .count() as u64
    }

    /// Ranks every rankable unit within its level.
    pub fn rank(&mut self) {
        for level in crate::schema::LEVELS {
            let mut members: Vec<u32> = (0..self.units.len() as u32)
                .filter(|&i| {
                    let u = &self.units[i as usize];
                    u.level == Some(level) && u.rankable
                })
                .collect();
            let units = &self.units;
            let same_max = members
                .windows(2)
                .all(|w| units[w[0] as usize].max == units[w[1] as usize].max);
            // Best first; exact: by total when every maximum is equal, else cross-multiplied.
            let better = |a: u32, b: u32| {
                let (a, b) = (&units[a as usize], &units[b as usize]);
                if same_max {
                    b.total.cmp(&a.total)
                } else {
                    (b.total * a.max).cmp(&(a.total * b.max))
                }
            };
            members.sort_by(|&a, &b| better(a, b));
            let mut rank = 0;
            let mut ranks = Vec::with_capacity(members.len());
            for (position, &i) in members.iter().enumerate() {
                if position == 0 || better(members[position - 1], i) != Ordering::Equal {
                    rank = position as u32 + 1;
                }
                ranks.push((i, rank));
            }
            for (i, rank) in ranks {
                self.units[i as usize].rank = rank;
            }
        }
    }

    /// Writes the wide CSV to `path`.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut w =
            csv::WriterBuilder::new().from_writer(std::io::BufWriter::with_capacity(1 << 16, file));
        let err = |e: csv::Error| format!("{}: {e}", path.display());
        let mut header = vec!["ma_don_vi", "ten_don_vi", "cap"];
        header.extend(CRITERIA.iter().map(|c| c.id));
        header.extend(["tong_diem", "tong_toi_da", "ty_le_phan_tram", "hang"]);
        w.write_record(&header).map_err(err)?;
        let mut buf = String::new();
        for u in &self.units {
            w.write_field(&self.text[u.id.clone()]).map_err(err)?;
            w.write_field(&self.text[u.name.clone()]).map_err(err)?;
            w.write_field(u.level.map_or("", |l| l.code()))
                .map_err(err)?;
            for cell in &u.cells {
                match cell {
                    Cell::NotApplicable => w.write_field("").map_err(err)?,
                    Cell::Error => w.write_field("error").map_err(err)?,
                    Cell::Points(p) => write_decimal(&mut w, &mut buf, round2(*p)).map_err(err)?,
                }
            }
            write_decimal(&mut w, &mut buf, round2(u.total)).map_err(err)?;
            write_decimal(&mut w, &mut buf, round2(u.max)).map_err(err)?;
            if u.max.is_zero() {
                w.write_field("").map_err(err)?;
            } else {
                write_decimal(
                    &mut w,
                    &mut buf,
                    round2(u.total / u.max * Decimal::ONE_HUNDRED),
                )
                .map_err(err)?;
            }
            if u.rank == 0 {
                w.write_field("").map_err(err)?;
            } else {
                buf.clear();
                push(&mut buf, u.rank);
                w.write_field(&buf).map_err(err)?;
            }
            w.write_record(None::<&[u8]>).map_err(err)?;
        }
        w.flush().map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Half up (away from zero) to 2 places, always written with 2 places.
pub fn round2(value: Decimal) -> Decimal {
    let mut r = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

fn push(buf: &mut String, value: impl std::fmt::Display) {
    use std::fmt::Write as _;
    let _ = write!(buf, "{value}");
}

/// Writes a decimal already at 2 places (see [`round2`]) from its mantissa, without
/// `Display`'s general formatting: `-1.05`, `0.25`, `100.00`.
fn write_decimal<W: Write>(
    w: &mut csv::Writer<W>,
    buf: &mut String,
    value: Decimal,
) -> csv::Result<()> {
    buf.clear();
    let m = value.mantissa();
    if value.scale() != 2 {
        push(buf, value);
    } else {
        if m < 0 {
            buf.push('-');
        }
        let m = m.unsigned_abs();
        push(buf, m / 100);
        buf.push('.');
        let cents = (m % 100) as u8;
        buf.push(char::from(b'0' + cents / 10));
        buf.push(char::from(b'0' + cents % 10));
    }
    w.write_field(buf.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Val;
    use crate::schema::N_FIELDS;

    fn row(id: &str, level: Level) -> Row<'_> {
        Row {
            id,
            name: "Đơn vị, thử",
            level: Some(level),
            vals: [Val::Blank; N_FIELDS],
        }
    }

    fn cells(points: [i64; N_CRITERIA]) -> [Cell; N_CRITERIA] {
        points.map(|p| match p {
            -1 => Cell::NotApplicable,
            -2 => Cell::Error,
            p => Cell::Points(Decimal::new(p, 2)),
        })
    }

    #[test]
    fn ranks_ties_and_writes_the_wide_row() {
        let mut results = Results::default();
        results.push(&row("A", Level::So), cells([25, 25, 25, 25, 25, 50, 25]));
        results.push(&row("B", Level::So), cells([15, 0, 15, 25, 0, 20, 10]));
        results.push(&row("C", Level::So), cells([25, 25, 25, 25, 25, 50, 25]));
        results.push(&row("D", Level::Xa), cells([25, 25, 15, -1, 25, 20, 25]));
        results.push(&row("E", Level::Xa), cells([25, 0, 25, -1, 25, 50, -2]));
        results.rank();
        let dir = std::env::temp_dir().join(format!("cchc-bench-wide-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("w.csv");
        results.write(&path).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "ma_don_vi,ten_don_vi,cap,1.1,1.2,1.3,1.4,1.5,2.1,2.2,tong_diem,tong_toi_da,ty_le_phan_tram,hang"
        );
        assert_eq!(
            lines[1],
            "A,\"Đơn vị, thử\",so,0.25,0.25,0.25,0.25,0.25,0.50,0.25,2.00,2.00,100.00,1"
        );
        assert_eq!(
            lines[2],
            "B,\"Đơn vị, thử\",so,0.15,0.00,0.15,0.25,0.00,0.20,0.10,0.85,2.00,42.50,3"
        );
        assert!(lines[3].ends_with(",1"));
        assert_eq!(
            lines[4],
            "D,\"Đơn vị, thử\",xa,0.25,0.25,0.15,,0.25,0.20,0.25,1.35,1.75,77.14,1"
        );
        assert_eq!(
            lines[5],
            "E,\"Đơn vị, thử\",xa,0.25,0.00,0.25,,0.25,0.50,error,1.25,1.75,71.43,"
        );
        assert_eq!(results.evaluations(), 33);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
