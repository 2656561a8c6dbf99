//! Sessions in the database ([`SessionStore`] for [`Store`]): a restart keeps
//! everyone signed in, and a password change or a disabled account ends every
//! session of that account at once.

use super::{Store, StoreCtx};
use crate::accounts::{AccountId, Session, SessionKey, SessionPolicy, SessionStore, UnixTime};
use crate::error::Error;
use rusqlite::{OptionalExtension, params};

/// A session is touched at most this often (seconds): idle expiry stays exact to
/// the minute, and reading a page does not cost a synced write every time.
const TOUCH_EVERY_SECS: u64 = 60;

impl SessionStore for Store {
    type Error = Error;

    fn insert(&mut self, session: Session) -> Result<(), Error> {
        self.write(|tx, ctx| {
            tx.execute(
                "INSERT INTO sessions (key, account_id, created, last_seen, csrf) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    session.key.0.as_slice(),
                    session.account.0,
                    secs(ctx, session.created)?,
                    secs(ctx, session.last_seen)?,
                    session.csrf
                ],
            )
            .map_err(|e| ctx.sql(e))?;
            Ok(())
        })
    }

    fn get(&mut self, key: &SessionKey) -> Result<Option<Session>, Error> {
        let ctx = self.ctx();
        self.conn
            .query_row(
                "SELECT account_id, created, last_seen, csrf FROM sessions WHERE key = ?1",
                [key.0.as_slice()],
                |r| {
                    Ok(Session {
                        key: *key,
                        account: AccountId(r.get(0)?),
                        created: UnixTime(r.get::<_, i64>(1)?.max(0).unsigned_abs()),
                        last_seen: UnixTime(r.get::<_, i64>(2)?.max(0).unsigned_abs()),
                        csrf: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(|e| ctx.sql(e))
    }

    fn touch(&mut self, key: &SessionKey, now: UnixTime) -> Result<(), Error> {
        let ctx = self.ctx();
        let now = secs(&ctx, now)?;
        let stale = now.saturating_sub(TOUCH_EVERY_SECS as i64);
        // Checked before taking the write lock: most requests change nothing.
        let due: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sessions WHERE key = ?1 AND last_seen <= ?2)",
                params![key.0.as_slice(), stale],
                |r| r.get(0),
            )
            .map_err(|e| ctx.sql(e))?;
        if !due {
            return Ok(());
        }
        self.write(|tx, ctx| {
            tx.execute(
                "UPDATE sessions SET last_seen = ?2 WHERE key = ?1",
                params![key.0.as_slice(), now],
            )
            .map_err(|e| ctx.sql(e))?;
            Ok(())
        })
    }

    fn remove(&mut self, key: &SessionKey) -> Result<(), Error> {
        self.write(|tx, ctx| {
            tx.execute("DELETE FROM sessions WHERE key = ?1", [key.0.as_slice()])
                .map_err(|e| ctx.sql(e))?;
            Ok(())
        })
    }

    fn remove_account(&mut self, account: AccountId) -> Result<(), Error> {
        self.write(|tx, ctx| {
            tx.execute("DELETE FROM sessions WHERE account_id = ?1", [account.0])
                .map_err(|e| ctx.sql(e))?;
            Ok(())
        })
    }
}

impl Store {
    /// Deletes every session past its idle or absolute lifetime at `now`
    /// (on start and from time to time); returns how many went.
    pub fn sweep_sessions(
        &mut self,
        policy: &SessionPolicy,
        now: UnixTime,
    ) -> Result<usize, Error> {
        let ctx = self.ctx();
        let now = secs(&ctx, now)?;
        let idle = now.saturating_sub(i64::try_from(policy.idle).unwrap_or(i64::MAX));
        let absolute = now.saturating_sub(i64::try_from(policy.absolute).unwrap_or(i64::MAX));
        self.write(|tx, ctx| {
            tx.execute(
                "DELETE FROM sessions WHERE last_seen < ?1 OR created < ?2",
                params![idle, absolute],
            )
            .map_err(|e| ctx.sql(e))
        })
    }
}

fn secs(ctx: &StoreCtx<'_>, t: UnixTime) -> Result<i64, Error> {
    i64::try_from(t.0).map_err(|_| ctx.fail("thời điểm quá lớn", "instant out of range"))
}
