//! Vietnamese folded to plain ASCII letters, for matching what people type
//! (`Có`, `CÓ`, `co`; `Sở`, `so`) against codes.

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
