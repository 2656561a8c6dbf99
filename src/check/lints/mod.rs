//! The lints of `cchc check`: one file per lint, each reporting one [`Code`] and
//! implementing [`Lint`]. [`LINTS`] runs them in a fixed order, which (with the
//! stable sort of the report) keeps the output the same from run to run.

mod band_gap;
mod band_missing_clause;
mod band_overlap;
mod band_unreachable;
mod case_failed;
mod case_missing_band;
mod case_none;
mod case_year_outside;
mod evidence_unused;
mod legal_missing_quote;
mod legal_unverified_without_note;
mod param_unused;
mod script_points_literal;
#[cfg(test)]
mod testing;

use crate::cases::{CaseResult, run_cases};
use crate::diagnostic::{Code, Diagnostic};
use crate::engine::Rules;
use crate::ruleset::{Criterion, Ruleset};
use std::cell::OnceCell;

/// What a lint sees: the (possibly partial) ruleset, whether it loads, and the
/// results of its cases, run once on first use.
pub(crate) struct Context<'a> {
    /// The rules (ruleset and compiled scripts), with an overlay applied when one is checked.
    pub rules: &'a Rules,
    /// The ruleset of `rules`.
    pub ruleset: &'a Ruleset,
    /// Whether the ruleset loads: cases run only then, since against a ruleset
    /// with load errors they would fail for the same reasons, restated.
    pub loads: bool,
    case_results: OnceCell<Vec<CaseResult>>,
}

impl<'a> Context<'a> {
    /// The context of one check.
    pub fn new(rules: &'a Rules, loads: bool) -> Context<'a> {
        Context {
            rules,
            ruleset: &rules.ruleset,
            loads,
            case_results: OnceCell::new(),
        }
    }

    /// The results of every `[[case]]` (run on first call, shared by the lints).
    pub fn case_results(&self) -> &[CaseResult] {
        self.case_results.get_or_init(|| run_cases(self.rules))
    }
}

/// One lint: the code it reports and where it looks. A lint looks at each
/// criterion ([`Lint::criterion`]), or at the whole ruleset once
/// ([`Lint::ruleset`]), or both.
pub(crate) trait Lint: Sync {
    /// The one code this lint reports (the tests hold each lint to it).
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "read by the tests of every lint")
    )]
    fn code(&self) -> Code;

    /// Lints one criterion.
    fn criterion(&self, _cx: &Context<'_>, _c: &Criterion, _out: &mut Vec<Diagnostic>) {}

    /// Lints the ruleset as a whole (after every criterion was linted).
    fn ruleset(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// Every lint, in the order their findings are emitted (before the report's sort).
pub(crate) const LINTS: &[&dyn Lint] = &[
    &band_unreachable::BandUnreachable,
    &band_gap::BandGap,
    &band_overlap::BandOverlap,
    &legal_missing_quote::LegalMissingQuote,
    &legal_unverified_without_note::LegalUnverifiedWithoutNote,
    &band_missing_clause::BandMissingClause,
    &script_points_literal::ScriptPointsLiteral,
    &evidence_unused::EvidenceUnused,
    &param_unused::ParamUnused,
    &case_none::CaseNone,
    &case_year_outside::CaseYearOutside,
    &case_failed::CaseFailed,
    &case_missing_band::CaseMissingBand,
];

/// Runs every lint: each criterion through the criterion lints, then the
/// ruleset lints.
pub(crate) fn run(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in &cx.ruleset.criteria {
        for lint in LINTS {
            lint.criterion(cx, c, &mut out);
        }
    }
    for lint in LINTS {
        lint.ruleset(cx, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Stage;

    #[test]
    fn each_check_code_has_exactly_one_lint() {
        for code in Code::ALL {
            let lints = LINTS.iter().filter(|l| l.code() == *code).count();
            let expected = usize::from(matches!(code.stage(), Stage::Check | Stage::Both));
            assert_eq!(lints, expected, "{code}: {lints} lint(s)");
        }
    }

    #[test]
    fn the_corpus_base_lints_as_expected() {
        // The base ruleset has no cases, no quotes and unverified citations without
        // notes: the per-lint tests start from these findings.
        let base = testing::Base::new();
        let mut codes: Vec<&str> = base.check().iter().map(|f| f.0.as_str()).collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            [
                crate::diagnostic::Code::CaseNone.as_str(),
                crate::diagnostic::Code::CaseNone.as_str(),
                crate::diagnostic::Code::LegalMissingQuote.as_str(),
                crate::diagnostic::Code::LegalMissingQuote.as_str(),
                crate::diagnostic::Code::LegalUnverifiedWithoutNote.as_str(),
                crate::diagnostic::Code::LegalUnverifiedWithoutNote.as_str()
            ]
        );
    }
}
