//! Accounts created with a one-time password, printed once as
//! `tai_khoan <login> <password> <role> [<unit id>]`.

use crate::accounts::{OsRandom, PasswordHasher, Role, one_time_password};
use crate::error::Error;
use crate::store::{Actor, NewAccount, Store, Unit};

/// An account just created, with the password its holder must change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedAccount {
    /// The login.
    pub login: String,
    /// The one-time password (never stored: only its hash is).
    pub password: String,
    /// The role.
    pub role: Role,
    /// The units a unit account acts for.
    pub units: Vec<String>,
}

impl IssuedAccount {
    /// `tai_khoan <login> <password> <role> [<unit id>]`.
    pub fn line(&self) -> String {
        let mut line = format!(
            "tai_khoan {} {} {}",
            self.login,
            self.password,
            self.role.as_str()
        );
        for unit in &self.units {
            line.push(' ');
            line.push_str(unit);
        }
        line
    }
}

fn hasher() -> Result<PasswordHasher, Error> {
    PasswordHasher::owasp().map_err(|e| Error::Usage(e.to_string()))
}

/// Creates account `login` with `role` (and, for a unit account, the units it
/// acts for) and a one-time password.
pub fn add_user(
    store: &mut Store,
    actor: &Actor,
    login: &str,
    role: Role,
    units: &[String],
) -> Result<IssuedAccount, Error> {
    match (role, units.is_empty()) {
        (Role::Unit, true) => {
            return Err(Error::Usage(
                "tài khoản đơn vị cần ít nhất một --unit / a unit account needs at least one --unit".into(),
            ));
        }
        (Role::Admin | Role::Appraiser, false) => {
            return Err(Error::Usage(format!(
                "vai trò {} không gắn với đơn vị / the {} role has no units",
                role.as_str(),
                role.as_str()
            )));
        }
        _ => {}
    }
    let hasher = hasher()?;
    issue(store, actor, &hasher, login, role, units)
}

fn issue(
    store: &mut Store,
    actor: &Actor,
    hasher: &PasswordHasher,
    login: &str,
    role: Role,
    units: &[String],
) -> Result<IssuedAccount, Error> {
    let random = |e: crate::accounts::RandomError| Error::Usage(e.to_string());
    let password = one_time_password(&mut OsRandom).map_err(random)?;
    let password_hash = hasher
        .hash(&password, &mut OsRandom)
        .map_err(|e| Error::Usage(e.to_string()))?;
    let new = NewAccount {
        login: login.to_string(),
        password_hash,
        role,
    };
    let account = store.add_account(actor, &new)?;
    for unit in units {
        store.link_account_unit(actor, account.id, unit)?;
    }
    Ok(IssuedAccount {
        login: account.login,
        password,
        role,
        units: units.to_vec(),
    })
}

/// On a database without accounts, creates the administrator `admin`;
/// otherwise nothing (the password is shown only at creation).
pub fn ensure_admin(store: &mut Store) -> Result<Option<IssuedAccount>, Error> {
    if store.account_count()? > 0 {
        return Ok(None);
    }
    add_user(store, &Actor::cli(), "admin", Role::Admin, &[]).map(Some)
}

/// One unit account per unit that has none yet, its login the unit id in lower
/// case (`SO-STP` → `so-stp`). A unit id already served by an account (from an
/// earlier round) keeps it: accounts are linked by unit id across rounds.
pub fn unit_accounts(
    store: &mut Store,
    actor: &Actor,
    units: &[Unit],
) -> Result<Vec<IssuedAccount>, Error> {
    let hasher = hasher()?;
    let mut issued = Vec::new();
    for unit in units {
        let login = unit.ma_don_vi.to_lowercase();
        if store.account_by_login(&login)?.is_some() {
            continue;
        }
        issued.push(issue(
            store,
            actor,
            &hasher,
            &login,
            Role::Unit,
            std::slice::from_ref(&unit.ma_don_vi),
        )?);
    }
    Ok(issued)
}

fn existing(store: &Store, login: &str) -> Result<crate::accounts::Account, Error> {
    store.account_by_login(login)?.ok_or_else(|| {
        Error::Usage(format!(
            "không có tài khoản {login} / there is no account {login}"
        ))
    })
}

/// Disables (or enables) account `login`; disabling ends all its sessions.
/// Accounts are never deleted: the audit log names them.
pub fn set_account_disabled(
    store: &mut Store,
    actor: &Actor,
    login: &str,
    disabled: bool,
) -> Result<(), Error> {
    use crate::accounts::SessionStore;
    let account = existing(store, login)?;
    store.set_account_disabled(actor, account.id, disabled)?;
    if disabled {
        store.remove_account(account.id)?;
    }
    Ok(())
}

/// Gives account `login` a new one-time password and ends its sessions (a
/// clerk who forgot theirs).
pub fn reset_password(
    store: &mut Store,
    actor: &Actor,
    login: &str,
) -> Result<IssuedAccount, Error> {
    use crate::accounts::SessionStore;
    let account = existing(store, login)?;
    let password = one_time_password(&mut OsRandom).map_err(|e| Error::Usage(e.to_string()))?;
    let hash = hasher()?
        .hash(&password, &mut OsRandom)
        .map_err(|e| Error::Usage(e.to_string()))?;
    store.set_password_hash(actor, account.id, &hash)?;
    store.remove_account(account.id)?;
    Ok(IssuedAccount {
        login: account.login,
        password,
        role: account.role,
        units: account.units.into_iter().map(|u| u.0).collect(),
    })
}
