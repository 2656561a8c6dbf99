//! A criterion file's `[[case]]` examples converted into checkable cases, each
//! cell parsed as the evidence field it names. Separate because cases are test
//! data for the criterion, not part of how it scores.

use super::*;
use crate::diagnostic::Code;
use crate::model::{EvidenceField, FieldUse};
use crate::ruleset::file::CaseFile;

/// The criterion's `[[case]]` tables, each checked; a case whose level is not
/// one of the ruleset's is reported and left out.
pub(super) fn cases(
    cx: &mut FileContext<'_>,
    file: &CriterionFile,
    evidence: &[FieldUse],
    fields: &[EvidenceField],
    header: &Header,
    default_level: Level,
) -> Vec<TestCase> {
    let mut out = Vec::new();
    for raw in &file.case {
        let span = raw.span();
        let c = raw.get_ref();
        let level = case_level(cx, c, header, default_level);
        let input = case_input(cx, c, evidence, fields);
        check_expected_band(cx, c, file);
        let expect_points = c
            .expect
            .points
            .as_ref()
            .and_then(|p| cx.points(p, "expect.points"));
        if c.expect.band.is_none() && c.expect.points.is_none() && c.expect.status.is_none() {
            cx.error(
                Code::CaseEmptyExpect,
                format!(
                    "ca kiểm thử '{}' không kỳ vọng gì / case '{}' expects nothing",
                    c.name, c.name
                ),
                span.clone(),
            );
        }
        if let Some(level) = level {
            out.push(TestCase {
                name: c.name.clone(),
                level,
                year: c.year.unwrap_or(header.years.0),
                input,
                expect_band: c
                    .expect
                    .band
                    .as_ref()
                    .map(|b| nfc(b.get_ref()).into_owned()),
                expect_points,
                expect_status: c.expect.status,
                line: cx.line_of(span.start),
            });
        }
    }
    out
}

/// The case's level: the criterion's first when not given, else one the ruleset scores.
fn case_level(
    cx: &mut FileContext<'_>,
    c: &CaseFile,
    header: &Header,
    default_level: Level,
) -> Option<Level> {
    let Some(l) = &c.level else {
        return Some(default_level);
    };
    match Level::parse(l.get_ref()) {
        Some(level) if header.levels.contains(&level) => Some(level),
        _ => {
            cx.error(Code::CaseInvalidLevel, format!("ca kiểm thử '{}': cấp '{}' không thuộc bộ tiêu chí / case level is not among the ruleset's levels", c.name, l.get_ref()), l.span());
            None
        }
    }
}

/// The case's input cells, as text, each one parsed as the criterion's field it
/// names; a cell naming no such field or not parsing is reported and left out.
fn case_input(
    cx: &mut FileContext<'_>,
    c: &CaseFile,
    evidence: &[FieldUse],
    fields: &[EvidenceField],
) -> Vec<(String, String)> {
    let mut input = Vec::new();
    for (name, value) in &c.input {
        let Some(field) = evidence
            .iter()
            .filter_map(|u| fields.get(u.field))
            .find(|f| &f.id == name)
        else {
            cx.error(Code::CaseUnknownField, format!("ca kiểm thử '{}': '{name}' không phải minh chứng của tiêu chí / '{name}' is not an evidence field of this criterion", c.name), value.span());
            continue;
        };
        match case_cell_text(value.get_ref())
            .and_then(|text| parse_cell(&text, field).map(|_| text))
        {
            Ok(text) => input.push((name.clone(), text)),
            Err(message) => cx.error(
                Code::CaseInvalidInput,
                format!("ca kiểm thử '{}', '{name}': {message}", c.name),
                value.span(),
            ),
        }
    }
    input
}

/// An expected band must be one the criterion declares. Checked against the keys
/// as written, so a band with bad points is not reported twice.
fn check_expected_band(cx: &mut FileContext<'_>, c: &CaseFile, file: &CriterionFile) {
    let keys: Vec<String> = file
        .band
        .iter()
        .map(|b| nfc(b.get_ref().key.get_ref()).into_owned())
        .collect();
    if let Some(band) = &c.expect.band
        && !keys.contains(&nfc(band.get_ref()).into_owned())
    {
        cx.error(
            Code::CaseUnknownBand,
            // Escaped: a key that differs only in an invisible character must show it.
            format!("ca kiểm thử '{}': mức '{}' không có; các mức: {} / case expects band '{}', which is not declared", crate::text::visible(&c.name), escape_invisible(band.get_ref()), keys.join(", "), escape_invisible(band.get_ref())),
            band.span(),
        );
    }
}
