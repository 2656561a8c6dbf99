//! `cchc backup`: a copy of the database (and its documents) while the server runs.

use cchc::error::Error;
use cchc::store::Store;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct BackupArgs {
    /// Tệp cơ sở dữ liệu / the database file
    #[arg(long, default_value = "cchc.db")]
    db: PathBuf,
    /// Bản sao (chưa có; tài liệu chép vào <bản sao>.documents/) / the copy (must not exist; documents go to <copy>.documents/)
    #[arg(short, long)]
    output: PathBuf,
}

/// Exit 0 when the copy is whole; 2 when refused (nothing written).
pub fn run(args: BackupArgs) -> Result<ExitCode, Error> {
    if !args.db.is_file() {
        return Err(Error::Usage(format!(
            "không có cơ sở dữ liệu {} / there is no database {}",
            args.db.display(),
            args.db.display()
        )));
    }
    let store = Store::open(&args.db)?;
    let summary = store.backup_to(&args.output)?;
    println!(
        "đã sao lưu {} → {} ({} tài liệu) / backed up {} → {} ({} documents)",
        args.db.display(),
        args.output.display(),
        summary.documents,
        args.db.display(),
        args.output.display(),
        summary.documents
    );
    Ok(ExitCode::SUCCESS)
}
