//! Count bounds of one criterion file. The byte bound of a rule file (1 MB) still
//! lets it hold tens of thousands of tiny `[[band]]` or `[[case]]` tables, and
//! some checks compare bands and fields pairwise: each list has a bound far above
//! any real criterion (a few bands, a dozen fields), and a file past one is
//! refused (`criterion/too-many`) before anything else is done with it.

use super::convert::FileContext;
use super::file::CriterionFile;
use crate::diagnostic::Code;

/// Most `[[band]]` entries of one criterion (real ones have 2 to 6).
pub(crate) const MAX_BANDS: usize = 100;
/// Most `[evidence.*]` fields of one criterion (real ones have up to a dozen).
pub(crate) const MAX_FIELDS: usize = 200;
/// Most `[[case]]` tests of one criterion.
pub(crate) const MAX_CASES: usize = 1_000;
/// Most `[[legal_basis]]` citations of one criterion.
pub(crate) const MAX_CITATIONS: usize = 100;
/// Most inputs of one `[[case]]`.
pub(crate) const MAX_CASE_INPUTS: usize = MAX_FIELDS;

/// Records a `criterion/too-many` error for each list of `file` past its bound;
/// true when every list is within its bound.
pub(crate) fn counts_within(cx: &mut FileContext<'_>, file: &CriterionFile) -> bool {
    let span = file.id.span();
    let case_inputs = file.case.iter().map(|c| c.get_ref().input.len()).max();
    let lists: [(usize, usize, &str, &str); 5] = [
        (
            file.band.len(),
            MAX_BANDS,
            "mức điểm [[band]]",
            "[[band]] entries",
        ),
        (
            file.evidence.len(),
            MAX_FIELDS,
            "trường minh chứng [evidence.*]",
            "[evidence.*] fields",
        ),
        (
            file.case.len(),
            MAX_CASES,
            "ca kiểm thử [[case]]",
            "[[case]] tests",
        ),
        (
            file.legal_basis.len(),
            MAX_CITATIONS,
            "căn cứ [[legal_basis]]",
            "[[legal_basis]] citations",
        ),
        (
            case_inputs.unwrap_or(0),
            MAX_CASE_INPUTS,
            "giá trị input trong một [[case]]",
            "inputs in one [[case]]",
        ),
    ];
    let mut within = true;
    for (count, bound, vi, en) in lists {
        if count > bound {
            within = false;
            cx.error(
                Code::CriterionTooMany,
                format!(
                    "tiêu chí có {count} {vi}, vượt giới hạn {bound}: tệp không được đọc tiếp / the criterion has {count} {en}, over the limit of {bound}: the file is not read further"
                ),
                span.clone(),
            );
        }
    }
    within
}
