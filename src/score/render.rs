//! The one place an [`Explanation`] becomes text, in Vietnamese (what every report
//! has always shown, byte for byte) or English (`--lang en`). Clauses, labels and
//! citations come from the rule files and stay as written there.

pub use super::lang::{Lang, format_metric, format_metric_in, format_number, level_en};

use super::explanation::{Explanation, NextBand, Outcome, Reached};
use super::{CriterionScore, MissingEvidence};
use crate::ruleset::{CitationStatus, Criterion, LegalBasis, Ruleset};
use rust_decimal::Decimal;

/// The explanation of `score` as the reports show it.
pub(crate) fn explanation(ruleset: &Ruleset, score: &CriterionScore, lang: Lang) -> String {
    Parts::of(ruleset, score, lang).whole()
}

/// The explanation without its legal basis, for a reader who is shown the basis
/// apart (`cchc explain`).
pub(crate) fn explanation_without_basis(
    ruleset: &Ruleset,
    score: &CriterionScore,
    lang: Lang,
) -> String {
    let parts = Parts::of(ruleset, score, lang);
    [parts.head, parts.documents, parts.warnings].concat()
}

/// What precedes the legal basis in the explanation: why, and the documents (the
/// reason a comparison or a to-do list shows). The warnings follow the basis, so
/// they are part of it only where there is no basis, as they always were.
pub(crate) fn reason(ruleset: &Ruleset, score: &CriterionScore, lang: Lang) -> String {
    let parts = Parts::of(ruleset, score, lang);
    if parts.basis.is_empty() {
        [parts.head, parts.documents, parts.warnings].concat()
    } else {
        [parts.head, parts.documents].concat()
    }
}

/// The explanation in its four parts, each empty or starting with its own space
/// (except the head).
struct Parts {
    head: String,
    documents: String,
    basis: String,
    warnings: String,
}

impl Parts {
    fn of(ruleset: &Ruleset, score: &CriterionScore, lang: Lang) -> Parts {
        let criterion = ruleset.criterion(score.criterion);
        let why: &Explanation = &score.detail;
        Parts {
            head: head(ruleset, criterion, score, lang),
            documents: documents(why, lang),
            basis: basis(why.legal_basis(criterion), lang),
            warnings: warnings(&why.warnings, lang),
        }
    }

    fn whole(self) -> String {
        [self.head, self.documents, self.basis, self.warnings].concat()
    }
}

fn head(ruleset: &Ruleset, criterion: &Criterion, score: &CriterionScore, lang: Lang) -> String {
    let max = score.max.unwrap_or_default();
    match &score.detail.outcome {
        Outcome::MissingEvidence => {
            let listed: Vec<String> = score
                .missing_evidence
                .iter()
                .map(describe_missing)
                .collect();
            let max = format_number(ruleset.rounding.round(max), lang);
            match lang {
                Lang::Vi => format!(
                    "0/{max} điểm, mất {max}: thiếu minh chứng bắt buộc: {}.",
                    listed.join("; ")
                ),
                Lang::En => format!(
                    "0/{max} points, lost {max}: required evidence missing: {}.",
                    listed.join("; ")
                ),
            }
        }
        Outcome::Reached(r) => reached(ruleset, criterion, score, r, max, lang),
        other => unscored(other, lang).unwrap_or_default(),
    }
}

/// The text of an outcome the script did not decide (not applicable, exempt, in
/// error): it needs nothing from the ruleset. `None` for the others.
pub(crate) fn unscored(outcome: &Outcome, lang: Lang) -> Option<String> {
    Some(match (outcome, lang) {
        (Outcome::NotForLevel(level), Lang::Vi) => {
            format!("Không áp dụng đối với {}.", level.name_vi())
        }
        (Outcome::NotForLevel(level), Lang::En) => {
            format!("Not applicable to {}.", level_en(*level))
        }
        (Outcome::Exempt(reason), Lang::Vi) => {
            format!("Không áp dụng: đơn vị được miễn tiêu chí này ({reason}).")
        }
        (Outcome::Exempt(reason), Lang::En) => {
            format!("Not applicable: the unit is exempt from this criterion ({reason}).")
        }
        // Error messages are written in both languages where they arise.
        (Outcome::Error(message), _) => message.clone(),
        (Outcome::MissingEvidence | Outcome::Reached(_), _) => return None,
    })
}

fn describe_missing(m: &MissingEvidence) -> String {
    labelled(&m.label, m.document_hint.as_deref())
}

fn labelled(label: &str, hint: Option<&str>) -> String {
    match hint {
        Some(hint) => format!("{label} ({hint})"),
        None => label.to_string(),
    }
}

/// The band reached and its clause, the points lost, the metric, what the next
/// band needs and the evidence left blank.
fn reached(
    ruleset: &Ruleset,
    criterion: &Criterion,
    score: &CriterionScore,
    reached: &Reached,
    max: Decimal,
    lang: Lang,
) -> String {
    // Points in sentences show the ruleset's decimals, as its tables do ("0,20", never "0,2").
    let n = |v: Decimal| format_number(ruleset.rounding.round(v), lang);
    let points = score.points.unwrap_or_default();
    let clause = reached.band(criterion).map_or("", |b| b.clause.as_str());
    let scored = lang.pick("Đạt", "Scored");
    let unit_word = lang.pick("điểm", "points");
    let mut text = if points == max {
        format!("{scored} {}/{} {unit_word}: {clause}.", n(points), n(max))
    } else {
        // Should the difference not be exact, the two figures are shown as they are.
        let lost = reached
            .lost
            .map_or_else(|| format!("{} − {}", n(max), n(points)), n);
        let lost_word = lang.pick("mất", "lost");
        format!(
            "{scored} {}/{} {unit_word}, {lost_word} {lost}: {clause}.",
            n(points),
            n(max)
        )
    };
    if let (Some(m), Some(spec)) = (score.metric, &criterion.metric) {
        text.push_str(&format!(
            " ({}: {})",
            spec.label,
            format_metric_in(m, spec.unit, lang)
        ));
    }
    if points < max {
        if let Some(next) = &reached.next {
            text.push_str(&next_band(ruleset, criterion, next, lang));
        }
        let blank: Vec<String> = reached
            .blank
            .iter()
            .map(|f| {
                let field = ruleset.field(*f);
                labelled(&field.label, field.document_hint.as_deref())
            })
            .collect();
        if !blank.is_empty() {
            let lead = lang.pick("Không có minh chứng", "No evidence");
            text.push_str(&format!(" {lead}: {}.", blank.join("; ")));
        }
    }
    text
}

/// ` Mức cao hơn (0,25 điểm): <clause>, cần <metric> từ 100% trở lên.`
fn next_band(ruleset: &Ruleset, criterion: &Criterion, next: &NextBand, lang: Lang) -> String {
    let Some(band) = next.band(criterion) else {
        return String::new();
    };
    let points = format_number(ruleset.rounding.round(next.points), lang);
    let mut text = match lang {
        Lang::Vi => format!(" Mức cao hơn ({points} điểm): {}", band.clause),
        Lang::En => format!(" Higher band ({points} points): {}", band.clause),
    };
    if next.by_metric
        && let Some(spec) = &criterion.metric
        && let Some(need) = super::bounds::describe_bounds(
            band,
            spec.unit,
            super::bounds::BoundsStyle::Phrase,
            lang,
        )
    {
        let needs = lang.pick("cần", "needs");
        text.push_str(&format!(", {needs} {} {need}", spec.label));
    }
    text.push('.');
    text
}

/// ` Minh chứng: <cited>. Thiếu <lacking>.`
fn documents(why: &Explanation, lang: Lang) -> String {
    let mut text = String::new();
    let found = &why.documents;
    if !found.cited.is_empty() {
        let lead = lang.pick("Minh chứng:", "Evidence:");
        text.push_str(&format!(" {lead} {}.", found.cited.join("; ")));
    }
    if !found.lacking.is_empty() {
        let lead = lang.pick("Thiếu", "Lacking:");
        text.push_str(&format!(" {lead} {}.", found.lacking.join("; ")));
    }
    text
}

/// ` Căn cứ: <citation>; <citation>.`, or nothing without a legal basis.
fn basis(legal_basis: &[LegalBasis], lang: Lang) -> String {
    if legal_basis.is_empty() {
        return String::new();
    }
    let cites: Vec<String> = legal_basis.iter().map(|b| cite(b, lang)).collect();
    let lead = lang.pick("Căn cứ:", "Legal basis:");
    format!(" {lead} {}.", cites.join("; "))
}

/// A one-line citation with its status: `Điều 12, Nghị định 59/2012/NĐ-CP (chưa kiểm chứng)`.
pub(crate) fn cite(basis: &LegalBasis, lang: Lang) -> String {
    match lang {
        Lang::Vi => basis.cite(),
        Lang::En => {
            let mut parts: Vec<&str> = Vec::new();
            parts.extend(basis.article.as_deref());
            parts.extend(basis.clause.as_deref());
            parts.push(&basis.document);
            let mut text = parts.join(", ");
            if basis.status == CitationStatus::Unverified {
                text.push_str(" (unverified)");
            }
            text
        }
    }
}

/// ` Cảnh báo / warning: <cell>: <message>.`
fn warnings(warnings: &[String], lang: Lang) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let lead = lang.pick("Cảnh báo / warning:", "Warning:");
    format!(" {lead} {}.", warnings.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;
    use crate::score::bounds::Bound;
    use crate::score::criterion::tests::{RATIO, ruleset, run};
    use crate::score::explanation::BandVerdict;
    use crate::score::recording;

    /// RATIO with a metric, a legal basis whose quote mentions "Căn cứ: ", and a
    /// clause that does too: text taken apart again could not tell them apart.
    fn documented() -> String {
        RATIO
            .replace(
                "applies_to = [\"so\", \"xa\"]\n",
                "applies_to = [\"so\", \"xa\"]\n[[legal_basis]]\ndocument = \"Nghị định 59/2012/NĐ-CP\"\narticle = \"Điều 12\"\nstatus = \"unverified\"\n",
            )
            .replace(
                "clause = \"từ 50% đến dưới 100%\"",
                "clause = \"từ 50% đến dưới 100% (xem Căn cứ: kế hoạch)\"",
            )
            .replace(
                "[rule]\n",
                "[rule]\nmetric = \"tỷ lệ\"\nmetric_unit = \"percent\"\n",
            )
    }

    #[test]
    fn one_structured_result_renders_in_vietnamese_and_english() {
        let (_dir, r) = ruleset(&documented());
        let s = run(&r, Level::So, Some(2), Some(3));
        let reached = s.detail.reached().unwrap();
        assert_eq!((reached.band, reached.lost), (1, Some(Decimal::new(50, 2))));
        assert_eq!(reached.next.map(|n| (n.band, n.by_metric)), Some((0, true)));
        assert_eq!(
            &*s.explanation,
            "Đạt 0,50/1,00 điểm, mất 0,50: từ 50% đến dưới 100% (xem Căn cứ: kế hoạch). (tỷ lệ: 66,67%) \
             Mức cao hơn (1,00 điểm): 100%, cần tỷ lệ từ 100% trở lên. \
             Căn cứ: Điều 12, Nghị định 59/2012/NĐ-CP (chưa kiểm chứng)."
        );
        assert_eq!(
            explanation(&r.ruleset, &s, Lang::En),
            "Scored 0.50/1.00 points, lost 0.50: từ 50% đến dưới 100% (xem Căn cứ: kế hoạch). (tỷ lệ: 66.67%) \
             Higher band (1.00 points): 100%, needs tỷ lệ 100% or more. \
             Legal basis: Điều 12, Nghị định 59/2012/NĐ-CP (unverified)."
        );
    }

    #[test]
    fn the_reason_leaves_out_the_basis_not_what_resembles_it() {
        let (_dir, r) = ruleset(&documented());
        let mut s = run(&r, Level::So, Some(2), Some(3));
        recording::note_warnings(&mut s, &r.ruleset, vec!["ô B2: lạ".into()]);
        let reason = reason(&r.ruleset, &s, Lang::Vi);
        // Splitting on " Căn cứ: " cut this inside the clause.
        assert!(
            reason.contains("(xem Căn cứ: kế hoạch). (tỷ lệ: 66,67%)"),
            "{reason}"
        );
        assert!(reason.ends_with("cần tỷ lệ từ 100% trở lên."), "{reason}");
        let result = explanation_without_basis(&r.ruleset, &s, Lang::Vi);
        assert!(
            result.ends_with("trở lên. Cảnh báo / warning: ô B2: lạ."),
            "{result}"
        );
        assert!(!result.contains("Nghị định"), "{result}");
        assert!(
            s.explanation
                .ends_with("(chưa kiểm chứng). Cảnh báo / warning: ô B2: lạ.")
        );
    }

    #[test]
    fn the_band_choice_is_recorded_while_scoring() {
        let (_dir, r) = ruleset(RATIO);
        let checks = |a, b| {
            run(&r, Level::So, Some(a), Some(b))
                .detail
                .reached()
                .unwrap()
                .checks
                .clone()
        };
        let hundred = Decimal::new(100, 2);
        assert_eq!(
            checks(1, 4),
            [
                BandVerdict::Outside(Bound::AtLeast(hundred)),
                BandVerdict::Outside(Bound::AtLeast(Decimal::new(50, 2))),
                BandVerdict::Chosen,
                BandVerdict::NotTried
            ]
        );
        assert_eq!(
            checks(0, 0),
            [
                BandVerdict::NotNamed,
                BandVerdict::NotNamed,
                BandVerdict::NotNamed,
                BandVerdict::Chosen
            ]
        );
        let missing = run(&r, Level::So, Some(1), None);
        assert!(missing.detail.reached().is_none());
        assert_eq!(
            explanation(&r.ruleset, &missing, Lang::En),
            "0/1.00 points, lost 1.00: required evidence missing: b."
        );
    }
}
