//! The outcome class of one unit × criterion, shared by scores and by the rule
//! files' own test cases (`expect_status`).

/// The outcome class of one unit × criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// All points.
    Full,
    /// Some points lost.
    Partial,
    /// Evidence present, no points earned.
    Zero,
    /// A required piece of evidence is blank: 0 points, the script did not run.
    MissingEvidence,
    /// The criterion does not apply to the unit's level, or the unit is exempt.
    NotApplicable,
    /// The evidence or the script failed: no score, reported.
    Error,
}

impl Status {
    /// The code used in CSV and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Status::Full => "full",
            Status::Partial => "partial",
            Status::Zero => "zero",
            Status::MissingEvidence => "missing_evidence",
            Status::NotApplicable => "not_applicable",
            Status::Error => "error",
        }
    }
}
