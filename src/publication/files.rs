//! The files of one revision, computed from the store and the round's rules
//! exactly as `cchc score` computes them from an evidence file.

use super::Override;
use crate::Rules;
use crate::error::Error;
use crate::output::write_atomic;
use crate::report::{Format, Meta, Notice, NoticeHeader, render_notices, render_with, render_xlsx};
use crate::store::{NewRevision, Store};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files every revision has, besides one `notice-<unit>.html` per unit.
pub const REVISION_FILES: [&str; 11] = [
    "report.json",
    "report.csv",
    "report-wide.csv",
    "report.md",
    "report.html",
    "report.txt",
    "report.xlsx",
    "evidence.csv",
    "self-evidence.csv",
    "notices.html",
    "rules.zip",
];

/// The name of a unit's notice in a revision.
pub fn notice_file(unit: &str) -> String {
    format!("notice-{unit}.html")
}

/// Builds the next revision of the `year` round (not stored).
pub(super) fn build(
    store: &Store,
    rules: &Rules,
    year: i64,
    changes: Override<'_>,
    work: &Path,
) -> Result<NewRevision, Error> {
    let after = store.revisions(year)?.last().map_or(0, |r| r.number);
    let appraised_csv = crate::round_setup::evidence_csv_of(store, year, &|unit| {
        let mut cells = store.appraised_cells(year, &unit.ma_don_vi)?;
        if let Some(change) = changes
            && change.unit == unit.ma_don_vi
        {
            for (field, value) in change.changes {
                if value.is_empty() {
                    cells.remove(field);
                } else {
                    cells.insert(field.clone(), value.clone());
                }
            }
        }
        Ok(cells)
    })?;
    let own_csv = crate::round_setup::export_evidence_csv(store, year)?;
    let dir = work.join(format!("revision-{}", after.saturating_add(1)));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let appraised_path = dir.join("evidence.csv");
    let own_path = dir.join("self-evidence.csv");
    write_atomic(&appraised_path, &appraised_csv)?;
    write_atomic(&own_path, &own_csv)?;

    let mut appraised = crate::pipeline::score_file(rules, &appraised_path, year)?.board;
    // The report names the file as published beside it, not this work copy.
    appraised.evidence_path = PathBuf::from("evidence.csv");
    let own = crate::pipeline::score_file(rules, &own_path, year)?.board;
    let evidence_fingerprint = appraised.evidence_fingerprint.clone();

    let meta = Meta::default();
    let mut files: Vec<(String, Vec<u8>)> = [
        ("report.json", Format::Json),
        ("report.csv", Format::Csv),
        ("report-wide.csv", Format::Wide),
        ("report.md", Format::Markdown),
        ("report.html", Format::Html),
        ("report.txt", Format::Table),
    ]
    .into_iter()
    .map(|(name, format)| {
        (
            name.to_string(),
            render_with(&appraised, format, &meta).into_bytes(),
        )
    })
    .collect();
    files.push(("report.xlsx".into(), render_xlsx(&appraised, &meta)?));
    files.push(("evidence.csv".into(), appraised_csv));
    files.push(("self-evidence.csv".into(), own_csv));

    // Notices: the two boards list the units in the same (round) order.
    let mut reasons_of = Vec::with_capacity(appraised.units.len());
    for unit in &appraised.units {
        reasons_of.push(reasons(store, rules, year, &unit.id, changes)?);
    }
    let notices: Vec<Notice<'_>> = appraised
        .units
        .iter()
        .zip(&own.units)
        .zip(&reasons_of)
        .map(|((appraised, own), reasons)| Notice {
            appraised,
            own,
            reasons,
        })
        .collect();
    let header = NoticeHeader {
        year,
        revision: after.saturating_add(1),
        evidence_fingerprint: &evidence_fingerprint,
    };
    files.push((
        "notices.html".into(),
        render_notices(&rules.ruleset, header, &notices).into_bytes(),
    ));
    for notice in &notices {
        let one = render_notices(&rules.ruleset, header, std::slice::from_ref(notice));
        files.push((notice_file(&notice.appraised.id), one.into_bytes()));
    }
    files.push(("rules.zip".into(), rules_zip(store, year)?));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(NewRevision {
        files,
        ruleset_fingerprint: rules.ruleset.fingerprint.clone(),
        evidence_fingerprint,
        after,
    })
}

/// Per criterion, the reasons of the corrections of the fields it reads.
fn reasons(
    store: &Store,
    rules: &Rules,
    year: i64,
    unit: &str,
    changes: Override<'_>,
) -> Result<Vec<(String, Vec<String>)>, Error> {
    let own: BTreeMap<String, String> = store.cells(year, unit)?.into_iter().collect();
    let mut lines: Vec<(String, String)> = store
        .corrections(year, unit)?
        .into_iter()
        .map(|c| {
            let stage = match c.stage.as_str() {
                "round2" => "vòng 2",
                "appeal" => "phúc khảo",
                _ => "vòng 1",
            };
            let before = own.get(&c.field).map_or("(trống)", String::as_str);
            let after = if c.cell.is_empty() {
                "(trống)"
            } else {
                &c.cell
            };
            let line = format!(
                "{}: đơn vị khai {before}, sau thẩm định {after} ({stage}): {}",
                c.field, c.reason
            );
            (c.field, line)
        })
        .collect();
    if let Some(change) = changes
        && change.unit == unit
    {
        for (field, value) in change.changes {
            lines.retain(|(f, _)| f != field);
            let before = own.get(field).map_or("(trống)", String::as_str);
            let after = if value.is_empty() { "(trống)" } else { value };
            let line = format!(
                "{field}: đơn vị khai {before}, sau thẩm định {after} (phúc khảo): {}",
                change.why
            );
            lines.push((field.clone(), line));
        }
    }
    let ruleset = &rules.ruleset;
    Ok(ruleset
        .criteria
        .iter()
        .map(|criterion| {
            let read: Vec<String> = lines
                .iter()
                .filter(|(column, _)| {
                    let field = column.split("__").next().unwrap_or(column);
                    criterion
                        .evidence
                        .iter()
                        .any(|u| ruleset.fields.get(u.field).is_some_and(|f| f.id == field))
                })
                .map(|(_, line)| line.clone())
                .collect();
            (criterion.id.clone(), read)
        })
        .filter(|(_, read)| !read.is_empty())
        .collect())
}

/// The round's exact rule files: `<ruleset id>/<path>` and the overlay under
/// the path the report names when that is a plain relative path (so `cchc
/// verify --rules <ruleset id>` finds it as unpacked, as the report says),
/// else under its own file name (`--overlay <file>`). Entries carry a fixed
/// date: the same rules give the same bytes.
fn rules_zip(store: &Store, year: i64) -> Result<Vec<u8>, Error> {
    let round = store.round(year)?;
    let failed = |e: zip::result::ZipError| {
        Error::Usage(format!(
            "không đóng gói được bộ tiêu chí / cannot pack the rules: {e}"
        ))
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for file in &round.files {
        let name = if file.overlay {
            overlay_entry(&file.path)
        } else {
            format!("{}/{}", round.info.ruleset_id, file.path)
        };
        zip.start_file(name, options).map_err(failed)?;
        zip.write_all(&file.bytes)
            .map_err(|e| failed(zip::result::ZipError::Io(e)))?;
    }
    Ok(zip.finish().map_err(failed)?.into_inner())
}

/// Where the overlay goes in `rules.zip`: the stored path when it is relative
/// and stays inside the archive (no root, no `..`), else its file name.
fn overlay_entry(stored: &str) -> String {
    let parts: Vec<&str> = stored.split(['/', '\\']).collect();
    let plain = !stored.is_empty()
        && !stored.contains(':')
        && parts
            .iter()
            .all(|p| !p.is_empty() && *p != "." && *p != "..");
    if plain {
        return parts.join("/");
    }
    match parts.last() {
        Some(base) if !base.is_empty() && *base != ".." && *base != "." => base.to_string(),
        _ => "overlay.toml".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::overlay_entry;

    #[test]
    fn the_overlay_keeps_a_plain_relative_path_else_its_name() {
        assert_eq!(
            overlay_entry("rules/overlays/tinh-mau-2024.toml"),
            "rules/overlays/tinh-mau-2024.toml"
        );
        assert_eq!(
            overlay_entry("rules\\overlays\\x.toml"),
            "rules/overlays/x.toml"
        );
        assert_eq!(
            overlay_entry("/srv/cchc.db.exports/overlays/ab12.toml"),
            "ab12.toml"
        );
        assert_eq!(overlay_entry("../../etc/x.toml"), "x.toml");
        assert_eq!(overlay_entry("C:\\rules\\x.toml"), "x.toml");
        assert_eq!(overlay_entry("a//b.toml"), "b.toml");
        assert_eq!(overlay_entry(""), "overlay.toml");
        assert_eq!(overlay_entry("dir/.."), "overlay.toml");
    }
}
