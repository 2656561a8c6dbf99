//! Converting one criterion file into a [`Criterion`]: its identity, levels,
//! evidence fields, plausibility bounds, compiled script and bands. Separate from
//! the directory-level loading in `load` and from the header, because each
//! criterion file is converted on its own against the already-read header.

use super::bands::bands;
use super::case_tables::cases;
use super::evidence::register_evidence;
use super::script::{check_param_references, compile_script};
use super::*;
use crate::diagnostic::Code;

impl Builder {
    /// Converts one criterion file, its findings added to the builder's and its
    /// new fields to the ruleset-wide table. `None` when the file's data is broken.
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
        let id = criterion_id(&mut cx, &file);
        let applies_to = applies_to(&mut cx, &file, header);
        let max_points = cx.per_level(&file.max_points, "max_points");
        let legal = legal_basis(&mut cx, &file, &id);
        let evidence = register_evidence(
            &mut cx,
            &mut self.fields,
            &mut self.pending_refs,
            &file,
            &source,
            header,
            &*compiler,
        );
        let bands = bands(&mut cx, &file, &source);
        let script_compiled = check_and_compile_script(
            &mut cx,
            compiler,
            &file,
            &source,
            header,
            &self.fields,
            &evidence,
        );
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
        if self.data_broken_since(first_finding) {
            return None;
        }
        let metric = metric(&file);
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

    /// Whether a finding since `first_finding` is an error in the file's data. A
    /// file with broken data stays out of the model, so model-level checks never
    /// restate its errors; one whose only fault is its script stays in, for `check`.
    fn data_broken_since(&self, first_finding: usize) -> bool {
        self.diagnostics
            .get(first_finding..)
            .unwrap_or_default()
            .iter()
            .any(|d| d.severity == Severity::Error && !d.code.as_str().starts_with("script/"))
    }
}

/// The criterion's id (NFC), with an error when it is not a valid one.
fn criterion_id(cx: &mut FileContext<'_>, file: &CriterionFile) -> String {
    let id = nfc(file.id.get_ref()).into_owned();
    if let Err(why) = check_criterion_id(&id) {
        cx.error(
            Code::CriterionInvalidId,
            format!(
                "mã tiêu chí '{}' không hợp lệ: {why}",
                escape_invisible(&id)
            ),
            file.id.span(),
        );
    }
    id
}

/// The levels the criterion applies to: at least one, each one the ruleset scores.
fn applies_to(cx: &mut FileContext<'_>, file: &CriterionFile, header: &Header) -> Vec<Level> {
    let applies_to = cx.levels(&file.applies_to);
    if file.applies_to.is_empty() {
        cx.error(
            Code::CriterionAppliesToNothing,
            APPLIES_TO_NOTHING,
            file.id.span(),
        );
    }
    for (level, item) in applies_to.iter().zip(&file.applies_to) {
        if !header.levels.contains(level) {
            cx.error(
                Code::LevelNotInRuleset,
                format!("cấp '{level}' không thuộc các cấp của bộ tiêu chí / level '{level}' is not among the ruleset's levels"),
                item.span(),
            );
        }
    }
    applies_to
}

/// The criterion's legal bases, with a warning when it cites none.
fn legal_basis(cx: &mut FileContext<'_>, file: &CriterionFile, id: &str) -> Vec<LegalBasis> {
    let legal = cx.legal_basis(&file.legal_basis);
    if legal.is_empty() {
        cx.warning(
            Code::LegalMissingBasis,
            format!("tiêu chí {id} không có căn cứ pháp lý / criterion {id} cites no legal basis"),
            file.id.span(),
        );
    }
    legal
}

/// Checks the script's parameter references, then compiles it against the names
/// of the evidence fields it may read. Whether it compiled.
fn check_and_compile_script(
    cx: &mut FileContext<'_>,
    compiler: &mut dyn ScriptCompiler,
    file: &CriterionFile,
    source: &SourceFile,
    header: &Header,
    fields: &[EvidenceField],
    evidence: &[crate::model::FieldUse],
) -> bool {
    let names: Vec<String> = evidence
        .iter()
        .filter_map(|u| fields.get(u.field))
        .map(|f| f.id.clone())
        .collect();
    check_param_references(cx, &file.rule.script, &header.params, &header.broken_params);
    compile_script(cx, compiler, file, source, &names)
}

/// The criterion's metric, counted when the file names no unit.
fn metric(file: &CriterionFile) -> Option<Metric> {
    file.rule.metric.clone().map(|label| Metric {
        label,
        unit: file.rule.metric_unit.unwrap_or(MetricUnit::Count),
    })
}
