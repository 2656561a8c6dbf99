//! Checking that two wide reports agree, before any timing is printed: same header,
//! same units in the same order, and every cell equal (numbers as decimals, so
//! `0.5` = `0.50`; other cells as strings). Both files are streamed side by side,
//! so a million units need no memory.

use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

/// Most differences listed per pair of reports.
const MAX_LISTED: usize = 10;

/// What the reference report holds, once a comparison passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    /// Unit rows.
    pub units: u64,
    /// Criterion cells that apply (non-empty): the criterion evaluations.
    pub evaluations: u64,
}

/// Compares `other` (written by `name`) with `reference` (written by `reference_name`).
/// `Err` lists the first differences, each naming the unit and column.
pub fn compare(
    reference: &Path,
    reference_name: &str,
    other: &Path,
    name: &str,
) -> Result<Agreement, Vec<String>> {
    let open = |path: &Path| {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(path)
            .map_err(|e| vec![format!("{}: {e}", path.display())])
    };
    let (mut a, mut b) = (open(reference)?, open(other)?);
    let (mut ra, mut rb) = (csv::StringRecord::new(), csv::StringRecord::new());
    let read = |r: &mut csv::Reader<std::fs::File>, rec: &mut csv::StringRecord, path: &Path| {
        r.read_record(rec)
            .map_err(|e| vec![format!("{}: {e}", path.display())])
    };
    if !read(&mut a, &mut ra, reference)? || !read(&mut b, &mut rb, other)? {
        return Err(vec![format!(
            "{reference_name} or {name} wrote an empty report"
        )]);
    }
    if ra != rb {
        return Err(vec![format!(
            "headers differ:\n  {reference_name}: {}\n  {name}: {}",
            ra.iter().collect::<Vec<_>>().join(","),
            rb.iter().collect::<Vec<_>>().join(",")
        )]);
    }
    let header: Vec<String> = ra.iter().map(String::from).collect();
    let criteria = 3..header.len().saturating_sub(4);
    let mut differences = Vec::new();
    let mut units = 0u64;
    let mut evaluations = 0u64;
    loop {
        let (more_a, more_b) = (
            read(&mut a, &mut ra, reference)?,
            read(&mut b, &mut rb, other)?,
        );
        match (more_a, more_b) {
            (false, false) => break,
            (true, false) | (false, true) => {
                let (longer, row) = if more_a {
                    (reference_name, &ra)
                } else {
                    (name, &rb)
                };
                differences.push(format!(
                    "{longer} has more rows than the other report, from unit {} (row {})",
                    row.get(0).unwrap_or(""),
                    units + 2
                ));
                break;
            }
            (true, true) => {}
        }
        units += 1;
        let unit = ra.get(0).unwrap_or("");
        if ra.get(0) != rb.get(0) {
            differences.push(format!(
                "row {}: {reference_name} has unit {unit}, {name} has unit {}",
                units + 1,
                rb.get(0).unwrap_or("")
            ));
        } else {
            for (i, column) in header.iter().enumerate() {
                let (x, y) = (ra.get(i).unwrap_or(""), rb.get(i).unwrap_or(""));
                if criteria.contains(&i) && !x.is_empty() {
                    evaluations += 1;
                }
                if !same_cell(x, y) && differences.len() < MAX_LISTED {
                    differences.push(format!(
                        "unit {unit}, column {column}: {reference_name} '{x}', {name} '{y}'"
                    ));
                }
            }
        }
        if differences.len() >= MAX_LISTED {
            differences.push(format!("(stopped after {MAX_LISTED} differences)"));
            break;
        }
    }
    if differences.is_empty() {
        Ok(Agreement { units, evaluations })
    } else {
        Err(differences)
    }
}

/// Equal as decimals when both parse as numbers, else as strings.
fn same_cell(a: &str, b: &str) -> bool {
    match (Decimal::from_str(a), Decimal::from_str(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    #[test]
    fn numbers_compare_as_decimals_and_differences_name_unit_and_column() {
        let dir = std::env::temp_dir().join(format!("cchc-bench-compare-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let head = "ma_don_vi,ten_don_vi,cap,1.1,1.4,tong_diem,tong_toi_da,ty_le_phan_tram,hang\n";
        let a = write(
            &dir,
            "a.csv",
            &format!("{head}A,x,so,0.5,0.25,0.75,0.50,150.00,1\nB,y,xa,0,,0,0.25,0.00,2\n"),
        );
        let b = write(
            &dir,
            "b.csv",
            &format!("{head}A,x,so,0.50,0.25,0.75,0.5,150,1\nB,y,xa,0.00,,0,0.25,0,2\n"),
        );
        let c = write(
            &dir,
            "c.csv",
            &format!("{head}A,x,so,0.50,0.25,0.75,0.5,150,1\nB,y,xa,error,,0,0.25,0,\n"),
        );
        assert_eq!(
            compare(&a, "native", &b, "zen"),
            Ok(Agreement {
                units: 2,
                evaluations: 3
            })
        );
        let diffs = compare(&a, "native", &c, "pandas").expect_err("differs");
        assert_eq!(diffs[0], "unit B, column 1.1: native '0', pandas 'error'");
        assert_eq!(diffs[1], "unit B, column hang: native '2', pandas ''");
        let short = write(
            &dir,
            "d.csv",
            &format!("{head}A,x,so,0.50,0.25,0.75,0.5,150,1\n"),
        );
        let diffs = compare(&a, "native", &short, "cchc").expect_err("shorter");
        assert!(diffs[0].contains("more rows"), "{diffs:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
