//! Band selection: a key the script named, or the first band top-down whose bounds
//! contain the script's metric.

use crate::engine::ScriptOutcome;
use crate::number::format_vi;
use crate::ruleset::{Band, Criterion};

/// The band a script's outcome reaches. Never guesses: an undeclared key or a
/// metric no band covers is an error naming the criterion.
pub fn select_band<'c>(
    criterion: &'c Criterion,
    outcome: &ScriptOutcome,
) -> Result<&'c Band, String> {
    match outcome {
        ScriptOutcome::Band(key) => criterion.band(key).ok_or_else(|| {
            let keys: Vec<&str> = criterion.bands.iter().map(|b| b.key.as_str()).collect();
            format!(
                "script của tiêu chí {} trả về mức '{key}' không khai báo (có: {}) / the script returned undeclared band '{key}'",
                criterion.id,
                keys.join(", ")
            )
        }),
        ScriptOutcome::Metric(m) => criterion.bands.iter().find(|b| b.contains(*m)).ok_or_else(|| {
            format!(
                "không mức nào của tiêu chí {} chứa giá trị {} / no band of criterion {} covers the metric {m}",
                criterion.id,
                format_vi(*m),
                criterion.id
            )
        }),
    }
}
