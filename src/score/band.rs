//! Band selection: a key the script named, or the first band top-down whose bounds
//! contain the script's metric.

use crate::engine::ScriptOutcome;
use crate::model::number::format_vi;
use crate::ruleset::{Band, Criterion};
use crate::text::{escape_invisible, nfc, visible_form};

/// The band a script's outcome reaches. Never guesses: an undeclared key or a
/// metric no band covers is an error naming the criterion.
pub fn select_band<'c>(
    criterion: &'c Criterion,
    outcome: &ScriptOutcome,
) -> Result<&'c Band, String> {
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
