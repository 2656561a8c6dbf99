//! CSV: one row per unit × criterion, for spreadsheets.

use crate::score::Scoreboard;

/// Prefixes a cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
/// tab, CR) with an apostrophe, so a unit name like `=HYPERLINK(...)` stays text.
pub fn neutralize_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

const HEADER: [&str; 17] = [
    "ma_don_vi",
    "ten_don_vi",
    "cap",
    "tieu_chi",
    "ten_tieu_chi",
    "diem",
    "diem_toi_da",
    "trang_thai",
    "muc",
    "giai_thich",
    "thieu_minh_chung",
    "can_cu",
    "tong_diem",
    "tong_toi_da",
    "ty_le_phan_tram",
    "hang",
    "ruleset_fingerprint",
];

pub fn render(board: &Scoreboard<'_>) -> String {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let write = |writer: &mut ::csv::Writer<Vec<u8>>, row: &[String]| {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(row.iter().map(|c| neutralize_formula(c)));
    };
    write(&mut writer, &HEADER.map(String::from));
    let dec = |d: Option<rust_decimal::Decimal>| {
        d.map(|d| super::rounded(board, d).to_string())
            .unwrap_or_default()
    };
    for unit in &board.units {
        for c in &unit.criteria {
            let criterion = &board.ruleset.criteria[c.criterion];
            let missing: Vec<String> = c.missing_evidence.iter().map(|m| m.field.clone()).collect();
            let basis: Vec<String> = criterion.legal_basis.iter().map(|b| b.cite()).collect();
            write(
                &mut writer,
                &[
                    unit.id.clone(),
                    unit.name.clone(),
                    unit.level.map(|l| l.code().to_string()).unwrap_or_default(),
                    criterion.id.clone(),
                    criterion.title.clone(),
                    dec(c.points),
                    dec(c.max),
                    c.status.code().to_string(),
                    c.band.clone().unwrap_or_default(),
                    c.explanation.clone(),
                    missing.join("; "),
                    basis.join("; "),
                    dec(Some(unit.total)),
                    dec(Some(unit.max)),
                    super::percent(board, unit)
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                    unit.rank.map(|r| r.to_string()).unwrap_or_default(),
                    board.ruleset.fingerprint.clone(),
                ],
            );
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::neutralize_formula;

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(neutralize_formula("=1+1"), "'=1+1");
        assert_eq!(neutralize_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize_formula("-2"), "'-2");
        assert_eq!(neutralize_formula("Sở Tư pháp"), "Sở Tư pháp");
    }
}
