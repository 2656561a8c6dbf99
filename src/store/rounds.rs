//! Rounds: one scoring round per year, with the exact bytes of its ruleset files
//! and overlay, so later edits of `rules/` never change a round.

use super::audit::{self, Action, Actor, Entry};
use super::limits::MAX_RULE_FILE_BYTES;
use super::{Store, StoreCtx, now_ms};
use crate::engine::Rules;
use crate::error::Error;
use crate::fingerprint::{ruleset_files, ruleset_fingerprint, sha256_hex};
use crate::model::Date;
use rusqlite::{OptionalExtension, Transaction, params};
use std::path::{Path, PathBuf};

mod materialise;
mod row;

use row::{SELECT_ROUND, row_to_raw};

/// Where a round is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundState {
    /// Created, units being imported; not yet open to units.
    Draft,
    /// Open for self-assessment.
    Open,
    /// Closed: no more self-assessment writes.
    Closed,
}

impl RoundState {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            RoundState::Draft => "draft",
            RoundState::Open => "open",
            RoundState::Closed => "closed",
        }
    }

    fn parse(code: &str) -> Option<RoundState> {
        match code {
            "draft" => Some(RoundState::Draft),
            "open" => Some(RoundState::Open),
            "closed" => Some(RoundState::Closed),
            _ => None,
        }
    }
}

/// A round's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundInfo {
    /// Row id.
    pub id: i64,
    /// Assessment year (one round per year).
    pub year: i64,
    /// The ruleset's id.
    pub ruleset_id: String,
    /// The ruleset directory as given when the round was opened (reports name it).
    pub ruleset_dir: PathBuf,
    /// The ruleset's fingerprint (of the stored files).
    pub ruleset_fingerprint: String,
    /// The overlay's id and fingerprint, if any.
    pub overlay: Option<(String, String)>,
    /// Its state.
    pub state: RoundState,
    /// First day of self-assessment.
    pub self_assessment_start: Option<Date>,
    /// Last day of self-assessment (writes after it are refused).
    pub self_assessment_deadline: Option<Date>,
}

/// One stored rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundFile {
    /// `true` for the overlay, `false` for a ruleset file.
    pub overlay: bool,
    /// Path within the ruleset (`/` separators), or the overlay's path as given
    /// when the round was opened (reports name it).
    pub path: String,
    /// The exact bytes.
    pub bytes: Vec<u8>,
    /// Their SHA-256 (hex).
    pub sha256: String,
}

/// A round with its stored rule files.
#[derive(Debug, Clone)]
pub struct Round {
    /// Its row.
    pub info: RoundInfo,
    /// Its ruleset files (canonical order), then the overlay if any.
    pub files: Vec<RoundFile>,
}

impl Round {
    /// Loads the round's rules from its stored bytes (written to a private
    /// temporary directory, removed afterwards), checking they still have the
    /// recorded fingerprints.
    pub fn rules(&self) -> Result<Rules, Error> {
        materialise::rules(self)
    }
}

impl Store {
    /// Opens the round of `year` with the ruleset in `ruleset_dir` and an optional
    /// overlay file, storing their bytes. The round starts as a draft.
    pub fn open_round(
        &mut self,
        actor: &Actor,
        year: i64,
        ruleset_dir: &Path,
        overlay: Option<&Path>,
    ) -> Result<RoundInfo, Error> {
        let files = read_rule_files(&self.ctx(), ruleset_dir, overlay)?;
        // Load from the bytes just read, so what is stored is what was checked.
        let draft = Round {
            info: RoundInfo {
                id: 0,
                year,
                ruleset_id: String::new(),
                ruleset_dir: ruleset_dir.to_path_buf(),
                ruleset_fingerprint: fingerprint_of(&files),
                overlay: overlay_of(&files).map(|f| (String::new(), f.sha256.clone())),
                state: RoundState::Draft,
                self_assessment_start: None,
                self_assessment_deadline: None,
            },
            files,
        };
        let rules = draft.rules()?;
        if !rules.ruleset.covers(year) {
            return Err(self.ctx().fail(
                format!(
                    "bộ tiêu chí {} không áp dụng cho năm {year}",
                    rules.ruleset.id
                ),
                format!(
                    "ruleset {} does not govern the year {year}",
                    rules.ruleset.id
                ),
            ));
        }
        let overlay_id = rules.ruleset.overlay.as_ref().map(|o| o.id.clone());
        self.write(|tx, ctx| {
            if round_id(tx, ctx, year)?.is_some() {
                return Err(ctx.fail(
                    format!("đã có kỳ đánh giá năm {year}"),
                    format!("a round for {year} already exists"),
                ));
            }
            tx.execute(
                "INSERT INTO rounds (year, ruleset_id, ruleset_dir, ruleset_fingerprint, overlay_id, overlay_fingerprint, state, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7)",
                params![
                    year,
                    rules.ruleset.id,
                    ruleset_dir.to_string_lossy(),
                    draft.info.ruleset_fingerprint,
                    overlay_id,
                    draft.info.overlay.as_ref().map(|o| &o.1),
                    now_ms()
                ],
            )
            .map_err(|e| ctx.sql(e))?;
            let id = tx.last_insert_rowid();
            for f in &draft.files {
                tx.execute(
                    "INSERT INTO round_files (round_id, kind, path, bytes, sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, if f.overlay { "overlay" } else { "ruleset" }, f.path, f.bytes, f.sha256],
                )
                .map_err(|e| ctx.sql(e))?;
            }
            let entry = Entry {
                round_year: Some(year),
                new_value: Some(&rules.ruleset.id),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::RoundOpened, entry)
        })?;
        self.round_info(year)
    }

    /// The round of `year`, without its files; an error if there is none.
    pub fn round_info(&self, year: i64) -> Result<RoundInfo, Error> {
        let ctx = self.ctx();
        self.conn
            .query_row(
                &format!("{SELECT_ROUND} WHERE year = ?1"),
                [year],
                row_to_raw,
            )
            .optional()
            .map_err(|e| ctx.sql(e))?
            .ok_or_else(|| no_round(&ctx, year))?
            .check(&ctx)
    }

    /// Every round, by year.
    pub fn rounds(&self) -> Result<Vec<RoundInfo>, Error> {
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_ROUND} ORDER BY year"))
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt.query_map([], row_to_raw).map_err(|e| ctx.sql(e))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row.map_err(|e| ctx.sql(e))?.check(&ctx)?);
        }
        Ok(out)
    }

    /// The round of `year` with its stored rule files.
    pub fn round(&self, year: i64) -> Result<Round, Error> {
        let info = self.round_info(year)?;
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT kind, path, bytes, sha256 FROM round_files WHERE round_id = ?1
                 ORDER BY kind = 'overlay', path",
            )
            .map_err(|e| ctx.sql(e))?;
        let files = stmt
            .query_map([info.id], |r| {
                Ok(RoundFile {
                    overlay: r.get::<_, String>(0)? == "overlay",
                    path: r.get(1)?,
                    bytes: r.get(2)?,
                    sha256: r.get(3)?,
                })
            })
            .map_err(|e| ctx.sql(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ctx.sql(e))?;
        Ok(Round { info, files })
    }

    /// Sets a round's state and self-assessment window.
    pub fn set_round_window(
        &mut self,
        actor: &Actor,
        year: i64,
        state: RoundState,
        start: Option<Date>,
        deadline: Option<Date>,
    ) -> Result<RoundInfo, Error> {
        if let (Some(s), Some(d)) = (start, deadline)
            && d < s
        {
            return Err(self.ctx().fail(
                format!("hạn {d} trước ngày bắt đầu {s}"),
                format!("the deadline {d} is before the start {s}"),
            ));
        }
        self.write(|tx, ctx| {
            let id = round_id(tx, ctx, year)?.ok_or_else(|| no_round(ctx, year))?;
            tx.execute(
                "UPDATE rounds SET state = ?2, self_assessment_start = ?3, self_assessment_deadline = ?4 WHERE id = ?1",
                params![id, state.code(), start.map(Date::iso), deadline.map(Date::iso)],
            )
            .map_err(|e| ctx.sql(e))?;
            let value = format!(
                "{} {} {}",
                state.code(),
                start.map(Date::iso).unwrap_or_default(),
                deadline.map(Date::iso).unwrap_or_default()
            );
            let entry = Entry {
                round_year: Some(year),
                new_value: Some(&value),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::RoundChanged, entry)
        })?;
        self.round_info(year)
    }
}

pub(super) fn round_id(
    tx: &Transaction<'_>,
    ctx: &StoreCtx<'_>,
    year: i64,
) -> Result<Option<i64>, Error> {
    tx.query_row("SELECT id FROM rounds WHERE year = ?1", [year], |r| {
        r.get(0)
    })
    .optional()
    .map_err(|e| ctx.sql(e))
}

pub(super) fn no_round(ctx: &StoreCtx<'_>, year: i64) -> Error {
    ctx.not_found(
        format!("không có kỳ đánh giá năm {year}"),
        format!("there is no round for {year}"),
    )
}

fn fingerprint_of(files: &[RoundFile]) -> String {
    let pairs: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|f| !f.overlay)
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect();
    ruleset_fingerprint(&pairs)
}

fn overlay_of(files: &[RoundFile]) -> Option<&RoundFile> {
    files.iter().find(|f| f.overlay)
}

/// Reads the ruleset's `.toml` files (the ones its fingerprint covers) and the overlay.
fn read_rule_files(
    ctx: &StoreCtx<'_>,
    ruleset_dir: &Path,
    overlay: Option<&Path>,
) -> Result<Vec<RoundFile>, Error> {
    let mut files = Vec::new();
    for (relative, path) in ruleset_files(ruleset_dir)? {
        files.push(read_one(ctx, false, relative, &path)?);
    }
    if let Some(path) = overlay {
        files.push(read_one(
            ctx,
            true,
            path.to_string_lossy().into_owned(),
            path,
        )?);
    }
    Ok(files)
}

fn read_one(
    ctx: &StoreCtx<'_>,
    overlay: bool,
    path: String,
    file: &Path,
) -> Result<RoundFile, Error> {
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    if bytes.len() > MAX_RULE_FILE_BYTES {
        return Err(ctx.fail(
            format!("{} lớn hơn {MAX_RULE_FILE_BYTES} byte", file.display()),
            format!(
                "{} is larger than {MAX_RULE_FILE_BYTES} bytes",
                file.display()
            ),
        ));
    }
    let sha256 = sha256_hex(&bytes);
    Ok(RoundFile {
        overlay,
        path,
        bytes,
        sha256,
    })
}
