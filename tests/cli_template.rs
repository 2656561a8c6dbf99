//! `cchc template`: the blank evidence form, read back after a test fills it.

mod common;

use common::*;
use serde_json::Value;
use std::io::Read;
use std::path::Path;

/// Writes the template for 2024 (optionally one level) and returns its path.
fn xlsx_template(dir: &Path, level: Option<&str>) -> std::path::PathBuf {
    let path = dir.join("mau.xlsx");
    let mut args = vec!["template", "--year", "2024", "-o", arg(&path)];
    if let Some(level) = level {
        args.extend(["--level", level]);
    }
    let out = run(args);
    out.expect_code(0);
    assert!(out.stdout.is_empty(), "an XLSX never goes to stdout");
    path
}

/// A file inside the workbook's zip, as text.
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("open the workbook");
    let mut zip = zip::ZipArchive::new(file).expect("an XLSX is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("the part exists")
        .read_to_string(&mut text)
        .expect("UTF-8 XML");
    text
}

/// The template's column ids filled with [`UNITS`] (blank where the canonical
/// table has no column), plus document references for two units.
fn filled(ids: &[String]) -> Table {
    let mut table = vec![ids.to_vec()];
    for unit in UNITS {
        table.push(
            ids.iter()
                .map(|id| {
                    COLUMNS
                        .iter()
                        .position(|c| c == id)
                        .map_or(String::new(), |i| unit[i].to_string())
                })
                .collect(),
        );
    }
    set_cell(
        &mut table,
        "SO-A",
        "ngay_ban_hanh_ke_hoach__so_hieu",
        "12/KH-STP",
    );
    set_cell(
        &mut table,
        "SO-A",
        "ngay_ban_hanh_ke_hoach__ngay",
        "08/01/2024",
    );
    set_cell(&mut table, "SO-A", "ngay_ban_hanh_ke_hoach__trang", "3");
    set_cell(
        &mut table,
        "SO-B",
        "ngay_ban_hanh_ke_hoach__trang",
        "mục II",
    );
    table
}

/// What must be equal between two scorings of the same units.
fn scores(report: &Value) -> Vec<Value> {
    units(report)
        .iter()
        .map(|u| {
            serde_json::json!({
                "id": u["id"], "total": u["total"], "max": u["max"], "rank": u["rank"],
                "problems": u["problems"],
                "criteria": u["criteria"].as_array().expect("criteria").iter().map(|c| serde_json::json!({
                    "id": c["id"], "points": c["points"], "status": c["status"],
                    "band": c["band"], "explanation": c["explanation"],
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn score_json(path: &Path) -> Value {
    let out = run(["score", "--format", "json", "--evidence", arg(path)]);
    out.expect_code(0);
    assert!(
        !out.stderr.contains("không thuộc bộ tiêu chí"),
        "document columns are recognised, not unknown: {}",
        out.stderr
    );
    out.json()
}

#[test]
fn xlsx_template_has_labels_ids_validation_frozen_panes_and_instructions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = xlsx_template(dir.path(), None);
    assert_eq!(sheet_names(&path), ["Minh chứng", "Hướng dẫn"]);
    let rows = sheet_text(&path, "Minh chứng");
    assert_eq!(rows.len(), 2, "labels and ids, no unit rows");
    let (labels, ids) = (&rows[0], &rows[1]);
    assert_eq!(
        ids[..8],
        [
            "ma_don_vi",
            "ten_don_vi",
            "cap",
            "nam",
            "ngay_ban_hanh_ke_hoach",
            "ngay_ban_hanh_ke_hoach__so_hieu",
            "ngay_ban_hanh_ke_hoach__ngay",
            "ngay_ban_hanh_ke_hoach__trang",
        ]
    );
    // Every field of the sample, each with its three document columns.
    for field in &COLUMNS[4..] {
        for suffix in ["", "__so_hieu", "__ngay", "__trang"] {
            let id = format!("{field}{suffix}");
            assert!(ids.contains(&id), "{id} is a column");
        }
    }
    assert_eq!(ids.len(), 4 + 11 * 4);
    assert_eq!(labels[0], "Mã đơn vị");
    assert_eq!(labels[4], "Ngày ban hành Kế hoạch TDTHPL năm");
    assert_eq!(labels[5], "Kế hoạch TDTHPL năm: số/ký hiệu");

    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    let letter = |id: &str| {
        let n = ids.iter().position(|c| c == id).expect("column") + 1;
        let mut s = String::new();
        let mut n = n;
        while n > 0 {
            s.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
            n = (n - 1) / 26;
        }
        s
    };
    let rule = |id: &str| {
        let sqref = format!("sqref=\"{0}3:{0}502\"", letter(id));
        let at = sheet
            .find(&sqref)
            .unwrap_or_else(|| panic!("{id} has a validation over rows 3-502"));
        let start = sheet[..at]
            .rfind("<dataValidation ")
            .expect("element start");
        let end = at + sheet[at..].find("</dataValidation>").expect("element end");
        sheet[start..end].to_string()
    };
    let bool_rule = rule("thu_thap_thong_tin");
    assert!(
        bool_rule.contains("type=\"list\"") && bool_rule.contains("\"Có,Không\""),
        "{bool_rule}"
    );
    assert!(rule("ngay_ban_hanh_ke_hoach").contains("type=\"date\""));
    assert!(rule("ngay_ban_hanh_ke_hoach__ngay").contains("type=\"date\""));
    let count = rule("so_cuoc_kiem_tra_thuc_hien");
    assert!(
        count.contains("type=\"whole\"") && count.contains("<formula1>0</formula1>"),
        "{count}"
    );
    let level = rule("cap");
    assert!(level.contains("\"so,huyen,xa\""), "{level}");
    assert!(rule("nam").contains("<formula1>2024</formula1>"));
    assert!(
        sheet.contains("xSplit=\"2\"") && sheet.contains("ySplit=\"2\""),
        "rows 1-2 and columns A-B are frozen"
    );
    assert!(part(&path, "xl/styles.xml").contains("formatCode=\"dd/mm/yyyy\""));

    let guide = sheet_text(&path, "Hướng dẫn").concat().join("\n");
    for id in CRITERIA {
        assert!(
            guide.contains(&format!("\n{id}\n")),
            "criterion {id} is listed"
        );
    }
    assert!(guide.contains("Nghị định 59/2012/NĐ-CP"), "legal basis");
    assert!(
        guide.contains("Chứng minh bằng: Kế hoạch TDTHPL năm (số/ký hiệu, ngày ban hành)"),
        "document hint"
    );
    assert!(
        guide.contains("__so_hieu"),
        "the document columns are explained"
    );
}

#[test]
fn a_template_is_byte_for_byte_deterministic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = std::fs::read(xlsx_template(dir.path(), None)).expect("read");
    let second = std::fs::read(xlsx_template(dir.path(), None)).expect("read");
    assert!(first == second, "two runs give the same bytes");
}

#[test]
fn filled_xlsx_template_scores_like_the_equivalent_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let template = xlsx_template(dir.path(), None);
    let header = sheet_text(&template, "Minh chứng");
    let table = filled(&header[1]);

    // The workbook a unit returns: the template's two header rows, then typed cells
    // (real dates, numbers), and the instructions sheet left in place.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Minh chứng").expect("name");
    let labels: Vec<XCell> = header[0].iter().map(|l| XCell::Text(l.clone())).collect();
    let ids: Vec<XCell> = header[1].iter().map(|l| XCell::Text(l.clone())).collect();
    put_rows(sheet, 0, &[labels, ids]);
    put_rows(sheet, 2, &typed_table(&table)[1..]);
    let guide = workbook.add_worksheet();
    guide.set_name("Hướng dẫn").expect("name");
    put_rows(guide, 0, &[vec![XCell::Text("ma_don_vi".into())]]);
    let xlsx = dir.path().join("da-dien.xlsx");
    workbook.save(&xlsx).expect("save");

    let csv = write_evidence(dir.path(), "da-dien.csv", &table, CsvStyle::EXCEL_VN);
    let from_xlsx = score_json(&xlsx);
    let from_csv = score_json(&csv);
    assert_eq!(scores(&from_xlsx), scores(&from_csv));

    let totals: Vec<&str> = units(&from_xlsx)
        .iter()
        .map(|u| u["total"].as_str().expect("total"))
        .collect();
    assert_eq!(totals, ["2.00", "0.85", "1.20", "1.35", "1.50"]);
    let plan = |id: &str| {
        criterion(unit(&from_xlsx, id), "1.1")["explanation"]
            .as_str()
            .expect("text")
            .to_string()
    };
    assert!(
        plan("SO-A").contains(
            "Minh chứng: Kế hoạch TDTHPL năm số 12/KH-STP ngày 08/01/2024, trang 3. Căn cứ:"
        ),
        "{}",
        plan("SO-A")
    );
    assert!(
        plan("SO-B").contains("Thiếu Kế hoạch TDTHPL năm (số/ký hiệu, ngày)."),
        "{}",
        plan("SO-B")
    );
}

#[test]
fn filled_csv_template_reads_back_past_its_label_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(["template", "--year", "2024"]);
    out.expect_code(0);
    assert!(
        out.stdout
            .starts_with("\u{feff}Mã đơn vị;Tên đơn vị;Cấp;Năm đánh giá;")
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "labels and ids only");
    let ids: Vec<String> = lines[1].split(';').map(String::from).collect();
    let table = filled(&ids);
    let mut text = out.stdout.clone().into_bytes();
    let units = render_csv(&table[1..].to_vec(), CsvStyle::EXCEL_VN);
    text.extend(units.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&units));
    let path = write_file(dir.path(), "da-dien.csv", text);
    let report = score_json(&path);
    let totals: Vec<&str> = common::units(&report)
        .iter()
        .map(|u| u["total"].as_str().expect("total"))
        .collect();
    assert_eq!(totals, ["2.00", "0.85", "1.20", "1.35", "1.50"]);
    assert_eq!(common::units(&report)[0]["row"], 3, "units start on row 3");
}

#[test]
fn a_level_template_keeps_only_that_levels_columns_and_choice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = xlsx_template(dir.path(), Some("xa"));
    let ids = &sheet_text(&path, "Minh chứng")[1];
    // 1.4 (survey) does not apply to xã in the sample rules.
    assert!(!ids.iter().any(|c| c.starts_with("dieu_tra_khao_sat")));
    assert!(ids.contains(&"ngay_gui_bao_cao_nam".to_string()));
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<formula1>\"xa\"</formula1>"));
    let guide = sheet_text(&path, "Hướng dẫn").concat().join("\n");
    assert!(!guide.contains("\n1.4\n") && guide.contains("\n1.5\n"));
}

#[test]
fn misuse_is_refused_with_exit_2() {
    let out = run(["template", "--format", "xlsx"]);
    out.expect_code(2);
    assert!(out.stderr.contains("-o"), "{}", out.stderr);
    let out = run(["template", "--year", "2025", "--level", "huyen"]);
    out.expect_code(2);
    assert!(out.stderr.contains("huyen"), "{}", out.stderr);
    let out = run(["template", "--year", "2016"]);
    out.expect_code(2);
}

#[test]
fn with_a_provincial_overlay_the_form_shows_the_province_s_maxima() {
    let dir = tempfile::tempdir().unwrap();
    let plain = xlsx_template(dir.path(), None);
    let guide = |path: &Path| sheet_text(path, "Hướng dẫn").concat().join("\n");
    assert!(!guide(&plain).contains("so 0,20; huyen 0,20; xa 0,30"));
    let adapted = dir.path().join("binh-duong.xlsx");
    run([
        "template",
        "--year",
        "2024",
        "--overlay",
        "rules/overlays/binh-duong-2020.toml",
        "-o",
        arg(&adapted),
    ])
    .expect_code(0);
    let text = guide(&adapted);
    assert!(
        text.contains("so 0,20; huyen 0,20; xa 0,30"),
        "1.1 as Bình Dương sets it:\n{text}"
    );
    assert!(
        text.contains("so 0,30; huyen 0,30; xa 0,50"),
        "2.1 as Bình Dương sets it"
    );
    // The overlay is an input: -o never writes over it.
    let over = run([
        "template",
        "--year",
        "2024",
        "--overlay",
        "rules/overlays/binh-duong-2020.toml",
        "-o",
        "rules/overlays/binh-duong-2020.toml",
    ]);
    over.expect_code(2);
    assert!(
        over.stderr.contains("binh-duong-2020.toml"),
        "{}",
        over.stderr
    );
    // An overlay of another ruleset is refused.
    let other = run([
        "template",
        "--year",
        "2019",
        "--overlay",
        "rules/overlays/binh-duong-2020.toml",
    ]);
    assert_ne!(other.code, 0, "{}", other.stdout);
    assert!(
        other.stderr.contains("tdthpl-2020-2024"),
        "{}",
        other.stderr
    );
}
