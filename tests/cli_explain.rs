//! `cchc explain`: the trace of one unit's score, driving the binary.

mod common;

use common::*;
use serde_json::Value;

/// `cchc explain --year 2024 --unit SO-SCT --criterion 1.3`, verbatim.
const SO_SCT_1_3: &str = r#"Đơn vị SO-SCT — Sở Công Thương (cấp so)
Minh chứng: data/tinh-mau/2024.csv, dòng 6. Bộ tiêu chí: tdthpl-2020-2024, năm đánh giá 2024.
Tổng: 1,70 / 2,00 điểm (85,00%), hạng 13/20 trong cấp so.
Làm tròn: 2 chữ số thập phân, từ 5 trở lên làm tròn lên (half_up); điểm từng tiêu chí là điểm của mức nên không làm tròn, chỉ tổng và tỷ lệ được làm tròn một lần khi công bố.

1.3 Kiểm tra tình hình thi hành pháp luật — 0,15 / 0,25 điểm [partial]
  Minh chứng đọc:
    so_cuoc_kiem_tra_ke_hoach (Số cuộc kiểm tra tình hình THPL theo Kế hoạch năm, bắt buộc) = 3
      ô: data/tinh-mau/2024.csv, dòng/row 6, cột/column G (so_cuoc_kiem_tra_ke_hoach)
    so_cuoc_kiem_tra_thuc_hien (Số cuộc kiểm tra tình hình THPL đã thực hiện, bắt buộc) = 2
      ô: data/tinh-mau/2024.csv, dòng/row 6, cột/column H (so_cuoc_kiem_tra_thuc_hien)
  Script trả về: tỷ lệ cuộc kiểm tra đã thực hiện so với Kế hoạch = 66,67%
  Các mức, xét từ trên xuống:
    ✗ hoan_thanh (0,25 điểm; Thực hiện 100% số cuộc kiểm tra theo Kế hoạch (hoặc có kiểm tra đột xuất khi Kế hoạch không đặt cuộc nào)): 66,67% < 100% (cần ≥ 100%)
    ✓ tu_50_den_duoi_100 (0,15 điểm; Thực hiện từ 50% đến dưới 100% số cuộc kiểm tra theo Kế hoạch): 66,67% thỏa ≥ 50%, < 100%  ← được chọn
    · duoi_50 (0 điểm; Thực hiện dưới 50% số cuộc kiểm tra theo Kế hoạch): không xét: đã chọn mức phía trên
    · khong_kiem_tra (0 điểm; Không có kế hoạch kiểm tra và không thực hiện cuộc kiểm tra nào): không xét: đã chọn mức phía trên
  Kết quả: Đạt 0,15/0,25 điểm, mất 0,10: Thực hiện từ 50% đến dưới 100% số cuộc kiểm tra theo Kế hoạch. (tỷ lệ cuộc kiểm tra đã thực hiện so với Kế hoạch: 66,67%) Mức cao hơn (0,25 điểm): Thực hiện 100% số cuộc kiểm tra theo Kế hoạch (hoặc có kiểm tra đột xuất khi Kế hoạch không đặt cuộc nào), cần tỷ lệ cuộc kiểm tra đã thực hiện so với Kế hoạch từ 100% trở lên.
  Căn cứ: Thông tư 14/2014/TT-BTP: “according to the plan for monitoring the implementation of laws or when there are difficulties, obstacles, inadequacies …, or at the request of a competent state agency”
  Căn cứ: Điều 12, Nghị định 59/2012/NĐ-CP (chưa kiểm chứng)
  Căn cứ: tiêu chí thành phần 1, Quyết định 3603/QĐ-UBND ngày 30/11/2020 của UBND tỉnh Bình Dương: “Kiểm tra tình hình THPL”
"#;

#[test]
fn the_trace_of_one_criterion_reads_top_down() {
    let run = run([
        "explain",
        "--year",
        "2024",
        "--unit",
        "SO-SCT",
        "--criterion",
        "1.3",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, SO_SCT_1_3);
}

#[test]
fn a_whole_unit_traces_every_criterion_in_order_and_matches_the_score() {
    let run = run([
        "explain", "--year", "2024", "--unit", "SO-SCT", "--format", "json",
    ]);
    run.expect_code(0);
    let trace = run.json();
    let ids: Vec<&str> = trace["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, CRITERIA);
    let report = common::run(["score", "--year", "2024", "--format", "json"]).json();
    let scored = unit(&report, "SO-SCT");
    assert_eq!(trace["total"], "1,70");
    assert_eq!(scored["total"], "1.70");
    for c in trace["criteria"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let s = criterion(scored, id);
        assert_eq!(c["status"], s["status"], "criterion {id}");
        assert_eq!(c["band"], s["band"], "criterion {id}");
        let chosen: Vec<&Value> = c["bands"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["verdict"] == "chosen")
            .collect();
        assert_eq!(chosen.len(), 1, "criterion {id} has one chosen band");
        assert_eq!(chosen[0]["key"], s["band"]);
    }
}

#[test]
fn missing_evidence_shows_the_blank_cell_and_no_script_run() {
    let run = run([
        "explain",
        "--year",
        "2024",
        "--unit",
        "SO-STTTT",
        "--criterion",
        "1.2",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let c = &run.json()["criteria"][0];
    assert_eq!(c["status"], "missing_evidence");
    assert_eq!(c["script_result"], Value::Null);
    let e = &c["evidence"][0];
    assert_eq!(e["field"], "thu_thap_thong_tin");
    assert_eq!(e["value"], Value::Null);
    assert_eq!(e["required"], true);
    assert!(
        e["cell"]
            .as_str()
            .unwrap()
            .contains("cột/column F (thu_thap_thong_tin)"),
        "{e}"
    );
    assert!(
        c["bands"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["verdict"] == "not_tried")
    );
}

#[test]
fn a_broken_cell_is_shown_with_its_problem_and_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo_path("data/tinh-mau/2024.csv")).unwrap();
    let broken = text.replacen(";so;2024;22/01/2024;", ";so;2024;32/01/2024;", 1);
    assert_ne!(broken, text);
    let path = write_file(tmp.path(), "2024.csv", broken);
    let run = run([
        "explain",
        "--evidence",
        arg(&path),
        "--unit",
        "SO-SCT",
        "--criterion",
        "1.1",
    ]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("1.1 Ban hành Kế hoạch"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[error]"), "{}", run.stdout);
    assert!(run.stdout.contains("      lỗi: "), "{}", run.stdout);
    assert!(run.stdout.contains("32/01/2024"), "{}", run.stdout);
    assert!(run.stdout.contains("Script không chạy."), "{}", run.stdout);
}

#[test]
fn an_overlay_changes_the_points_in_the_trace() {
    let run = run([
        "explain",
        "--year",
        "2024",
        "--unit",
        "SO-SCT",
        "--criterion",
        "1.3",
        "--overlay",
        "rules/overlays/binh-duong-2020.toml",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let trace = run.json();
    assert_eq!(trace["ruleset"], "tdthpl-2020-2024 + binh-duong-2020");
    assert_eq!(trace["max"], "1,50");
    assert_eq!(trace["criteria"][0]["band"], "tu_50_den_duoi_100");
}

#[test]
fn unknown_unit_or_criterion_is_a_usage_error() {
    let run1 = run(["explain", "--year", "2024", "--unit", "KHONG-CO"]);
    run1.expect_code(2);
    assert!(
        run1.stderr.contains("no unit 'KHONG-CO'"),
        "{}",
        run1.stderr
    );
    assert!(
        run1.stderr.contains("SO-STP"),
        "lists known units: {}",
        run1.stderr
    );
    let run2 = run([
        "explain",
        "--year",
        "2024",
        "--unit",
        "SO-SCT",
        "--criterion",
        "9.9",
    ]);
    run2.expect_code(2);
    assert!(
        run2.stderr.contains("no criterion '9.9'"),
        "{}",
        run2.stderr
    );
}
