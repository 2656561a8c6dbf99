//! Turning raw TOML values into checked model values, with a diagnostic that
//! points at the offending key whenever something is off.

use super::file::LegalBasisFile;
use super::file::Raw;
use super::{LegalBasis, ParamValue, PerLevel};
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::Level;
use crate::model::date::Date;
use crate::model::number::{DecimalError, MAX_POINTS, read_decimal, read_threshold};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// Findings recorded per file: each one locates its line (a scan of the file),
/// so a hostile file of 60,000 faults is reported by its first hundred.
pub(crate) const MAX_FINDINGS_PER_FILE: usize = 100;

/// One file being converted, collecting diagnostics as it goes.
pub(crate) struct FileContext<'a> {
    /// The file's path (as found).
    pub path: &'a Path,
    /// Its text.
    pub text: &'a str,
    /// Findings so far (shared across the ruleset's files).
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl FileContext<'_> {
    /// A location in this file.
    pub(crate) fn locate(&self, span: Range<usize>) -> Location {
        Location::from_span(self.path, self.text, span)
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.locate(offset..offset).line
    }

    /// Records an error at `span` (see [`MAX_FINDINGS_PER_FILE`]).
    pub(crate) fn error(&mut self, code: Code, message: impl Into<String>, span: Range<usize>) {
        if let Some(message) = self.admit(Severity::Error, message.into()) {
            let location = Some(self.locate(span));
            self.diagnostics
                .push(Diagnostic::error(code, message, location));
        }
    }

    /// Records a warning at `span` (see [`MAX_FINDINGS_PER_FILE`]).
    pub(crate) fn warning(&mut self, code: Code, message: impl Into<String>, span: Range<usize>) {
        if let Some(message) = self.admit(Severity::Warning, message.into()) {
            let location = Some(self.locate(span));
            self.diagnostics
                .push(Diagnostic::warning(code, message, location));
        }
    }

    /// The message to record, or `None` past [`MAX_FINDINGS_PER_FILE`] findings of
    /// this file; the last one shown says that more are not, and an error is
    /// always recorded while the file has none, so a file is never let through.
    fn admit(&self, severity: Severity, message: String) -> Option<String> {
        let mine: Vec<&Diagnostic> = self
            .diagnostics
            .iter()
            .rev()
            .take_while(|d| d.location.as_ref().is_some_and(|l| l.file == self.path))
            .take(MAX_FINDINGS_PER_FILE)
            .collect();
        let shown = mine.len();
        if shown + 1 < MAX_FINDINGS_PER_FILE {
            Some(message)
        } else if shown + 1 == MAX_FINDINGS_PER_FILE {
            Some(format!(
                "{message} (các phát hiện sau của tệp này không hiện, tối đa {MAX_FINDINGS_PER_FILE} / further findings in this file are not shown, at most {MAX_FINDINGS_PER_FILE})"
            ))
        } else if severity == Severity::Error && !mine.iter().any(|d| d.severity == Severity::Error)
        {
            Some(message)
        } else {
            None
        }
    }

    /// Points: a decimal string only (`"0.50"`). Floats are refused because `0.1`
    /// in binary is not 0,1 points.
    pub(crate) fn points(&mut self, raw: &Raw, what: &str) -> Option<Decimal> {
        match raw.get_ref() {
            toml::Value::String(s) => match read_decimal(s) {
                Ok(d) if d > MAX_POINTS => {
                    self.error(
                        Code::ValuePointsTooLarge,
                        format!("{what} \"{s}\" vượt quá {MAX_POINTS} điểm / {what} \"{s}\" is above {MAX_POINTS} points"),
                        raw.span(),
                    );
                    None
                }
                Ok(d) if d >= Decimal::ZERO => Some(d),
                Ok(_) => {
                    self.error(
                        Code::ValueNegativePoints,
                        format!("{what} không được âm / {what} must not be negative: \"{s}\""),
                        raw.span(),
                    );
                    None
                }
                Err(DecimalError::Invalid | DecimalError::TooLarge) => {
                    self.error(Code::ValueInvalidDecimal, format!("{what} \"{s}\" không phải số thập phân / {what} is not a decimal: expected a string such as \"0.50\""), raw.span());
                    None
                }
                Err(e) => {
                    self.error(
                        Code::ValueInvalidDecimal,
                        format!("{what} \"{s}\": {e}"),
                        raw.span(),
                    );
                    None
                }
            },
            other => {
                self.error(
                    Code::ValuePointsNotString,
                    format!("{what} phải viết dạng chuỗi, ví dụ \"0.50\" / {what} must be a decimal string such as \"0.50\", found {}", other.type_str()),
                    raw.span(),
                );
                None
            }
        }
    }

    /// A threshold or bound: a decimal string (`"0.95"`, `"95%"`) or an integer (`10`).
    pub(crate) fn threshold(&mut self, raw: &Raw, what: &str) -> Option<Decimal> {
        match raw.get_ref() {
            toml::Value::Integer(i) => Some(Decimal::from(*i)),
            toml::Value::String(s) => match read_threshold(s) {
                Ok(d) => Some(d),
                Err(DecimalError::Invalid | DecimalError::TooLarge) => {
                    self.error(Code::ValueInvalidDecimal, format!("{what} \"{s}\" không phải số hoặc tỷ lệ % / {what} is not a decimal or percentage"), raw.span());
                    None
                }
                Err(e) => {
                    self.error(
                        Code::ValueInvalidDecimal,
                        format!("{what} \"{s}\": {e}"),
                        raw.span(),
                    );
                    None
                }
            },
            other => {
                self.error(
                    Code::ValueThresholdNotString,
                    format!("{what} phải là chuỗi (\"0.95\", \"95%\") hoặc số nguyên / {what} must be a string (\"0.95\", \"95%\") or an integer, found {}", other.type_str()),
                    raw.span(),
                );
                None
            }
        }
    }

    /// Points that may differ by level: `"1.50"` or `{ so = "1.50", xa = "2.00" }`.
    pub(crate) fn per_level(&mut self, raw: &Raw, what: &str) -> Option<PerLevel> {
        let toml::Value::Table(table) = raw.get_ref() else {
            return self.points(raw, what).map(PerLevel::All);
        };
        let mut map = BTreeMap::new();
        let mut ok = true;
        for (key, value) in table {
            let Some(level) = Level::parse(key) else {
                self.error(Code::LevelUnknown, format!("cấp '{key}' không hợp lệ trong {what}, cần so, huyen hoặc xa / unknown level '{key}' in {what}"), raw.span());
                ok = false;
                continue;
            };
            let item = toml::Spanned::new(raw.span(), value.clone());
            match self.points(&item, &format!("{what}.{key}")) {
                Some(d) => {
                    map.insert(level, d);
                }
                None => ok = false,
            }
        }
        ok.then_some(PerLevel::ByLevel(map))
    }

    /// A list of level codes.
    pub(crate) fn levels(&mut self, raw: &[toml::Spanned<String>]) -> Vec<Level> {
        let mut levels = Vec::new();
        for item in raw {
            match Level::parse(item.get_ref()) {
                Some(level) if !levels.contains(&level) => levels.push(level),
                Some(_) => self.error(Code::LevelDuplicate, format!("cấp '{}' lặp lại / level listed twice", item.get_ref()), item.span()),
                None => self.error(
                    Code::LevelUnknown,
                    format!("cấp '{}' không hợp lệ, cần so, huyen hoặc xa / unknown level '{}', expected so, huyen or xa", item.get_ref(), item.get_ref()),
                    item.span(),
                ),
            }
        }
        levels
    }

    /// A parameter's value of type `ty` (`date`, `integer`, `decimal`).
    pub(crate) fn param_value(
        &mut self,
        name: &str,
        ty: &str,
        ty_span: Range<usize>,
        value: &Raw,
        year_offset: i64,
    ) -> Option<ParamValue> {
        let cx = self;
        let bad = |cx: &mut FileContext<'_>, vi: &str, en: &str| {
            cx.error(
                Code::ParamInvalidValue,
                format!("tham số '{name}': cần {vi} / parameter '{name}': expected {en}"),
                value.span(),
            );
            None
        };
        match (ty, value.get_ref()) {
            ("date", toml::Value::String(s)) => {
                let parts: Vec<&str> = s.split('/').collect();
                if let [day, month] = parts.as_slice() {
                    let day = day.parse::<u8>().ok();
                    let month = month.parse::<u8>().ok();
                    match (day, month) {
                        (Some(day), Some(month))
                            if Date::new(2023, i64::from(month), i64::from(day)).is_some() =>
                        {
                            Some(ParamValue::YearlyDate {
                                day,
                                month,
                                year_offset,
                            })
                        }
                        _ => bad(
                            cx,
                            "ngày dd/mm có trong mọi năm",
                            "a day dd/mm that exists every year",
                        ),
                    }
                } else {
                    match Date::parse(s) {
                        Some(d) => Some(ParamValue::Date(d)),
                        None => bad(
                            cx,
                            "\"dd/mm\" (theo năm đánh giá) hoặc \"dd/mm/yyyy\"",
                            "\"dd/mm\" (in the assessment year) or \"dd/mm/yyyy\"",
                        ),
                    }
                }
            }
            ("integer", toml::Value::Integer(i)) => Some(ParamValue::Integer(*i)),
            ("decimal", _) => cx.threshold(value, name).map(ParamValue::Decimal),
            ("date" | "integer", _) => bad(
                cx,
                &format!("một giá trị kiểu {ty}"),
                &format!("a {ty} value"),
            ),
            (other, _) => {
                cx.error(Code::ParamInvalidType, format!("kiểu tham số '{other}' không hợp lệ, cần date, integer hoặc decimal / unknown parameter type '{other}', expected date, integer or decimal"), ty_span);
                None
            }
        }
    }

    /// Citations, warning on empty quotes.
    pub(crate) fn legal_basis(&mut self, raw: &[LegalBasisFile]) -> Vec<LegalBasis> {
        let cx = self;
        raw.iter()
            .map(|b| {
                let quote = b.quote.as_ref().map(|q| {
                    if q.get_ref().trim().is_empty() {
                        cx.warning(
                            Code::LegalMissingQuote,
                            "trích dẫn rỗng / empty quote",
                            q.span(),
                        );
                    }
                    q.get_ref().clone()
                });
                LegalBasis {
                    document: b.document.clone(),
                    article: b.article.clone(),
                    clause: b.clause.clone(),
                    quote,
                    url: b.url.clone(),
                    note: b.note.clone(),
                    status: b.status,
                }
            })
            .collect()
    }
}

/// A TOML value written into a case's `input`, as the text a CSV cell would hold.
pub(crate) fn case_cell_text(value: &toml::Value) -> Result<String, String> {
    match value {
        toml::Value::String(s) => Ok(s.clone()),
        toml::Value::Boolean(b) => Ok(b.to_string()),
        toml::Value::Integer(i) => Ok(i.to_string()),
        toml::Value::Datetime(d) => Ok(d.to_string()),
        toml::Value::Float(f) => Err(format!(
            "số thực {f}: hãy viết dạng chuỗi \"{f}\" / float {f}: write decimals as strings"
        )),
        other => Err(format!(
            "kiểu {} không dùng được làm giá trị minh chứng / a {} cannot be an evidence value",
            other.type_str(),
            other.type_str()
        )),
    }
}
