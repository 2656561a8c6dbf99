//! Band selection: a key the script named, or the first band top-down whose bounds
//! contain the script's metric. The verdict on every band is recorded as it is
//! chosen: it is the trace `cchc explain` shows.

use super::bounds::broken_bound;
use super::explanation::BandVerdict;
use crate::engine::ScriptOutcome;
use crate::model::number::format_vi;
use crate::ruleset::{Band, Criterion};
use crate::text::{escape_invisible, nfc, visible_form};

/// The band chosen, and how every band fared.
#[derive(Debug, Clone)]
pub(crate) struct BandChoice<'c> {
    /// Index of the band in [`Criterion::bands`].
    pub index: usize,
    /// The band.
    pub band: &'c Band,
    /// Each band's verdict, top-down.
    pub checks: Vec<BandVerdict>,
}

/// The band a script's outcome reaches, with the verdict on each band. Never
/// guesses: an undeclared key or a metric no band covers is an error naming the
/// criterion.
pub(crate) fn select_band<'c>(
    criterion: &'c Criterion,
    outcome: &ScriptOutcome,
) -> Result<BandChoice<'c>, String> {
    let band = find_band(criterion, outcome)?;
    let index = criterion
        .bands
        .iter()
        .position(|b| std::ptr::eq(b, band))
        .unwrap_or_default();
    let metric = match outcome {
        ScriptOutcome::Metric(m) => Some(*m),
        ScriptOutcome::Band(_) => None,
    };
    let checks = criterion
        .bands
        .iter()
        .enumerate()
        .map(|(i, b)| match i.cmp(&index) {
            std::cmp::Ordering::Equal => BandVerdict::Chosen,
            std::cmp::Ordering::Greater => BandVerdict::NotTried,
            std::cmp::Ordering::Less => metric
                .and_then(|m| broken_bound(b, m))
                .map_or(BandVerdict::NotNamed, BandVerdict::Outside),
        })
        .collect();
    Ok(BandChoice {
        index,
        band,
        checks,
    })
}

fn find_band<'c>(criterion: &'c Criterion, outcome: &ScriptOutcome) -> Result<&'c Band, String> {
    match outcome {
        // Keys are NFC since loading: the script's string may be NFD ("hạn" typed
        // on a Mac) and still name the band.
        ScriptOutcome::Band(key) => criterion.band(&nfc(key)).ok_or_else(|| {
            let keys: Vec<&str> = criterion.bands.iter().map(|b| b.key.as_str()).collect();
            let mut message = format!(
                "script của tiêu chí {} trả về mức '{key}' không khai báo (có: {}) / the script returned undeclared band '{key}'",
                criterion.id,
                keys.join(", ")
            );
            // Two keys that look the same on screen: show where they differ.
            let seen = visible_form(key);
            if let Some(like) = keys.iter().find(|k| visible_form(k) == seen) {
                message.push_str(&format!(
                    "; giống hệt mức '{like}' khi hiển thị nhưng khác ở ký tự vô hình: trả về '{}', khai báo '{}' / it looks like band '{like}' but differs in invisible characters: returned '{}', declared '{}'",
                    escape_invisible(key),
                    escape_invisible(like),
                    escape_invisible(key),
                    escape_invisible(like)
                ));
            }
            message
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
