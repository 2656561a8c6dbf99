//! Loading a ruleset directory: parse every TOML file, convert, check, compile.
//!
//! All problems are collected before giving up, so an auditor sees every broken
//! key in one run rather than one per attempt.

use super::convert::{FileContext, case_cell_text};
use super::file::{CriterionFile, LegalBasisFile, RulesetFile};
use super::*;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{RESERVED_NAMES, ScriptEngine};
use crate::error::Error;
use crate::evidence::parse_cell;
use crate::fingerprint::{ruleset_files, ruleset_fingerprint};
use std::path::Path;

/// The header file of every ruleset directory.
pub const RULESET_FILE: &str = "ruleset.toml";

/// A loaded ruleset with its non-fatal findings.
#[derive(Debug)]
pub struct Loaded {
    /// The ruleset.
    pub ruleset: Ruleset,
    /// Warnings (errors make loading fail).
    pub warnings: Vec<Diagnostic>,
}

/// Loads and checks the ruleset in `dir` (a directory holding `ruleset.toml`).
pub fn load_ruleset(dir: &Path) -> Result<Loaded, Error> {
    let files = ruleset_files(dir)?;
    if !files.iter().any(|(name, _)| name == RULESET_FILE) {
        return Err(Error::RulesetChoice(format!(
            "{} không có {RULESET_FILE} / {} holds no {RULESET_FILE}: not a ruleset directory",
            dir.display(),
            dir.display()
        )));
    }
    let mut contents = Vec::new();
    for (name, path) in &files {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        contents.push((name.clone(), bytes));
    }
    let fingerprint = ruleset_fingerprint(&contents);

    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();
    for ((name, path), (_, bytes)) in files.iter().zip(&contents) {
        match String::from_utf8(bytes.clone()) {
            Ok(text) => sources.push((
                name.clone(),
                SourceFile {
                    path: path.clone(),
                    text,
                },
            )),
            Err(_) => diagnostics.push(Diagnostic::error(
                "toml/encoding",
                format!(
                    "{}: tệp không phải UTF-8 / file is not UTF-8",
                    path.display()
                ),
                None,
            )),
        }
    }

    let engine = ScriptEngine::new();
    let mut builder = Builder {
        diagnostics,
        fields: Vec::new(),
    };
    let header_source = sources
        .iter()
        .find(|(n, _)| n == RULESET_FILE)
        .map(|(_, s)| s.clone());
    let header = header_source.as_ref().and_then(|s| builder.header(s));
    let mut criteria = Vec::new();
    let mut all_loaded = true;
    if let Some(header) = &header {
        for (name, source) in &sources {
            if name == RULESET_FILE {
                continue;
            }
            match builder.criterion(source.clone(), header, &engine) {
                Some(c) => criteria.push(c),
                None => all_loaded = false,
            }
        }
    }
    criteria.sort_by_key(|c| id_key(&c.id));
    // Totals over a partial set would only repeat the real error in other words.
    if let Some(header) = &header
        && all_loaded
    {
        builder.check_ruleset(header, &criteria);
    }

    let Builder {
        mut diagnostics,
        fields,
    } = builder;
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column))
        };
        (a.severity, key(a)).cmp(&(b.severity, key(b)))
    });
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Rules(diagnostics));
    }
    let Some(header) = header else {
        return Err(Error::Rules(diagnostics));
    };
    Ok(Loaded {
        ruleset: Ruleset {
            id: header.id,
            title: header.title,
            years: header.years,
            levels: header.levels,
            rounding: header.rounding,
            legal_basis: header.legal_basis,
            groups: header.groups,
            params: header.params,
            fields,
            criteria,
            dir: dir.to_path_buf(),
            fingerprint,
            engine,
        },
        warnings: diagnostics,
    })
}

/// Sort key for official numbering: `1.10` after `1.9`.
fn id_key(id: &str) -> Vec<(u64, String)> {
    id.split('.')
        .map(|part| (part.parse().unwrap_or(u64::MAX), part.to_string()))
        .collect()
}

/// The converted `ruleset.toml`.
struct Header {
    id: String,
    title: String,
    years: (i64, Option<i64>),
    levels: Vec<Level>,
    rounding: RoundingPolicy,
    legal_basis: Vec<LegalBasis>,
    groups: Vec<Group>,
    group_spans: Vec<(std::ops::Range<usize>, SourceFile)>,
    params: Vec<Param>,
}

struct Builder {
    diagnostics: Vec<Diagnostic>,
    fields: Vec<EvidenceField>,
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match toml::from_str::<T>(&source.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let location = e.span().map(|span| {
                crate::diagnostic::Location::from_span(&source.path, &source.text, span)
            });
            let message = e.message().trim().to_string();
            diagnostics.push(Diagnostic::error(
                "toml/invalid",
                format!("TOML không hợp lệ / invalid rule file: {message}"),
                location,
            ));
            None
        }
    }
}

impl Builder {
    fn header(&mut self, source: &SourceFile) -> Option<Header> {
        let file: RulesetFile = parse_toml(source, &mut self.diagnostics)?;
        let mut cx = FileContext {
            path: &source.path,
            text: &source.text,
            diagnostics: &mut self.diagnostics,
        };
        let years = match file.years.get_ref().as_slice() {
            [from] => (*from, None),
            [from, to] if from <= to => (*from, Some(*to)),
            _ => {
                cx.error(
                    "ruleset/invalid-years",
                    "years phải là [năm_đầu, năm_cuối] hoặc [năm_đầu] (không giới hạn) / years must be [from, to] or [from] (open-ended), from ≤ to",
                    file.years.span(),
                );
                (0, None)
            }
        };
        let levels = cx.levels(&file.levels);
        let legal_basis = legal_basis(&mut cx, &file.legal_basis);
        let mut groups = Vec::new();
        let mut group_spans = Vec::new();
        for g in file.group {
            let g = g.into_inner();
            let span = g.max_points.span();
            if let Some(max_points) = cx.per_level(&g.max_points, "max_points") {
                groups.push(Group {
                    id: g.id,
                    title: g.title,
                    max_points,
                });
                group_spans.push((span, source.clone()));
            }
        }
        let mut params = Vec::new();
        for (name, p) in file.params {
            let span = p.span();
            let p = p.into_inner();
            if !is_identifier(&name) {
                cx.error("param/invalid-name", format!("tên tham số '{name}' không hợp lệ / parameter name '{name}' is not an identifier"), span.clone());
                continue;
            }
            if let Some(value) = param_value(&mut cx, &name, &p) {
                params.push(Param {
                    name,
                    value,
                    basis: p.basis,
                    status: p.status,
                });
            }
        }
        Some(Header {
            id: file.id,
            title: file.title,
            years,
            levels,
            rounding: file.rounding.unwrap_or_default(),
            legal_basis,
            groups,
            group_spans,
            params,
        })
    }

    fn criterion(
        &mut self,
        source: SourceFile,
        header: &Header,
        engine: &ScriptEngine,
    ) -> Option<Criterion> {
        let file: CriterionFile = parse_toml(&source, &mut self.diagnostics)?;
        let mut cx = FileContext {
            path: &source.path,
            text: &source.text,
            diagnostics: &mut self.diagnostics,
        };
        let id = file.id.get_ref().clone();
        let applies_to = cx.levels(&file.applies_to);
        for (level, item) in applies_to.iter().zip(&file.applies_to) {
            if !header.levels.contains(level) {
                cx.error(
                    "level/not-in-ruleset",
                    format!("cấp '{level}' không thuộc các cấp của bộ tiêu chí / level '{level}' is not among the ruleset's levels"),
                    item.span(),
                );
            }
        }
        let max_points = cx.per_level(&file.max_points, "max_points");
        if let Some(PerLevel::ByLevel(map)) = &max_points {
            for level in &applies_to {
                if !map.contains_key(level) {
                    cx.error(
                        "criterion/missing-level-max",
                        format!("max_points thiếu cấp '{level}' dù tiêu chí áp dụng cho cấp này / max_points has no value for level '{level}', which the criterion applies to"),
                        file.max_points.span(),
                    );
                }
            }
        }
        let legal = legal_basis(&mut cx, &file.legal_basis);
        if legal.is_empty() {
            cx.warning(
                "legal/missing-basis",
                format!(
                    "tiêu chí {id} không có căn cứ pháp lý / criterion {id} cites no legal basis"
                ),
                file.id.span(),
            );
        }

        // Evidence: register each field in the ruleset-wide table.
        let mut evidence = Vec::new();
        for (field_id, decl) in &file.evidence {
            let span = decl.span();
            let decl = decl.get_ref();
            if !is_identifier(field_id)
                || RESERVED_NAMES.contains(&field_id.as_str())
                || crate::evidence::is_reserved_column(field_id)
            {
                cx.error(
                    "evidence/invalid-id",
                    format!("mã minh chứng '{field_id}' không hợp lệ hoặc trùng tên dành riêng / evidence id '{field_id}' is not an identifier or is reserved"),
                    span,
                );
                continue;
            }
            let min = decl.min.as_ref().and_then(|r| cx.threshold(r, "min"));
            let max = decl.max.as_ref().and_then(|r| cx.threshold(r, "max"));
            let index = match self.fields.iter().position(|f| &f.id == field_id) {
                Some(i) => {
                    if self.fields[i].ty != decl.ty {
                        cx.error(
                            "evidence/type-conflict",
                            format!("minh chứng '{field_id}' đã khai báo kiểu {:?} ở tiêu chí khác / evidence '{field_id}' is declared with another type elsewhere", self.fields[i].ty),
                            span,
                        );
                    }
                    i
                }
                None => {
                    self.fields.push(EvidenceField {
                        id: field_id.clone(),
                        ty: decl.ty,
                        label: decl.label.clone(),
                        document_hint: decl.document_hint.clone(),
                        min,
                        max,
                    });
                    self.fields.len() - 1
                }
            };
            evidence.push(FieldUse {
                field: index,
                required: decl.required,
            });
        }

        let bands = bands(
            &mut cx,
            &file,
            &applies_to,
            max_points.as_ref(),
            header.rounding.places,
        );
        let names: Vec<String> = evidence
            .iter()
            .map(|u| self.fields[u.field].id.clone())
            .collect();
        check_param_references(&mut cx, &file.rule.script, &header.params);
        let origin = script_origin(&source.text, file.rule.script.span().start);
        let script = match engine.compile(file.rule.script.get_ref(), &names, origin) {
            Ok(s) => Some(s),
            Err(e) => {
                let code = if e.message.contains("not found") || e.message.contains("Undefined") {
                    "script/undeclared-variable"
                } else {
                    "script/compile"
                };
                let location = e.position.map(|(line, col)| {
                    crate::diagnostic::Location::from_line_column(
                        &source.path,
                        &source.text,
                        line,
                        col,
                    )
                });
                let location = location.or_else(|| Some(cx.locate(file.rule.script.span())));
                cx.diagnostics.push(Diagnostic::error(
                    code,
                    format!("script không biên dịch được / script does not compile: {} (biến dùng được / readable variables: {}, year, params)", e.message, names.join(", ")),
                    location,
                ));
                None
            }
        };
        let metric = file.rule.metric.clone().map(|label| Metric {
            label,
            unit: file.rule.metric_unit.unwrap_or(MetricUnit::Count),
        });
        let default_level = applies_to
            .first()
            .copied()
            .or(header.levels.first().copied())
            .unwrap_or(Level::So);
        let cases = cases(
            &mut cx,
            &file,
            &evidence,
            &self.fields,
            header,
            default_level,
        );

        Some(Criterion {
            id,
            title: file.title,
            max_points: max_points?,
            applies_to,
            legal_basis: legal,
            evidence,
            bands,
            metric,
            sample_choice: file.sample_choice,
            cases,
            source,
            script: script?,
        })
    }

    fn check_ruleset(&mut self, header: &Header, criteria: &[Criterion]) {
        for pair in criteria.windows(2) {
            if pair[0].id == pair[1].id {
                let s = &pair[1].source;
                let at = s.text.find("id").unwrap_or(0);
                self.diagnostics.push(Diagnostic::error(
                    "criterion/duplicate-id",
                    format!(
                        "mã tiêu chí '{}' trùng với {} / duplicate criterion id, also in {}",
                        pair[1].id,
                        pair[0].source.path.display(),
                        pair[0].source.path.display()
                    ),
                    Some(crate::diagnostic::Location::from_span(
                        &s.path,
                        &s.text,
                        at..at + 2,
                    )),
                ));
            }
        }
        for (group, (span, source)) in header.groups.iter().zip(&header.group_spans) {
            let prefix = format!("{}.", group.id);
            let members: Vec<&Criterion> = criteria
                .iter()
                .filter(|c| c.id.starts_with(&prefix))
                .collect();
            for level in &header.levels {
                let Some(expected) = group.max_points.get(*level) else {
                    continue;
                };
                let sum: Decimal = members.iter().filter_map(|c| c.max_for(*level)).sum();
                if sum != expected {
                    let listed: Vec<String> = members
                        .iter()
                        .filter_map(|c| c.max_for(*level).map(|m| format!("{} = {m}", c.id)))
                        .collect();
                    self.diagnostics.push(Diagnostic::error(
                        "ruleset/max-mismatch",
                        format!(
                            "nhóm {} ({}) cấp {level}: tổng điểm tối đa các tiêu chí là {sum}, khác {expected} đã khai báo ({}) / group {} at level {level}: criteria maxima add up to {sum}, not the declared {expected}",
                            group.id,
                            group.title,
                            listed.join(", "),
                            group.id
                        ),
                        Some(crate::diagnostic::Location::from_span(&source.path, &source.text, span.clone())),
                    ));
                }
            }
        }
    }
}

fn legal_basis(cx: &mut FileContext<'_>, raw: &[LegalBasisFile]) -> Vec<LegalBasis> {
    raw.iter()
        .map(|b| {
            let quote = b.quote.as_ref().map(|q| {
                if q.get_ref().trim().is_empty() {
                    cx.warning(
                        "legal/missing-quote",
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

fn param_value(
    cx: &mut FileContext<'_>,
    name: &str,
    p: &super::file::ParamFile,
) -> Option<ParamValue> {
    let bad = |cx: &mut FileContext<'_>, expected: &str| {
        cx.error(
            "param/invalid-value",
            format!("tham số '{name}': cần {expected} / parameter '{name}': expected {expected}"),
            p.value.span(),
        );
        None
    };
    match (p.ty.get_ref().as_str(), p.value.get_ref()) {
        ("date", toml::Value::String(s)) => {
            let parts: Vec<&str> = s.split('/').collect();
            if parts.len() == 2 {
                let day = parts[0].parse::<u8>().ok();
                let month = parts[1].parse::<u8>().ok();
                match (day, month) {
                    (Some(day), Some(month))
                        if Date::new(2023, i64::from(month), i64::from(day)).is_some() =>
                    {
                        Some(ParamValue::YearlyDate {
                            day,
                            month,
                            year_offset: p.year_offset,
                        })
                    }
                    _ => bad(
                        cx,
                        "ngày dd/mm có trong mọi năm / a day dd/mm that exists every year",
                    ),
                }
            } else {
                match Date::parse(s) {
                    Some(d) => Some(ParamValue::Date(d)),
                    None => bad(
                        cx,
                        "\"dd/mm\" (theo năm đánh giá) hoặc \"dd/mm/yyyy\" / \"dd/mm\" (in the assessment year) or \"dd/mm/yyyy\"",
                    ),
                }
            }
        }
        ("integer", toml::Value::Integer(i)) => Some(ParamValue::Integer(*i)),
        ("decimal", _) => cx.threshold(&p.value, name).map(ParamValue::Decimal),
        ("date" | "integer", _) => bad(
            cx,
            &format!(
                "một giá trị kiểu {} / a {} value",
                p.ty.get_ref(),
                p.ty.get_ref()
            ),
        ),
        (other, _) => {
            cx.error("param/invalid-type", format!("kiểu tham số '{other}' không hợp lệ, cần date, integer hoặc decimal / unknown parameter type '{other}', expected date, integer or decimal"), p.ty.span());
            None
        }
    }
}

fn bands(
    cx: &mut FileContext<'_>,
    file: &CriterionFile,
    applies_to: &[Level],
    max_points: Option<&PerLevel>,
    places: u32,
) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
    if file.band.is_empty() {
        cx.error(
            "band/none",
            "tiêu chí không có mức điểm [[band]] nào / the criterion has no [[band]]",
            file.id.span(),
        );
    }
    for raw in &file.band {
        let span = raw.span();
        let b = raw.get_ref();
        let key = b.key.get_ref().clone();
        if bands.iter().any(|x| x.key == key) {
            cx.error(
                "band/duplicate-key",
                format!("mã mức '{key}' lặp lại / band key '{key}' is used twice"),
                b.key.span(),
            );
        }
        let Some(points) = cx.per_level(&b.points, "points") else {
            continue;
        };
        let at_least = b
            .at_least
            .as_ref()
            .and_then(|r| cx.threshold(r, "at_least"));
        let below = b.below.as_ref().and_then(|r| cx.threshold(r, "below"));
        let at_most = b.at_most.as_ref().and_then(|r| cx.threshold(r, "at_most"));
        if below.is_some() && at_most.is_some() {
            cx.error("band/two-upper-bounds", format!("mức '{key}': chỉ dùng một trong below và at_most / band '{key}': use either below or at_most, not both"), span.clone());
        }
        if let (Some(lo), Some(hi)) = (at_least, below.or(at_most))
            && (lo > hi || (below.is_some() && lo == hi))
        {
            cx.error("band/inverted-bounds", format!("mức '{key}': khoảng [{lo}, {hi}] rỗng / band '{key}': the range from {lo} to {hi} is empty"), span.clone());
        }
        for level in applies_to {
            let (Some(p), Some(max)) = (points.get(*level), max_points.and_then(|m| m.get(*level)))
            else {
                if points.get(*level).is_none() {
                    cx.error("band/missing-level-points", format!("mức '{key}' thiếu điểm cho cấp '{level}' / band '{key}' has no points for level '{level}'"), b.points.span());
                }
                continue;
            };
            if p > max {
                cx.error(
                    "band/points-out-of-range",
                    format!("mức '{key}' cấp {level}: {p} điểm vượt điểm tối đa {max} / band '{key}' at level {level}: {p} points exceed the maximum {max}"),
                    b.points.span(),
                );
            }
            if p.scale() > places {
                cx.error(
                    "band/too-precise",
                    format!("mức '{key}': {p} có nhiều hơn {places} chữ số thập phân của quy tắc làm tròn / band '{key}': {p} has more decimals than the rounding policy's {places}"),
                    b.points.span(),
                );
            }
        }
        bands.push(Band {
            key,
            points,
            clause: b.clause.clone(),
            at_least,
            below,
            at_most,
            line: cx.line_of(span.start),
        });
    }
    for level in applies_to {
        let (Some(max), Some(top)) = (
            max_points.and_then(|m| m.get(*level)),
            bands.iter().filter_map(|b| b.points.get(*level)).max(),
        ) else {
            continue;
        };
        if top != max {
            cx.error(
                "band/top-below-max",
                format!("cấp {level}: mức cao nhất chỉ {top} điểm, không bằng điểm tối đa {max} / level {level}: the best band gives {top}, not the maximum {max}"),
                file.max_points.span(),
            );
        }
    }
    bands
}

fn cases(
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
        let level = match &c.level {
            None => Some(default_level),
            Some(l) => match Level::parse(l.get_ref()) {
                Some(level) if header.levels.contains(&level) => Some(level),
                _ => {
                    cx.error("case/invalid-level", format!("ca kiểm thử '{}': cấp '{}' không thuộc bộ tiêu chí / case level is not among the ruleset's levels", c.name, l.get_ref()), l.span());
                    None
                }
            },
        };
        let mut input = Vec::new();
        for (name, value) in &c.input {
            let Some(field) = evidence
                .iter()
                .map(|u| &fields[u.field])
                .find(|f| &f.id == name)
            else {
                cx.error("case/unknown-field", format!("ca kiểm thử '{}': '{name}' không phải minh chứng của tiêu chí / '{name}' is not an evidence field of this criterion", c.name), value.span());
                continue;
            };
            match case_cell_text(value.get_ref())
                .and_then(|text| parse_cell(&text, field).map(|_| text))
            {
                Ok(text) => input.push((name.clone(), text)),
                Err(message) => cx.error(
                    "case/invalid-input",
                    format!("ca kiểm thử '{}', '{name}': {message}", c.name),
                    value.span(),
                ),
            }
        }
        // Checked against the keys as written, so a band with bad points is not reported twice.
        let keys: Vec<&str> = file
            .band
            .iter()
            .map(|b| b.get_ref().key.get_ref().as_str())
            .collect();
        if let Some(band) = &c.expect.band
            && !keys.contains(&band.get_ref().as_str())
        {
            cx.error(
                "case/unknown-band",
                format!("ca kiểm thử '{}': mức '{}' không có; các mức: {} / case expects band '{}', which is not declared", c.name, band.get_ref(), keys.join(", "), band.get_ref()),
                band.span(),
            );
        }
        let expect_points = c
            .expect
            .points
            .as_ref()
            .and_then(|p| cx.points(p, "expect.points"));
        if c.expect.band.is_none() && c.expect.points.is_none() && c.expect.status.is_none() {
            cx.error(
                "case/empty-expect",
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
                expect_band: c.expect.band.as_ref().map(|b| b.get_ref().clone()),
                expect_points,
                expect_status: c.expect.status,
                line: cx.line_of(span.start),
            });
        }
    }
    out
}

/// Where script line 1 sits in the file: after `'''` and its newline, or right after the quote.
fn script_origin(text: &str, start: usize) -> (usize, usize) {
    let rest = &text[start..];
    let loc = crate::diagnostic::Location::from_span(Path::new(""), text, start..start);
    let delimiter = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    let after = &rest[delimiter..];
    if delimiter == 3 && (after.starts_with('\n') || after.starts_with("\r\n")) {
        (loc.line + 1, 0)
    } else {
        (loc.line, loc.column - 1 + delimiter)
    }
}

/// Reports `params.<name>` references to parameters the ruleset does not declare.
fn check_param_references(
    cx: &mut FileContext<'_>,
    script: &toml::Spanned<String>,
    params: &[Param],
) {
    let source = script.get_ref();
    let origin = script_origin(cx.text, script.span().start);
    for (offset, _) in source.match_indices("params.") {
        if offset > 0
            && source[..offset]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let name: String = source[offset + 7..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !params.iter().any(|p| p.name == name) {
            let line_in_script = source[..offset].matches('\n').count() + 1;
            let col = source[..offset]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count())
                + 1;
            let shift = if line_in_script == 1 { origin.1 } else { 0 };
            let declared: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
            let mut location = crate::diagnostic::Location::from_line_column(
                cx.path,
                cx.text,
                origin.0 + line_in_script - 1,
                col + shift,
            );
            location.width = 7 + name.chars().count();
            cx.diagnostics.push(Diagnostic::error(
                "script/unknown-param",
                format!("tham số '{name}' không khai báo trong ruleset.toml [params] (có: {}) / parameter '{name}' is not declared", declared.join(", ")),
                Some(location),
            ));
        }
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
