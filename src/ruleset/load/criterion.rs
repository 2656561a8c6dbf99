//! Converting one criterion file into a [`Criterion`]: its identity, levels,
//! evidence fields, plausibility bounds, compiled script and bands. Separate from
//! the directory-level loading in `load` and from the header, because each
//! criterion file is converted on its own against the already-read header.

use super::bands::bands;
use super::cases::cases;
use super::script::{check_param_references, is_identifier, script_origin};
use super::*;
use crate::model::{EvidenceField, FieldUse};

impl Builder {
    pub(super) fn criterion(
        &mut self,
        source: Arc<SourceFile>,
        header: &Header,
        compiler: &mut dyn ScriptCompiler,
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
            if compiler.is_script_word(field_id) {
                cx.error(
                    "evidence/invalid-id",
                    format!("mã minh chứng '{field_id}' là từ khóa hoặc hàm của ngôn ngữ script: script sẽ đọc từ khóa chứ không đọc minh chứng / evidence id '{field_id}' is a keyword or helper of the script language: scripts would read the keyword, not the evidence"),
                    span,
                );
                continue;
            }
            if !is_identifier(field_id)
                || RESERVED_NAMES.contains(&field_id.as_str())
                || crate::model::is_reserved_column(field_id)
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
        let script_compiled = match compiler.compile(
            &source.path,
            file.rule.script.get_ref(),
            &names,
            origin,
        ) {
            Ok(()) => {
                check_rebindings(
                    &mut cx,
                    &*compiler,
                    file.rule.script.get_ref(),
                    &names,
                    origin,
                    file.rule.script.span(),
                );
                true
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
                false
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
            script_compiled,
        })
    }
}
