//! Loading a ruleset directory: parse every TOML file, convert, check, compile.
//!
//! All problems are collected before giving up, so an auditor sees every broken
//! key in one run rather than one per attempt.

use super::convert::{FileContext, case_cell_text};
use super::file::{CriterionFile, RulesetFile};
use super::names::{check_criterion_id, check_rebindings};
use super::*;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::is_script_word;
use crate::engine::{RESERVED_NAMES, ScriptEngine};
use crate::error::Error;
use crate::evidence::parse_cell;
use crate::fingerprint::{ruleset_files, ruleset_fingerprint};
use crate::number::MAX_ROUNDING_PLACES;
use crate::text::{escape_invisible, nfc, visible_form};
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
    let Inspection {
        ruleset,
        complete,
        diagnostics,
    } = inspect_ruleset(dir)?;
    match ruleset {
        Some(ruleset) if complete && !diagnostics.iter().any(|d| d.severity == Severity::Error) => {
            Ok(Loaded {
                ruleset,
                warnings: diagnostics,
            })
        }
        _ => Err(Error::Rules(diagnostics)),
    }
}

/// What `check` sees of a ruleset: as much of the model as could be built, even
/// when some files are broken, and every load-time finding.
#[derive(Debug)]
pub struct Inspection {
    /// The model, when `ruleset.toml` converted. Criteria whose file failed to
    /// convert are missing; criteria whose script failed to compile are present
    /// without a script.
    pub ruleset: Option<Ruleset>,
    /// Whether every file converted and every script compiled.
    pub complete: bool,
    /// Load-time findings, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and converts the ruleset in `dir` as far as possible. Errs only when
/// `dir` cannot be read or is not a ruleset directory.
pub fn inspect_ruleset(dir: &Path) -> Result<Inspection, Error> {
    let files = ruleset_files(dir)?;
    if !files.iter().any(|(name, _)| name == RULESET_FILE) {
        return Err(Error::RulesetChoice(format!(
            "{} không có {RULESET_FILE} / {} holds no {RULESET_FILE}: not a ruleset directory",
            dir.display(),
            dir.display()
        )));
    }
    let mut contents = Vec::new();
    let mut total = 0u64;
    for (name, path) in &files {
        let bytes = crate::input_file::read(path, crate::input_file::Kind::RuleFile)?;
        total = total.saturating_add(bytes.len() as u64);
        crate::input_file::check_ruleset_total(dir, total)?;
        contents.push((name.clone(), bytes));
    }
    let fingerprint = ruleset_fingerprint(&contents);

    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();
    for ((name, path), (_, bytes)) in files.iter().zip(&contents) {
        match String::from_utf8(bytes.clone()) {
            Ok(text) => sources.push((
                name.clone(),
                Arc::new(SourceFile {
                    path: path.clone(),
                    text,
                }),
            )),
            Err(e) => diagnostics.push(not_utf8(path, &e)),
        }
    }

    let engine = ScriptEngine::new();
    let mut builder = Builder {
        diagnostics,
        fields: Vec::new(),
        pending_refs: Vec::new(),
    };
    let header_source = sources
        .iter()
        .find(|(n, _)| n == RULESET_FILE)
        .map(|(_, s)| s.clone());
    let header = header_source.as_ref().and_then(|s| builder.header(s));
    // A ruleset without criteria scores every unit 0/0 and exits 0: unusable.
    if let (Some(source), true) = (&header_source, files.len() == 1) {
        builder.diagnostics.push(Diagnostic::error(
            "ruleset/no-criteria",
            format!("bộ tiêu chí không có tệp tiêu chí nào (chỉ có {RULESET_FILE}): mọi đơn vị sẽ được 0/0 điểm / the ruleset has no criterion file (only {RULESET_FILE}): every unit would score 0/0"),
            Some(crate::diagnostic::Location::from_span(&source.path, &source.text, 0..0)),
        ));
    }
    let mut criteria = Vec::new();
    // A file that could not be read as text leaves the model incomplete.
    let mut all_loaded = header.is_some() && sources.len() == files.len();
    if let Some(header) = &header {
        for (name, source) in &sources {
            if name == RULESET_FILE {
                continue;
            }
            match builder.criterion(source.clone(), header, &engine) {
                Some(c) => {
                    all_loaded &= c.script.is_some();
                    criteria.push(c);
                }
                None => all_loaded = false,
            }
        }
    }
    criteria.sort_by_key(|c| id_key(&c.id));

    let Builder {
        mut diagnostics,
        mut fields,
        pending_refs,
    } = builder;
    super::plausibility::resolve_refs(&mut fields, pending_refs, &mut diagnostics);
    let ruleset = match header {
        Some(header) => {
            let ruleset = Ruleset {
                id: header.id,
                title: header.title,
                years: header.years,
                levels: header.levels,
                rounding: header.rounding,
                legal_basis: header.legal_basis,
                max_points: header.max_points,
                max_points_origin: header.max_points_origin,
                groups: header.groups,
                params: header.params,
                fields,
                date_window: header.date_window,
                criteria,
                exemptions: Vec::new(),
                exemption_index: Default::default(),
                overlay: None,
                dir: dir.to_path_buf(),
                fingerprint,
                engine,
            };
            diagnostics.extend(super::validate::check(&ruleset, all_loaded));
            Some(ruleset)
        }
        None => None,
    };
    sort_diagnostics(&mut diagnostics);
    Ok(Inspection {
        complete: all_loaded && ruleset.is_some(),
        ruleset,
        diagnostics,
    })
}

/// `toml/encoding`, pointing at the first byte that is not UTF-8 (a rule file saved
/// from an old editor in Windows-1258 or TCVN3 breaks at its first Vietnamese letter).
fn not_utf8(path: &Path, error: &std::string::FromUtf8Error) -> Diagnostic {
    let bytes = error.as_bytes();
    let at = error.utf8_error().valid_up_to();
    let lossy = String::from_utf8_lossy(bytes);
    let before = String::from_utf8_lossy(bytes.get(..at).unwrap_or_default());
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let byte = bytes.get(at).copied().unwrap_or(0);
    Diagnostic::error(
        "toml/encoding",
        format!(
            "{}: tệp không phải UTF-8 (byte 0x{byte:02X} ở dòng {line}, cột {column}; có thể là Windows-1258, TCVN3 hoặc VNI): hãy lưu lại dạng UTF-8 / file is not UTF-8 (byte 0x{byte:02X} at line {line}, column {column}; perhaps Windows-1258, TCVN3 or VNI): save it as UTF-8",
            path.display()
        ),
        Some(crate::diagnostic::Location::from_line_column(
            path, &lossy, line, column,
        )),
    )
}

/// Errors first, then by file, line and column.
pub(crate) fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column))
        };
        (a.severity, key(a)).cmp(&(b.severity, key(b)))
    });
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
    max_points: Option<PerLevel>,
    max_points_origin: Option<Origin>,
    groups: Vec<Group>,
    params: Vec<Param>,
    /// `[plausible_dates]`, or the built-in window.
    date_window: super::plausibility::DateWindow,
    /// Parameters declared but not loadable (already reported): scripts that read
    /// them are not told they are undeclared.
    broken_params: Vec<String>,
}

struct Builder {
    diagnostics: Vec<Diagnostic>,
    fields: Vec<EvidenceField>,
    /// Plausibility bounds naming another field, resolved once every file is read.
    pending_refs: Vec<super::plausibility::PendingRef>,
}

pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
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
    fn header(&mut self, source: &Arc<SourceFile>) -> Option<Header> {
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
        let legal_basis = cx.legal_basis(&file.legal_basis);
        let rounding = file.rounding.as_ref().map_or_else(RoundingPolicy::default, |r| {
            let places = r.get_ref().places;
            if places > MAX_ROUNDING_PLACES {
                cx.error(
                    "ruleset/invalid-rounding",
                    format!("rounding.places = {places}: chỉ được từ 0 đến {MAX_ROUNDING_PLACES} chữ số thập phân / rounding.places must be between 0 and {MAX_ROUNDING_PLACES}, found {places}"),
                    r.span(),
                );
            }
            *r.get_ref()
        });
        let origin = |span| Origin {
            file: source.clone(),
            span,
        };
        let max_points = file
            .max_points
            .as_ref()
            .and_then(|m| cx.per_level(m, "max_points"));
        let max_points_origin = file.max_points.as_ref().map(|m| origin(m.span()));
        let mut groups = Vec::new();
        for g in file.group {
            let span = g.span();
            let g = g.into_inner();
            let id = nfc(&g.id).into_owned();
            if let Err(why) = check_criterion_id(&id) {
                cx.error(
                    "criterion/invalid-id",
                    format!("mã nhóm '{}' không hợp lệ: {why}", escape_invisible(&id)),
                    span,
                );
                continue;
            }
            if let Some(max_points) = cx.per_level(&g.max_points, "max_points") {
                groups.push(Group {
                    id,
                    title: g.title,
                    max_points,
                    origin: origin(g.max_points.span()),
                });
            }
        }
        let mut params = Vec::new();
        let mut broken_params = Vec::new();
        for (name, p) in file.params {
            let span = p.span();
            let p = p.into_inner();
            if !is_identifier(&name) || is_script_word(&name) {
                cx.error("param/invalid-name", format!("tên tham số '{name}' không hợp lệ hoặc là từ khóa của script / parameter name '{name}' is not an identifier or is a word of the script language"), span.clone());
                broken_params.push(name);
                continue;
            }
            if let Some(value) =
                cx.param_value(&name, p.ty.get_ref(), p.ty.span(), &p.value, p.year_offset)
            {
                params.push(Param {
                    name,
                    value,
                    basis: p.basis,
                    status: p.status,
                    origin: origin(span),
                });
            } else {
                broken_params.push(name);
            }
        }
        let date_window = super::plausibility::window(&mut cx, file.plausible_dates.as_ref());
        Some(Header {
            id: nfc(&file.id).into_owned(),
            title: file.title,
            years,
            levels,
            rounding,
            legal_basis,
            max_points,
            max_points_origin,
            groups,
            params,
            date_window,
            broken_params,
        })
    }

    fn criterion(
        &mut self,
        source: Arc<SourceFile>,
        header: &Header,
        engine: &ScriptEngine,
    ) -> Option<Criterion> {
        let first_finding = self.diagnostics.len();
        let file: CriterionFile = parse_toml(&source, &mut self.diagnostics)?;
        let mut cx = FileContext {
            path: &source.path,
            text: &source.text,
            diagnostics: &mut self.diagnostics,
        };
        if !super::bounds::counts_within(&mut cx, &file) {
            // Nothing more is read from a file past a count bound: the checks
            // below compare bands and fields pairwise.
            return None;
        }
        let id = nfc(file.id.get_ref()).into_owned();
        if let Err(why) = check_criterion_id(&id) {
            cx.error(
                "criterion/invalid-id",
                format!(
                    "mã tiêu chí '{}' không hợp lệ: {why}",
                    escape_invisible(&id)
                ),
                file.id.span(),
            );
        }
        let applies_to = cx.levels(&file.applies_to);
        if file.applies_to.is_empty() {
            cx.error(
                "criterion/applies-to-nothing",
                APPLIES_TO_NOTHING,
                file.id.span(),
            );
        }
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
        let legal = cx.legal_basis(&file.legal_basis);
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
            if is_script_word(field_id) {
                cx.error(
                    "evidence/invalid-id",
                    format!("mã minh chứng '{field_id}' là từ khóa hoặc hàm của ngôn ngữ script: script sẽ đọc từ khóa chứ không đọc minh chứng / evidence id '{field_id}' is a keyword or helper of the script language: scripts would read the keyword, not the evidence"),
                    span,
                );
                continue;
            }
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
            let (plausibility, refs) =
                super::plausibility::declared(&mut cx, field_id, decl, &header.date_window);
            let index = match self
                .fields
                .iter()
                .enumerate()
                .find(|(_, f)| &f.id == field_id)
            {
                Some((i, known)) => {
                    if !plausibility.is_empty() && known.plausibility != plausibility {
                        cx.error(
                            "evidence/invalid-bound",
                            format!("minh chứng '{field_id}' đã khai báo giới hạn hợp lý khác ở tiêu chí khác: khai báo giới hạn ở một nơi / evidence '{field_id}' is declared with other plausibility bounds elsewhere: declare them once"),
                            span.clone(),
                        );
                    }
                    if known.ty != decl.ty {
                        cx.error(
                            "evidence/type-conflict",
                            format!("minh chứng '{field_id}' đã khai báo kiểu {:?} ở tiêu chí khác / evidence '{field_id}' is declared with another type elsewhere", known.ty),
                            span,
                        );
                    }
                    i
                }
                None => {
                    let index = self.fields.len();
                    self.fields.push(EvidenceField {
                        id: field_id.clone(),
                        ty: decl.ty,
                        label: decl.label.clone(),
                        document_hint: decl.document_hint.clone(),
                        min,
                        max,
                        plausibility,
                    });
                    self.pending_refs.extend(refs.into_iter().map(|(key, id)| {
                        super::plausibility::PendingRef {
                            field: index,
                            key,
                            id,
                            source: source.clone(),
                        }
                    }));
                    index
                }
            };
            evidence.push(FieldUse {
                field: index,
                required: decl.required,
            });
        }

        let bands = bands(&mut cx, &file, &source);
        let names: Vec<String> = evidence
            .iter()
            .filter_map(|u| self.fields.get(u.field))
            .map(|f| f.id.clone())
            .collect();
        check_param_references(
            &mut cx,
            &file.rule.script,
            &header.params,
            &header.broken_params,
        );
        let origin = script_origin(&source.text, file.rule.script.span().start);
        let script = match engine.compile(file.rule.script.get_ref(), &names, origin) {
            Ok(s) => {
                check_rebindings(
                    &mut cx,
                    file.rule.script.get_ref(),
                    &names,
                    origin,
                    file.rule.script.span(),
                );
                Some(s)
            }
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

        // A file with broken data stays out of the model, so model-level checks never
        // restate its errors; one whose only fault is its script stays in, for `check`.
        let data_broken = self
            .diagnostics
            .get(first_finding..)
            .unwrap_or_default()
            .iter()
            .any(|d| d.severity == Severity::Error && !d.code.starts_with("script/"));
        if data_broken {
            return None;
        }
        Some(Criterion {
            id,
            title: file.title,
            max_points: max_points?,
            max_points_origin: Origin {
                file: source.clone(),
                span: file.max_points.span(),
            },
            applies_to,
            legal_basis: legal,
            evidence,
            bands,
            metric,
            sample_choice: file.sample_choice,
            cases,
            source,
            script_source: file.rule.script.get_ref().trim_matches('\n').to_string(),
            script,
        })
    }
}

fn bands(cx: &mut FileContext<'_>, file: &CriterionFile, source: &Arc<SourceFile>) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
    if file.band.is_empty() {
        cx.error(
            "band/none",
            "tiêu chí không có mức điểm [[band]] nào / the criterion has no [[band]]",
            file.id.span(),
        );
    }
    for raw in &file.band {
        let b = raw.get_ref();
        let key = nfc(b.key.get_ref()).into_owned();
        if bands.iter().any(|x| x.key == key) {
            cx.error(
                "band/duplicate-key",
                format!("mã mức '{key}' lặp lại / band key '{key}' is used twice"),
                b.key.span(),
            );
        } else if let Some(like) = bands
            .iter()
            .find(|x| visible_form(&x.key) == visible_form(&key))
        {
            // Two keys that look the same: a script returning one could never mean the other.
            cx.error(
                "band/duplicate-key",
                format!(
                    "mã mức '{key}' trông giống hệt '{}' nhưng khác ở ký tự vô hình ('{}' và '{}') / band key '{key}' looks the same as '{}' but differs in invisible characters ('{}' and '{}')",
                    like.key,
                    escape_invisible(&key),
                    escape_invisible(&like.key),
                    like.key,
                    escape_invisible(&key),
                    escape_invisible(&like.key)
                ),
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
        bands.push(Band {
            key,
            points,
            clause: b.clause.clone(),
            at_least,
            below,
            at_most,
            origin: Origin {
                file: source.clone(),
                span: b.points.span(),
            },
        });
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
                .filter_map(|u| fields.get(u.field))
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
        let keys: Vec<String> = file
            .band
            .iter()
            .map(|b| nfc(b.get_ref().key.get_ref()).into_owned())
            .collect();
        if let Some(band) = &c.expect.band
            && !keys.contains(&nfc(band.get_ref()).into_owned())
        {
            cx.error(
                "case/unknown-band",
                // Escaped: a key that differs only in an invisible character must show it.
                format!("ca kiểm thử '{}': mức '{}' không có; các mức: {} / case expects band '{}', which is not declared", crate::text::visible(&c.name), escape_invisible(band.get_ref()), keys.join(", "), escape_invisible(band.get_ref())),
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

/// Where script line 1 sits in the file: after `'''` and its newline, or right after the quote.
fn script_origin(text: &str, start: usize) -> (usize, usize) {
    let rest = text.get(start..).unwrap_or_default();
    let loc = crate::diagnostic::Location::from_span(Path::new(""), text, start..start);
    let delimiter = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    let after = rest.get(delimiter..).unwrap_or_default();
    if delimiter == 3 && (after.starts_with('\n') || after.starts_with("\r\n")) {
        (loc.line + 1, 0)
    } else {
        (loc.line, loc.column.saturating_sub(1) + delimiter)
    }
}

/// Reports `params.<name>` references to parameters the ruleset does not declare.
fn check_param_references(
    cx: &mut FileContext<'_>,
    script: &toml::Spanned<String>,
    params: &[Param],
    broken: &[String],
) {
    let source = script.get_ref();
    let origin = script_origin(cx.text, script.span().start);
    for (offset, _) in source.match_indices("params.") {
        // `offset` is a match start, a char boundary; `get` keeps that panic-free.
        let before = source.get(..offset).unwrap_or_default();
        if before
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let after = source.get(offset..).unwrap_or_default();
        let name: String = after
            .strip_prefix("params.")
            .unwrap_or_default()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !params.iter().any(|p| p.name == name) && !broken.contains(&name) {
            let line_in_script = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
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

/// `criterion/applies-to-nothing`: `applies_to = []` scores no unit anywhere, so
/// every unit would show the criterion as 'không áp dụng' without anyone deciding so.
pub(super) const APPLIES_TO_NOTHING: &str = "applies_to rỗng: tiêu chí không áp dụng cho cấp nào, mọi đơn vị sẽ được ghi 'không áp dụng'; hãy liệt kê các cấp (hoặc bỏ tệp tiêu chí) / applies_to is empty: the criterion applies to no level and every unit would show it as not applicable; list its levels (or remove the criterion file)";
