//! The session cookie's `Set-Cookie` value: HttpOnly (scripts never see the id),
//! SameSite=Strict (no cross-site request carries it), Path=/, Secure when the
//! server is reached over TLS (then with the `__Host-` prefix, which browsers only
//! accept from a secure origin, for the whole host, without a Domain).

/// How the server is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CookieSettings {
    /// Behind TLS (a reverse proxy with HTTPS): the cookie is `Secure`.
    pub secure: bool,
    /// The browser drops the cookie after this many seconds (the absolute
    /// session lifetime).
    pub max_age: u64,
}

impl CookieSettings {
    /// The cookie for sessions under `policy`: it lives as long as a session can.
    pub fn for_policy(policy: &super::SessionPolicy, secure: bool) -> CookieSettings {
        CookieSettings {
            secure,
            max_age: policy.absolute,
        }
    }

    /// The cookie's name: `__Host-cchc_session` over TLS, `cchc_session` otherwise
    /// (a plain-HTTP origin such as `127.0.0.1` may not set a `__Host-` cookie).
    pub fn name(&self) -> &'static str {
        if self.secure {
            "__Host-cchc_session"
        } else {
            "cchc_session"
        }
    }

    /// `Set-Cookie` for a new session `token` (64 hex digits, no quoting needed).
    pub fn set(&self, token: &str) -> String {
        self.build(token, self.max_age)
    }

    /// `Set-Cookie` that removes the cookie (logout).
    pub fn clear(&self) -> String {
        self.build("", 0)
    }

    fn build(&self, value: &str, max_age: u64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
            self.name()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_on_loopback() {
        let c = CookieSettings {
            secure: false,
            max_age: 43_200,
        };
        assert_eq!(
            c.set("ab12"),
            "cchc_session=ab12; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict"
        );
        assert_eq!(
            c.clear(),
            "cchc_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
        );
    }

    #[test]
    fn the_cookie_lives_as_long_as_a_session_can() {
        let c = CookieSettings::for_policy(&crate::accounts::SessionPolicy::default(), false);
        assert_eq!(c.max_age, 12 * 3600);
    }

    #[test]
    fn behind_tls() {
        let c = CookieSettings {
            secure: true,
            max_age: 60,
        };
        assert_eq!(
            c.set("ab12"),
            "__Host-cchc_session=ab12; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure"
        );
    }
}
