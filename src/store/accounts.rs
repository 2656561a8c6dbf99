//! Account rows: login, password hash (computed and checked by the caller:
//! this module never sees a password), role, disabled flag, and the units a
//! unit account serves. Accounts are disabled, never deleted (a trigger refuses it).

use super::audit::{self, Action, Actor, Entry};
use super::limits::MAX_ID_CHARS;
use super::{Store, StoreCtx, check_len, now_ms};
use crate::accounts::{Account, AccountId, Role, UnitId};
use crate::error::Error;
use rusqlite::{OptionalExtension, Transaction, params};

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

const SELECT_ACCOUNT: &str = "SELECT id, login, password_hash, role, disabled FROM accounts";

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
                    params![login, account.password_hash, account.role.as_str(), now_ms()],
                )
                .map_err(|e| ctx.sql(e))?;
            if inserted == 0 {
                return Err(ctx.fail(
                    format!("tên đăng nhập {login} đã có"),
                    format!("the login {login} is taken"),
                ));
            }
            let entry = Entry {
                new_value: Some(&format!("{login} {}", account.role.as_str())),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AccountCreated, entry)
        })?;
        self.account_by_login(login)?.ok_or_else(|| {
            self.ctx()
                .fail("tài khoản vừa tạo không thấy", "the new account is missing")
        })
    }

    /// Every account, by login (disabled ones included: they are never deleted).
    pub fn accounts(&self) -> Result<Vec<Account>, Error> {
        let ctx = self.ctx();
        let raws = {
            let mut stmt = self
                .conn
                .prepare(&format!("{SELECT_ACCOUNT} ORDER BY login"))
                .map_err(|e| ctx.sql(e))?;
            let rows = stmt.query_map([], raw_account).map_err(|e| ctx.sql(e))?;
            rows.collect::<Result<Vec<RawAccount>, _>>()
                .map_err(|e| ctx.sql(e))?
        };
        raws.into_iter().map(|r| self.check_account(r)).collect()
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
        raw.map(|r| self.check_account(r)).transpose()
    }

    /// The account with row id `id`, if any.
    pub fn account(&self, id: AccountId) -> Result<Option<Account>, Error> {
        let ctx = self.ctx();
        let raw = self
            .conn
            .query_row(
                &format!("{SELECT_ACCOUNT} WHERE id = ?1"),
                [id.0],
                raw_account,
            )
            .optional()
            .map_err(|e| ctx.sql(e))?;
        raw.map(|r| self.check_account(r)).transpose()
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
        id: AccountId,
        disabled: bool,
    ) -> Result<(), Error> {
        self.write(|tx, ctx| {
            update_account(
                tx,
                ctx,
                id.0,
                "UPDATE accounts SET disabled = ?2 WHERE id = ?1",
                disabled,
            )?;
            let entry = Entry {
                new_value: Some(&format!("{} {disabled}", id.0)),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AccountDisabled, entry)
        })
    }

    /// Replaces an account's password hash (the hash is never logged).
    pub fn set_password_hash(
        &mut self,
        actor: &Actor,
        id: AccountId,
        password_hash: &str,
    ) -> Result<(), Error> {
        check_len(&self.ctx(), password_hash, 1_000, ("mã băm", "the hash"))?;
        self.write(|tx, ctx| {
            update_account(
                tx,
                ctx,
                id.0,
                "UPDATE accounts SET password_hash = ?2 WHERE id = ?1",
                password_hash,
            )?;
            let entry = Entry {
                new_value: Some(&id.0.to_string()),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::PasswordChanged, entry)
        })
    }

    /// Lets account `id` act for unit `ma_don_vi` in every round that has it.
    pub fn link_account_unit(
        &mut self,
        actor: &Actor,
        id: AccountId,
        ma_don_vi: &str,
    ) -> Result<(), Error> {
        self.write(|tx, ctx| {
            tx.execute(
                "INSERT INTO account_units (account_id, ma_don_vi) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![id.0, ma_don_vi],
            )
            .map_err(|e| ctx.sql(e))?;
            let entry = Entry {
                ma_don_vi: Some(ma_don_vi),
                new_value: Some(&id.0.to_string()),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AccountLinked, entry)
        })
    }

    /// The unit ids account `id` acts for.
    pub fn account_units(&self, id: AccountId) -> Result<Vec<UnitId>, Error> {
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare("SELECT ma_don_vi FROM account_units WHERE account_id = ?1 ORDER BY ma_don_vi")
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map([id.0], |r| r.get(0).map(UnitId))
            .map_err(|e| ctx.sql(e))?;
        rows.collect::<Result<Vec<UnitId>, _>>()
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

type RawAccount = (i64, String, String, String, bool);

fn raw_account(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawAccount> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

impl Store {
    /// The account of a row, with the units it acts for.
    fn check_account(
        &self,
        (id, login, password_hash, role, disabled): RawAccount,
    ) -> Result<Account, Error> {
        let role = Role::parse(&role).ok_or_else(|| {
            self.ctx().fail(
                format!("vai trò không hợp lệ: {role}"),
                format!("invalid role: {role}"),
            )
        })?;
        let id = AccountId(id);
        Ok(Account {
            id,
            units: self.account_units(id)?,
            login,
            role,
            password_hash,
            disabled,
        })
    }
}
