//! What one unit account can make the Sở store during appraisal is bounded:
//! the documents of an explanation request across repeated answers, and the
//! appeals of a unit in a round. Refusals name the bound; nothing is stored.

mod common;

use cchc::Level;
use cchc::model::Date;
use cchc::store::{Actor, Decision, MAX_APPEALS_PER_UNIT, NewUnit, RoundState, Store, limits};
use common::repo_path;

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// A 2024 round whose self-assessment ended, one unit, in round 1.
fn round(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("cchc.db")).unwrap();
    let cli = Actor::cli();
    store
        .open_round(&cli, 2024, &repo_path("rules/tdthpl-2020-2024"), None)
        .unwrap();
    let unit = NewUnit {
        ma_don_vi: "XA-A".into(),
        ten_don_vi: "Xã A".into(),
        cap: Level::Xa,
    };
    store.add_units(&cli, 2024, &[unit]).unwrap();
    store
        .set_round_window(
            &cli,
            2024,
            RoundState::Open,
            Some(day("2024-01-01")),
            Some(day("2024-12-31")),
        )
        .unwrap();
    store
}

#[test]
fn an_explanation_request_takes_a_bounded_number_of_documents_over_all_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = round(dir.path());
    let cli = Actor::cli();
    let today = day("2026-12-01");
    store
        .request_explanation(&cli, (2024, "XA-A", "1.1"), "Gửi bản ký", today)
        .unwrap();
    store
        .set_explanation_window(&cli, 2024, (day("2026-01-01"), day("2099-12-31")))
        .unwrap();
    let mut shas = Vec::new();
    for n in 0..=limits::MAX_DOCUMENTS_PER_FIELD {
        let bytes = format!("%PDF-1.7\n% tài liệu {n}\n%%EOF\n").into_bytes();
        shas.push(
            store
                .put_document(&format!("{n}.pdf"), "application/pdf", &bytes)
                .unwrap()
                .sha256,
        );
    }
    let (first, rest) = shas.split_at(limits::MAX_DOCUMENTS_PER_FIELD - 1);
    store
        .answer_explanation(&cli, (2024, "XA-A", "1.1"), ("Lần 1", first), today)
        .unwrap();
    store
        .answer_explanation(&cli, (2024, "XA-A", "1.1"), ("Lần 2", &rest[..1]), today)
        .unwrap();
    let over = store
        .answer_explanation(&cli, (2024, "XA-A", "1.1"), ("Lần 3", &rest[1..]), today)
        .unwrap_err()
        .to_string();
    assert!(
        over.contains(&limits::MAX_DOCUMENTS_PER_FIELD.to_string()),
        "{over}"
    );
    let requests = store.explanation_requests(2024, "XA-A").unwrap();
    assert_eq!(requests[0].documents.len(), limits::MAX_DOCUMENTS_PER_FIELD);
    assert_eq!(
        requests[0].answer.as_deref(),
        Some("Lần 2"),
        "the refused send changed nothing"
    );
}

#[test]
fn a_unit_files_a_bounded_number_of_appeals_in_a_round() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = round(dir.path());
    let cli = Actor::cli();
    let today = day("2026-12-01");
    store.confirm_appraisal(&cli, 2024, today).unwrap();
    let rules = store.round(2024).unwrap().rules().unwrap();
    let work = dir.path().join("work");
    cchc::publication::publish(
        &mut store,
        &cli,
        &rules,
        (2024, day("2099-12-31")),
        &work,
        today,
    )
    .unwrap();
    let rejected = Decision {
        accepted: false,
        reason: "Không có căn cứ mới",
        changes: Vec::new(),
    };
    for _ in 0..MAX_APPEALS_PER_UNIT {
        let id = store
            .file_appeal(&cli, (2024, "XA-A", "1.1"), ("Kiến nghị", &[]), today)
            .unwrap();
        store
            .decide_appeal(&cli, (2024, id), &rejected, None)
            .unwrap();
    }
    let over = store
        .file_appeal(&cli, (2024, "XA-A", "1.2"), ("Thêm một", &[]), today)
        .unwrap_err()
        .to_string();
    assert!(over.contains(&MAX_APPEALS_PER_UNIT.to_string()), "{over}");
    assert_eq!(
        store.appeals(2024, Some("XA-A")).unwrap().len(),
        MAX_APPEALS_PER_UNIT
    );
}
