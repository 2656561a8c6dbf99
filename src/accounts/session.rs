//! Server-side sessions: a 256-bit random id given to the browser, only its
//! SHA-256 kept in the store (a leaked database gives no live session), idle and
//! absolute expiry, a new id on every login (no session fixation), and a CSRF
//! token per session compared in constant time.

use super::UnixTime;
use super::random::{RandomError, SecureRandom, bytes32, hex};
use super::role::AccountId;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The SHA-256 of a session token: how the store finds a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionKey(pub [u8; 32]);

impl SessionKey {
    /// The key of `token` (the text the cookie carries).
    pub fn of(token: &str) -> SessionKey {
        SessionKey(Sha256::digest(token.as_bytes()).into())
    }
}

/// A session as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The hashed id.
    pub key: SessionKey,
    /// Whose session.
    pub account: AccountId,
    /// When it was created (absolute expiry counts from here).
    pub created: UnixTime,
    /// The last request (idle expiry counts from here).
    pub last_seen: UnixTime,
    /// The CSRF token pages and API clients send back on state-changing requests.
    pub csrf: String,
}

/// What the session store must do; the SQLite store implements it.
pub trait SessionStore {
    /// The store's own error.
    type Error: std::fmt::Display;
    /// Adds a new session.
    fn insert(&mut self, session: Session) -> Result<(), Self::Error>;
    /// The session with this key, if any.
    fn get(&mut self, key: &SessionKey) -> Result<Option<Session>, Self::Error>;
    /// Records a request at `now` on the session.
    fn touch(&mut self, key: &SessionKey, now: UnixTime) -> Result<(), Self::Error>;
    /// Removes one session (logout, expiry, rotation).
    fn remove(&mut self, key: &SessionKey) -> Result<(), Self::Error>;
    /// Removes every session of an account (password change, account disabled).
    fn remove_account(&mut self, account: AccountId) -> Result<(), Self::Error>;
}

/// Why a request has no valid session (the API answers 401), or a CSRF failure (403).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// No session cookie, or one the store does not know.
    #[error("chưa đăng nhập / not logged in")]
    Missing,
    /// The session passed its idle or absolute lifetime.
    #[error(
        "phiên làm việc đã hết hạn, vui lòng đăng nhập lại / the session has expired, please log in again"
    )]
    Expired,
    /// A state-changing request without the session's CSRF token.
    #[error("thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF) / missing or wrong CSRF token")]
    Csrf,
    /// The store failed.
    #[error("lỗi lưu trữ phiên / session store error: {0}")]
    Store(String),
    /// No randomness for a new id.
    #[error(transparent)]
    Random(#[from] RandomError),
}

fn store_err(e: impl std::fmt::Display) -> SessionError {
    SessionError::Store(e.to_string())
}

/// Session lifetimes, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Without a request for this long, the session ends (30 minutes: OWASP's
    /// range for low-risk applications; a shared office PC left unlocked).
    pub idle: u64,
    /// Whatever the activity, a session ends this long after login (12 hours:
    /// one working day, so a stolen cookie does not live for ever).
    pub absolute: u64,
}

impl Default for SessionPolicy {
    fn default() -> SessionPolicy {
        SessionPolicy {
            idle: 30 * 60,
            absolute: 12 * 60 * 60,
        }
    }
}

impl SessionPolicy {
    /// Whether `session` is past its idle or absolute lifetime at `now` (also what
    /// the store's periodic sweep deletes).
    pub fn expired(&self, session: &Session, now: UnixTime) -> bool {
        now.since(session.last_seen) >= self.idle || now.since(session.created) >= self.absolute
    }
}

/// A session just created: what the response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// The session id for the cookie (64 hex digits; never stored).
    pub token: String,
    /// The CSRF token for the page or the API client.
    pub csrf: String,
    /// The stored record.
    pub session: Session,
}

/// The session rules over any [`SessionStore`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Sessions {
    /// The lifetimes.
    pub policy: SessionPolicy,
}

impl Sessions {
    /// Starts a session for `account` after a successful login. The session the
    /// browser presented before (`previous` token), if any, is removed first: the
    /// id always changes at login.
    pub fn login<S: SessionStore>(
        &self,
        store: &mut S,
        rng: &mut dyn SecureRandom,
        account: AccountId,
        previous: Option<&str>,
        now: UnixTime,
    ) -> Result<Issued, SessionError> {
        if let Some(previous) = previous {
            store.remove(&SessionKey::of(previous)).map_err(store_err)?;
        }
        let token = hex(&bytes32(rng)?);
        let csrf = hex(&bytes32(rng)?);
        let session = Session {
            key: SessionKey::of(&token),
            account,
            created: now,
            last_seen: now,
            csrf: csrf.clone(),
        };
        store.insert(session.clone()).map_err(store_err)?;
        Ok(Issued {
            token,
            csrf,
            session,
        })
    }

    /// The live session for the cookie's `token`, touched at `now`; an expired
    /// one is removed and refused.
    pub fn resolve<S: SessionStore>(
        &self,
        store: &mut S,
        token: &str,
        now: UnixTime,
    ) -> Result<Session, SessionError> {
        // Only our own shape is looked up: 64 hex digits.
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(SessionError::Missing);
        }
        let key = SessionKey::of(token);
        let mut session = store
            .get(&key)
            .map_err(store_err)?
            .ok_or(SessionError::Missing)?;
        if self.policy.expired(&session, now) {
            store.remove(&key).map_err(store_err)?;
            return Err(SessionError::Expired);
        }
        store.touch(&key, now).map_err(store_err)?;
        session.last_seen = now;
        Ok(session)
    }

    /// Ends the session of `token` (logout).
    pub fn logout<S: SessionStore>(&self, store: &mut S, token: &str) -> Result<(), SessionError> {
        store.remove(&SessionKey::of(token)).map_err(store_err)
    }
}

/// Whether the request's CSRF token (header `X-CSRF-Token` or form field) is the
/// session's, compared in constant time.
pub fn check_csrf(session: &Session, presented: Option<&str>) -> Result<(), SessionError> {
    let presented = presented.unwrap_or_default();
    if !presented.is_empty() && bool::from(session.csrf.as_bytes().ct_eq(presented.as_bytes())) {
        Ok(())
    } else {
        Err(SessionError::Csrf)
    }
}

/// A session store in memory: the reference implementation of the contract, for
/// tests (the server keeps its sessions in SQLite).
#[derive(Debug, Default)]
pub struct MemorySessions {
    sessions: std::collections::BTreeMap<SessionKey, Session>,
}

impl MemorySessions {
    /// How many sessions are stored.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// Whether no session is stored.
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}

impl SessionStore for MemorySessions {
    type Error = std::convert::Infallible;

    fn insert(&mut self, session: Session) -> Result<(), Self::Error> {
        self.sessions.insert(session.key, session);
        Ok(())
    }

    fn get(&mut self, key: &SessionKey) -> Result<Option<Session>, Self::Error> {
        Ok(self.sessions.get(key).cloned())
    }

    fn touch(&mut self, key: &SessionKey, now: UnixTime) -> Result<(), Self::Error> {
        if let Some(s) = self.sessions.get_mut(key) {
            s.last_seen = now;
        }
        Ok(())
    }

    fn remove(&mut self, key: &SessionKey) -> Result<(), Self::Error> {
        self.sessions.remove(key);
        Ok(())
    }

    fn remove_account(&mut self, account: AccountId) -> Result<(), Self::Error> {
        self.sessions.retain(|_, s| s.account != account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::random::testing::{Broken, Counter};

    const T0: UnixTime = UnixTime(1_780_000_000);

    fn start(store: &mut MemorySessions, rng: &mut Counter, previous: Option<&str>) -> Issued {
        Sessions::default()
            .login(store, rng, AccountId(7), previous, T0)
            .unwrap()
    }

    #[test]
    fn the_id_is_256_bits_and_only_its_hash_is_stored() {
        let mut store = MemorySessions::default();
        let issued = start(&mut store, &mut Counter(1), None);
        assert_eq!(issued.token.len(), 64);
        assert_eq!(issued.csrf.len(), 64);
        assert_ne!(issued.token, issued.csrf);
        let stored = store.sessions.values().next().unwrap();
        assert_eq!(stored.key, SessionKey::of(&issued.token));
        assert_ne!(hex(&stored.key.0), issued.token);
    }

    #[test]
    fn login_rotates_the_id() {
        let mut store = MemorySessions::default();
        let mut rng = Counter(1);
        let first = start(&mut store, &mut rng, None);
        let second = start(&mut store, &mut rng, Some(&first.token));
        assert_ne!(first.token, second.token);
        assert_eq!(store.len(), 1);
        let sessions = Sessions::default();
        assert_eq!(
            sessions.resolve(&mut store, &first.token, T0),
            Err(SessionError::Missing)
        );
        assert!(sessions.resolve(&mut store, &second.token, T0).is_ok());
    }

    #[test]
    fn idle_and_absolute_expiry() {
        let sessions = Sessions::default();
        let mut store = MemorySessions::default();
        let issued = start(&mut store, &mut Counter(1), None);
        // Active every 29 minutes: alive until the 12 hours are up.
        let mut now = T0;
        while now.since(T0) + 29 * 60 < 12 * 3600 {
            now = now.plus(29 * 60);
            assert!(
                sessions.resolve(&mut store, &issued.token, now).is_ok(),
                "{now:?}"
            );
        }
        assert_eq!(
            sessions.resolve(&mut store, &issued.token, T0.plus(12 * 3600)),
            Err(SessionError::Expired)
        );
        assert!(store.is_empty(), "an expired session is removed");
        // Idle for 30 minutes: gone.
        let issued = start(&mut store, &mut Counter(2), None);
        assert!(
            sessions
                .resolve(&mut store, &issued.token, T0.plus(29 * 60))
                .is_ok()
        );
        assert_eq!(
            sessions.resolve(&mut store, &issued.token, T0.plus(59 * 60)),
            Err(SessionError::Expired)
        );
    }

    #[test]
    fn unknown_malformed_and_logged_out_tokens_are_missing() {
        let sessions = Sessions::default();
        let mut store = MemorySessions::default();
        let issued = start(&mut store, &mut Counter(1), None);
        for bad in ["", "abc", &"z".repeat(64), &"0".repeat(64)] {
            assert_eq!(
                sessions.resolve(&mut store, bad, T0),
                Err(SessionError::Missing)
            );
        }
        sessions.logout(&mut store, &issued.token).unwrap();
        assert_eq!(
            sessions.resolve(&mut store, &issued.token, T0),
            Err(SessionError::Missing)
        );
    }

    #[test]
    fn revoking_an_account_ends_all_its_sessions() {
        let mut store = MemorySessions::default();
        let mut rng = Counter(1);
        start(&mut store, &mut rng, None);
        start(&mut store, &mut rng, None);
        assert_eq!(store.len(), 2);
        store.remove_account(AccountId(7)).unwrap();
        assert!(store.is_empty());
    }

    #[test]
    fn csrf_must_match_exactly() {
        let mut store = MemorySessions::default();
        let issued = start(&mut store, &mut Counter(1), None);
        let s = &issued.session;
        assert_eq!(check_csrf(s, Some(&issued.csrf)), Ok(()));
        assert_eq!(check_csrf(s, None), Err(SessionError::Csrf));
        assert_eq!(check_csrf(s, Some("")), Err(SessionError::Csrf));
        assert_eq!(check_csrf(s, Some(&issued.token)), Err(SessionError::Csrf));
        let mut almost = issued.csrf.clone();
        almost.pop();
        assert_eq!(check_csrf(s, Some(&almost)), Err(SessionError::Csrf));
    }

    #[test]
    fn no_randomness_no_session() {
        let mut store = MemorySessions::default();
        let r = Sessions::default().login(&mut store, &mut Broken, AccountId(1), None, T0);
        assert!(matches!(r, Err(SessionError::Random(_))));
        assert!(store.is_empty());
    }
}
