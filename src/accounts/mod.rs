//! Accounts and security for `cchc serve` (issue #15, item 6): who may do what,
//! with no HTTP and no SQL. The server calls these functions on every route; the
//! store (`src/store/`) implements the small traits they need ([`SessionStore`])
//! and keeps the plain records ([`Account`], [`Session`]).
//!
//! Everything that depends on time or chance takes it as an argument: the clock
//! as a [`UnixTime`], randomness as a [`SecureRandom`] ([`OsRandom`] in the
//! server), so every rule here is tested deterministically.
//!
//! - [`password`]: argon2id hashes (OWASP parameters), the password policy,
//!   one-time passwords for the administrator and the demo accounts.
//! - [`authorize()`]: the one permission check, role × action × target.
//! - [`session`]: server-side sessions (ids stored hashed, idle and absolute
//!   expiry, rotation on login), CSRF tokens, the session cookie.
//! - [`throttle`]: login throttling per account and per address; [`login`]: a
//!   login attempt and a password change put together.

mod argon;
pub mod authorize;
pub mod cookie;
pub mod login;
pub mod password;
pub mod random;
pub mod role;
pub mod session;
pub mod throttle;

pub use authorize::{Action, Denied, Target, authorize};
pub use cookie::CookieSettings;
pub use login::{ChangeError, LoggedIn, LoginError, attempt, change_password};
pub use password::{PasswordError, PasswordHasher, Verdict, check_policy, one_time_password};
pub use random::{OsRandom, RandomError, SecureRandom};
pub use role::{Account, AccountId, Role, UnitId};
pub use session::{
    Issued, MemorySessions, Session, SessionError, SessionKey, SessionPolicy, SessionStore,
    Sessions, check_csrf,
};
pub use throttle::{LoginThrottle, RetryAfter, Throttle, ThrottlePolicy};

/// Seconds since the Unix epoch, UTC: the clock every rule here is given. The
/// library never reads the system clock (tests/determinism.rs); the server builds
/// it from `SystemTime::now()` per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub u64);

impl UnixTime {
    /// Seconds from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: UnixTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }

    /// `self` plus `secs`, saturating.
    pub fn plus(self, secs: u64) -> UnixTime {
        UnixTime(self.0.saturating_add(secs))
    }
}
