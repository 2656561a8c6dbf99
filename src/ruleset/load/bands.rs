//! A criterion file's `[[band]]` tables converted into [`Band`]s: keys checked
//! for duplicates (including keys that differ only in invisible characters), per-level
//! points and thresholds converted. Separate because bands are the part of a
//! criterion file that decides points.

use super::*;
use crate::diagnostic::Code;

pub(super) fn bands(
    cx: &mut FileContext<'_>,
    file: &CriterionFile,
    source: &Arc<SourceFile>,
) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
    if file.band.is_empty() {
        cx.error(
            Code::BandNone,
            "tiêu chí không có mức điểm [[band]] nào / the criterion has no [[band]]",
            file.id.span(),
        );
    }
    for raw in &file.band {
        let b = raw.get_ref();
        let key = nfc(b.key.get_ref()).into_owned();
        if bands.iter().any(|x| x.key == key) {
            cx.error(
                Code::BandDuplicateKey,
                format!("mã mức '{key}' lặp lại / band key '{key}' is used twice"),
                b.key.span(),
            );
        } else if let Some(like) = bands
            .iter()
            .find(|x| visible_form(&x.key) == visible_form(&key))
        {
            // Two keys that look the same: a script returning one could never mean the other.
            cx.error(
                Code::BandDuplicateKey,
                format!(
                    "mã mức '{key}' trông giống hệt '{}' nhưng khác ở ký tự vô hình ('{}' và '{}') / band key '{key}' looks the same as '{}' but differs in invisible characters ('{}' and '{}')",
                    like.key,
                    escape_invisible(&key),
                    escape_invisible(&like.key),
                    like.key,
                    escape_invisible(&key),
                    escape_invisible(&like.key)
                ),
                b.key.span(),
            );
        }
        let Some(points) = cx.per_level(&b.points, "points") else {
            continue;
        };
        let at_least = b
            .at_least
            .as_ref()
            .and_then(|r| cx.threshold(r, "at_least"));
        let below = b.below.as_ref().and_then(|r| cx.threshold(r, "below"));
        let at_most = b.at_most.as_ref().and_then(|r| cx.threshold(r, "at_most"));
        bands.push(Band {
            key,
            points,
            clause: b.clause.clone(),
            at_least,
            below,
            at_most,
            origin: Origin {
                file: source.clone(),
                span: b.points.span(),
            },
        });
    }
    bands
}
