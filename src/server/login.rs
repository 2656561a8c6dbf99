//! Signing in and out, for the API and the login page alike: throttle first,
//! argon2id verification off the async threads, a fresh session (the one the
//! browser presented is dropped), and the cookie.

use super::auth::Caller;
use super::clock;
use super::error::Failure;
use super::hashing::hashing;
use super::state::{AppState, blocking};
use crate::accounts::{Account, OsRandom, attempt};
use crate::store::Actor;
use std::net::SocketAddr;
use std::sync::Arc;

/// A successful login: the account, its CSRF token and the `Set-Cookie` value.
pub(crate) struct SignedIn {
    pub(crate) account: Account,
    pub(crate) csrf: String,
    pub(crate) set_cookie: String,
}

/// Checks `login`/`password` from `peer`; `previous` is the session token the
/// browser sent, if any (replaced, never reused).
pub(crate) async fn sign_in(
    state: &Arc<AppState>,
    login: String,
    password: String,
    peer: SocketAddr,
    previous: Option<String>,
) -> Result<SignedIn, Failure> {
    hashing(state, move |state| {
        let now = clock::now();
        let login = login.trim().to_string();
        // Looked up (a short lock), then verified without holding the store.
        let account = state.store().account_by_login(&login)?;
        let verdict = attempt(
            &state.hasher,
            &state.throttle,
            account.as_ref(),
            &login,
            &password,
            peer.ip(),
            now,
        )?;
        let Some(account) = account else {
            return Err(Failure::Internal(
                "tài khoản biến mất / account vanished".into(),
            ));
        };
        let mut store = state.store();
        if verdict.needs_rehash {
            let hash = state
                .hasher
                .hash(&password, &mut OsRandom)
                .map_err(|e| Failure::Internal(e.to_string()))?;
            let actor = Actor {
                account: Some(account.id),
                address: peer.to_string(),
            };
            store.set_password_hash(&actor, account.id, &hash)?;
        }
        let issued = state.sessions.login(
            &mut *store,
            &mut OsRandom,
            account.id,
            previous.as_deref(),
            now,
        )?;
        Ok(SignedIn {
            set_cookie: state.cookie.set(&issued.token),
            csrf: issued.csrf,
            account,
        })
    })
    .await
}

/// Ends the caller's session; returns the `Set-Cookie` value that clears it.
pub(crate) async fn sign_out(state: &Arc<AppState>, caller: Caller) -> Result<String, Failure> {
    blocking(state, move |state| {
        state.sessions.logout(&mut *state.store(), &caller.token)?;
        Ok(state.cookie.clear())
    })
    .await
}
