//! Vietnamese text: folding, used to read cells typed by hand (`Có`, `co`, `CÓ`),
//! and padding to a display width for terminal tables.

use unicode_width::UnicodeWidthStr;

/// Pads `text` with spaces on the right to `width` terminal columns.
pub fn pad_right(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// Pads `text` with spaces on the left to `width` terminal columns.
pub fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

/// Lower-cases `text` and strips Vietnamese diacritics (`Có` → `co`, `Đ` → `d`).
///
/// Handles precomposed (NFC) letters, which is what Excel and LibreOffice write;
/// combining marks (NFD input) are dropped.
pub fn fold_vietnamese(text: &str) -> String {
    text.chars()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(fold_char)
        .collect()
}

fn fold_char(c: char) -> char {
    const GROUPS: [(&str, char); 7] = [
        ("aàáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("eèéẻẽẹêềếểễệ", 'e'),
        ("iìíỉĩị", 'i'),
        ("oòóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("uùúủũụưừứửữự", 'u'),
        ("yỳýỷỹỵ", 'y'),
        ("dđ", 'd'),
    ];
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower.is_ascii() {
        return lower;
    }
    GROUPS
        .iter()
        .find(|(letters, _)| letters.contains(lower))
        .map_or(lower, |&(_, base)| base)
}

#[cfg(test)]
mod tests {
    use super::fold_vietnamese;

    #[test]
    fn folds_all_vowel_forms() {
        assert_eq!(fold_vietnamese("Có"), "co");
        assert_eq!(fold_vietnamese("KHÔNG"), "khong");
        assert_eq!(fold_vietnamese("Đúng hạn"), "dung han");
        assert_eq!(fold_vietnamese("Ủy ban nhân dân xã"), "uy ban nhan dan xa");
        // NFD: 'o' + combining acute.
        assert_eq!(fold_vietnamese("Co\u{301}"), "co");
    }
}
