//! The units of a round, from a CSV or XLSX file with the columns
//! `ma_don_vi`, `ten_don_vi`, `cap` (other columns are ignored, so an evidence
//! file is also a unit list). Read by the evidence reader, with its bounds and
//! its messages (file, row, column).

use crate::error::Error;
use crate::evidence::stream::{EvidenceStream, IdCheck};
use crate::model::Level;
use crate::store::NewUnit;
use crate::store::limits::MAX_UNITS_PER_ROUND;
use std::path::Path;

/// Every unit of the file, in file order; any bad row refuses the whole file,
/// every problem listed.
pub fn read_units_file(path: &Path) -> Result<Vec<NewUnit>, Error> {
    let levels = Level::ALL;
    let mut stream = EvidenceStream::open(path, &[], &levels, IdCheck::exact())?;
    let mut units = Vec::new();
    let mut problems = Vec::new();
    loop {
        let (columns, reader, _) = stream.parts();
        let batch = reader.next_rows(4096)?;
        if batch.is_empty() {
            break;
        }
        for raw in batch {
            let (record, _) = raw.typed(columns);
            problems.extend(record.problems.iter().map(ToString::to_string));
            if let Some(level) = record.level {
                units.push(NewUnit {
                    ma_don_vi: record.id,
                    ten_don_vi: record.name,
                    cap: level,
                });
            }
        }
        if units.len() > MAX_UNITS_PER_ROUND {
            return Err(Error::Usage(format!(
                "{}: hơn {MAX_UNITS_PER_ROUND} đơn vị / more than {MAX_UNITS_PER_ROUND} units",
                path.display()
            )));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Usage(format!(
            "{}: không nhập được danh sách đơn vị, không đơn vị nào được thêm / the unit list was not imported, no unit was added:\n{}",
            path.display(),
            problems.join("\n")
        )));
    }
    Ok(units)
}
