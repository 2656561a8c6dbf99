//! `cchc user add`: an account with a one-time password.

use cchc::accounts::Role;
use cchc::error::Error;
use cchc::round_setup::add_user;
use cchc::store::{Actor, Store};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Tạo tài khoản, in mật khẩu dùng một lần / create an account and print its one-time password
    Add(AddArgs),
}

#[derive(Args)]
struct AddArgs {
    /// Tệp cơ sở dữ liệu / the database file
    #[arg(long, default_value = "cchc.db")]
    db: PathBuf,
    /// Tên đăng nhập / the login
    #[arg(long)]
    login: String,
    /// Vai trò: admin, appraiser, unit / the role
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// Mã đơn vị (với vai trò unit; lặp lại cho nhiều đơn vị) / a unit id (role unit; repeat for several)
    #[arg(long = "unit")]
    units: Vec<String>,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        "cần admin, appraiser hoặc unit / expected admin, appraiser or unit".to_string()
    })
}

/// Prints the account's `tai_khoan` line; exit 2 when refused.
pub fn run(args: UserArgs) -> Result<ExitCode, Error> {
    let UserCommand::Add(args) = args.command;
    let mut store = Store::open(&args.db)?;
    let issued = add_user(
        &mut store,
        &Actor::cli(),
        &args.login,
        args.role,
        &args.units,
    )?;
    println!("{}", issued.line());
    Ok(ExitCode::SUCCESS)
}
