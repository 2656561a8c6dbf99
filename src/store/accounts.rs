//! Account rows: login, password hash (computed and checked by the caller:
//! this module never sees a password), role, disabled flag, and the units a
//! unit account serves. Accounts are disabled, never deleted (a trigger refuses it).

use super::audit::{self, Action, Actor, Entry};
use super::limits::MAX_ID_CHARS;
use super::{Store, StoreCtx, check_len, now_ms};
use crate::error::Error;
use rusqlite::{OptionalExtension, Transaction, params};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The Sở: rounds, units, accounts, every unit's data.
    Admin,
    /// An appraiser (part 2: assigned groups of criteria).
    Appraiser,
    /// A unit: its own units' evidence.
    Unit,
}

impl Role {
    /// The stored code (`admin`, `appraiser`, `unit`).
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Appraiser => "appraiser",
            Role::Unit => "unit",
        }
    }

    /// The role of a code.
    pub fn parse(code: &str) -> Option<Role> {
        match code {
            "admin" => Some(Role::Admin),
            "appraiser" => Some(Role::Appraiser),
            "unit" => Some(Role::Unit),
            _ => None,
        }
    }
}

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Login (unique).
    pub login: String,
    /// The password hash (PHC string), made by `accounts`.
    pub password_hash: String,
    /// Role.
    pub role: Role,
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// Login.
    pub login: String,
    /// Password hash (PHC string).
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
}

const SELECT_ACCOUNT: &str =
    "SELECT id, login, password_hash, role, disabled, created_at FROM accounts";

impl Store {
    /// Creates an account; a login already taken is refused.
    pub fn add_account(&mut self, actor: &Actor, account: &NewAccount) -> Result<Account, Error> {
        let login = account.login.trim();
        let ctx = self.ctx();
        if login.is_empty() {
            return Err(ctx.fail("tên đăng nhập trống", "the login is empty"));
        }
        check_len(&ctx, login, MAX_ID_CHARS, ("tên đăng nhập", "the login"))?;
        check_len(&ctx, &account.password_hash, 1_000, ("mã băm", "the hash"))?;
        self.write(|tx, ctx| {
            let inserted = tx
                .execute(
                    "INSERT INTO accounts (login, password_hash, role, created_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (login) DO NOTHING",
                    params![login, account.password_hash, account.role.code(), now_ms()],
                )
                .map_err(|e| ctx.sql(e))?;
            if inserted == 0 {
                return Err(ctx.fail(
                    format!("tên đăng nhập {login} đã có"),
                    format!("the login {login} is taken"),
                ));
            }
            let entry = Entry {
                new_value: Some(&format!("{login} {}", account.role.code())),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AccountCreated, entry)
        })?;
        self.account_by_login(login)?.ok_or_else(|| {
            self.ctx()
                .fail("tài khoản vừa tạo không thấy", "the new account is missing")
        })
    }

    /// The account with `login`, if any.
    pub fn account_by_login(&self, login: &str) -> Result<Option<Account>, Error> {
        let ctx = self.ctx();
        let raw = self
            .conn
            .query_row(
                &format!("{SELECT_ACCOUNT} WHERE login = ?1"),
                [login],
                raw_account,
            )
            .optional()
            .map_err(|e| ctx.sql(e))?;
        raw.map(|r| check_account(&ctx, r)).transpose()
    }

    /// The account with row id `id`, if any.
    pub fn account(&self, id: i64) -> Result<Option<Account>, Error> {
        let ctx = self.ctx();
        let raw = self
            .conn
            .query_row(
                &format!("{SELECT_ACCOUNT} WHERE id = ?1"),
                [id],
                raw_account,
            )
            .optional()
            .map_err(|e| ctx.sql(e))?;
        raw.map(|r| check_account(&ctx, r)).transpose()
    }

    /// How many accounts exist (first start creates the administrator when none).
    pub fn account_count(&self) -> Result<i64, Error> {
        self.conn
            .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
            .map_err(|e| self.ctx().sql(e))
    }

    /// Disables (or re-enables) an account.
    pub fn set_account_disabled(
        &mut self,
        actor: &Actor,
        id: i64,
        disabled: bool,
    ) -> Result<(), Error> {
        self.write(|tx, ctx| {
            update_account(
                tx,
                ctx,
                id,
                "UPDATE accounts SET disabled = ?2 WHERE id = ?1",
                disabled,
            )?;
            let entry = Entry {
                new_value: Some(&format!("{id} {disabled}")),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AccountDisabled, entry)
        })
    }

    /// Replaces an account's password hash (the hash is never logged).
    pub fn set_password_hash(
        &mut self,
        actor: &Actor,
        id: i64,
        password_hash: &str,
    ) -> Result<(), Error> {
        check_len(&self.ctx(), password_hash, 1_000, ("mã băm", "the hash"))?;
        self.write(|tx, ctx| {
            update_account(
                tx,
                ctx,
                id,
                "UPDATE accounts SET password_hash = ?2 WHERE id = ?1",
                password_hash,
            )?;
            let entry = Entry {
                new_value: Some(&id.to_string()),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::PasswordChanged, entry)
        })
    }

    /// Lets account `id` act for unit `ma_don_vi` in every round that has it.
    pub fn link_account_unit(
        &mut self,
        actor: &Actor,
        id: i64,
        ma_don_vi: &str,
    ) -> Result<(), Error> {
        self.write(|tx, ctx| {
            tx.execute(
                "INSERT INTO account_units (account_id, ma_don_vi) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![id, ma_don_vi],
            )
            .map_err(|e| ctx.sql(e))?;
            let entry = Entry {
                ma_don_vi: Some(ma_don_vi),
                new_value: Some(&id.to_string()),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AccountLinked, entry)
        })
    }

    /// The unit ids account `id` acts for.
    pub fn account_units(&self, id: i64) -> Result<Vec<String>, Error> {
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare("SELECT ma_don_vi FROM account_units WHERE account_id = ?1 ORDER BY ma_don_vi")
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt.query_map([id], |r| r.get(0)).map_err(|e| ctx.sql(e))?;
        rows.collect::<Result<Vec<String>, _>>()
            .map_err(|e| ctx.sql(e))
    }
}

fn update_account(
    tx: &Transaction<'_>,
    ctx: &StoreCtx<'_>,
    id: i64,
    sql: &str,
    value: impl rusqlite::ToSql,
) -> Result<(), Error> {
    let changed = tx
        .execute(sql, params![id, value])
        .map_err(|e| ctx.sql(e))?;
    if changed == 0 {
        return Err(ctx.fail(
            format!("không có tài khoản {id}"),
            format!("there is no account {id}"),
        ));
    }
    Ok(())
}

type RawAccount = (i64, String, String, String, bool, i64);

fn raw_account(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawAccount> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn check_account(
    ctx: &StoreCtx<'_>,
    (id, login, password_hash, role, disabled, created_at): RawAccount,
) -> Result<Account, Error> {
    let role = Role::parse(&role).ok_or_else(|| {
        ctx.fail(
            format!("vai trò không hợp lệ: {role}"),
            format!("invalid role: {role}"),
        )
    })?;
    Ok(Account {
        id,
        login,
        password_hash,
        role,
        disabled,
        created_at,
    })
}
