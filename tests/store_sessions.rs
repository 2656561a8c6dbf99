//! Sessions kept in the database (`SessionStore for Store`, schema v2): they
//! survive a restart, end with their account's password change, expire by the
//! policy, and a v1 database is migrated (with its backup) to hold them.

use cchc::accounts::{
    AccountId, Role, Session, SessionKey, SessionPolicy, SessionStore, Sessions, UnixTime,
};
use cchc::accounts::{SecureRandom, check_csrf};
use cchc::store::{Actor, NewAccount, Store};

/// Deterministic "randomness" so tokens are reproducible in a test.
struct Counter(u8);
impl SecureRandom for Counter {
    fn fill(&mut self, out: &mut [u8]) -> Result<(), cchc::accounts::RandomError> {
        for b in out.iter_mut() {
            self.0 = self.0.wrapping_add(1);
            *b = self.0;
        }
        Ok(())
    }
}

fn account(store: &mut Store, login: &str) -> AccountId {
    let new = NewAccount {
        login: login.into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
        role: Role::Admin,
    };
    store.add_account(&Actor::cli(), &new).unwrap().id
}

#[test]
fn a_session_survives_a_restart_and_ends_with_its_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    let sessions = Sessions::default();
    let token = {
        let mut store = Store::open(&db).unwrap();
        let id = account(&mut store, "admin");
        let issued = sessions
            .login(&mut store, &mut Counter(0), id, None, UnixTime(1_000))
            .unwrap();
        issued.token
    };
    let mut store = Store::open(&db).unwrap();
    let session = sessions
        .resolve(&mut store, &token, UnixTime(1_100))
        .unwrap();
    assert!(check_csrf(&session, Some(&session.csrf)).is_ok());
    assert!(check_csrf(&session, Some("nope")).is_err());
    // Idle for longer than the policy allows: gone.
    let idle = SessionPolicy::default().idle;
    assert!(
        sessions
            .resolve(&mut store, &token, UnixTime(1_100 + idle + 1))
            .is_err()
    );

    let again = sessions
        .login(
            &mut store,
            &mut Counter(50),
            session.account,
            None,
            UnixTime(5_000),
        )
        .unwrap();
    assert!(
        sessions
            .resolve(&mut store, &again.token, UnixTime(5_010))
            .is_ok()
    );
    store.remove_account(session.account).unwrap();
    assert!(
        sessions
            .resolve(&mut store, &again.token, UnixTime(5_020))
            .is_err()
    );
}

#[test]
fn the_sweep_removes_only_expired_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cchc.db")).unwrap();
    let id = account(&mut store, "admin");
    let policy = SessionPolicy::default();
    let make = |key: u8, created: u64, last_seen: u64| Session {
        key: SessionKey([key; 32]),
        account: id,
        created: UnixTime(created),
        last_seen: UnixTime(last_seen),
        csrf: "c".repeat(64),
    };
    let now = 100_000;
    store.insert(make(1, now - 10, now - 10)).unwrap();
    store
        .insert(make(2, now - 10_000, now - policy.idle - 1))
        .unwrap();
    store
        .insert(make(3, now - policy.absolute - 1, now - 5))
        .unwrap();
    assert_eq!(store.sweep_sessions(&policy, UnixTime(now)).unwrap(), 2);
    assert!(store.get(&SessionKey([1; 32])).unwrap().is_some());
    assert!(store.get(&SessionKey([2; 32])).unwrap().is_none());
}
