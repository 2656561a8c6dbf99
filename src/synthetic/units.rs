//! Generated units: how many of each level, their ids and Vietnamese names.
//!
//! Units are listed by level (sở, then huyện, then xã), as a Sở Tư pháp's export
//! lists them. The names are fictional but shaped like real ones ("Sở Tư pháp tỉnh
//! Hòa An", "Phường Tân Phú, huyện Bình Sơn"); ids are unique (`XA-0000123`).

use super::rng::SplitMix64;
use crate::model::Level;

/// Share of each level in a national file (‰), before keeping the ruleset's levels:
/// about 5% sở, 10% huyện, 85% xã.
const SHARE_PER_MILLE: [(Level, u64); 3] = [(Level::So, 50), (Level::Huyen, 100), (Level::Xa, 850)];

/// How many units of each level, in the order of `levels`, adding up to `units`.
/// Each level gets at least one unit when `units` allows it; the largest share
/// takes the remainder.
pub(crate) fn level_counts(levels: &[Level], units: u64) -> Vec<(Level, u64)> {
    let share = |level: Level| {
        SHARE_PER_MILLE
            .iter()
            .find(|(l, _)| *l == level)
            .map_or(1, |(_, s)| *s)
    };
    let total: u64 = levels.iter().map(|l| share(*l)).sum();
    let Some(largest) = levels.iter().copied().max_by_key(|l| share(*l)) else {
        return Vec::new();
    };
    let at_least = u64::from(units >= levels.len() as u64);
    let mut counts: Vec<(Level, u64)> = levels
        .iter()
        .map(|&l| {
            let n = if l == largest {
                0
            } else {
                (units * share(l) / total.max(1)).max(at_least)
            };
            (l, n)
        })
        .collect();
    let others: u64 = counts.iter().map(|(_, n)| n).sum();
    for (level, n) in &mut counts {
        if *level == largest {
            *n = units.saturating_sub(others);
        }
    }
    counts
}

/// The id of the `number`-th unit of the file (1-based): `SO-0000001`, `XA-0012345`.
pub(crate) fn unit_id(level: Level, number: u64) -> String {
    let prefix = match level {
        Level::So => "SO",
        Level::Huyen => "HUYEN",
        Level::Xa => "XA",
    };
    format!("{prefix}-{number:07}")
}

/// A plausible Vietnamese name for a unit of `level`.
pub(crate) fn unit_name(level: Level, rng: &mut SplitMix64) -> String {
    match level {
        Level::So => format!("{} tỉnh {}", rng.pick(DEPARTMENTS), rng.pick(PLACES)),
        Level::Huyen => format!("{} {}", rng.pick(DISTRICT_KINDS), rng.pick(PLACES)),
        Level::Xa => format!(
            "{} {}, huyện {}",
            rng.pick(COMMUNE_KINDS),
            rng.pick(PLACES),
            rng.pick(PLACES)
        ),
    }
}

const DEPARTMENTS: &[&str] = &[
    "Sở Tư pháp",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Nông nghiệp và Môi trường",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
    "Ban Quản lý các khu công nghiệp",
    "Thanh tra tỉnh",
    "Văn phòng UBND",
];

const DISTRICT_KINDS: &[&str] = &["Huyện", "Huyện", "Huyện", "Thị xã", "Thành phố"];

const COMMUNE_KINDS: &[&str] = &["Xã", "Xã", "Xã", "Xã", "Phường", "Phường", "Thị trấn"];

const PLACES: &[&str] = &[
    "An Phú",
    "Bình Thạnh",
    "Tân Hòa",
    "Phú Mỹ",
    "Long Điền",
    "Vĩnh Xuân",
    "Hòa An",
    "Thạnh Hòa",
    "An Lạc",
    "Bình Sơn",
    "Tân Phú",
    "Đông Hưng",
    "Quảng Điền",
    "Nghĩa Đàn",
    "Hương Sơn",
    "Yên Bình",
    "Mỹ Lộc",
    "Trà Ôn",
    "Cẩm Thủy",
    "Đức Phổ",
    "Ninh Hải",
    "Lạc Dương",
    "Phước Long",
    "Krông Búk",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_shares_and_add_up() {
        let all = [Level::So, Level::Huyen, Level::Xa];
        assert_eq!(
            level_counts(&all, 1000),
            vec![(Level::So, 50), (Level::Huyen, 100), (Level::Xa, 850)]
        );
        // Without huyện (from 2025) the shares are renormalised: 50/900 and 850/900.
        assert_eq!(
            level_counts(&[Level::So, Level::Xa], 900),
            vec![(Level::So, 50), (Level::Xa, 850)]
        );
        // Every level is present once the file is big enough to hold one of each.
        assert_eq!(
            level_counts(&all, 3),
            vec![(Level::So, 1), (Level::Huyen, 1), (Level::Xa, 1)]
        );
        assert_eq!(
            level_counts(&all, 2),
            vec![(Level::So, 0), (Level::Huyen, 0), (Level::Xa, 2)]
        );
        for n in [0, 1, 7, 99, 12_345] {
            let sum: u64 = level_counts(&all, n).iter().map(|(_, c)| c).sum();
            assert_eq!(sum, n);
        }
    }

    #[test]
    fn ids_are_prefixed_by_level_and_padded() {
        assert_eq!(unit_id(Level::So, 1), "SO-0000001");
        assert_eq!(unit_id(Level::Huyen, 42), "HUYEN-0000042");
        assert_eq!(unit_id(Level::Xa, 12_345_678), "XA-12345678");
    }

    #[test]
    fn names_read_like_vietnamese_units() {
        let mut rng = SplitMix64::new(3);
        assert!(unit_name(Level::Xa, &mut rng).contains(", huyện "));
        let so = unit_name(Level::So, &mut rng);
        assert!(so.contains(" tỉnh "), "{so}");
    }
}
