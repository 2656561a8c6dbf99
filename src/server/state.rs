//! What every request shares: the database, the rounds' rules (loaded once from
//! the bytes each round stored), password hashing, the login throttle and the
//! session settings.

use super::error::Failure;
use crate::Rules;
use crate::accounts::{CookieSettings, LoginThrottle, PasswordHasher, SessionPolicy, Sessions};
use crate::store::Store;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The server's shared state.
pub(crate) struct AppState {
    /// One connection; every mutation is one transaction on it. SQLite writes
    /// one at a time anyway, and a request holds it for microseconds to a
    /// synced commit.
    store: Mutex<Store>,
    /// Each round's rules, from its stored bytes, by year.
    rules: Mutex<BTreeMap<i64, Arc<Rules>>>,
    pub(crate) hasher: PasswordHasher,
    /// The threads password hashing runs on (see `hashing`).
    pub(crate) hashing: super::hashing::HashingPool,
    pub(crate) throttle: Mutex<LoginThrottle>,
    pub(crate) sessions: Sessions,
    pub(crate) cookie: CookieSettings,
    /// Where round exports (evidence and reports) are written: beside the database.
    pub(crate) exports_dir: PathBuf,
    /// The rules root a new round's ruleset is chosen from.
    pub(crate) rules_root: PathBuf,
}

impl AppState {
    pub(crate) fn new(
        store: Store,
        secure_cookies: bool,
        rules_root: PathBuf,
    ) -> Result<AppState, crate::Error> {
        let policy = SessionPolicy::default();
        let mut exports = store.path().as_os_str().to_owned();
        exports.push(".exports");
        Ok(AppState {
            hasher: PasswordHasher::owasp().map_err(|e| crate::Error::Usage(e.to_string()))?,
            hashing: super::hashing::HashingPool::new(),
            throttle: Mutex::new(LoginThrottle::default()),
            sessions: Sessions { policy },
            cookie: CookieSettings::for_policy(&policy, secure_cookies),
            exports_dir: PathBuf::from(exports),
            rules_root,
            store: Mutex::new(store),
            rules: Mutex::new(BTreeMap::new()),
        })
    }

    /// The store, even after a panic in another request (each mutation is a
    /// transaction: a panic mid-way rolled it back, nothing is half-written).
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The rules of the `year` round, loaded from its stored files on first use.
    pub(crate) fn rules(&self, store: &Store, year: i64) -> Result<Arc<Rules>, Failure> {
        self.rules_of(store, year).map_err(Failure::from)
    }

    /// [`AppState::rules`] with the library's error.
    pub(crate) fn rules_of(&self, store: &Store, year: i64) -> Result<Arc<Rules>, crate::Error> {
        let mut cache = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(rules) = cache.get(&year) {
            return Ok(Arc::clone(rules));
        }
        let rules = Arc::new(store.round(year)?.rules()?);
        cache.insert(year, Arc::clone(&rules));
        Ok(rules)
    }
}

/// Runs `work` with the store on a blocking thread (SQLite and argon2 block).
pub(crate) async fn blocking<T, E>(
    state: &Arc<AppState>,
    work: impl FnOnce(&AppState) -> Result<T, E> + Send + 'static,
) -> Result<T, E>
where
    T: Send + 'static,
    E: From<Failure> + Send + 'static,
{
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .unwrap_or_else(
            |e| Err(Failure::Internal(format!("tác vụ hỏng / task failed: {e}")).into()),
        )
}
