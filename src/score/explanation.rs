//! Why a unit × criterion scored what it did, as data: the outcome (the band
//! reached and what the next band needs, the evidence missing, the reason it does
//! not apply or could not be scored), the documents cited and lacking, the
//! plausibility warnings, and the trace of the band choice. Scoring records it;
//! [`super::render`] turns it into text, in Vietnamese or English.
//!
//! What is the same for every unit (clauses, labels, legal bases) stays in the
//! ruleset and is named here by index, so a cached result is cloned cheaply.

use super::bounds::Bound;
use crate::evidence::document::Citations;
use crate::model::Level;
use crate::ruleset::{Band, Criterion};
use rust_decimal::Decimal;

/// The structured explanation of one [`super::CriterionScore`] (its points, maximum,
/// status, band and metric are on the score itself).
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// What happened.
    pub outcome: Outcome,
    /// Documents the unit cited for this criterion, and those it should have.
    pub documents: Citations,
    /// Plausibility warnings on the fields the criterion reads, each naming its cell.
    pub warnings: Vec<String>,
}

/// What happened to the criterion for the unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The criterion does not apply to the unit's level.
    NotForLevel(Level),
    /// The unit is exempt from the criterion, for this reason.
    Exempt(String),
    /// Not scored: the bilingual message says why.
    Error(String),
    /// A required piece of evidence is blank (listed in
    /// [`super::CriterionScore::missing_evidence`]): 0 points.
    MissingEvidence,
    /// The script ran and a band was reached.
    Reached(Reached),
}

/// A band reached, what it cost and what would earn more.
#[derive(Debug, Clone, PartialEq)]
pub struct Reached {
    /// Index of the band in [`Criterion::bands`].
    pub band: usize,
    /// Points lost (`max − points`, exact); `None` at full points, or should the
    /// difference not be exact (then both figures are shown).
    pub lost: Option<Decimal>,
    /// The band to aim for when points were lost.
    pub next: Option<NextBand>,
    /// Fields the criterion reads that were left blank (indices into the ruleset's fields).
    pub blank: Vec<usize>,
    /// Each band's verdict, top-down, as the band was chosen: the trace `explain` shows.
    pub checks: Vec<BandVerdict>,
}

/// The band to aim for: the next one up for a metric, full points for a named outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NextBand {
    /// Index of the band in [`Criterion::bands`].
    pub band: usize,
    /// Its points for the unit's level.
    pub points: Decimal,
    /// Whether its bounds say what reaches it (only when the script returned a metric).
    pub by_metric: bool,
}

/// One band's verdict while the band was chosen, tried top-down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BandVerdict {
    /// This band gave the points.
    Chosen,
    /// The metric breaks this bound of the band.
    Outside(Bound),
    /// Reached only by the script naming it, and the script did not.
    NotNamed,
    /// Below the chosen band: not tried.
    NotTried,
}

impl Explanation {
    /// An explanation of `outcome` alone (no documents, no warnings yet).
    pub(crate) fn of(outcome: Outcome) -> Explanation {
        Explanation {
            outcome,
            documents: Citations::default(),
            warnings: Vec::new(),
        }
    }

    /// The outcome when a band was reached.
    pub(crate) fn reached(&self) -> Option<&Reached> {
        match &self.outcome {
            Outcome::Reached(r) => Some(r),
            _ => None,
        }
    }

    /// The legal bases the explanation cites, each with its verification status:
    /// the criterion's, for a scored outcome; none otherwise.
    pub(crate) fn legal_basis<'c>(
        &self,
        criterion: &'c Criterion,
    ) -> &'c [crate::ruleset::LegalBasis] {
        if self.cites_basis() {
            &criterion.legal_basis
        } else {
            &[]
        }
    }

    /// Whether the explanation ends with the criterion's legal basis: only scored
    /// outcomes do (not an exemption, a level it does not apply to, or an error).
    pub(crate) fn cites_basis(&self) -> bool {
        matches!(self.outcome, Outcome::Reached(_) | Outcome::MissingEvidence)
    }
}

impl Reached {
    /// The band reached.
    pub(crate) fn band<'c>(&self, criterion: &'c Criterion) -> Option<&'c Band> {
        criterion.bands.get(self.band)
    }
}

impl NextBand {
    /// The band aimed for.
    pub(crate) fn band<'c>(&self, criterion: &'c Criterion) -> Option<&'c Band> {
        criterion.bands.get(self.band)
    }
}
