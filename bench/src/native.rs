//! The native limit: the shipped 2020–2024 criteria hand-written in Rust over the
//! typed rows, with the ruleset's bands, points and deadlines as constants
//! (checked against the rule files by [`crate::schema::check_against_ruleset`]).

use crate::read::{Row, Val};
use crate::schema::{CRITERIA, N_CRITERIA, Params, f};
use crate::wide::Cell;
use rust_decimal::Decimal;

/// A band as the check compares it: key, points, at_least, below, at_most.
pub type BandSpec = (
    String,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
);

fn d(hundredths: i64) -> Decimal {
    Decimal::new(hundredths, 2)
}

fn pct(p: i64) -> Option<Decimal> {
    Some(Decimal::new(p, 2))
}

fn n(v: i64) -> Option<Decimal> {
    Some(Decimal::from(v))
}

/// The bands of criterion `id` as the native code implements them (top-down).
pub fn bands(id: &str) -> Vec<BandSpec> {
    let b = |key: &str,
             points: i64,
             lo: Option<Decimal>,
             below: Option<Decimal>,
             at_most: Option<Decimal>| {
        (key.to_string(), Some(d(points)), lo, below, at_most)
    };
    match id {
        "1.1" => vec![
            b("dung_han", 25, None, None, n(0)),
            b("cham_den_10_ngay", 15, n(1), None, n(10)),
            b("cham_tren_10_ngay", 5, n(11), None, None),
            b("khong_ban_hanh", 0, None, None, None),
        ],
        "1.2" | "1.4" => vec![
            b("co_thuc_hien", 25, None, None, None),
            b("khong_thuc_hien", 0, None, None, None),
        ],
        "1.3" => vec![
            b("hoan_thanh", 25, pct(100), None, None),
            b("tu_50_den_duoi_100", 15, pct(50), pct(100), None),
            b("duoi_50", 0, pct(0), pct(50), None),
            b("khong_kiem_tra", 0, None, None, None),
        ],
        "1.5" => vec![
            b("dung_han", 25, None, None, n(0)),
            b("cham_01_02_ngay", 20, n(1), None, n(2)),
            b("cham_03_05_ngay", 15, n(3), None, n(5)),
            b("cham_06_10_ngay", 10, n(6), None, n(10)),
            b("cham_tren_10_ngay", 0, n(11), None, None),
            b("khong_bao_cao", 0, None, None, None),
        ],
        "2.1" => vec![
            b("day_du", 50, pct(100), None, None),
            b("tu_80_den_duoi_100", 35, pct(80), pct(100), None),
            b("tu_50_den_duoi_80", 20, pct(50), pct(80), None),
            b("duoi_50", 0, pct(0), pct(50), None),
            b("khong_phat_sinh", 50, None, None, None),
        ],
        "2.2" => vec![
            b("dung_han", 25, None, None, None),
            b("khong_phat_sinh", 25, None, None, None),
            b("qua_han", 10, None, None, None),
            b("khong_bao_cao", 0, None, None, None),
            b("khong_ro_ngay_nhan", 0, None, None, None),
        ],
        _ => Vec::new(),
    }
}

/// Points of each criterion for one row: `NotApplicable`, `Error` (a bad cell it
/// reads, or no usable level) or the points (0 for blank required evidence).
pub fn score(row: &Row<'_>, params: &Params) -> [Cell; N_CRITERIA] {
    std::array::from_fn(|i| {
        let criterion = &CRITERIA[i];
        let Some(level) = row.level else {
            return Cell::Error;
        };
        if !criterion.applies_to.contains(&level) {
            return Cell::NotApplicable;
        }
        if criterion
            .reads
            .iter()
            .any(|&(field, _)| row.vals[field] == Val::Bad)
        {
            return Cell::Error;
        }
        if criterion
            .reads
            .iter()
            .any(|&(field, required)| required && row.vals[field] == Val::Blank)
        {
            return Cell::Points(Decimal::ZERO);
        }
        match points(i, row, params) {
            Some(p) => Cell::Points(p),
            None => Cell::Error,
        }
    })
}

/// The band points for criterion `index`; `None` where a script would fail.
fn points(index: usize, row: &Row<'_>, p: &Params) -> Option<Decimal> {
    let v = &row.vals;
    let date = |i: usize| match v[i] {
        Val::Date(day) => Some(day),
        _ => None,
    };
    let int = |i: usize| match v[i] {
        Val::Int(x) => Some(x),
        _ => None,
    };
    let yes = |i: usize| matches!(v[i], Val::Bool(true));
    Some(match index {
        // 1.1 plan: days late against han_ke_hoach.
        0 => match date(f::KE_HOACH) {
            None => d(0),
            Some(day) => match day - p.han_ke_hoach {
                ..=0 => d(25),
                1..=10 => d(15),
                _ => d(5),
            },
        },
        // 1.2 information.
        1 => {
            if yes(f::THU_THAP) {
                d(25)
            } else {
                d(0)
            }
        }
        // 1.3 inspections done / planned.
        2 => {
            let (planned, done) = (int(f::KT_KE_HOACH)?, int(f::KT_THUC_HIEN)?);
            if planned == 0 {
                if done > 0 { d(25) } else { d(0) }
            } else if done >= planned {
                d(25)
            } else if 2 * done >= planned {
                d(15)
            } else {
                d(0)
            }
        }
        // 1.4 survey.
        3 => {
            if yes(f::DIEU_TRA) {
                d(25)
            } else {
                d(0)
            }
        }
        // 1.5 yearly report: days late against han_bao_cao_nam.
        4 => match date(f::BAO_CAO_NAM) {
            None => d(0),
            Some(day) => match day - p.han_bao_cao_nam {
                ..=0 => d(25),
                1..=2 => d(20),
                3..=5 => d(15),
                6..=10 => d(10),
                _ => d(0),
            },
        },
        // 2.1 results handled / to handle; nothing to handle earns full points.
        5 => {
            let (due, done) = (int(f::PHAI_XU_LY)?, int(f::DA_XU_LY)?);
            if due == 0 || done >= due {
                d(50)
            } else if 5 * done >= 4 * due {
                d(35)
            } else if 2 * done >= due {
                d(20)
            } else {
                d(0)
            }
        }
        // 2.2 written report within han_bao_cao_xu_ly_ngay days of the request.
        _ => {
            if !yes(f::CO_YEU_CAU) {
                d(25)
            } else {
                match (date(f::NGAY_NHAN), date(f::NGAY_BAO_CAO)) {
                    (None, _) | (_, None) => d(0),
                    (Some(received), Some(reported)) => {
                        if reported - received <= p.han_bao_cao_xu_ly_ngay {
                            d(25)
                        } else {
                            d(10)
                        }
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Row, Val, parse};
    use crate::schema::{FIELDS, N_FIELDS, RULESET_DIR};
    use std::path::Path;

    /// Every `[[case]]` of the shipped ruleset that expects points, through the native
    /// code and the zen graph: both must give the rule files' own answers.
    #[test]
    fn native_and_zen_pass_the_rule_files_cases() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let loaded = cchc::load_ruleset(&repo.join(RULESET_DIR)).expect("the ruleset loads");
        let ruleset = &loaded.ruleset;
        assert!(crate::schema::check_against_ruleset(ruleset, 2024).is_empty());
        let mut checked = 0;
        for (index, criterion) in ruleset.criteria.iter().enumerate() {
            for case in &criterion.cases {
                let Some(expected) = case.expect_points else {
                    continue;
                };
                let zen = crate::zen::Scorer::new(
                    &repo.join("bench/zen/tdthpl-2020-2024.json"),
                    case.year,
                )
                .expect("the graph compiles");
                let mut vals = [Val::Blank; N_FIELDS];
                for (field, text) in &case.input {
                    let i = FIELDS
                        .iter()
                        .position(|f| f.id == field)
                        .expect("known field");
                    vals[i] = parse(text, &FIELDS[i]);
                }
                let row = Row {
                    id: "CASE",
                    name: &case.name,
                    level: Some(case.level),
                    vals,
                };
                let native = score(&row, &Params::for_year(case.year))[index];
                assert_eq!(
                    native,
                    Cell::Points(expected),
                    "native, {} '{}'",
                    criterion.id,
                    case.name
                );
                let (cells, _) = zen.score(&row).expect("zen evaluates");
                assert_eq!(
                    cells[index],
                    Cell::Points(expected),
                    "zen, {} '{}'",
                    criterion.id,
                    case.name
                );
                checked += 1;
            }
        }
        assert!(checked > 40, "{checked} cases checked");
    }
}
