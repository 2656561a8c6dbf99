//! Accounts and roles: the plain record the store keeps and the permission
//! check reads.

use std::fmt;

/// An account's key in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(pub i64);

/// A unit's id (`ma_don_vi`), as in the evidence files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitId(pub String);

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an account is for (issue #15, item 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The Sở: opens rounds, imports units and evidence, downloads reports.
    Admin,
    /// Appraises units (assigned to groups of criteria in part 2); reads evidence.
    Appraiser,
    /// A unit's clerk: reads, fills and submits its own units' evidence.
    Unit,
}

impl Role {
    /// The name used in the API and in `tai_khoan` lines: `admin`, `appraiser`, `unit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Appraiser => "appraiser",
            Role::Unit => "unit",
        }
    }

    /// The role named `name` (as [`Role::as_str`] writes it).
    pub fn parse(name: &str) -> Option<Role> {
        match name {
            "admin" => Some(Role::Admin),
            "appraiser" => Some(Role::Appraiser),
            "unit" => Some(Role::Unit),
            _ => None,
        }
    }
}

/// An account as the store keeps it. Accounts are disabled, never deleted
/// (the audit log names them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The store's key.
    pub id: AccountId,
    /// The login name.
    pub login: String,
    /// The role.
    pub role: Role,
    /// The units a [`Role::Unit`] account acts for (one or more); empty otherwise.
    pub units: Vec<UnitId>,
    /// The argon2id PHC string (`$argon2id$v=19$m=…`).
    pub password_hash: String,
    /// A disabled account cannot log in and is denied everything.
    pub disabled: bool,
}

impl Account {
    /// Whether this account acts for `unit`.
    pub fn acts_for(&self, unit: &UnitId) -> bool {
        self.units.contains(unit)
    }
}
