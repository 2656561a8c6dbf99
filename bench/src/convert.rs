//! Fallback for a `cchc` without `--format wide`: its long CSV (one row per unit ×
//! criterion) turned into the wide report, outside the timing, so the outputs can
//! still be compared. The harness says loudly when it had to do this.

use std::path::Path;

/// Converts cchc's long CSV at `long` into the wide report at `wide`.
pub fn long_to_wide(long: &Path, wide: &Path, criteria: &[&str]) -> Result<(), String> {
    let err = |e: csv::Error| format!("{}: {e}", long.display());
    let mut reader = csv::Reader::from_path(long).map_err(err)?;
    let headers = reader.headers().map_err(err)?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("{}: no column {name}", long.display()))
    };
    let [
        id,
        name,
        cap,
        criterion,
        points,
        status,
        total,
        max,
        percent,
        rank,
    ] = [
        "ma_don_vi",
        "ten_don_vi",
        "cap",
        "tieu_chi",
        "diem",
        "trang_thai",
        "tong_diem",
        "tong_toi_da",
        "ty_le_phan_tram",
        "hang",
    ]
    .map(col);
    let (id, name, cap, criterion, points, status) =
        (id?, name?, cap?, criterion?, points?, status?);
    let (total, max, percent, rank) = (total?, max?, percent?, rank?);
    let mut writer =
        csv::Writer::from_path(wide).map_err(|e| format!("{}: {e}", wide.display()))?;
    let werr = |e: csv::Error| format!("{}: {e}", wide.display());
    let mut header = vec!["ma_don_vi", "ten_don_vi", "cap"];
    header.extend(criteria);
    header.extend(["tong_diem", "tong_toi_da", "ty_le_phan_tram", "hang"]);
    writer.write_record(&header).map_err(werr)?;
    let mut current: Option<Vec<String>> = None;
    for record in reader.records() {
        let r = record.map_err(err)?;
        let get = |i: usize| r.get(i).unwrap_or("").to_string();
        let same_unit = current.as_ref().is_some_and(|row| row[0] == get(id));
        if !same_unit {
            if let Some(row) = current.take() {
                writer.write_record(&row).map_err(werr)?;
            }
            let mut row = vec![get(id), get(name), get(cap)];
            row.extend(criteria.iter().map(|_| String::new()));
            row.extend([get(total), get(max), get(percent), get(rank)]);
            current = Some(row);
        }
        if let (Some(row), Some(slot)) = (
            current.as_mut(),
            criteria.iter().position(|c| *c == get(criterion)),
        ) {
            row[3 + slot] = match get(status).as_str() {
                "not_applicable" => String::new(),
                "error" => "error".into(),
                _ => get(points),
            };
        }
    }
    if let Some(row) = current {
        writer.write_record(&row).map_err(werr)?;
    }
    writer
        .flush()
        .map_err(|e| format!("{}: {e}", wide.display()))
}
