//! A login attempt and a password change, as the routes run them: throttle
//! first (no hashing while throttled), the same work and answer for an unknown
//! login as for a wrong password, disabled accounts refused.

use super::UnixTime;
use super::password::{PasswordError, PasswordHasher, Verdict, check_policy};
use super::random::SecureRandom;
use super::role::Account;
use super::throttle::{LoginThrottle, RetryAfter};
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Why a login failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    /// Too many failures (429 with `Retry-After`).
    #[error(transparent)]
    Throttled(#[from] RetryAfter),
    /// Unknown login or wrong password: one answer for both (401).
    #[error("sai tên đăng nhập hoặc mật khẩu / wrong login or password")]
    BadCredentials,
    /// The right password for a disabled account (403).
    #[error("tài khoản đã bị khóa / the account is disabled")]
    Disabled,
    /// The stored hash is unusable (500; the account needs a password reset).
    #[error(transparent)]
    Password(#[from] PasswordError),
}

/// A successful login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedIn {
    /// The stored hash uses old parameters: store `PasswordHasher::hash` of the
    /// password just given.
    pub needs_rehash: bool,
}

/// Checks a login of `login` with `password` from `address` at `now`; `account`
/// is what the store found under that login (`None` if nothing). The throttle is
/// shared by every request; it is locked only to check and to record, never
/// while the password is hashed, so concurrent logins do not queue behind one
/// another's argon2 work.
pub fn attempt(
    hasher: &PasswordHasher,
    throttle: &Mutex<LoginThrottle>,
    account: Option<&Account>,
    login: &str,
    password: &str,
    address: IpAddr,
    now: UnixTime,
) -> Result<LoggedIn, LoginError> {
    lock(throttle).check(login, address, now)?;
    let verdict = match account {
        Some(account) => hasher.verify(password, &account.password_hash)?,
        None => hasher.verify_unknown(password),
    };
    match (verdict, account) {
        (Verdict::Match { needs_rehash }, Some(account)) => {
            if account.disabled {
                return Err(LoginError::Disabled);
            }
            lock(throttle).succeed(login);
            Ok(LoggedIn { needs_rehash })
        }
        _ => {
            lock(throttle).fail(login, address, now);
            Err(LoginError::BadCredentials)
        }
    }
}

/// The throttle, even if a thread panicked while holding it: its counts stay
/// meaningful (each update is a single map operation).
fn lock(throttle: &Mutex<LoginThrottle>) -> MutexGuard<'_, LoginThrottle> {
    throttle.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why a password change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// The current password given is wrong.
    #[error("mật khẩu hiện tại không đúng / the current password is wrong")]
    WrongCurrent,
    /// The new password breaks the policy, or hashing failed.
    #[error(transparent)]
    Password(#[from] PasswordError),
}

/// The new hash to store when `account` changes its password from `current` to
/// `new`. The caller stores it and ends the account's other sessions
/// (`SessionStore::remove_account`, then a new login).
pub fn change_password(
    hasher: &PasswordHasher,
    rng: &mut dyn SecureRandom,
    account: &Account,
    current: &str,
    new: &str,
) -> Result<String, ChangeError> {
    match hasher.verify(current, &account.password_hash)? {
        Verdict::Match { .. } => {}
        Verdict::Mismatch => return Err(ChangeError::WrongCurrent),
    }
    check_policy(new, &account.login)?;
    Ok(hasher.hash(new, rng)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::random::testing::Counter;
    use crate::accounts::role::{AccountId, Role, UnitId};

    const T0: UnixTime = UnixTime(1_780_000_000);
    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    fn setup(disabled: bool) -> (PasswordHasher, Account) {
        let hasher = PasswordHasher::with_cost(64, 1, 1).unwrap();
        let hash = hasher.hash("mật khẩu cũ 2024", &mut Counter(5)).unwrap();
        let account = Account {
            id: AccountId(3),
            login: "ubnd-a".into(),
            role: Role::Unit,
            units: vec![UnitId("UBND-A".into())],
            password_hash: hash,
            disabled,
        };
        (hasher, account)
    }

    #[test]
    fn right_wrong_unknown_and_disabled() {
        let (hasher, account) = setup(false);
        let t = Mutex::new(LoginThrottle::default());
        let go = |t: &Mutex<LoginThrottle>, a: Option<&Account>, pw: &str| {
            attempt(&hasher, t, a, "ubnd-a", pw, HOME, T0)
        };
        assert_eq!(
            go(&t, Some(&account), "mật khẩu cũ 2024"),
            Ok(LoggedIn {
                needs_rehash: false
            })
        );
        assert_eq!(
            go(&t, Some(&account), "sai"),
            Err(LoginError::BadCredentials)
        );
        assert_eq!(
            go(&t, None, "mật khẩu cũ 2024"),
            Err(LoginError::BadCredentials)
        );
        let (_, disabled) = setup(true);
        assert_eq!(
            go(&t, Some(&disabled), "mật khẩu cũ 2024"),
            Err(LoginError::Disabled)
        );
    }

    #[test]
    fn throttled_logins_are_refused_before_the_password_is_checked() {
        let (hasher, account) = setup(false);
        let t = Mutex::new(LoginThrottle::default());
        let go = |pw: &str, now| attempt(&hasher, &t, Some(&account), "ubnd-a", pw, HOME, now);
        for _ in 0..5 {
            assert_eq!(go("sai", T0), Err(LoginError::BadCredentials));
        }
        // Even the right password waits until the backoff is over.
        assert_eq!(
            go("mật khẩu cũ 2024", T0),
            Err(LoginError::Throttled(RetryAfter(1)))
        );
        assert!(go("mật khẩu cũ 2024", T0.plus(1)).is_ok());
        // The success reset the account: a new wrong password is a plain failure.
        assert_eq!(go("sai", T0.plus(1)), Err(LoginError::BadCredentials));
    }

    #[test]
    fn changing_the_password() {
        let (hasher, account) = setup(false);
        let mut rng = Counter(9);
        assert_eq!(
            change_password(&hasher, &mut rng, &account, "sai", "mật khẩu mới 2025"),
            Err(ChangeError::WrongCurrent)
        );
        assert_eq!(
            change_password(&hasher, &mut rng, &account, "mật khẩu cũ 2024", "ngắn"),
            Err(ChangeError::Password(PasswordError::TooShort))
        );
        let new = change_password(
            &hasher,
            &mut rng,
            &account,
            "mật khẩu cũ 2024",
            "mật khẩu mới 2025",
        )
        .unwrap();
        assert_eq!(
            hasher.verify("mật khẩu mới 2025", &new).unwrap(),
            Verdict::Match {
                needs_rehash: false
            }
        );
    }
}
