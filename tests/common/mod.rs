//! Shared helpers for the integration tests: running the real `cchc` binary from the
//! repository root, writing evidence files in the shapes Excel produces, and copying
//! the shipped ruleset into a temporary directory so a test can break it.
//!
//! Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The repository root: every command runs here, as a user would.
pub const REPO: &str = env!("CARGO_MANIFEST_DIR");
/// The shipped ruleset directory, relative to [`REPO`].
pub const SHIPPED_RULESET: &str = "rules/tdthpl-2020-2024";
/// The shipped sample evidence, relative to [`REPO`].
pub const SAMPLE: &str = "data/tinh-mau/2024.csv";
/// Criterion ids of the shipped ruleset, in ruleset order.
pub const CRITERIA: [&str; 7] = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2"];

/// `cchc`, run from the repository root, killed after 30 s so a hang fails the test.
pub fn cchc() -> Command {
    let mut cmd = Command::cargo_bin("cchc").expect("the cchc binary is built for tests");
    cmd.current_dir(REPO).timeout(Duration::from_secs(30));
    cmd
}

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output (UTF-8).
    pub stdout: String,
    /// Standard error (UTF-8).
    pub stderr: String,
}

impl Run {
    /// Standard output parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}); stdout:\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Asserts the exit code, showing both streams when it differs.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs a prepared command to completion.
pub fn run_cmd(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("cchc could be spawned");
    Run {
        code: output
            .status
            .code()
            .expect("cchc exited by itself (not killed by a signal or the timeout)"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `cchc <args>` from the repository root.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_cmd(cchc().args(args))
}

/// A path as a command-line argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// Absolute path of a file in the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(REPO).join(relative)
}

// ---------------------------------------------------------------------------
// JSON report navigation
// ---------------------------------------------------------------------------

/// The units array of a JSON report.
pub fn units(report: &Value) -> &Vec<Value> {
    report["units"]
        .as_array()
        .expect("report.units is an array")
}

/// The first unit with `id`.
pub fn unit<'a>(report: &'a Value, id: &str) -> &'a Value {
    units(report)
        .iter()
        .find(|u| u["id"] == id)
        .unwrap_or_else(|| panic!("unit {id} is in the report"))
}

/// A unit's result for criterion `id`.
pub fn criterion<'a>(unit: &'a Value, id: &str) -> &'a Value {
    unit["criteria"]
        .as_array()
        .expect("unit.criteria is an array")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("criterion {id} is in unit {}", unit["id"]))
}

/// The statuses of a unit's criteria, in ruleset order.
pub fn statuses(unit: &Value) -> Vec<String> {
    unit["criteria"]
        .as_array()
        .expect("unit.criteria is an array")
        .iter()
        .map(|c| {
            c["status"]
                .as_str()
                .expect("status is a string")
                .to_string()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Evidence files
// ---------------------------------------------------------------------------

/// Evidence columns, in the order of the shipped sample (A, B, C, ...).
pub const COLUMNS: [&str; 15] = [
    "ma_don_vi",                  // A
    "ten_don_vi",                 // B
    "cap",                        // C
    "nam",                        // D
    "ngay_ban_hanh_ke_hoach",     // E
    "thu_thap_thong_tin",         // F
    "so_cuoc_kiem_tra_ke_hoach",  // G
    "so_cuoc_kiem_tra_thuc_hien", // H
    "dieu_tra_khao_sat",          // I
    "ngay_gui_bao_cao_nam",       // J
    "so_ket_qua_phai_xu_ly",      // K
    "so_ket_qua_da_xu_ly",        // L
    "co_yeu_cau_xu_ly",           // M
    "ngay_nhan_yeu_cau_xu_ly",    // N
    "ngay_bao_cao_xu_ly",         // O
];

/// Date columns of [`COLUMNS`].
pub const DATE_COLUMNS: [&str; 4] = [
    "ngay_ban_hanh_ke_hoach",
    "ngay_gui_bao_cao_nam",
    "ngay_nhan_yeu_cau_xu_ly",
    "ngay_bao_cao_xu_ly",
];

/// Yes/no columns of [`COLUMNS`].
pub const BOOL_COLUMNS: [&str; 3] = [
    "thu_thap_thong_tin",
    "dieu_tra_khao_sat",
    "co_yeu_cau_xu_ly",
];

/// Five units in the plainest spelling (`Có`/`Không`, `dd/mm/yyyy`, `so`/`huyen`/`xa`),
/// chosen to reach every status but `error`. Expected scores (sample rules, 2024):
///
/// | unit    | 1.1  | 1.2     | 1.3  | 1.4  | 1.5  | 2.1  | 2.2  | total       | rank |
/// |---------|------|---------|------|------|------|------|------|-------------|------|
/// | SO-A    | 0.25 | 0.25    | 0.25 | 0.25 | 0.25 | 0.50 | 0.25 | 2.00 / 2.00 | 1    |
/// | SO-B    | 0.15 | 0       | 0.15 | 0.25 | 0    | 0.20 | 0.10 | 0.85 / 2.00 | 2    |
/// | HUYEN-C | 0    | 0.25    | 0    | 0    | 0.20 | 0.50 | 0.25 | 1.20 / 2.00 | 1    |
/// | XA-D    | 0.25 | 0.25    | 0.15 | n/a  | 0.25 | 0.20 | 0.25 | 1.35 / 1.75 | 2    |
/// | XA-E    | 0.25 | missing | 0.25 | n/a  | 0.25 | 0.50 | 0.25 | 1.50 / 1.75 | 1    |
pub const UNITS: [[&str; 15]; 5] = [
    [
        "SO-A",
        "Sở Tư pháp",
        "so",
        "2024",
        "08/01/2024",
        "Có",
        "4",
        "4",
        "Có",
        "25/11/2024",
        "6",
        "6",
        "Có",
        "04/03/2024",
        "28/03/2024",
    ],
    [
        "SO-B",
        "Sở Công Thương",
        "so",
        "2024",
        "05/02/2024",
        "Không",
        "4",
        "3",
        "Có",
        "12/12/2024",
        "10",
        "7",
        "Có",
        "01/03/2024",
        "01/04/2024",
    ],
    [
        "HUYEN-C",
        "Huyện An Lạc",
        "huyen",
        "2024",
        "",
        "Có",
        "0",
        "0",
        "Không",
        "01/12/2024",
        "0",
        "0",
        "Không",
        "",
        "",
    ],
    [
        "XA-D",
        "Xã An Bình, huyện An Lạc",
        "xa",
        "2024",
        "31/01/2024",
        "Có",
        "2",
        "1",
        "",
        "30/11/2024",
        "4",
        "2",
        "Có",
        "01/03/2024",
        "31/03/2024",
    ],
    [
        "XA-E",
        "Phường 1, thành phố Hòa An",
        "xa",
        "2024",
        "10/01/2024",
        "",
        "1",
        "1",
        "",
        "29/11/2024",
        "3",
        "3",
        "Không",
        "",
        "",
    ],
];

/// A table of cells: the header row, then one row per unit.
pub type Table = Vec<Vec<String>>;

/// [`COLUMNS`] and [`UNITS`] as a table.
pub fn canonical_table() -> Table {
    let mut table = vec![COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    for row in UNITS {
        table.push(row.iter().map(|c| c.to_string()).collect());
    }
    table
}

/// Index of column `name` in a table's header.
pub fn column(table: &Table, name: &str) -> usize {
    table[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("column {name} is in the table"))
}

/// Rewrites every data cell: `f(column name, data row index from 0, cell)`.
pub fn restyle(table: &Table, f: impl Fn(&str, usize, &str) -> String) -> Table {
    let header = table[0].clone();
    let mut out = vec![header.clone()];
    for (i, row) in table[1..].iter().enumerate() {
        out.push(
            row.iter()
                .zip(&header)
                .map(|(cell, name)| f(name, i, cell))
                .collect(),
        );
    }
    out
}

/// The table without column `name`.
pub fn drop_column(table: &Table, name: &str) -> Table {
    let index = column(table, name);
    table
        .iter()
        .map(|row| {
            let mut row = row.clone();
            row.remove(index);
            row
        })
        .collect()
}

/// Sets one cell of unit `id` (matched on the first column).
pub fn set_cell(table: &mut Table, id: &str, name: &str, value: &str) {
    let index = column(table, name);
    let row = table
        .iter_mut()
        .skip(1)
        .find(|r| r[0] == id)
        .unwrap_or_else(|| panic!("unit {id} is in the table"));
    row[index] = value.to_string();
}

/// How a CSV file is written.
#[derive(Debug, Clone, Copy)]
pub struct CsvStyle {
    /// Field delimiter.
    pub delimiter: char,
    /// Line ending.
    pub eol: &'static str,
    /// Whether the file starts with a UTF-8 byte-order mark.
    pub bom: bool,
    /// Whether every field is quoted (otherwise only fields that need it).
    pub quote_all: bool,
}

impl CsvStyle {
    /// Comma, LF, no BOM, quotes only where needed.
    pub const PLAIN: CsvStyle = CsvStyle {
        delimiter: ',',
        eol: "\n",
        bom: false,
        quote_all: false,
    };
    /// What Excel's "CSV UTF-8" writes on a Vietnamese Windows: `;`, CRLF, BOM.
    pub const EXCEL_VN: CsvStyle = CsvStyle {
        delimiter: ';',
        eol: "\r\n",
        bom: true,
        quote_all: false,
    };
}

/// Renders a table as CSV bytes.
pub fn render_csv(table: &Table, style: CsvStyle) -> Vec<u8> {
    let mut text = String::new();
    if style.bom {
        text.push('\u{feff}');
    }
    for row in table {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                let needs = cell.contains(style.delimiter)
                    || cell.contains('"')
                    || cell.contains('\n')
                    || cell.contains('\r');
                if style.quote_all || needs {
                    format!("\"{}\"", cell.replace('"', "\"\""))
                } else {
                    cell.clone()
                }
            })
            .collect();
        text.push_str(&cells.join(&style.delimiter.to_string()));
        text.push_str(style.eol);
    }
    text.into_bytes()
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write_file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write a temporary file");
    path
}

/// Writes a table as an evidence file.
pub fn write_evidence(dir: &Path, name: &str, table: &Table, style: CsvStyle) -> PathBuf {
    write_file(dir, name, render_csv(table, style))
}

/// `dd/mm/yyyy` → `yyyy-mm-dd` (blank stays blank).
pub fn to_iso(date: &str) -> String {
    if date.is_empty() {
        return String::new();
    }
    let parts: Vec<&str> = date.split('/').collect();
    assert_eq!(parts.len(), 3, "{date} is dd/mm/yyyy");
    format!("{}-{}-{}", parts[2], parts[1], parts[0])
}

/// Reads the unit ids of the shipped sample in file order (`;`, BOM).
pub fn sample_ids() -> Vec<String> {
    let bytes = std::fs::read(repo_path(SAMPLE)).expect("read the sample evidence");
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(bytes);
    let id = reader
        .headers()
        .expect("sample header")
        .iter()
        .position(|h| h == "ma_don_vi")
        .expect("sample has ma_don_vi");
    reader
        .records()
        .map(|r| r.expect("sample row")[id].to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// Rule files
// ---------------------------------------------------------------------------

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from).expect("read directory") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Copies the shipped ruleset to `parent/tdthpl-2020-2024` and returns that directory.
pub fn copy_ruleset(parent: &Path) -> PathBuf {
    let dir = parent.join("tdthpl-2020-2024");
    copy_dir(&repo_path(SHIPPED_RULESET), &dir);
    dir
}

/// Path of criterion file `relative` (e.g. `1-hoat-dong/1.1-ke-hoach.toml`) in a ruleset dir.
pub fn rule_file(ruleset: &Path, relative: &str) -> PathBuf {
    let path = ruleset.join(relative);
    assert!(path.is_file(), "{} exists", path.display());
    path
}

/// Replaces the only occurrence of `from` in the file with `to`; returns the 1-based
/// line where the replacement starts.
pub fn replace_once(path: &Path, from: &str, to: &str) -> usize {
    let text = std::fs::read_to_string(path).expect("read rule file");
    let hits = text.matches(from).count();
    assert_eq!(
        hits,
        1,
        "{from:?} occurs exactly once in {}",
        path.display()
    );
    let at = text.find(from).expect("found above");
    std::fs::write(path, text.replacen(from, to, 1)).expect("write rule file");
    text[..at].matches('\n').count() + 1
}

/// 1-based line of the first occurrence of `needle` in the file.
pub fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).expect("read file");
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is in {}", path.display()));
    text[..at].matches('\n').count() + 1
}

/// 1-based line of the `[[case]]` header of the case named `name`.
pub fn case_line(path: &Path, name: &str) -> usize {
    let text = std::fs::read_to_string(path).expect("read rule file");
    let name_line = line_of(path, &format!("name = \"{name}\""));
    let lines: Vec<&str> = text.lines().collect();
    (1..name_line)
        .rev()
        .find(|&l| lines[l - 1].trim() == "[[case]]")
        .unwrap_or_else(|| panic!("case {name} has a [[case]] header"))
}

/// Number of `[[case]]` tables in a file.
pub fn case_count(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .expect("read rule file")
        .lines()
        .filter(|l| l.trim() == "[[case]]")
        .count()
}

/// Every `.toml` file under `dir` except `ruleset.toml`, recursively.
pub fn criterion_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            out.extend(criterion_files(&path));
        } else if path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|n| n != "ruleset.toml")
        {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Number of `[[case]]` tables in a whole ruleset.
pub fn ruleset_case_count(dir: &Path) -> usize {
    criterion_files(dir).iter().map(|p| case_count(p)).sum()
}

/// Removes the `[[case]]` named `name` (its header up to the next `[[case]]` or the
/// end of the file) and returns the number of lines removed.
pub fn remove_case(path: &Path, name: &str) -> usize {
    let text = std::fs::read_to_string(path).expect("read rule file");
    let start = case_line(path, name) - 1;
    let lines: Vec<&str> = text.lines().collect();
    let end = (start + 1..lines.len())
        .find(|&i| lines[i].trim() == "[[case]]")
        .unwrap_or(lines.len());
    let mut kept: Vec<&str> = lines[..start].to_vec();
    kept.extend_from_slice(&lines[end..]);
    let mut out = kept.join("\n");
    out.push('\n');
    std::fs::write(path, out).expect("write rule file");
    end - start
}

/// 1-based line of a band's `points = ...` (what `Band::line()` reports): the first
/// `points` line after `key = "<key>"`.
pub fn band_points_line(path: &Path, key: &str) -> usize {
    let key_line = line_of(path, &format!("key = \"{key}\""));
    let text = std::fs::read_to_string(path).expect("read rule file");
    text.lines()
        .enumerate()
        .skip(key_line)
        .find(|(_, l)| l.trim_start().starts_with("points"))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("band {key} has a points line"))
}

// ---------------------------------------------------------------------------
// Workbooks
// ---------------------------------------------------------------------------

/// One cell of a workbook a test writes.
#[derive(Debug, Clone, PartialEq)]
pub enum XCell {
    /// Nothing written.
    Blank,
    /// A string cell.
    Text(String),
    /// A number cell.
    Number(f64),
    /// A real date: a serial with the `dd/mm/yyyy` format (year, month, day).
    Date(u16, u8, u8),
    /// A TRUE/FALSE cell.
    Bool(bool),
}

/// A cell as Excel stores what a person types: `dd/mm/yyyy` becomes a date serial,
/// a whole number a number, anything else text; blank stays blank.
pub fn typed(cell: &str) -> XCell {
    if cell.is_empty() {
        return XCell::Blank;
    }
    let parts: Vec<&str> = cell.split('/').collect();
    if parts.len() == 3
        && let (Ok(d), Ok(m), Ok(y)) = (parts[0].parse(), parts[1].parse(), parts[2].parse())
    {
        return XCell::Date(y, m, d);
    }
    match cell.parse::<i64>() {
        Ok(n) => XCell::Number(n as f64),
        Err(_) => XCell::Text(cell.to_string()),
    }
}

/// Writes `rows` into `sheet` from 0-based row `first`.
pub fn put_rows(sheet: &mut rust_xlsxwriter::Worksheet, first: u32, rows: &[Vec<XCell>]) {
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        let r = first + r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            let written = match cell {
                XCell::Blank => continue,
                XCell::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                XCell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                XCell::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                XCell::Date(y, m, d) => {
                    let value = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d)
                        .expect("a valid test date");
                    sheet
                        .write_date_with_format(r, c, &value, &date)
                        .map(|_| ())
                }
            };
            written.expect("write a test cell");
        }
    }
}

/// A table with every cell [`typed`].
pub fn typed_table(table: &Table) -> Vec<Vec<XCell>> {
    table
        .iter()
        .map(|row| row.iter().map(|c| typed(c)).collect())
        .collect()
}

/// Writes a one-sheet workbook holding `table`, cells [`typed`] (the header stays text).
pub fn write_xlsx(dir: &Path, name: &str, table: &Table) -> PathBuf {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let mut rows = typed_table(table);
    rows[0] = table[0].iter().map(|h| XCell::Text(h.clone())).collect();
    put_rows(sheet, 0, &rows);
    let path = dir.join(name);
    workbook.save(&path).expect("save a test workbook");
    path
}

/// The sheet names of a workbook, in order.
pub fn sheet_names(path: &Path) -> Vec<String> {
    use calamine::Reader;
    let workbook: calamine::Xlsx<_> = calamine::open_workbook(path).expect("open the workbook");
    workbook.sheet_names()
}

/// A sheet's cells as text, from row 1 and column A.
pub fn sheet_text(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path).expect("open the workbook");
    let range = workbook.worksheet_range(sheet).expect("the sheet exists");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// The shipped Bình Dương overlay (maxima of Quyết định 3603/QĐ-UBND).
pub const BINH_DUONG: &str = "rules/overlays/binh-duong-2020.toml";

/// Writes `cchc score --year 2024 --format json [extra]` to `dir/name` and returns its path:
/// a published report for `verify` and `diff` tests.
pub fn publish(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let report = dir.join(name);
    let mut args = vec![
        "score",
        "--year",
        "2024",
        "--format",
        "json",
        "-o",
        arg(&report),
    ];
    args.extend_from_slice(extra);
    run(args).expect_code(0);
    report
}
