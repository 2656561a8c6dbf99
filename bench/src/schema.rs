//! The shipped 2020–2024 ruleset written out by hand for the floor, native and zen
//! contenders: its evidence columns with their types, its criteria with the fields
//! they read, the levels they apply to and their maxima, and the deadlines for an
//! assessment year.
//!
//! [`check_against_ruleset`] compares every constant here with the loaded rule files
//! before anything is timed, so an edit to the rules cannot leave the bench scoring
//! yesterday's criteria.

use cchc::Level;
use rust_decimal::Decimal;

/// The levels the bench ranks, in the order reports list them.
pub const LEVELS: [Level; 3] = [Level::So, Level::Huyen, Level::Xa];

/// The ruleset the hand-written contenders implement.
pub const RULESET_DIR: &str = "rules/tdthpl-2020-2024";

/// Type of an evidence column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `Có/Không` (and the other spellings cchc accepts).
    Bool,
    /// `dd/mm/yyyy`.
    Date,
    /// A whole number.
    Int,
    /// A decimal with `,` or `.`.
    Dec,
}

/// One evidence column: id, type, smallest allowed value.
pub struct Field {
    /// Column id.
    pub id: &'static str,
    /// Type.
    pub ty: Ty,
    /// `min` of the rule file (counts are never negative).
    pub min: Option<i64>,
}

/// Field indexes, in ruleset order.
pub mod f {
    /// `ngay_ban_hanh_ke_hoach`
    pub const KE_HOACH: usize = 0;
    /// `thu_thap_thong_tin`
    pub const THU_THAP: usize = 1;
    /// `so_cuoc_kiem_tra_ke_hoach`
    pub const KT_KE_HOACH: usize = 2;
    /// `so_cuoc_kiem_tra_thuc_hien`
    pub const KT_THUC_HIEN: usize = 3;
    /// `dieu_tra_khao_sat`
    pub const DIEU_TRA: usize = 4;
    /// `ngay_gui_bao_cao_nam`
    pub const BAO_CAO_NAM: usize = 5;
    /// `so_ket_qua_phai_xu_ly`
    pub const PHAI_XU_LY: usize = 6;
    /// `so_ket_qua_da_xu_ly`
    pub const DA_XU_LY: usize = 7;
    /// `co_yeu_cau_xu_ly`
    pub const CO_YEU_CAU: usize = 8;
    /// `ngay_nhan_yeu_cau_xu_ly`
    pub const NGAY_NHAN: usize = 9;
    /// `ngay_bao_cao_xu_ly`
    pub const NGAY_BAO_CAO: usize = 10;
}

/// Number of evidence fields.
pub const N_FIELDS: usize = 11;

/// The evidence columns, in ruleset order.
pub const FIELDS: [Field; N_FIELDS] = [
    Field {
        id: "ngay_ban_hanh_ke_hoach",
        ty: Ty::Date,
        min: None,
    },
    Field {
        id: "thu_thap_thong_tin",
        ty: Ty::Bool,
        min: None,
    },
    Field {
        id: "so_cuoc_kiem_tra_ke_hoach",
        ty: Ty::Int,
        min: Some(0),
    },
    Field {
        id: "so_cuoc_kiem_tra_thuc_hien",
        ty: Ty::Int,
        min: Some(0),
    },
    Field {
        id: "dieu_tra_khao_sat",
        ty: Ty::Bool,
        min: None,
    },
    Field {
        id: "ngay_gui_bao_cao_nam",
        ty: Ty::Date,
        min: None,
    },
    Field {
        id: "so_ket_qua_phai_xu_ly",
        ty: Ty::Int,
        min: Some(0),
    },
    Field {
        id: "so_ket_qua_da_xu_ly",
        ty: Ty::Int,
        min: Some(0),
    },
    Field {
        id: "co_yeu_cau_xu_ly",
        ty: Ty::Bool,
        min: None,
    },
    Field {
        id: "ngay_nhan_yeu_cau_xu_ly",
        ty: Ty::Date,
        min: None,
    },
    Field {
        id: "ngay_bao_cao_xu_ly",
        ty: Ty::Date,
        min: None,
    },
];

/// One criterion: id, fields read (required ones flagged), levels, maximum.
pub struct Criterion {
    /// Official id.
    pub id: &'static str,
    /// Fields read: (index, required).
    pub reads: &'static [(usize, bool)],
    /// Levels it applies to.
    pub applies_to: &'static [Level],
    /// Maximum, in hundredths (the same for every level in this ruleset).
    pub max_hundredths: i64,
}

/// Number of criteria.
pub const N_CRITERIA: usize = 7;

const ALL: &[Level] = &[Level::So, Level::Huyen, Level::Xa];

/// The criteria, in ruleset order.
pub const CRITERIA: [Criterion; N_CRITERIA] = [
    Criterion {
        id: "1.1",
        reads: &[(f::KE_HOACH, false)],
        applies_to: ALL,
        max_hundredths: 25,
    },
    Criterion {
        id: "1.2",
        reads: &[(f::THU_THAP, true)],
        applies_to: ALL,
        max_hundredths: 25,
    },
    Criterion {
        id: "1.3",
        reads: &[(f::KT_KE_HOACH, true), (f::KT_THUC_HIEN, true)],
        applies_to: ALL,
        max_hundredths: 25,
    },
    Criterion {
        id: "1.4",
        reads: &[(f::DIEU_TRA, true)],
        applies_to: &[Level::So, Level::Huyen],
        max_hundredths: 25,
    },
    Criterion {
        id: "1.5",
        reads: &[(f::BAO_CAO_NAM, false)],
        applies_to: ALL,
        max_hundredths: 25,
    },
    Criterion {
        id: "2.1",
        reads: &[(f::PHAI_XU_LY, true), (f::DA_XU_LY, true)],
        applies_to: ALL,
        max_hundredths: 50,
    },
    Criterion {
        id: "2.2",
        reads: &[
            (f::CO_YEU_CAU, true),
            (f::NGAY_NHAN, false),
            (f::NGAY_BAO_CAO, false),
        ],
        applies_to: ALL,
        max_hundredths: 25,
    },
];

/// A criterion's maximum as a decimal.
pub fn max_points(c: &Criterion) -> Decimal {
    Decimal::new(c.max_hundredths, 2)
}

/// The parameters of an assessment year, as day numbers where they are dates.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// `han_ke_hoach`: 31/01 of the year.
    pub han_ke_hoach: i64,
    /// `han_bao_cao_nam`: 30/11 of the year.
    pub han_bao_cao_nam: i64,
    /// `han_bao_cao_xu_ly_ngay`: 30 days.
    pub han_bao_cao_xu_ly_ngay: i64,
}

impl Params {
    /// The parameters for assessment `year`.
    pub fn for_year(year: i64) -> Params {
        let day = |m, d| cchc::model::Date::new(year, m, d).map_or(0, |d| d.day_number());
        Params {
            han_ke_hoach: day(1, 31),
            han_bao_cao_nam: day(11, 30),
            han_bao_cao_xu_ly_ngay: 30,
        }
    }
}

/// Compares the constants above (and the native bands) with the loaded ruleset;
/// returns every difference. Run before timing, never inside a timed contender.
pub fn check_against_ruleset(ruleset: &cchc::Ruleset, year: i64) -> Vec<String> {
    use cchc::model::FieldType;
    let mut problems = Vec::new();
    let fields: Vec<(String, Ty, Option<i64>)> = ruleset
        .fields
        .iter()
        .map(|f| {
            let ty = match f.ty {
                FieldType::Bool => Ty::Bool,
                FieldType::Date => Ty::Date,
                FieldType::Integer => Ty::Int,
                _ => Ty::Dec,
            };
            (f.id.clone(), ty, f.min.and_then(|m| i64::try_from(m).ok()))
        })
        .collect();
    let ours: Vec<(String, Ty, Option<i64>)> = FIELDS
        .iter()
        .map(|f| (f.id.to_string(), f.ty, f.min))
        .collect();
    if fields != ours {
        problems.push(format!("fields differ: ruleset {fields:?}, bench {ours:?}"));
    }
    let ids: Vec<&str> = ruleset.criteria.iter().map(|c| c.id.as_str()).collect();
    let our_ids: Vec<&str> = CRITERIA.iter().map(|c| c.id).collect();
    if ids != our_ids {
        problems.push(format!(
            "criteria differ: ruleset {ids:?}, bench {our_ids:?}"
        ));
        return problems;
    }
    for (c, ours) in ruleset.criteria.iter().zip(&CRITERIA) {
        let reads: Vec<(usize, bool)> = c.evidence.iter().map(|u| (u.field, u.required)).collect();
        if reads != ours.reads {
            problems.push(format!(
                "{}: fields read {reads:?}, bench {:?}",
                c.id, ours.reads
            ));
        }
        for level in LEVELS {
            let expected = ours.applies_to.contains(&level).then(|| max_points(ours));
            let max = c
                .applies_to
                .contains(&level)
                .then(|| c.max_points.get(level))
                .flatten();
            if max != expected {
                problems.push(format!(
                    "{} at {level}: max {max:?}, bench {expected:?}",
                    c.id
                ));
            }
        }
        let bands: Vec<crate::native::BandSpec> = c
            .bands
            .iter()
            .map(|b| {
                (
                    b.key.clone(),
                    b.points.get(Level::So),
                    b.at_least,
                    b.below,
                    b.at_most,
                )
            })
            .collect();
        let native = crate::native::bands(ours.id);
        if bands != native {
            problems.push(format!("{}: bands {bands:?}, bench {native:?}", c.id));
        }
        for level in LEVELS {
            if c.bands
                .iter()
                .any(|b| b.points.get(level) != b.points.get(Level::So))
            {
                problems.push(format!(
                    "{}: band points differ at {level}; the bench assumes one value",
                    c.id
                ));
            }
        }
    }
    // A parameter's value type is not part of cchc's public API, so it is compared
    // by its `Debug` form, which names the variant and its fields: the deadlines
    // of `Params::for_year` (31/01 and 30/11 of the assessment year) and its period.
    let expected = [
        (
            "han_ke_hoach",
            "YearlyDate { day: 31, month: 1, year_offset: 0 }".to_string(),
        ),
        (
            "han_bao_cao_nam",
            "YearlyDate { day: 30, month: 11, year_offset: 0 }".to_string(),
        ),
        (
            "han_bao_cao_xu_ly_ngay",
            format!("Integer({})", Params::for_year(year).han_bao_cao_xu_ly_ngay),
        ),
    ];
    for p in &ruleset.params {
        let value = format!("{:?}", p.value);
        let same = expected
            .iter()
            .any(|(name, debug)| *name == p.name && *debug == value);
        if !same {
            problems.push(format!(
                "parameter {} = {value} differs from the bench's",
                p.name
            ));
        }
    }
    if ruleset.rounding.places != 2
        || ruleset.rounding.mode != cchc::model::number::RoundingMode::HalfUp
    {
        problems.push(format!(
            "rounding {:?}; the bench rounds to 2 places half up",
            ruleset.rounding
        ));
    }
    problems
}
