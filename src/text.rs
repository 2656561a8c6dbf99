//! Vietnamese text: folding, used to read cells typed by hand (`Có`, `co`, `CÓ`),
//! and padding to a display width for terminal tables.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_width::UnicodeWidthStr;

/// `text` in Unicode NFC (precomposed letters), borrowed when it already is.
///
/// Vietnamese has two spellings of one letter: `ạ` as one code point (NFC, what
/// Windows and Excel write) or as `a` + U+0323 (NFD, what macOS file names and some
/// input methods give). Ids and band keys are compared after this, so the two
/// spellings are one key.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => {
            let normalized: String = text.nfc().collect();
            if normalized == text {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(normalized)
            }
        }
    }
}

/// `text` with every character that is not a printable Latin letter, digit or sign
/// written as `\u{…}` (combining marks, invisible characters, look-alike letters
/// from other scripts), so two strings that look the same on screen show where
/// they differ (`dung_han\u{200b}`, `a\u{0323}` against `ạ`).
pub fn escape_invisible(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let latin = matches!(c, '\u{00c0}'..='\u{024f}' | '\u{1e00}'..='\u{1eff}')
            && c != '\u{00d7}'
            && c != '\u{00f7}';
        if c.is_ascii_graphic() || c == ' ' || latin {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        }
    }
    out
}

/// `text` without the characters that show nothing (zero-width spaces and joiners,
/// soft hyphens, byte-order marks, other format characters) and in NFC: two keys
/// equal here look the same on screen.
pub fn visible_form(text: &str) -> String {
    nfc(text)
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}'
                    | '\u{17b5}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                    | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{feff}' | '\u{ffa0}'
            )
        })
        .collect::<String>()
        .trim()
        .to_string()
}

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
    use super::*;

    #[test]
    fn nfc_joins_the_two_spellings_and_escapes_show_the_difference() {
        let nfd = "dung_ha\u{0323}n";
        assert_eq!(nfc(nfd), "dung_hạn");
        assert!(matches!(nfc("dung_hạn"), Cow::Borrowed(_)));
        assert_eq!(escape_invisible(nfd), "dung_ha\\u{0323}n");
        assert_eq!(escape_invisible("dung_hạn"), "dung_hạn");
        assert_eq!(escape_invisible("co\u{200b}"), "co\\u{200b}");
        assert_eq!(visible_form("co\u{200b}"), "co");
        assert_eq!(visible_form(nfd), "dung_hạn");
    }

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
