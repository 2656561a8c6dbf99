//! Scoring one unit from its cells, again and again: what a form does on every
//! edit. Everything that stays the same for a ruleset and a year (the form's
//! columns, the year's parameters and plausibility bounds, the results of
//! criteria already seen with the same inputs) is prepared once.

use crate::engine::Rules;
use crate::error::Error;
use crate::evidence::form::Form;
use crate::model::DecimalMark;
use crate::score::{ResultCache, UnitScore, UnitScorer};
use std::path::Path;

/// Scores single units for one ruleset and one assessment year.
///
/// The scores are those the unit gets in a whole evidence file with the same
/// columns (see [`UnitScoring::with_header`]), except its rank, which needs the
/// other units: [`UnitScore::rank`] is `None`.
pub struct UnitScoring<'r> {
    form: Form<'r>,
    scorer: UnitScorer<'r>,
    cache: ResultCache,
}

impl<'r> UnitScoring<'r> {
    /// For a form with every column an evidence file can have (each field and
    /// its document reference), decimals written with a comma.
    pub fn new(rules: &'r Rules, year: i64) -> Result<UnitScoring<'r>, Error> {
        let header = Form::every_column(&rules.ruleset.fields);
        UnitScoring::with_header(rules, year, &header, DecimalMark::Comma)
    }

    /// For a form with the columns of `header` (an evidence file's header row),
    /// text decimals written with `mark` (see [`DecimalMark`]).
    pub fn with_header(
        rules: &'r Rules,
        year: i64,
        header: &[String],
        mark: DecimalMark,
    ) -> Result<UnitScoring<'r>, Error> {
        let ruleset = &rules.ruleset;
        let form = Form::new(
            Path::new("biểu mẫu / form"),
            header,
            &ruleset.fields,
            &ruleset.levels,
            mark,
        )?;
        let scorer = UnitScorer::new(rules, year, &form.has_documents())?;
        Ok(UnitScoring {
            form,
            scorer,
            cache: ResultCache::default(),
        })
    }

    /// The unit that `cells` (column name, text as typed) describe, scored.
    /// Columns the form does not have are ignored; those not given are blank.
    pub fn score(&mut self, cells: &[(&str, &str)]) -> UnitScore {
        let record = self.form.record(cells);
        self.scorer.score_record(record, &mut self.cache)
    }
}

/// Scores one unit from its `cells` (column name, text): a convenience for a
/// single call; to score many edits, keep a [`UnitScoring`].
pub fn score_unit(rules: &Rules, year: i64, cells: &[(&str, &str)]) -> Result<UnitScore, Error> {
    Ok(UnitScoring::new(rules, year)?.score(cells))
}
