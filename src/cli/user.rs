//! `cchc user add`: an account with a one-time password.

use cchc::accounts::Role;
use cchc::error::Error;
use cchc::round_setup::{add_user, reset_password, set_account_disabled};
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
    /// Khóa tài khoản (không xóa); mọi phiên của nó kết thúc / disable an account (never deleted); its sessions end
    Disable(LoginArgs),
    /// Mở khóa tài khoản / enable a disabled account
    Enable(LoginArgs),
    /// Đặt lại mật khẩu bằng mật khẩu dùng một lần mới / reset the password to a new one-time password
    Reset(LoginArgs),
}

#[derive(Args)]
struct LoginArgs {
    /// Tệp cơ sở dữ liệu / the database file
    #[arg(long, default_value = "cchc.db")]
    db: PathBuf,
    /// Tên đăng nhập / the login
    #[arg(long)]
    login: String,
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
    /// Nhóm tiêu chí được thẩm định (với vai trò appraiser: 1, 2, …; mặc định tất cả) / a group of criteria to appraise (role appraiser: 1, 2, …; default all)
    #[arg(long = "group")]
    groups: Vec<String>,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        "cần admin, appraiser hoặc unit / expected admin, appraiser or unit".to_string()
    })
}

/// Prints the account's `tai_khoan` line (add, reset) or what changed; exit 2
/// when refused.
pub fn run(args: UserArgs) -> Result<ExitCode, Error> {
    match args.command {
        UserCommand::Add(args) => {
            if args.role != Role::Appraiser && !args.groups.is_empty() {
                return Err(Error::Usage(
                    "--group chỉ dùng với vai trò appraiser / --group is for the appraiser role"
                        .into(),
                ));
            }
            let mut store = Store::open(&args.db)?;
            let issued = add_user(
                &mut store,
                &Actor::cli(),
                &args.login,
                args.role,
                &args.units,
            )?;
            if args.role == Role::Appraiser {
                let groups = if args.groups.is_empty() {
                    vec!["*".to_string()]
                } else {
                    args.groups.clone()
                };
                if let Some(account) = store.account_by_login(&issued.login)? {
                    store.set_appraiser_groups(&Actor::cli(), account.id, &groups)?;
                }
            }
            println!("{}", issued.line());
        }
        UserCommand::Disable(args) => {
            set_disabled(&args, true)?;
            println!("đã khóa {} / {} disabled", args.login, args.login);
        }
        UserCommand::Enable(args) => {
            set_disabled(&args, false)?;
            println!("đã mở khóa {} / {} enabled", args.login, args.login);
        }
        UserCommand::Reset(args) => {
            let mut store = Store::open(&args.db)?;
            println!(
                "{}",
                reset_password(&mut store, &Actor::cli(), &args.login)?.line()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn set_disabled(args: &LoginArgs, disabled: bool) -> Result<(), Error> {
    let mut store = Store::open(&args.db)?;
    set_account_disabled(&mut store, &Actor::cli(), &args.login, disabled)
}
