//! Loading a ruleset directory: parse every TOML file, convert, check, compile.
//!
//! All problems are collected before giving up, so an auditor sees every broken
//! key in one run rather than one per attempt.

use super::convert::{FileContext, case_cell_text};
use super::file::{CriterionFile, RulesetFile};
use super::names::{check_criterion_id, check_rebindings};
use super::*;
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::fingerprint::{ruleset_files, ruleset_fingerprint};
use crate::model::EvidenceField;
use crate::model::number::MAX_ROUNDING_PLACES;
use crate::model::parse_cell;
use crate::text::{escape_invisible, nfc, visible_form};
use std::path::{Path, PathBuf};

mod bands;
mod case_tables;
mod criterion;
mod evidence;
mod header;
mod script;

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

/// Loads and checks the ruleset in `dir` (a directory holding `ruleset.toml`),
/// its scripts compiled by `compiler`.
pub fn load_ruleset(dir: &Path, compiler: &mut dyn ScriptCompiler) -> Result<Loaded, Error> {
    load_ruleset_with_header(dir, None, compiler)
}

/// [`load_ruleset`], with the text of `ruleset.toml` when it was read already
/// (to choose the ruleset, see `catalog`): the file is then not read again.
pub(crate) fn load_ruleset_with_header(
    dir: &Path,
    header: Option<&str>,
    compiler: &mut dyn ScriptCompiler,
) -> Result<Loaded, Error> {
    let Inspection {
        ruleset,
        complete,
        diagnostics,
    } = inspect_with_header(dir, header, compiler)?;
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
pub fn inspect_ruleset(dir: &Path, compiler: &mut dyn ScriptCompiler) -> Result<Inspection, Error> {
    inspect_with_header(dir, None, compiler)
}

/// [`inspect_ruleset`], with `ruleset.toml`'s text when it was read already.
fn inspect_with_header(
    dir: &Path,
    header_text: Option<&str>,
    compiler: &mut dyn ScriptCompiler,
) -> Result<Inspection, Error> {
    let (files, contents) = read_files(dir, header_text)?;
    let fingerprint = ruleset_fingerprint(&contents);
    let (sources, diagnostics) = as_text(&files, &contents);
    let mut builder = Builder {
        diagnostics,
        fields: Vec::new(),
        pending_refs: Vec::new(),
    };
    let header_source = sources
        .iter()
        .find(|(n, _)| n == RULESET_FILE)
        .map(|(_, s)| s.clone());
    let header = header_source
        .as_ref()
        .and_then(|s| builder.header(s, &*compiler));
    // A ruleset without criteria scores every unit 0/0 and exits 0: unusable.
    if let (Some(source), true) = (&header_source, files.len() == 1) {
        builder.diagnostics.push(no_criteria(source));
    }
    // A file that could not be read as text leaves the model incomplete.
    let mut all_loaded = header.is_some() && sources.len() == files.len();
    let mut criteria = Vec::new();
    if let Some(header) = &header {
        let (converted, complete) = builder.criteria(&sources, header, compiler);
        criteria = converted;
        all_loaded &= complete;
    }
    let Builder {
        mut diagnostics,
        mut fields,
        pending_refs,
    } = builder;
    super::plausibility::resolve_refs(&mut fields, pending_refs, &mut diagnostics);
    let ruleset = header.map(|header| {
        let ruleset = header.into_ruleset(fields, criteria, dir, fingerprint);
        diagnostics.extend(super::validate::check(&ruleset, all_loaded));
        ruleset
    });
    sort_diagnostics(&mut diagnostics);
    Ok(Inspection {
        complete: all_loaded && ruleset.is_some(),
        ruleset,
        diagnostics,
    })
}

/// The files of the ruleset directory (`ruleset.toml` among them) and their
/// bytes, their total held to the ruleset bound as they are read.
type Files = (Vec<(String, PathBuf)>, Vec<(String, Vec<u8>)>);

/// Lists and reads the files of `dir`, which must hold `ruleset.toml` (its
/// `header_text`, when given, is not read again).
fn read_files(dir: &Path, header_text: Option<&str>) -> Result<Files, Error> {
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
        let bytes = match header_text.filter(|_| name == RULESET_FILE) {
            Some(text) => text.as_bytes().to_vec(),
            None => crate::input_file::read(path, crate::input_file::Kind::RuleFile)?,
        };
        total = total.saturating_add(bytes.len() as u64);
        crate::input_file::check_ruleset_total(dir, total)?;
        contents.push((name.clone(), bytes));
    }
    Ok((files, contents))
}

/// Each file as text; one that is not UTF-8 is a finding instead, and left out.
fn as_text(
    files: &[(String, PathBuf)],
    contents: &[(String, Vec<u8>)],
) -> (Vec<(String, Arc<SourceFile>)>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();
    for ((name, path), (_, bytes)) in files.iter().zip(contents) {
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
    (sources, diagnostics)
}

/// `ruleset/no-criteria`, on the header: the directory holds no criterion file.
fn no_criteria(source: &SourceFile) -> Diagnostic {
    Diagnostic::error(
        Code::RulesetNoCriteria,
        format!(
            "bộ tiêu chí không có tệp tiêu chí nào (chỉ có {RULESET_FILE}): mọi đơn vị sẽ được 0/0 điểm / the ruleset has no criterion file (only {RULESET_FILE}): every unit would score 0/0"
        ),
        Some(crate::diagnostic::Location::from_span(
            &source.path,
            &source.text,
            0..0,
        )),
    )
}

impl Builder {
    /// Converts every criterion file (all but `ruleset.toml`), in official order;
    /// also whether each one converted and its script compiled.
    fn criteria(
        &mut self,
        sources: &[(String, Arc<SourceFile>)],
        header: &Header,
        compiler: &mut dyn ScriptCompiler,
    ) -> (Vec<Criterion>, bool) {
        let mut criteria = Vec::new();
        let mut complete = true;
        for (name, source) in sources {
            if name == RULESET_FILE {
                continue;
            }
            match self.criterion(source.clone(), header, compiler) {
                Some(c) => {
                    complete &= c.script_compiled;
                    criteria.push(c);
                }
                None => complete = false,
            }
        }
        criteria.sort_by_key(|c| id_key(&c.id));
        (criteria, complete)
    }
}

impl Header {
    /// The ruleset this header heads, with its fields and criteria.
    fn into_ruleset(
        self,
        fields: Vec<EvidenceField>,
        criteria: Vec<Criterion>,
        dir: &Path,
        fingerprint: String,
    ) -> Ruleset {
        Ruleset {
            id: self.id,
            title: self.title,
            years: self.years,
            levels: self.levels,
            rounding: self.rounding,
            legal_basis: self.legal_basis,
            max_points: self.max_points,
            max_points_origin: self.max_points_origin,
            groups: self.groups,
            params: self.params,
            fields,
            date_window: self.date_window,
            criteria,
            exemptions: Vec::new(),
            exemption_index: Default::default(),
            overlay: None,
            dir: dir.to_path_buf(),
            fingerprint,
        }
    }
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
        Code::TomlEncoding,
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
    date_window: crate::model::DateWindow,
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
                Code::TomlInvalid,
                format!("TOML không hợp lệ / invalid rule file: {message}"),
                location,
            ));
            None
        }
    }
}

/// `criterion/applies-to-nothing`: `applies_to = []` scores no unit anywhere, so
/// every unit would show the criterion as 'không áp dụng' without anyone deciding so.
pub(super) const APPLIES_TO_NOTHING: &str = "applies_to rỗng: tiêu chí không áp dụng cho cấp nào, mọi đơn vị sẽ được ghi 'không áp dụng'; hãy liệt kê các cấp (hoặc bỏ tệp tiêu chí) / applies_to is empty: the criterion applies to no level and every unit would show it as not applicable; list its levels (or remove the criterion file)";
