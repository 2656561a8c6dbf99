//! One criterion for one unit: the script run, band choice and points of
//! [`score_criterion`]. Separate from the per-unit loop because it is the only
//! place points are decided, and the unit tests of that decision live here.

use super::explanation::{Explanation, Outcome};
use super::recording;
use super::render::{self, Lang};
use super::unscored::{error_score, not_for_level};
use super::{CriterionScore, MissingEvidence, select_band};
use crate::engine::ScriptOutcome;
use crate::engine::{Params, Rules};
use crate::evidence::CellProblem;
use crate::model::Level;
use crate::model::Status;
use crate::model::Value;
use crate::ruleset::{Criterion, Ruleset};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Scores one criterion for one unit. `values` has one slot per ruleset field;
/// `problems` are the cell problems of the fields this criterion reads.
pub(crate) fn score_criterion(
    rules: &Rules,
    index: usize,
    level: Level,
    year: i64,
    params: &Params,
    values: &[Option<Value>],
    problems: &[&CellProblem],
) -> CriterionScore {
    let ruleset = &rules.ruleset;
    let criterion = ruleset.criterion(index);
    let Some(max) = criterion.max_for(level) else {
        return not_for_level(index, level);
    };
    let fail = |message: String| error_score(index, criterion, Some(level), message);
    if !problems.is_empty() {
        let listed: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        return fail(format!(
            "Minh chứng không hợp lệ / invalid evidence: {}",
            listed.join("; ")
        ));
    }
    let missing = missing_required(ruleset, criterion, values);
    if !missing.is_empty() {
        return missing_score(ruleset, index, max, missing);
    }
    let outcome = match run_script(rules, index, year, params, values) {
        Ok(o) => o,
        Err(message) => return fail(message),
    };
    let metric = match &outcome {
        ScriptOutcome::Metric(m) => Some(*m),
        ScriptOutcome::Band(_) => None,
    };
    if let Some(message) = metric.and_then(|m| unpublishable(criterion, m)) {
        return fail(message);
    }
    let choice = match select_band(criterion, &outcome) {
        Ok(c) => c,
        Err(message) => return fail(message),
    };
    let band = choice.band;
    let Some(points) = band
        .points
        .get(level)
        .filter(|p| *p >= Decimal::ZERO && *p <= max)
    else {
        return fail(format!(
            "mức '{}' không có điểm hợp lệ cho cấp {level} / band has no valid points for this level",
            band.key
        ));
    };
    let status = if points == max {
        Status::Full
    } else if points.is_zero() {
        Status::Zero
    } else {
        Status::Partial
    };
    let blank: Vec<usize> = criterion
        .evidence
        .iter()
        .filter(|u| values.get(u.field).is_none_or(Option::is_none))
        .map(|u| u.field)
        .collect();
    let reached = recording::reached(
        criterion,
        level,
        choice,
        (points, max),
        metric.is_some(),
        blank,
    );
    reached_score(ruleset, index, (points, max, status), band, metric, reached)
}

/// The required evidence left blank.
fn missing_required(
    ruleset: &Ruleset,
    criterion: &Criterion,
    values: &[Option<Value>],
) -> Vec<MissingEvidence> {
    criterion
        .evidence
        .iter()
        .filter(|u| u.required && values.get(u.field).is_none_or(Option::is_none))
        .map(|u| {
            let f = ruleset.field(u.field);
            MissingEvidence {
                field: f.id.clone(),
                label: f.label.clone(),
                document_hint: f.document_hint.clone(),
            }
        })
        .collect()
}

/// 0 points: required evidence is blank, and the script is not run.
fn missing_score(
    ruleset: &Ruleset,
    index: usize,
    max: Decimal,
    missing: Vec<MissingEvidence>,
) -> CriterionScore {
    let mut score = CriterionScore {
        criterion: index,
        points: Some(Decimal::ZERO),
        max: Some(max),
        status: Status::MissingEvidence,
        band: None,
        metric: None,
        explanation: "".into(),
        detail: Arc::new(Explanation::of(Outcome::MissingEvidence)),
        missing_evidence: missing,
    };
    score.explanation = render::explanation(ruleset, &score, Lang::Vi).into();
    score
}

/// The script's outcome on the criterion's inputs, or why there is none.
fn run_script(
    rules: &Rules,
    index: usize,
    year: i64,
    params: &Params,
    values: &[Option<Value>],
) -> Result<ScriptOutcome, String> {
    let criterion = rules.ruleset.criterion(index);
    let inputs: Vec<Option<&Value>> = criterion
        .evidence
        .iter()
        .map(|u| values.get(u.field).and_then(Option::as_ref))
        .collect();
    // Only a ruleset inspected by `check` can hold an uncompiled script; never one that scores.
    let Some(outcome) = rules.scripts.run(index, &inputs, year, params) else {
        return Err("script không biên dịch được / the script did not compile".to_string());
    };
    outcome.map_err(|e| {
        let at = e
            .position
            .map(|(l, c)| format!(" ({}:{l}:{c})", criterion.source.path.display()))
            .unwrap_or_default();
        let what = if e.limit_hit {
            "script vượt giới hạn an toàn / script stopped by the sandbox"
        } else {
            "script lỗi / script failed"
        };
        format!("{what}{at}: {}", e.message)
    })
}

/// A percentage that does not fit in a Decimal cannot be explained or published:
/// an error for this unit, never a panic or a made-up figure.
fn unpublishable(criterion: &Criterion, metric: Decimal) -> Option<String> {
    let spec = criterion.metric.as_ref()?;
    (spec.unit == crate::ruleset::MetricUnit::Percent
        && crate::model::number::percent_of(metric).is_none())
    .then(|| {
        format!(
            "số đo {} quá lớn để đổi ra phần trăm (tràn số) / the metric {metric} is too large to show as a percentage (overflow)",
            crate::model::number::format_vi(metric)
        )
    })
}

/// The score of a band reached, its explanation rendered.
fn reached_score(
    ruleset: &Ruleset,
    index: usize,
    (points, max, status): (Decimal, Decimal, Status),
    band: &crate::ruleset::Band,
    metric: Option<Decimal>,
    reached: super::explanation::Reached,
) -> CriterionScore {
    let mut score = CriterionScore {
        criterion: index,
        points: Some(points),
        max: Some(max),
        status,
        band: Some(band.key.as_str().into()),
        metric,
        explanation: "".into(),
        detail: Arc::new(Explanation::of(Outcome::Reached(reached))),
        missing_evidence: Vec::new(),
    };
    score.explanation = render::explanation(ruleset, &score, Lang::Vi).into();
    score
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::engine::Params;
    use crate::evidence::read_csv;
    use crate::model::Value;
    use crate::score::score;

    /// A one-criterion ruleset written to a temporary directory.
    pub(in crate::score) fn ruleset(criterion: &str) -> (tempfile::TempDir, Rules) {
        let dir = tempfile::tempdir().unwrap();
        let header = r#"
id = "t"
title = "t"
years = [2024, 2024]
levels = ["so", "huyen", "xa"]
[params.han]
type = "date"
value = "31/01"
basis = "test"
status = "provincial_choice"
"#;
        std::fs::write(dir.path().join("ruleset.toml"), header).unwrap();
        std::fs::write(dir.path().join("c.toml"), criterion).unwrap();
        let loaded = crate::load_ruleset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        (dir, loaded)
    }

    pub(in crate::score) const RATIO: &str = r#"
id = "1"
title = "ratio"
max_points = { so = "1.00", xa = "2.00" }
applies_to = ["so", "xa"]
[evidence.a]
type = "integer"
label = "a"
required = true
[evidence.b]
type = "integer"
label = "b"
required = true
[[band]]
key = "top"
points = { so = "1.00", xa = "2.00" }
clause = "100%"
at_least = "100%"
[[band]]
key = "mid"
points = { so = "0.50", xa = "1.00" }
clause = "từ 50% đến dưới 100%"
at_least = "50%"
below = "100%"
[[band]]
key = "low"
points = "0"
clause = "dưới 50%"
at_least = "0%"
below = "50%"
[[band]]
key = "none"
points = { so = "1.00", xa = "2.00" }
clause = "không phát sinh"
[rule]
script = '''
let r = ratio(a, b);
if is_missing(r) { "none" } else { r }
'''
"#;

    pub(in crate::score) fn run(
        r: &Rules,
        level: Level,
        a: Option<i64>,
        b: Option<i64>,
    ) -> CriterionScore {
        let values = vec![a.map(Value::Integer), b.map(Value::Integer)];
        let params = Params::for_year(&r.ruleset, 2024).unwrap();
        score_criterion(r, 0, level, 2024, &params, &values, &[])
    }

    #[test]
    fn band_selection_at_every_boundary() {
        let (_dir, r) = ruleset(RATIO);
        let band = |a, b| run(&r, Level::So, Some(a), Some(b)).band;
        assert_eq!(band(2, 2).as_deref(), Some("top"));
        assert_eq!(band(3, 2).as_deref(), Some("top"));
        assert_eq!(band(99, 100).as_deref(), Some("mid"));
        assert_eq!(band(1, 2).as_deref(), Some("mid"));
        assert_eq!(band(49, 100).as_deref(), Some("low"));
        assert_eq!(band(0, 5).as_deref(), Some("low"));
        assert_eq!(band(0, 0).as_deref(), Some("none"));
    }

    #[test]
    fn points_follow_the_level() {
        let (_dir, r) = ruleset(RATIO);
        let so = run(&r, Level::So, Some(1), Some(2));
        let xa = run(&r, Level::Xa, Some(1), Some(2));
        assert_eq!(
            (so.points, so.max, so.status),
            (
                Some(Decimal::new(50, 2)),
                Some(Decimal::ONE),
                Status::Partial
            )
        );
        assert_eq!(
            (xa.points, xa.max),
            (Some(Decimal::ONE), Some(Decimal::TWO))
        );
    }

    #[test]
    fn not_applicable_has_no_points_and_no_max() {
        let (_dir, r) = ruleset(RATIO);
        let s = run(&r, Level::Huyen, Some(1), Some(1));
        assert_eq!(
            (s.status, s.points, s.max),
            (Status::NotApplicable, None, None)
        );
    }

    #[test]
    fn blank_required_field_is_missing_evidence_not_a_script_run() {
        let (_dir, r) = ruleset(RATIO);
        let s = run(&r, Level::So, Some(1), None);
        assert_eq!(
            (s.status, s.points, s.band),
            (Status::MissingEvidence, Some(Decimal::ZERO), None)
        );
        assert_eq!(s.missing_evidence[0].field, "b");
    }

    #[test]
    fn metric_outside_every_band_is_an_error_not_a_zero() {
        let (_dir, r) = ruleset(RATIO);
        // A negative count reaches the script only because this field has no `min`.
        let s = run(&r, Level::So, Some(-1), Some(2));
        assert_eq!((s.status, s.points), (Status::Error, None));
        assert!(s.explanation.contains("-0,5"), "{}", s.explanation);
    }

    #[test]
    fn undeclared_band_key_is_an_error() {
        let (_dir, r) = ruleset(&RATIO.replace(r#"{ "none" }"#, r#"{ "khong_co" }"#));
        let s = run(&r, Level::So, Some(0), Some(0));
        assert_eq!(s.status, Status::Error);
        assert!(s.explanation.contains("khong_co"), "{}", s.explanation);
    }

    #[test]
    fn totals_exclude_not_applicable_and_broken_units_stay_in_output() {
        let (dir, r) = ruleset(RATIO);
        let csv = dir.path().join("e.csv");
        std::fs::write(&csv, "ma_don_vi;ten_don_vi;cap;a;b\nS1;Sở 1;so;1;2\nH1;Huyện 1;huyen;1;1\nX1;Xã 1;xa;x;2\nX2;Xã 2;xa;2;2\n").unwrap();
        let evidence = read_csv(&csv, &r.ruleset.fields, &r.ruleset.levels).unwrap();
        let board = score(&r, &evidence, 2024).unwrap();
        let ids: Vec<&str> = board.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["S1", "H1", "X1", "X2"]);
        assert_eq!(
            (board.units[0].total, board.units[0].max),
            (Decimal::new(50, 2), Decimal::ONE)
        );
        assert_eq!(
            (
                board.units[1].total,
                board.units[1].max,
                board.units[1].rank
            ),
            (Decimal::ZERO, Decimal::ZERO, None)
        );
        assert_eq!(
            (board.units[2].criteria[0].status, board.units[2].rank),
            (Status::Error, None)
        );
        assert_eq!(board.units[3].rank, Some(1));
        assert_eq!(board.error_count(), 1);
    }
}
