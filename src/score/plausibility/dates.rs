//! A date held to the assessment year's window: before the earliest or after
//! the latest plausible date is an error, inside the warning margin a warning.
//! Separate from the cross-field checks because it needs only the one value and
//! the year's resolved bounds, and its four messages are long.

use super::{FieldBounds, Violation, YearBounds};
use crate::diagnostic::Severity;
use crate::model::EvidenceField;
use crate::model::date::Date;

impl YearBounds {
    /// Pushes onto `out` the first bound that `date` (field `index`) breaks, if any.
    pub(super) fn check_date(
        &self,
        index: usize,
        field: &EvidenceField,
        date: Date,
        bounds: &FieldBounds,
        out: &mut Vec<Violation>,
    ) {
        let year = self.year;
        let label = &field.label;
        let hard_before = bounds.not_before.as_ref().filter(|b| date < b.date);
        let hard_after = bounds.not_after.as_ref().filter(|b| date > b.date);
        if let Some(b) = hard_before {
            out.push(Violation {
                field: index,
                severity: Severity::Error,
                message: format!(
                    "giá trị không hợp lý: {label} là {date}, trước mốc sớm nhất {} ({}; năm đánh giá {year}): không thể là minh chứng của năm {year} / implausible value: {label} is {date}, before the earliest plausible date {} ({}; assessment year {year}): it cannot be evidence for {year}",
                    b.date, b.source, b.date, b.source
                ),
            });
        } else if let Some(b) = hard_after {
            out.push(Violation {
                field: index,
                severity: Severity::Error,
                message: format!(
                    "giá trị không hợp lý: {label} là {date}, sau mốc muộn nhất {} ({}; năm đánh giá {year}): không thể là minh chứng của năm {year} / implausible value: {label} is {date}, after the latest plausible date {} ({}; assessment year {year}): it cannot be evidence for {year}",
                    b.date, b.source, b.date, b.source
                ),
            });
        } else if let Some(b) = bounds.warn_before.as_ref().filter(|b| date < b.date) {
            out.push(Violation {
                field: index,
                severity: Severity::Warning,
                message: format!(
                    "cảnh báo: {label} là {date}, trước {} ({}; năm đánh giá {year}): vẫn chấm điểm, cần kiểm tra đúng là minh chứng của năm {year} / warning: {label} is {date}, before {} ({}; assessment year {year}): still scored, check that it is evidence for {year}",
                    b.date, b.source, b.date, b.source
                ),
            });
        } else if let Some(b) = bounds.warn_after.as_ref().filter(|b| date > b.date) {
            out.push(Violation {
                field: index,
                severity: Severity::Warning,
                message: format!(
                    "cảnh báo: {label} là {date}, sau {} ({}; năm đánh giá {year}): vẫn chấm điểm, cần kiểm tra đúng là minh chứng của năm {year} / warning: {label} is {date}, after {} ({}; assessment year {year}): still scored, check that it is evidence for {year}",
                    b.date, b.source, b.date, b.source
                ),
            });
        }
    }
}
