//! Login throttling: after a few free failures, each further failure doubles the
//! wait before the next attempt (capped), per account and per address. The
//! caller checks before verifying a password (so a throttled login costs no
//! argon2 work) and answers 429 with `Retry-After`.
//!
//! Exponential backoff rather than a lockout: a lockout lets anyone lock a unit's
//! clerk out on the deadline day; a capped wait only slows guessing (5 free, then
//! 1 s, 2 s, … 15 min: about a hundred guesses a day per account). The address
//! allows more free failures because a commune's clerks often share one NAT
//! address. The state lives in the server's memory: a restart forgets it, which
//! costs an attacker a restart they cannot cause.

use super::UnixTime;
use std::collections::BTreeMap;
use std::net::IpAddr;

/// How long to wait before trying again (the API answers 429 with `Retry-After`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "đăng nhập sai quá nhiều lần, thử lại sau {0} giây / too many failed logins, retry after {0} seconds"
)]
pub struct RetryAfter(pub u64);

/// The backoff for one kind of key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed before any wait.
    pub free_failures: u32,
    /// The first wait, in seconds; each further failure doubles it.
    pub base_delay: u64,
    /// The longest wait, in seconds.
    pub max_delay: u64,
    /// A key with no failure for this long starts afresh.
    pub forget_after: u64,
    /// At most this many keys are remembered (memory stays bounded under a
    /// flood of addresses); the stalest are dropped first.
    pub max_keys: usize,
}

impl ThrottlePolicy {
    /// Per account: 5 free failures, then 1 s doubling to 15 minutes.
    pub const ACCOUNT: ThrottlePolicy = ThrottlePolicy {
        free_failures: 5,
        base_delay: 1,
        max_delay: 15 * 60,
        forget_after: 24 * 3600,
        max_keys: 100_000,
    };
    /// Per address: 20 free failures (shared office addresses), then the same.
    pub const ADDRESS: ThrottlePolicy = ThrottlePolicy {
        free_failures: 20,
        ..ThrottlePolicy::ACCOUNT
    };

    /// The wait after `failures` consecutive failures.
    fn delay(&self, failures: u32) -> u64 {
        let Some(over) = failures.checked_sub(self.free_failures) else {
            return 0;
        };
        let factor = 1u64.checked_shl(over).unwrap_or(u64::MAX);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: UnixTime,
}

/// Failures per key (an account's login or an address) under one policy.
#[derive(Debug)]
pub struct Throttle<K> {
    policy: ThrottlePolicy,
    keys: BTreeMap<K, Failures>,
}

impl<K: Ord + Clone> Throttle<K> {
    /// An empty throttle.
    pub fn new(policy: ThrottlePolicy) -> Throttle<K> {
        Throttle {
            policy,
            keys: BTreeMap::new(),
        }
    }

    /// Whether `key` may try at `now`.
    pub fn check(&self, key: &K, now: UnixTime) -> Result<(), RetryAfter> {
        let Some(f) = self.keys.get(key) else {
            return Ok(());
        };
        let until = f.last.plus(self.policy.delay(f.count));
        if now < until {
            Err(RetryAfter(until.since(now).max(1)))
        } else {
            Ok(())
        }
    }

    /// Records a failed attempt by `key` at `now`.
    pub fn fail(&mut self, key: &K, now: UnixTime) {
        if !self.keys.contains_key(key) && self.keys.len() >= self.policy.max_keys {
            self.make_room(now);
        }
        let forget = self.policy.forget_after;
        let entry = self.keys.entry(key.clone()).or_insert(Failures {
            count: 0,
            last: now,
        });
        if now.since(entry.last) >= forget {
            entry.count = 0;
        }
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
    }

    /// Forgets `key`'s failures (a successful login of that account).
    pub fn succeed(&mut self, key: &K) {
        self.keys.remove(key);
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Drops forgotten keys, then, if still full, the stalest one.
    fn make_room(&mut self, now: UnixTime) {
        let forget = self.policy.forget_after;
        self.keys.retain(|_, f| now.since(f.last) < forget);
        if self.keys.len() >= self.policy.max_keys {
            let stalest = self
                .keys
                .iter()
                .min_by_key(|(_, f)| f.last)
                .map(|(k, _)| k.clone());
            if let Some(k) = stalest {
                self.keys.remove(&k);
            }
        }
    }
}

/// The two throttles a login goes through.
#[derive(Debug)]
pub struct LoginThrottle {
    /// Per login name (case-folded).
    pub accounts: Throttle<String>,
    /// Per client address.
    pub addresses: Throttle<IpAddr>,
}

impl Default for LoginThrottle {
    fn default() -> LoginThrottle {
        LoginThrottle {
            accounts: Throttle::new(ThrottlePolicy::ACCOUNT),
            addresses: Throttle::new(ThrottlePolicy::ADDRESS),
        }
    }
}

impl LoginThrottle {
    /// Whether a login of `login` from `address` may be tried at `now`: the
    /// longer of the two waits if either applies.
    pub fn check(&self, login: &str, address: IpAddr, now: UnixTime) -> Result<(), RetryAfter> {
        let a = self.accounts.check(&fold(login), now);
        let b = self.addresses.check(&address, now);
        match (a, b) {
            (Err(RetryAfter(x)), Err(RetryAfter(y))) => Err(RetryAfter(x.max(y))),
            (Err(e), Ok(())) | (Ok(()), Err(e)) => Err(e),
            (Ok(()), Ok(())) => Ok(()),
        }
    }

    /// Records a failed login (wrong password, unknown login).
    pub fn fail(&mut self, login: &str, address: IpAddr, now: UnixTime) {
        self.accounts.fail(&fold(login), now);
        self.addresses.fail(&address, now);
    }

    /// Records a successful login: the account starts afresh. The address does
    /// not: one valid account must not reset the count of guesses at others.
    pub fn succeed(&mut self, login: &str) {
        self.accounts.succeed(&fold(login));
    }
}

fn fold(login: &str) -> String {
    login.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: UnixTime = UnixTime(1_780_000_000);
    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 7));

    #[test]
    fn five_free_failures_then_doubling_waits_capped_at_15_minutes() {
        let mut t: Throttle<String> = Throttle::new(ThrottlePolicy::ACCOUNT);
        let k = "ubnd-a".to_string();
        let mut now = T0;
        let mut waits = Vec::new();
        for _ in 0..16 {
            t.fail(&k, now);
            match t.check(&k, now) {
                Ok(()) => waits.push(0),
                Err(RetryAfter(s)) => {
                    waits.push(s);
                    // Trying one second early is still refused, with the rest of the wait.
                    assert_eq!(t.check(&k, now.plus(s - 1)), Err(RetryAfter(1)));
                    now = now.plus(s);
                    assert_eq!(t.check(&k, now), Ok(()));
                }
            }
        }
        assert_eq!(
            waits,
            [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
        );
    }

    #[test]
    fn success_resets_the_account_and_a_quiet_day_forgets() {
        let mut t = LoginThrottle::default();
        for _ in 0..6 {
            t.fail("UBND-A", HOME, T0);
        }
        // Case and spaces do not make another account.
        assert_eq!(t.check(" ubnd-a ", HOME, T0), Err(RetryAfter(2)));
        t.succeed("ubnd-a");
        assert_eq!(t.check("ubnd-a", HOME, T0), Ok(()));
        for _ in 0..6 {
            t.fail("ubnd-b", HOME, T0);
        }
        let tomorrow = T0.plus(24 * 3600);
        t.fail("ubnd-b", HOME, tomorrow);
        assert_eq!(
            t.check("ubnd-b", HOME, tomorrow),
            Ok(()),
            "counts from 1 again"
        );
    }

    #[test]
    fn an_address_guessing_many_accounts_is_throttled() {
        let mut t = LoginThrottle::default();
        for i in 0..21 {
            t.fail(&format!("unit-{i}"), HOME, T0);
        }
        // A fresh account from that address waits; from another address it does not.
        assert_eq!(t.check("unit-99", HOME, T0), Err(RetryAfter(2)));
        let other: IpAddr = "10.0.0.8".parse().unwrap();
        assert_eq!(t.check("unit-99", other, T0), Ok(()));
        // A success on one account does not clear the address.
        t.succeed("unit-3");
        assert!(t.check("unit-3", HOME, T0).is_err());
    }

    #[test]
    fn memory_is_bounded_under_a_flood_of_keys() {
        let policy = ThrottlePolicy {
            max_keys: 3,
            ..ThrottlePolicy::ACCOUNT
        };
        let mut t: Throttle<u32> = Throttle::new(policy);
        for k in 0..10 {
            t.fail(&k, T0.plus(u64::from(k)));
        }
        assert_eq!(t.len(), 3);
        assert!(!t.is_empty());
    }

    #[test]
    fn the_message_is_bilingual() {
        assert_eq!(
            RetryAfter(8).to_string(),
            "đăng nhập sai quá nhiều lần, thử lại sau 8 giây / too many failed logins, retry after 8 seconds"
        );
    }
}
