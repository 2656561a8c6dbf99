//! `cchc serve`: the web application on one SQLite file.

use cchc::error::Error;
use cchc::server::{ServeConfig, serve};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ServeArgs {
    /// Tệp cơ sở dữ liệu (tài liệu lưu ở <tệp>.documents/ bên cạnh) / the database file (documents in <file>.documents/ beside it)
    #[arg(long, default_value = "cchc.db")]
    db: PathBuf,
    /// Địa chỉ lắng nghe / the address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Đánh dấu cookie Secure (khi chạy sau proxy TLS) / mark cookies Secure (behind a TLS proxy)
    #[arg(long)]
    secure_cookies: bool,
}

/// Serves until SIGTERM or Ctrl-C (exit 0), or fails to start (exit 2).
pub fn run(args: ServeArgs) -> Result<ExitCode, Error> {
    let config = ServeConfig {
        db: args.db,
        listen: args.listen,
        secure_cookies: args.secure_cookies,
    };
    serve(&config, |addr| {
        println!("cchc serve: http://{addr}/");
    })?;
    Ok(ExitCode::SUCCESS)
}
