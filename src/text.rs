//! Vietnamese text: folding, used to read cells typed by hand (`Có`, `co`, `CÓ`),
//! padding to a display width for terminal tables, the one identity of a unit id
//! ([`normalize_id`]) and the one display form of any text ([`visible`]).

use crate::model::fold_vietnamese;
use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

pub use display::{escape_invisible, is_unsafe_for_display, visible, visible_lines};
pub use terminal::{TABLE_CELL_COLUMNS, pad_left, pad_right, table_cell};

mod display;
mod terminal;

/// `text` in Unicode NFC (precomposed letters, as Excel writes them), borrowed
/// when it already is.
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Characters that show nothing and only make two equal ids or keys differ:
/// zero-width spaces and joiners, direction marks and overrides, word joiner and
/// the invisible operators, BOM (zero-width no-break space), soft hyphen,
/// Mongolian vowel separator, combining grapheme joiner, Hangul fillers.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

/// A unit id's one identity: invisible characters ([`is_invisible`]) removed
/// wherever they are, NFC, Unicode whitespace trimmed, and each run of whitespace
/// inside (a no-break or ideographic space, a tab, two spaces) one ASCII space.
/// `XA-ĐỒNG` typed in NFC or NFD, with a zero-width space, an inner BOM or
/// trailing spaces is one id, and so are `XA B` and `XA\u{a0}B`.
/// Case is kept: ids that differ only by case are a warning, not one unit.
/// Borrowed when nothing but trimming is needed (any ASCII id with single spaces).
pub fn normalize_id(raw: &str) -> Cow<'_, str> {
    let id = visible_id(raw);
    if id.chars().any(|c| c.is_whitespace() && c != ' ') || id.contains("  ") {
        return Cow::Owned(id.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    id
}

/// [`normalize_id`] but for the whitespace inside.
fn visible_id(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() {
        // ASCII is NFC and holds no invisible character.
        return Cow::Borrowed(raw.trim());
    }
    let visible: Cow<'_, str> = if raw.contains(is_invisible) {
        Cow::Owned(raw.chars().filter(|c| !is_invisible(*c)).collect())
    } else {
        Cow::Borrowed(raw)
    };
    match visible {
        Cow::Borrowed(text) => match nfc(text.trim()) {
            Cow::Borrowed(done) => Cow::Borrowed(done.trim()),
            Cow::Owned(done) => Cow::Owned(done.trim().to_string()),
        },
        Cow::Owned(text) => Cow::Owned(nfc(text.trim()).trim().to_string()),
    }
}

/// For a unit id that names no unit: the one id among `ids` it matches when case
/// is ignored, as a sentence to append to the message (`so-a` for `SO-A`), or
/// nothing. Ids that differ only by case are two units, so this is a hint, never
/// a match.
pub fn case_hint<'a>(wanted: &str, ids: impl IntoIterator<Item = &'a str>) -> String {
    let wanted = normalize_id(wanted).to_lowercase();
    let mut hits = ids
        .into_iter()
        .filter(|id| normalize_id(id).to_lowercase() == wanted);
    match (hits.next(), hits.next()) {
        (Some(id), None) => {
            let id = visible(id);
            format!(
                " (có đơn vị '{id}' chỉ khác chữ hoa/thường; mã phải ghi đúng / unit '{id}' differs only in case; write the id exactly)"
            )
        }
        _ => String::new(),
    }
}

/// A unit's name as one line: NFC, trimmed, each line break or tab (Excel's
/// Alt+Enter inside a cell) one space. Other control characters are kept, and
/// shown escaped by every output ([`visible`]).
pub(crate) fn normalize_name(raw: &str) -> String {
    let one_line: Cow<'_, str> = if raw.contains(is_line_break) {
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                c if is_line_break(c) => out.push(' '),
                c => out.push(c),
            }
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(raw)
    };
    nfc(one_line.trim()).into_owned()
}

/// Line breaks (CR, LF, VT, FF, NEL, U+2028, U+2029) and tab: what [`visible`]
/// shows as one space.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\r' | '\n' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The key under which names are matched loosely: [`normalize_id`], then folded
/// by [`fold_vietnamese`] (no case, no diacritics). `So_Ke_Hoach`, `sổ_kế_hoạch`
/// and `SO_KE_HOACH` share the key `so_ke_hoach`.
pub(crate) fn loose_key(raw: &str) -> String {
    if raw.is_ascii() {
        return raw.trim().to_ascii_lowercase();
    }
    fold_vietnamese(&normalize_id(raw))
}

/// `text` without the characters that show nothing (zero-width spaces and joiners,
/// soft hyphens, byte-order marks, other format characters) and in NFC: two keys
/// equal here look the same on screen.
pub(crate) fn visible_form(text: &str) -> String {
    nfc(text)
        .chars()
        .filter(|c| !is_invisible(*c))
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_inside_an_id_is_one_space() {
        for raw in [
            "XA B",
            "XA\u{a0}B",
            "XA\u{3000}B",
            "XA  B",
            "XA\tB",
            " XA\u{202f}\u{a0}B\u{a0}",
        ] {
            assert_eq!(normalize_id(raw), "XA B", "{raw:?}");
        }
        assert!(matches!(normalize_id(" XA B "), Cow::Borrowed("XA B")));
    }

    #[test]
    fn ids_have_one_identity() {
        let nfc_id = "XA-\u{110}\u{1ED2}NG";
        let nfd_id = "XA-\u{110}O\u{302}\u{300}NG";
        assert_ne!(nfc_id, nfd_id);
        assert_eq!(normalize_id(nfd_id), nfc_id);
        for raw in [
            "XA-\u{110}\u{1ED2}NG  ",
            "\u{feff}XA-\u{110}\u{1ED2}NG",
            "XA-\u{200b}\u{110}\u{1ED2}NG",
            "XA-\u{110}\u{feff}\u{1ED2}NG\u{a0}",
            "\u{3000}XA-\u{110}\u{1ED2}\u{ad}NG\t",
        ] {
            assert_eq!(normalize_id(raw), nfc_id, "{raw:?}");
        }
        // Case is kept.
        assert_eq!(normalize_id("xa-01"), "xa-01");
        assert_eq!(loose_key("So_Ke_Hoach"), "so_ke_hoach");
        assert_eq!(loose_key("s\u{1ED5}_k\u{1EBF}_ho\u{1EA1}ch"), "so_ke_hoach");
    }

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
