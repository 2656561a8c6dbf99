//! Unit levels (cấp) scored by the index.

use std::fmt;

/// The administrative level of a scored unit.
///
/// The district level (`huyen`) exists only up to assessment year 2024: from 2025
/// local government has two tiers (sở and xã).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Provincial department (sở, ban, ngành).
    So,
    /// District People's Committee (UBND cấp huyện), until 2024.
    Huyen,
    /// Commune People's Committee (UBND cấp xã, phường, thị trấn).
    Xa,
}

impl Level {
    /// All levels, in the order reports list them.
    pub(crate) const ALL: [Level; 3] = [Level::So, Level::Huyen, Level::Xa];

    /// The machine code used in rule files and evidence (`so`, `huyen`, `xa`).
    pub fn code(self) -> &'static str {
        match self {
            Level::So => "so",
            Level::Huyen => "huyen",
            Level::Xa => "xa",
        }
    }

    /// The Vietnamese name used in human-readable reports.
    pub(crate) fn name_vi(self) -> &'static str {
        match self {
            Level::So => "Sở, ban, ngành",
            Level::Huyen => "UBND cấp huyện",
            Level::Xa => "UBND cấp xã",
        }
    }

    /// Parses a level as written in evidence files: the codes `so`, `huyen`,
    /// `xa`, with or without diacritics and capitals (`Sở`, `Huyện`, `Xã`), and
    /// the names the law and provinces use for each level: from 01/7/2025 the
    /// commune level covers xã, phường and đặc khu (and before, thị trấn);
    /// the district level was huyện, quận and thị xã; departments are sở, ban,
    /// ngành. `UBND cấp xã`, `cap_xa`, `UBND phường` and the like name their
    /// level too. A provincial city (thành phố) is not guessed: it was a
    /// district or a province.
    pub fn parse(text: &str) -> Option<Level> {
        // The codes themselves, as nearly every row writes them, without folding.
        match text.trim() {
            "so" => return Some(Level::So),
            "huyen" => return Some(Level::Huyen),
            "xa" => return Some(Level::Xa),
            _ => {}
        }
        let folded = super::fold::fold_vietnamese(text.trim()).to_lowercase();
        let words: Vec<&str> = folded
            .split(|c: char| c.is_whitespace() || matches!(c, '_' | '-' | ',' | '.' | '/'))
            .filter(|w| !w.is_empty())
            .collect();
        // "UBND cấp xã", "Ủy ban nhân dân phường", "cấp huyện": the kind is what follows.
        let kind: &[&str] = match words.as_slice() {
            ["ubnd", rest @ ..] | ["uy", "ban", "nhan", "dan", rest @ ..] => rest,
            other => other,
        };
        let kind = match kind {
            ["cap", rest @ ..] => rest,
            other => other,
        };
        match kind {
            ["so"] | ["ban"] | ["nganh"] | ["so", "ban", "nganh"] | ["so", "ban"] => {
                Some(Level::So)
            }
            ["huyen"] | ["quan"] | ["thi", "xa"] => Some(Level::Huyen),
            ["xa"]
            | ["phuong"]
            | ["thi", "tran"]
            | ["dac", "khu"]
            | ["xa", "phuong"]
            | ["xa", "phuong", "dac", "khu"] => Some(Level::Xa),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_with_and_without_diacritics() {
        assert_eq!(Level::parse("so"), Some(Level::So));
        assert_eq!(Level::parse(" Sở "), Some(Level::So));
        assert_eq!(Level::parse("HUYỆN"), Some(Level::Huyen));
        assert_eq!(Level::parse("Xã"), Some(Level::Xa));
        assert_eq!(Level::parse("tinh"), None);
        assert_eq!(Level::parse(""), None);
    }

    #[test]
    fn the_names_of_each_level_in_law_and_practice() {
        let xa = [
            "phường",
            "Phuong",
            "đặc khu",
            "dac_khu",
            "dac-khu",
            "Đặc Khu",
            "thị trấn",
            "UBND cấp xã",
            "ubnd cap xa",
            "UBND_CAP_XA",
            "cấp xã",
            "UBND phường",
            "Ủy ban nhân dân xã",
            "xã, phường",
            "UBND xã, phường, đặc khu",
        ];
        for text in xa {
            assert_eq!(Level::parse(text), Some(Level::Xa), "{text}");
        }
        for text in [
            "quận",
            "Quan",
            "thị xã",
            "UBND cấp huyện",
            "cap_huyen",
            "UBND quận",
        ] {
            assert_eq!(Level::parse(text), Some(Level::Huyen), "{text}");
        }
        for text in ["Sở, ban, ngành", "so_ban_nganh", "ban", "ngành", "cấp sở"] {
            assert_eq!(Level::parse(text), Some(Level::So), "{text}");
        }
        // Not guessed: a city was a district or a province; other words are no level.
        for text in [
            "thành phố",
            "tỉnh",
            "UBND",
            "cấp",
            "xã phường huyện",
            "phường 3",
        ] {
            assert_eq!(Level::parse(text), None, "{text}");
        }
    }
}
