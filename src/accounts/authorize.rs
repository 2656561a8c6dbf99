//! The one permission check every route calls: [`authorize`]`(actor, action,
//! target)`. It answers "may this account do this to that" from the role and the
//! account's units only; the state of a round (submitted, past the deadline: 409)
//! and whether a unit belongs to a round (404) are the caller's checks, made
//! against the store.

use super::role::{Account, Role, UnitId};

/// What an account asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read a unit's evidence and result in a round.
    ReadEvidence,
    /// Change a unit's evidence in a round (form edits, documents, template upload).
    WriteEvidence,
    /// Submit (nộp) a unit's self-assessment, which locks it.
    Submit,
    /// Open a round, import its units and evidence, set its window.
    ManageRound,
    /// Create, disable and reset accounts.
    ManageAccounts,
    /// Download the round's evidence (CSV, XLSX).
    DownloadEvidence,
    /// Download the round's reports (every `score` format).
    DownloadReport,
    /// See a round's overview: its units' progress and the live ranking.
    ViewRound,
    /// Read and export the audit log.
    ReadAudit,
    /// Appraise a unit (thẩm định): correct its evidence with a reason, request
    /// explanations. Which criteria an appraiser may touch is their groups'
    /// business, checked against the store.
    Appraise,
    /// A unit's own answers to the appraisal: explanations (giải trình) and
    /// appeals (phúc khảo). Like submitting, the unit's own declaration.
    Respond,
    /// Read a round's published results: the ranking and the revisions' reports.
    ReadPublished,
}

impl Action {
    /// Every action, for tables and tests.
    pub const ALL: [Action; 12] = [
        Action::ReadEvidence,
        Action::WriteEvidence,
        Action::Submit,
        Action::ManageRound,
        Action::ManageAccounts,
        Action::DownloadEvidence,
        Action::DownloadReport,
        Action::ViewRound,
        Action::ReadAudit,
        Action::Appraise,
        Action::Respond,
        Action::ReadPublished,
    ];

    fn wants_unit(self) -> bool {
        matches!(
            self,
            Action::ReadEvidence
                | Action::WriteEvidence
                | Action::Submit
                | Action::Appraise
                | Action::Respond
        )
    }
}

/// What an action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// One unit in the round of an assessment year.
    Unit {
        /// The round's assessment year.
        year: i32,
        /// The unit.
        unit: &'a UnitId,
    },
    /// A whole round.
    Round {
        /// The round's assessment year.
        year: i32,
    },
    /// The installation itself (accounts, opening a new round).
    Installation,
}

/// Why an action was refused (the API answers 403).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// The account is disabled.
    #[error("tài khoản đã bị khóa / the account is disabled")]
    Disabled,
    /// The role does not allow the action at all.
    #[error(
        "vai trò {role} không được phép thực hiện thao tác này / the {role} role may not do this"
    )]
    Role {
        /// The role's name.
        role: &'static str,
    },
    /// A unit account asked about a unit it does not act for.
    #[error("tài khoản không thuộc đơn vị {unit} / the account does not act for unit {unit}")]
    OtherUnit {
        /// The unit asked about.
        unit: UnitId,
    },
    /// The action does not apply to that kind of target (a caller's mistake).
    #[error("thao tác không áp dụng cho đối tượng này / the action does not apply to this target")]
    Target,
}

/// Whether `actor` may do `action` to `target`.
///
/// - Disabled accounts are denied everything.
/// - Admin: everything except [`Action::Submit`] and [`Action::Respond`]:
///   submitting, explaining and appealing are the unit's own declarations; the
///   Sở imports and corrects evidence (audited) but does not speak for a unit.
/// - Appraiser: reads any unit's evidence, the round overview and its
///   published results, and appraises (within their groups of criteria,
///   checked by the caller); no writes of a unit's own evidence, no round
///   management, no downloads.
/// - Unit: reads, writes, submits and responds only for the units it acts
///   for, and reads published results (the caller checks the round is its own).
pub fn authorize(actor: &Account, action: Action, target: Target<'_>) -> Result<(), Denied> {
    if actor.disabled {
        return Err(Denied::Disabled);
    }
    let unit = match target {
        Target::Unit { unit, .. } => Some(unit),
        Target::Round { .. } | Target::Installation => None,
    };
    if action.wants_unit() != unit.is_some() {
        return Err(Denied::Target);
    }
    let role_denied = Err(Denied::Role {
        role: actor.role.as_str(),
    });
    match (actor.role, action) {
        (Role::Admin, Action::Submit | Action::Respond) => role_denied,
        (Role::Admin, _) => Ok(()),
        (
            Role::Appraiser,
            Action::ReadEvidence | Action::ViewRound | Action::Appraise | Action::ReadPublished,
        ) => Ok(()),
        (Role::Appraiser, _) => role_denied,
        (Role::Unit, Action::Appraise) => role_denied,
        (Role::Unit, Action::ReadPublished) => Ok(()),
        (
            Role::Unit,
            Action::ReadEvidence | Action::WriteEvidence | Action::Submit | Action::Respond,
        ) => match unit {
            Some(unit) if actor.acts_for(unit) => Ok(()),
            Some(unit) => Err(Denied::OtherUnit { unit: unit.clone() }),
            None => Err(Denied::Target),
        },
        (Role::Unit, _) => role_denied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::role::AccountId;

    fn account(role: Role, disabled: bool) -> Account {
        Account {
            id: AccountId(1),
            login: "x".into(),
            role,
            units: if role == Role::Unit {
                vec![UnitId("SO-STP".into()), UnitId("UBND-A".into())]
            } else {
                Vec::new()
            },
            password_hash: String::new(),
            disabled,
        }
    }

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Whose {
        Own,
        Other,
        Round,
        Installation,
    }

    /// The expected answer, written out as a table: role, action, target → allowed.
    fn expected(role: Role, action: Action, whose: Whose) -> Result<(), &'static str> {
        use Action::*;
        use Whose::*;
        let unit_action = matches!(
            action,
            ReadEvidence | WriteEvidence | Submit | Appraise | Respond
        );
        if unit_action != matches!(whose, Own | Other) {
            return Err("target");
        }
        let own_unit_action = matches!(action, ReadEvidence | WriteEvidence | Submit | Respond);
        let allowed = match role {
            Role::Admin => !matches!(action, Submit | Respond),
            Role::Appraiser => {
                matches!(action, ReadEvidence | ViewRound | Appraise | ReadPublished)
            }
            Role::Unit => (own_unit_action && whose == Own) || action == ReadPublished,
        };
        if allowed {
            Ok(())
        } else if role == Role::Unit && own_unit_action {
            Err("other unit")
        } else {
            Err("role")
        }
    }

    #[test]
    fn every_role_action_and_target() {
        let own = UnitId("UBND-A".into());
        let other = UnitId("SO-TC".into());
        let mut checked = 0;
        for role in [Role::Admin, Role::Appraiser, Role::Unit] {
            for action in Action::ALL {
                for whose in [Whose::Own, Whose::Other, Whose::Round, Whose::Installation] {
                    let target = match whose {
                        Whose::Own => Target::Unit {
                            year: 2024,
                            unit: &own,
                        },
                        Whose::Other => Target::Unit {
                            year: 2024,
                            unit: &other,
                        },
                        Whose::Round => Target::Round { year: 2024 },
                        Whose::Installation => Target::Installation,
                    };
                    let got =
                        authorize(&account(role, false), action, target).map_err(|d| match d {
                            Denied::Role { .. } => "role",
                            Denied::OtherUnit { .. } => "other unit",
                            Denied::Target => "target",
                            Denied::Disabled => "disabled",
                        });
                    assert_eq!(
                        got,
                        expected(role, action, whose),
                        "{role:?} {action:?} {whose:?}"
                    );
                    // Disabled: the same question is always refused, as disabled.
                    assert_eq!(
                        authorize(&account(role, true), action, target),
                        Err(Denied::Disabled),
                        "disabled {role:?} {action:?} {whose:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 3 * Action::ALL.len() * 4);
    }

    #[test]
    fn the_table_says_what_the_issue_says() {
        let own = UnitId("SO-STP".into());
        let other = UnitId("SO-TC".into());
        let unit = account(Role::Unit, false);
        let on = |u| Target::Unit {
            year: 2025,
            unit: u,
        };
        assert!(authorize(&unit, Action::WriteEvidence, on(&own)).is_ok());
        assert!(authorize(&unit, Action::Submit, on(&own)).is_ok());
        assert_eq!(
            authorize(&unit, Action::ReadEvidence, on(&other)),
            Err(Denied::OtherUnit {
                unit: other.clone()
            })
        );
        assert!(authorize(&unit, Action::DownloadReport, Target::Round { year: 2025 }).is_err());
        let admin = account(Role::Admin, false);
        assert!(authorize(&admin, Action::DownloadReport, Target::Round { year: 2025 }).is_ok());
        assert!(authorize(&admin, Action::Submit, on(&own)).is_err());
    }

    #[test]
    fn messages_are_bilingual() {
        let d = Denied::OtherUnit {
            unit: UnitId("SO-TC".into()),
        };
        assert_eq!(
            d.to_string(),
            "tài khoản không thuộc đơn vị SO-TC / the account does not act for unit SO-TC"
        );
        assert!(Denied::Disabled.to_string().contains(" / "));
    }
}
