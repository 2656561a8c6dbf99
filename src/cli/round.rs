//! `cchc round open | import | export`: the Sở's round, scripted.

use super::args::{OverlayArg, RulesArg, parse_year, rules_help};
use super::inputs::rules_root;
use cchc::error::Error;
use cchc::model::Date;
use cchc::output::target::{Inputs, Role, check};
use cchc::round_setup::{
    Window, ensure_admin, import_evidence_file, open_round, read_units_file, unit_accounts,
};
use cchc::store::{Actor, Store};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct RoundArgs {
    #[command(subcommand)]
    command: RoundCommand,
}

#[derive(Subcommand)]
enum RoundCommand {
    /// Mở kỳ đánh giá một năm: bộ tiêu chí theo năm, đơn vị và tài khoản của họ / open a year's round: the ruleset by year, its units and their accounts
    Open(OpenArgs),
    /// Nhập minh chứng thu thập ngoài hệ thống cho nhiều đơn vị (tất cả hoặc không gì) / import evidence collected offline for many units (all or nothing)
    Import(ImportArgs),
    /// Xuất minh chứng của kỳ thành tệp CSV mà cchc score đọc / export the round's evidence as the CSV cchc score reads
    Export(ExportArgs),
}

#[derive(Args)]
struct DbArg {
    /// Tệp cơ sở dữ liệu / the database file
    #[arg(long, default_value = "cchc.db")]
    db: PathBuf,
}

#[derive(Args)]
#[command(mut_arg("rules", |a| rules_help(a, "chọn theo năm", "chosen by year")))]
struct OpenArgs {
    #[command(flatten)]
    db: DbArg,
    /// Năm đánh giá / assessment year
    #[arg(long, value_parser = parse_year)]
    year: i64,
    #[command(flatten)]
    rules: RulesArg,
    #[command(flatten)]
    overlay: OverlayArg,
    /// Danh sách đơn vị (CSV/XLSX có cột ma_don_vi, ten_don_vi, cap) / the units (CSV/XLSX with ma_don_vi, ten_don_vi, cap)
    #[arg(long)]
    units: PathBuf,
    /// Ngày bắt đầu tự đánh giá dd/mm/yyyy / first day of self-assessment
    #[arg(long, value_parser = parse_date, requires = "deadline")]
    start: Option<Date>,
    /// Hạn tự đánh giá dd/mm/yyyy (hết ngày này) / the self-assessment deadline (inclusive)
    #[arg(long, value_parser = parse_date, requires = "start")]
    deadline: Option<Date>,
}

#[derive(Args)]
struct ImportArgs {
    #[command(flatten)]
    db: DbArg,
    /// Năm đánh giá / assessment year
    #[arg(long, value_parser = parse_year)]
    year: i64,
    /// Tệp minh chứng CSV hoặc XLSX / the evidence CSV or XLSX
    #[arg(long)]
    evidence: PathBuf,
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// Năm đánh giá / assessment year
    #[arg(long, value_parser = parse_year)]
    year: i64,
    /// Tệp CSV ghi ra (ghi nguyên tử) / the CSV to write (atomically)
    #[arg(short, long)]
    output: PathBuf,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| "cần ngày dd/mm/yyyy / expected a dd/mm/yyyy date".to_string())
}

/// Exit 0 when done; 2 when refused (nothing changed).
pub fn run(args: RoundArgs) -> Result<ExitCode, Error> {
    match args.command {
        RoundCommand::Open(a) => open(a),
        RoundCommand::Import(a) => import(a),
        RoundCommand::Export(a) => export(a),
    }
}

fn open(args: OpenArgs) -> Result<ExitCode, Error> {
    // The unit list is read first: a bad one changes nothing.
    let units = read_units_file(&args.units)?;
    let root = rules_root(&args.rules)?;
    let mut store = Store::open(&args.db.db)?;
    let mut issued: Vec<_> = ensure_admin(&mut store)?.into_iter().collect();
    let cli = Actor::cli();
    let window = args
        .start
        .zip(args.deadline)
        .map(|(start, deadline)| Window { start, deadline });
    let info = open_round(
        &mut store,
        &cli,
        args.year,
        &root,
        args.overlay.overlay.as_deref(),
        window,
    )?;
    store.add_units(&cli, args.year, &units)?;
    let added = store.units(args.year)?;
    issued.extend(unit_accounts(&mut store, &cli, &added)?);
    println!(
        "kỳ {} mở với bộ {} ({}), {} đơn vị / the {} round is open with {} ({}), {} units",
        info.year,
        info.ruleset_id,
        info.ruleset_fingerprint,
        added.len(),
        info.year,
        info.ruleset_id,
        info.ruleset_fingerprint,
        added.len()
    );
    for account in &issued {
        println!("{}", account.line());
    }
    Ok(ExitCode::SUCCESS)
}

fn import(args: ImportArgs) -> Result<ExitCode, Error> {
    let mut store = Store::open(&args.db.db)?;
    let changed = import_evidence_file(&mut store, &Actor::cli(), args.year, &args.evidence)?;
    println!("đã nhập {changed} ô / imported {changed} cells");
    Ok(ExitCode::SUCCESS)
}

fn export(args: ExportArgs) -> Result<ExitCode, Error> {
    let mut inputs = Inputs::new();
    inputs.file(&args.db.db, Role::Database);
    check(&args.output, &inputs)?;
    let store = Store::open(&args.db.db)?;
    let bytes = cchc::round_setup::export_evidence_csv(&store, args.year)?;
    cchc::output::write_atomic(&args.output, &bytes)?;
    Ok(ExitCode::SUCCESS)
}
