//! Plausibility bounds on evidence values, as declared in rule files.
//!
//! A date field may say when its document can plausibly be dated, relative to the
//! assessment year (`not_before = "01/11/{year-1}"`), and that it cannot come
//! before another date of the same row (`not_before_field`); a count may say it
//! cannot exceed its total (`at_most_field`). `ruleset.toml` gives the window every
//! date field lies in unless the field narrows or widens it (`[plausible_dates]`),
//! and without one the [`DateWindow::BUILT_IN`] window applies: no date is unbounded.
//!
//! This module parses and checks the declarations at load time; the values are
//! checked when units are scored (`score::plausibility`), where the year is known.

use super::SourceFile;
use super::convert::FileContext;
use super::file::{EvidenceFile, PlausibleDatesFile};
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::Plausibility;
use crate::model::{DateBound, DateWindow, FieldRef};
use crate::model::{EvidenceField, FieldType};
use std::sync::Arc;
use toml::Spanned;

/// A field reference waiting for the whole ruleset's fields (a bound may name a
/// field another criterion declares: fields are shared by the unit's row).
#[derive(Debug)]
pub(crate) struct PendingRef {
    /// The referring field's index.
    pub field: usize,
    /// `not_before_field`, `at_most_field` or `blank_unless_field`.
    pub key: &'static str,
    /// The id named, and where.
    pub id: Spanned<String>,
    /// The file it was written in.
    pub source: Arc<SourceFile>,
}

/// Resolves every pending reference, reporting an unknown field, the field itself,
/// or a field of the wrong type (`evidence/unknown-bound-field`).
pub(crate) fn resolve_refs(
    fields: &mut [EvidenceField],
    pending: Vec<PendingRef>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for r in pending {
        let id = r.id.get_ref();
        let location = Some(Location::from_span(
            &r.source.path,
            &r.source.text,
            r.id.span(),
        ));
        let own = fields
            .get(r.field)
            .map_or("", |f| f.id.as_str())
            .to_string();
        let wanted: &[FieldType] = match r.key {
            "not_before_field" => &[FieldType::Date],
            "blank_unless_field" => &[FieldType::Bool],
            _ => &[FieldType::Integer, FieldType::Decimal],
        };
        let problem = match fields.iter().enumerate().find(|(_, f)| &f.id == id) {
            None => {
                let known: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
                Err(format!(
                    "minh chứng '{own}', {}: không có trường '{id}' (các trường: {}) / evidence '{own}', {}: there is no field '{id}'",
                    r.key,
                    known.join(", "),
                    r.key
                ))
            }
            Some((i, _)) if i == r.field => Err(format!(
                "minh chứng '{own}', {}: trường tự so với chính nó / evidence '{own}', {}: a field compared with itself",
                r.key, r.key
            )),
            Some((_, f)) if !wanted.contains(&f.ty) && r.key == "blank_unless_field" => {
                Err(format!(
                    "minh chứng '{own}', {}: trường '{id}' có kiểu {:?}, cần trường Có/Không (bool) / evidence '{own}', {}: field '{id}' is of type {:?}, not a yes/no (bool) field",
                    r.key, f.ty, r.key, f.ty
                ))
            }
            Some((_, f)) if !wanted.contains(&f.ty) => Err(format!(
                "minh chứng '{own}', {}: trường '{id}' có kiểu {:?}, cần cùng kiểu / evidence '{own}', {}: field '{id}' is of type {:?}, not comparable",
                r.key, f.ty, r.key, f.ty
            )),
            Some((i, _)) => Ok(i),
        };
        match problem {
            Ok(i) => {
                let Some(field) = fields.get_mut(r.field) else {
                    continue;
                };
                let slot = match r.key {
                    "not_before_field" => &mut field.plausibility.not_before_field,
                    "blank_unless_field" => &mut field.plausibility.blank_unless_field,
                    _ => &mut field.plausibility.at_most_field,
                };
                if let Some(slot) = slot {
                    slot.field = i;
                }
            }
            Err(message) => {
                diagnostics.push(Diagnostic::error(
                    Code::EvidenceUnknownBoundField,
                    message,
                    location,
                ));
            }
        }
    }
}

/// Reads the bounds declared on a field of type `ty`, reporting malformed ones
/// (`evidence/invalid-bound`) at their key. References are resolved later.
pub(crate) fn declared(
    cx: &mut FileContext<'_>,
    field_id: &str,
    decl: &EvidenceFile,
    window: &DateWindow,
) -> (Plausibility, Vec<(&'static str, Spanned<String>)>) {
    let mut out = Plausibility::default();
    let is_date = decl.ty == FieldType::Date;
    let mut date = |key: &'static str, raw: &Option<Spanned<String>>| {
        date_bound(cx, field_id, key, raw.as_ref()?, is_date)
    };
    out.not_before = date("not_before", &decl.not_before);
    out.not_after = date("not_after", &decl.not_after);
    out.warn_before = date("warn_before", &decl.warn_before);
    out.warn_after = date("warn_after", &decl.warn_after);
    let refs = field_refs(cx, field_id, decl, &mut out);
    check_order(cx, field_id, decl, &out, window);
    (out, refs)
}

/// A date bound (`not_before = "01/11/{year-1}"`), on a date field only.
fn date_bound(
    cx: &mut FileContext<'_>,
    field_id: &str,
    key: &'static str,
    raw: &Spanned<String>,
    is_date: bool,
) -> Option<DateBound> {
    if !is_date {
        cx.error(
            Code::EvidenceInvalidBound,
            format!("minh chứng '{field_id}': {key} chỉ dùng cho trường kiểu date / evidence '{field_id}': {key} applies to date fields only"),
            raw.span(),
        );
        return None;
    }
    match DateBound::parse(raw.get_ref()) {
        Ok(bound) => Some(bound),
        Err(message) => {
            cx.error(
                Code::EvidenceInvalidBound,
                format!("minh chứng '{field_id}', {key}: {message}"),
                raw.span(),
            );
            None
        }
    }
}

/// The bounds naming another field (`not_before_field`, `at_most_field`,
/// `blank_unless_field`), each on a field of a type it fits, set in `out` with
/// the field unresolved; returned as (key, name) for resolving later.
fn field_refs(
    cx: &mut FileContext<'_>,
    field_id: &str,
    decl: &EvidenceFile,
    out: &mut Plausibility,
) -> Vec<(&'static str, Spanned<String>)> {
    let is_date = decl.ty == FieldType::Date;
    let is_number = matches!(decl.ty, FieldType::Integer | FieldType::Decimal);
    let mut refs = Vec::new();
    for (key, raw, fits) in [
        ("not_before_field", &decl.not_before_field, is_date),
        ("at_most_field", &decl.at_most_field, is_number),
        ("blank_unless_field", &decl.blank_unless_field, true),
    ] {
        let Some(raw) = raw else { continue };
        if !fits {
            let wanted = if is_date { "integer/decimal" } else { "date" };
            cx.error(
                Code::EvidenceInvalidBound,
                format!("minh chứng '{field_id}': {key} chỉ dùng cho trường kiểu {wanted} / evidence '{field_id}': {key} applies to {wanted} fields only"),
                raw.span(),
            );
            continue;
        }
        let other = FieldRef {
            id: raw.get_ref().clone(),
            field: usize::MAX,
        };
        match key {
            "not_before_field" => out.not_before_field = Some(other),
            "blank_unless_field" => out.blank_unless_field = Some(other),
            _ => out.at_most_field = Some(other),
        }
        refs.push((key, raw.clone()));
    }
    refs
}

/// An empty window, or a warning bound outside the error bounds, is a typo.
fn check_order(
    cx: &mut FileContext<'_>,
    field_id: &str,
    decl: &EvidenceFile,
    out: &Plausibility,
    window: &DateWindow,
) {
    let lo = out.not_before.unwrap_or(window.not_before);
    let hi = out.not_after.unwrap_or(window.not_after);
    let order = [
        ("not_before", Some(lo), "not_after", Some(hi)),
        ("not_before", Some(lo), "warn_before", out.warn_before),
        ("warn_after", out.warn_after, "not_after", Some(hi)),
        ("warn_before", out.warn_before, "warn_after", out.warn_after),
    ];
    for (a_key, a, b_key, b) in order {
        if let (Some(a), Some(b)) = (a, b)
            && a.is_later_than(&b)
        {
            // Point at the later key when the field wrote it, else at the earlier one.
            let written = |key: &str| match key {
                "not_before" => decl.not_before.as_ref(),
                "not_after" => decl.not_after.as_ref(),
                "warn_before" => decl.warn_before.as_ref(),
                _ => decl.warn_after.as_ref(),
            };
            let span = written(b_key)
                .or_else(|| written(a_key))
                .map_or(0..0, Spanned::span);
            cx.error(
                Code::EvidenceInvalidBound,
                format!("minh chứng '{field_id}': {a_key} = \"{a}\" muộn hơn {b_key} = \"{b}\": khoảng rỗng / evidence '{field_id}': {a_key} \"{a}\" is later than {b_key} \"{b}\": an empty range"),
                span,
            );
        }
    }
}

/// Reads `[plausible_dates]` of `ruleset.toml`, or the built-in window.
pub(crate) fn window(
    cx: &mut FileContext<'_>,
    file: Option<&Spanned<PlausibleDatesFile>>,
) -> DateWindow {
    let Some(file) = file else {
        return DateWindow::BUILT_IN;
    };
    let w = file.get_ref();
    let mut parse = |raw: &Spanned<String>, fallback: DateBound, key: &str| match DateBound::parse(
        raw.get_ref(),
    ) {
        Ok(bound) => bound,
        Err(message) => {
            cx.error(
                Code::EvidenceInvalidBound,
                format!("[plausible_dates] {key}: {message}"),
                raw.span(),
            );
            fallback
        }
    };
    let not_before = parse(&w.not_before, DateWindow::BUILT_IN.not_before, "not_before");
    let not_after = parse(&w.not_after, DateWindow::BUILT_IN.not_after, "not_after");
    if not_before.is_later_than(&not_after) {
        cx.error(
            Code::EvidenceInvalidBound,
            format!("[plausible_dates]: not_before = \"{not_before}\" muộn hơn not_after = \"{not_after}\" / not_before is later than not_after: an empty window"),
            file.span(),
        );
    }
    DateWindow {
        not_before,
        not_after,
        declared: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn relative_and_fixed_bounds() {
        let b = DateBound::parse("01/01/{year-1}").unwrap();
        assert_eq!(b.resolve(2024), Date::new(2023, 1, 1));
        assert_eq!(b.to_string(), "01/01/{year-1}");
        let b = DateBound::parse("31/12/{year+1}").unwrap();
        assert_eq!(b.resolve(2024), Date::new(2025, 12, 31));
        assert_eq!(b.to_string(), "31/12/{year+1}");
        let b = DateBound::parse("1/4/{year}").unwrap();
        assert_eq!(b.resolve(2025), Date::new(2025, 4, 1));
        assert_eq!(b.to_string(), "01/04/{year}");
        let b = DateBound::parse("01/04/2025").unwrap();
        assert_eq!(b.resolve(2030), Date::new(2025, 4, 1));
        assert_eq!(b.to_string(), "01/04/2025");
    }

    #[test]
    fn malformed_bounds_are_refused() {
        for bad in [
            "",
            "01/01",
            "2024-01-01",
            "01/01/{nam-1}",
            "01/01/{year*2}",
            "01/01/{year-}",
            "01/01/{year-100}",
            "32/01/{year}",
            "29/02/{year}",
            "01/13/2024",
            "01/01/24",
            "x1/01/{year}",
        ] {
            assert!(DateBound::parse(bad).is_err(), "{bad}");
        }
        assert!(DateBound::parse("29/02/2024").is_ok());
        let err = DateBound::parse("01/01/{nam}").unwrap_err();
        assert!(
            err.contains("{year-1}") && err.contains("/ invalid"),
            "{err}"
        );
    }

    #[test]
    fn resolving_far_years_fails_instead_of_wrapping() {
        let b = DateBound::parse("01/01/{year+1}").unwrap();
        assert_eq!(b.resolve(9999), None);
        assert_eq!(b.resolve(i64::MAX), None);
    }

    #[test]
    fn order_of_bounds() {
        let p = |s| DateBound::parse(s).unwrap();
        assert!(p("01/01/{year}").is_later_than(&p("31/12/{year-1}")));
        assert!(!p("01/01/{year-1}").is_later_than(&p("31/12/{year+1}")));
        assert!(p("01/04/2025").is_later_than(&p("01/01/2025")));
        assert!(!p("01/04/2025").is_later_than(&p("31/12/{year-1}")));
    }
}
