//! `cchc serve`: the web application on one SQLite file.

use super::args::{RulesArg, rules_help};
use super::inputs::rules_and_sample;
use cchc::error::Error;
use cchc::round_setup::{IssuedAccount, ensure_admin, seed_demo};
use cchc::server::{ServeConfig, serve, vietnam_today};
use cchc::store::Store;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
#[command(mut_arg("rules", |a| rules_help(a, "cho các kỳ mở mới và --demo", "for rounds opened from now on and --demo")))]
pub struct ServeArgs {
    /// Tệp cơ sở dữ liệu (mặc định cchc.db, với --demo cchc-demo.db; tài liệu lưu ở <tệp>.documents/) / the database file (default cchc.db, with --demo cchc-demo.db; documents in <file>.documents/)
    #[arg(long)]
    db: Option<PathBuf>,
    /// Địa chỉ lắng nghe / the address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    #[command(flatten)]
    rules: RulesArg,
    /// Tạo (hoặc mở lại) cơ sở dữ liệu thử từ tỉnh mẫu: kỳ 2024 và 2025, các tài khoản / create (or reopen) a demo database from the sample province: the 2024 and 2025 rounds and their accounts
    #[arg(long)]
    demo: bool,
    /// Đánh dấu cookie Secure (khi chạy sau proxy TLS) / mark cookies Secure (behind a TLS proxy)
    #[arg(long)]
    secure_cookies: bool,
}

/// Prints the accounts it created (once), then serves until SIGTERM or Ctrl-C
/// (exit 0); exit 2 when it cannot start.
pub fn run(args: ServeArgs) -> Result<ExitCode, Error> {
    let default_db = if args.demo { "cchc-demo.db" } else { "cchc.db" };
    let db = args.db.unwrap_or_else(|| PathBuf::from(default_db));
    let issued = first_accounts(&args.rules, &db, args.demo)?;
    let rules = super::inputs::rules_root(&args.rules)?;
    if !issued.is_empty() {
        println!(
            "# tài khoản mới, mật khẩu chỉ hiện một lần này; đổi mật khẩu sau khi đăng nhập / new accounts, passwords shown this once; change them after logging in"
        );
    }
    for account in &issued {
        println!("{}", account.line());
    }
    let config = ServeConfig {
        db,
        listen: args.listen,
        secure_cookies: args.secure_cookies,
        rules,
    };
    serve(&config, |addr| {
        println!("cchc serve: http://{addr}/");
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The demo's rounds and accounts, or the administrator of a new database.
fn first_accounts(
    rules: &RulesArg,
    db: &std::path::Path,
    demo: bool,
) -> Result<Vec<IssuedAccount>, Error> {
    let mut store = Store::open(db)?;
    if demo {
        let (rules_root, sample) = rules_and_sample(rules)?;
        let today = vietnam_today().ok_or_else(|| {
            Error::Usage("đồng hồ hệ thống sai / the system clock is wrong".into())
        })?;
        seed_demo(&mut store, &rules_root, &sample, today)
    } else {
        Ok(ensure_admin(&mut store)?.into_iter().collect())
    }
}
