//! The round's downloads: its evidence as the CSV `cchc score` reads, and every
//! report format of `cchc score` run on that file with the round's stored
//! rules, so the bytes are those the command line gives and `cchc verify`
//! accepts the JSON.

use super::error::Failure;
use super::state::AppState;
use crate::output::write_atomic;
use crate::report::{Format, Meta, render_with, render_xlsx};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// A file the Sở downloads from a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Download {
    /// `evidence.csv`.
    EvidenceCsv,
    /// `evidence.xlsx`.
    EvidenceXlsx,
    /// `report.<ext>`: a `cchc score` format.
    Report(Format),
    /// `report.xlsx`.
    ReportXlsx,
}

impl Download {
    /// Every download, with its file name.
    pub(crate) const ALL: [(&'static str, Download); 9] = [
        ("evidence.csv", Download::EvidenceCsv),
        ("evidence.xlsx", Download::EvidenceXlsx),
        ("report.json", Download::Report(Format::Json)),
        ("report.csv", Download::Report(Format::Csv)),
        ("report-wide.csv", Download::Report(Format::Wide)),
        ("report.md", Download::Report(Format::Markdown)),
        ("report.html", Download::Report(Format::Html)),
        ("report.txt", Download::Report(Format::Table)),
        ("report.xlsx", Download::ReportXlsx),
    ];

    pub(crate) fn parse(file: &str) -> Option<Download> {
        Download::ALL
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, d)| *d)
    }

    pub(crate) fn is_evidence(self) -> bool {
        matches!(self, Download::EvidenceCsv | Download::EvidenceXlsx)
    }

    fn content_type(self) -> &'static str {
        match self {
            Download::EvidenceCsv | Download::Report(Format::Csv | Format::Wide) => {
                "text/csv; charset=utf-8"
            }
            Download::Report(Format::Json) => "application/json",
            Download::Report(Format::Markdown) => "text/markdown; charset=utf-8",
            Download::Report(Format::Html) => "text/html; charset=utf-8",
            Download::Report(_) => "text/plain; charset=utf-8",
            Download::ReportXlsx | Download::EvidenceXlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// The bytes of `kind` for the `year` round, and their content type.
pub(crate) fn render(
    state: &AppState,
    year: i64,
    kind: Download,
) -> Result<(Vec<u8>, &'static str), Failure> {
    let store = state.store();
    let rules = state.rules(&store, year)?;
    if kind == Download::EvidenceXlsx {
        return Ok((
            crate::round_setup::export_evidence_xlsx(&store, year)?,
            kind.content_type(),
        ));
    }
    let evidence = crate::round_setup::export_evidence_csv(&store, year)?;
    drop(store);
    if kind == Download::EvidenceCsv {
        return Ok((evidence, kind.content_type()));
    }
    // Scored from a file, as `cchc score` scores it: the report names this file
    // and its fingerprint.
    let dir = state.exports_dir.join(year.to_string());
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
    let path = dir.join(format!("evidence-{year}.csv"));
    write_atomic(&path, &evidence)?;
    let scored = crate::pipeline::score_file(&rules, &path, year)?;
    let meta = Meta::default();
    let bytes = match kind {
        Download::ReportXlsx => render_xlsx(&scored.board, &meta)?,
        Download::Report(format) => render_with(&scored.board, format, &meta).into_bytes(),
        Download::EvidenceCsv | Download::EvidenceXlsx => evidence,
    };
    Ok((bytes, kind.content_type()))
}

/// `bytes` as a download, never shown inline.
pub(crate) fn attachment(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&content_disposition(name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback for old
/// browsers and the real (Vietnamese) name percent-encoded.
pub(crate) fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = super::pages::encode(name);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
