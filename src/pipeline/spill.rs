//! Units' results waiting for their ranks, kept on disk instead of in memory: a
//! temporary file beside the report, deleted when done (or, after a crash, by the
//! next write to the same report; see `crate::output`).

use crate::model::Level;
use crate::report::rows::UnitRows;
use rust_decimal::Decimal;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// One unit's result as the second pass needs it.
#[derive(Debug, Default)]
pub(crate) struct Frame {
    /// The unit id, for the duplicate check.
    pub id: String,
    /// The file row.
    pub row: usize,
    /// What the unit is ranked by (`None`: not ranked).
    pub key: Option<(Level, Decimal, Decimal)>,
    /// Evidence problems (their text).
    pub problems: Vec<String>,
    /// Plausibility warnings (their text).
    pub warnings: Vec<String>,
    /// The report rows, rank left out.
    pub rows: UnitRows,
}

/// The temporary file.
pub(crate) struct Spill {
    path: PathBuf,
    writer: Option<BufWriter<File>>,
    frames: usize,
}

impl Spill {
    /// Creates `.{name}.{pid}.spill.tmp` in `dir`.
    pub(crate) fn create(dir: &Path, name: &str) -> std::io::Result<Spill> {
        let path = dir.join(format!(".{name}.{}.spill.tmp", std::process::id()));
        let file = File::create(&path)?;
        Ok(Spill {
            path,
            writer: Some(BufWriter::with_capacity(256 * 1024, file)),
            frames: 0,
        })
    }

    /// Appends a frame.
    pub(crate) fn push(&mut self, frame: &Frame) -> std::io::Result<()> {
        let Some(w) = self.writer.as_mut() else {
            return Err(std::io::Error::other("spill already read"));
        };
        self.frames += 1;
        put_bytes(w, frame.id.as_bytes())?;
        put_u64(w, frame.row as u64)?;
        match frame.key {
            None => w.write_all(&[u8::MAX])?,
            Some((level, total, max)) => {
                w.write_all(&[level as u8])?;
                w.write_all(&total.serialize())?;
                w.write_all(&max.serialize())?;
            }
        }
        for list in [&frame.problems, &frame.warnings] {
            put_u64(w, list.len() as u64)?;
            for p in list {
                put_bytes(w, p.as_bytes())?;
            }
        }
        let (bytes, rows) = frame.rows.parts();
        put_bytes(w, bytes)?;
        put_u64(w, rows.len() as u64)?;
        for &(start, at, end) in rows {
            for n in [start, at, end] {
                put_u64(w, n as u64)?;
            }
        }
        Ok(())
    }

    /// The frames, in the order pushed (the file can be read any number of times).
    pub(crate) fn frames(&mut self) -> std::io::Result<Frames> {
        if let Some(w) = self.writer.take() {
            w.into_inner().map_err(|e| e.into_error())?.sync_data().ok();
        }
        Ok(Frames {
            reader: BufReader::with_capacity(256 * 1024, File::open(&self.path)?),
            left: self.frames,
        })
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        self.writer = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Reads frames back.
pub(crate) struct Frames {
    reader: BufReader<File>,
    left: usize,
}

impl Iterator for Frames {
    type Item = std::io::Result<Frame>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Some(read_frame(&mut self.reader))
    }
}

fn read_frame(r: &mut impl Read) -> std::io::Result<Frame> {
    let id = string(get_bytes(r)?)?;
    let row = get_u64(r)? as usize;
    let mut level = [0u8];
    r.read_exact(&mut level)?;
    let key = match level[0] {
        u8::MAX => None,
        l => {
            let level = Level::ALL
                .get(usize::from(l))
                .copied()
                .ok_or_else(|| std::io::Error::other("corrupt spill"))?;
            Some((level, get_decimal(r)?, get_decimal(r)?))
        }
    };
    let problems = (0..get_u64(r)?)
        .map(|_| string(get_bytes(r)?))
        .collect::<std::io::Result<Vec<String>>>()?;
    let warnings = (0..get_u64(r)?)
        .map(|_| string(get_bytes(r)?))
        .collect::<std::io::Result<Vec<String>>>()?;
    let bytes = get_bytes(r)?;
    let rows = (0..get_u64(r)?)
        .map(|_| {
            Ok((
                get_u64(r)? as usize,
                get_u64(r)? as usize,
                get_u64(r)? as usize,
            ))
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    Ok(Frame {
        id,
        row,
        key,
        problems,
        warnings,
        rows: UnitRows::from_parts(bytes, rows),
    })
}

fn put_u64(w: &mut impl Write, n: u64) -> std::io::Result<()> {
    w.write_all(&n.to_le_bytes())
}

fn put_bytes(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    put_u64(w, bytes.len() as u64)?;
    w.write_all(bytes)
}

fn get_u64(r: &mut impl Read) -> std::io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

fn get_bytes(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0u8; get_u64(r)? as usize];
    r.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn get_decimal(r: &mut impl Read) -> std::io::Result<Decimal> {
    let mut b = [0u8; 16];
    r.read_exact(&mut b)?;
    Ok(Decimal::deserialize(b))
}

fn string(bytes: Vec<u8>) -> std::io::Result<String> {
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_come_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::create(dir.path(), "r.csv").unwrap();
        let frames = [
            Frame {
                id: "SO-STP".into(),
                row: 2,
                key: Some((Level::Xa, Decimal::new(175, 2), Decimal::new(2, 0))),
                problems: vec!["lỗi".into()],
                warnings: vec!["cảnh báo".into()],
                rows: UnitRows::default(),
            },
            Frame {
                id: "X".into(),
                row: 3,
                ..Frame::default()
            },
        ];
        for f in &frames {
            spill.push(f).unwrap();
        }
        for _ in 0..2 {
            let back: Vec<Frame> = spill.frames().unwrap().map(Result::unwrap).collect();
            assert_eq!(back.len(), 2);
            assert_eq!(
                (back[0].id.as_str(), back[0].row, back[0].key),
                ("SO-STP", 2, frames[0].key)
            );
            assert_eq!(back[0].problems, ["lỗi"]);
            assert_eq!(back[0].warnings, ["cảnh báo"]);
            assert_eq!((back[1].id.as_str(), back[1].key), ("X", None));
        }
        drop(spill);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the spill is removed"
        );
    }
}
