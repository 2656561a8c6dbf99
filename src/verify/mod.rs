//! Verifying a published JSON report: what it says it was scored from (ruleset,
//! overlay and evidence fingerprints, year, `cchc` version), and a field-by-field
//! comparison with a fresh scoring, so an auditor can confirm a published score came
//! from the published rules and evidence, or see every place where it did not.

mod duplicates;

use crate::error::Error;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) use duplicates::duplicate_keys;

/// A published report and the provenance it records.
#[derive(Debug, Clone)]
pub struct PublishedReport {
    /// The report's bytes, as text.
    pub text: String,
    /// The report parsed.
    pub value: Value,
    /// Assessment year.
    pub year: i64,
    /// Ruleset id.
    pub ruleset: String,
    /// Ruleset fingerprint.
    pub ruleset_fingerprint: String,
    /// Overlay file and fingerprint, when one was applied.
    pub overlay: Option<(PathBuf, String)>,
    /// Evidence file, as recorded.
    pub evidence: PathBuf,
    /// Evidence fingerprint.
    pub evidence_fingerprint: String,
    /// The `cchc` version that wrote it.
    pub cchc_version: String,
    /// The unit of a single-unit extract (`score --unit`, recorded as
    /// `unit_filter.unit`); `None` for a whole report.
    pub unit_filter: Option<String>,
    /// Keys written twice in one object (paths), which parsing alone would hide.
    pub duplicate_keys: Vec<String>,
}

/// Reads a report written by `cchc score --format json`.
pub fn read_report(path: &Path) -> Result<PublishedReport, Error> {
    let text = crate::input_file::read_text(path, crate::input_file::Kind::Report)?;
    let bad = |what: &str| {
        Error::Usage(format!(
            "{}: không phải báo cáo JSON của cchc ({what}) / not a cchc JSON report ({what})",
            path.display()
        ))
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
    let string = |pointer: &str| {
        value
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| bad(&format!("thiếu / missing {pointer}")))
    };
    let overlay = match value.pointer("/ruleset/overlay") {
        Some(Value::Null) | None => None,
        Some(_) => Some((
            PathBuf::from(string("/ruleset/overlay/file")?),
            string("/ruleset/overlay/fingerprint")?,
        )),
    };
    let unit_filter = match value.pointer("/unit_filter") {
        None => None,
        Some(_) => Some(string("/unit_filter/unit")?),
    };
    let duplicate_keys = duplicate_keys(&text).map_err(|e| bad(&e.to_string()))?;
    Ok(PublishedReport {
        unit_filter,
        duplicate_keys,
        year: value
            .pointer("/year")
            .and_then(Value::as_i64)
            .ok_or_else(|| bad("thiếu / missing /year"))?,
        ruleset: string("/ruleset/id")?,
        ruleset_fingerprint: string("/ruleset/fingerprint")?,
        overlay,
        evidence: PathBuf::from(string("/evidence/file")?),
        evidence_fingerprint: string("/evidence/fingerprint")?,
        cchc_version: string("/cchc_version")?,
        value,
        text,
    })
}

/// One place where the published report and the fresh scoring differ.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    /// Where, with units and criteria named by id: `units[SO-SCT].criteria[1.3].points`.
    pub path: String,
    /// The published value (`None`: only in the fresh scoring).
    pub published: Option<String>,
    /// The recomputed value (`None`: only in the published report).
    pub recomputed: Option<String>,
}

/// Every difference between a published report and a fresh scoring: keys the
/// published text writes twice, then [`compare`].
pub fn differences(published: &PublishedReport, recomputed: &Value) -> Vec<Difference> {
    let mut out: Vec<Difference> = published
        .duplicate_keys
        .iter()
        .map(|path| Difference {
            path: format!("{path} (khóa lặp / duplicated key)"),
            published: Some("ghi nhiều lần / written more than once".into()),
            recomputed: Some("một lần / once".into()),
        })
        .collect();
    out.extend(compare(&published.value, recomputed));
    out
}

/// Every difference between two JSON reports. Arrays of objects with an `id` (units,
/// criteria) are matched by id, so a reordered or missing unit is named, not shifted.
pub fn compare(published: &Value, recomputed: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk("", published, recomputed, &mut out);
    out
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<Difference>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, va) in x {
                let p = join(path, key);
                match y.get(key) {
                    Some(vb) => walk(&p, va, vb, out),
                    None => out.push(diff(&p, Some(va), None)),
                }
            }
            for (key, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                out.push(diff(&join(path, key), None, Some(vb)));
            }
        }
        (Value::Array(x), Value::Array(y)) if keyed(x) && keyed(y) => keyed_arrays(path, x, y, out),
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let p = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(va), Some(vb)) => walk(&p, va, vb, out),
                    (va, vb) => out.push(diff(&p, va, vb)),
                }
            }
        }
        _ if a != b => out.push(diff(path, Some(a), Some(b))),
        _ => {}
    }
}

/// Arrays of units or criteria, matched by id: the n-th item with an id on one
/// side against the n-th with that id on the other, so a unit or criterion
/// written twice is a difference (`units[SO-STP] (lần 2 / occurrence 2)`), never
/// compared twice with the same fresh item. A pure reordering is one difference.
fn keyed_arrays(path: &str, x: &[Value], y: &[Value], out: &mut Vec<Difference>) {
    let mut positions: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (j, vb) in y.iter().enumerate() {
        positions.entry(id_of(vb)).or_default().push(j);
    }
    let mut used = vec![false; y.len()];
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for va in x {
        let id = id_of(va);
        let n = seen.entry(id).or_default();
        let p = occurrence(path, id, *n);
        match positions.get(id).and_then(|js| js.get(*n)) {
            Some(&j) => {
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
                if let Some(vb) = y.get(j) {
                    walk(&p, va, vb, out);
                }
            }
            None => out.push(diff(&p, Some(va), None)),
        }
        *n += 1;
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (vb, used) in y.iter().zip(&used) {
        let id = id_of(vb);
        let n = seen.entry(id).or_default();
        if !used {
            out.push(diff(&occurrence(path, id, *n), None, Some(vb)));
        }
        *n += 1;
    }
    let oa: Vec<&str> = x.iter().map(id_of).collect();
    let ob: Vec<&str> = y.iter().map(id_of).collect();
    let same_items = {
        let (mut sa, mut sb) = (oa.clone(), ob.clone());
        sa.sort_unstable();
        sb.sort_unstable();
        sa == sb
    };
    // Only a pure reordering is reported as one; missing or repeated items are named above.
    if oa != ob && same_items {
        out.push(Difference {
            path: format!("{path} (thứ tự / order)"),
            published: Some(oa.join(", ")),
            recomputed: Some(ob.join(", ")),
        });
    }
}

/// `units[A]` for the first item with id `A`, `units[A] (lần 2 / occurrence 2)` after.
fn occurrence(path: &str, id: &str, index: usize) -> String {
    if index == 0 {
        format!("{path}[{id}]")
    } else {
        let n = index + 1;
        format!("{path}[{id}] (lần {n} / occurrence {n})")
    }
}

fn keyed(items: &[Value]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|v| v.get("id").is_some_and(Value::is_string))
}

fn id_of(v: &Value) -> &str {
    v.get("id").and_then(Value::as_str).unwrap_or("")
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The longest value a difference line shows (a whole unit would fill a screen).
const SHOWN_CHARS: usize = 160;

fn diff(path: &str, a: Option<&Value>, b: Option<&Value>) -> Difference {
    // A string is shown bare, unless the other side is not a string: then both as
    // JSON, so `"1" → 1` (a number where the report writes a string) is visible.
    let is_string = |v: Option<&Value>| v.is_none_or(Value::is_string);
    let as_json = is_string(a) != is_string(b);
    let show = |v: &Value| {
        let text = match v {
            Value::String(s) if !as_json => s.clone(),
            other => other.to_string(),
        };
        match text.char_indices().nth(SHOWN_CHARS) {
            Some((at, _)) => format!("{}…", text.get(..at).unwrap_or(&text)),
            None => text,
        }
    };
    Difference {
        path: path.to_string(),
        published: a.map(show),
        recomputed: b.map(show),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn units_are_matched_by_id_not_position() {
        let a = json!({"units": [{"id": "A", "total": "1.00"}, {"id": "B", "total": "2.00"}]});
        let b = json!({"units": [{"id": "B", "total": "2.00"}, {"id": "A", "total": "1.50"}]});
        let d = compare(&a, &b);
        assert_eq!(
            d,
            vec![
                Difference {
                    path: "units[A].total".into(),
                    published: Some("1.00".into()),
                    recomputed: Some("1.50".into())
                },
                Difference {
                    path: "units (thứ tự / order)".into(),
                    published: Some("A, B".into()),
                    recomputed: Some("B, A".into())
                },
            ]
        );
    }

    #[test]
    fn missing_and_extra_units_are_named() {
        let a = json!({"units": [{"id": "A"}, {"id": "B"}]});
        let b = json!({"units": [{"id": "A"}, {"id": "C"}]});
        let paths: Vec<String> = compare(&a, &b).into_iter().map(|d| d.path).collect();
        assert_eq!(paths, ["units[B]", "units[C]"]);
    }

    #[test]
    fn a_unit_or_criterion_written_twice_is_a_difference() {
        let a = json!({"units": [{"id": "A", "criteria": [{"id": "1"}, {"id": "1"}]}, {"id": "A", "criteria": [{"id": "1"}]}]});
        let b = json!({"units": [{"id": "A", "criteria": [{"id": "1"}]}]});
        let paths: Vec<String> = compare(&a, &b).into_iter().map(|d| d.path).collect();
        assert_eq!(
            paths,
            [
                "units[A].criteria[1] (lần 2 / occurrence 2)",
                "units[A] (lần 2 / occurrence 2)"
            ]
        );
    }

    #[test]
    fn identical_reports_have_no_difference() {
        let a = json!({"year": 2024, "units": [{"id": "A", "criteria": [{"id": "1.1"}]}]});
        assert!(compare(&a, &a.clone()).is_empty());
    }
}
