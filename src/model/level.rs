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

    /// Parses a level code as written in evidence files: `so`, `huyen`, `xa`,
    /// also with diacritics or capitals (`Sở`, `Huyện`, `Xã`).
    pub fn parse(text: &str) -> Option<Level> {
        // The codes themselves, as nearly every row writes them, without folding.
        match text.trim() {
            "so" => return Some(Level::So),
            "huyen" => return Some(Level::Huyen),
            "xa" => return Some(Level::Xa),
            _ => {}
        }
        let folded = super::fold::fold_vietnamese(text.trim());
        match folded.as_str() {
            "so" => Some(Level::So),
            "huyen" => Some(Level::Huyen),
            "xa" => Some(Level::Xa),
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
}
