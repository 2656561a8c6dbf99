//! Vietnamese text: folding, used to read cells typed by hand (`Có`, `co`, `CÓ`),
//! padding to a display width for terminal tables, the one identity of a unit id
//! ([`normalize_id`]) and the one display form of any text ([`visible`]).

use crate::model::fold_vietnamese;
use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_width::UnicodeWidthStr;

/// `text` in Unicode NFC (precomposed letters, as Excel writes them), borrowed
/// when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Characters that show nothing and only make two equal ids or keys differ:
/// zero-width spaces and joiners, direction marks and overrides, word joiner and
/// the invisible operators, BOM (zero-width no-break space), soft hyphen,
/// Mongolian vowel separator, combining grapheme joiner, Hangul fillers.
pub fn is_invisible(c: char) -> bool {
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
pub fn normalize_name(raw: &str) -> String {
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

/// Where the first character that [`is_unsafe_for_display`] starts, found on the
/// UTF-8 bytes in one pass: every report writes every text through [`visible`],
/// so this is on the hot path of a million-unit CSV report.
fn first_unsafe(bytes: &[u8]) -> Option<usize> {
    let mut offset = 0;
    for chunk in bytes.chunks(32) {
        // A branch-free test the compiler vectorises: any control, or a lead
        // byte (0xC2, 0xE2, 0xEF) of the unsafe characters beyond ASCII.
        let suspect = chunk.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF)
        });
        if suspect {
            let found = (offset..offset + chunk.len()).find(|&i| unsafe_at(bytes, i));
            if found.is_some() {
                return found;
            }
        }
        offset += chunk.len();
    }
    None
}

/// Whether an unsafe character starts at byte `i` of `bytes` (UTF-8).
fn unsafe_at(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        Some(0x00..=0x1F | 0x7F) => true,
        // C1 controls U+0080..U+009F, soft hyphen U+00AD.
        Some(0xC2) => matches!(bytes.get(i + 1), Some(0x80..=0x9F | 0xAD)),
        // U+200B..U+200F, U+2028..U+202E and U+2060..U+206F.
        Some(0xE2) => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0x8B..=0x8F | 0xA8..=0xAE)) | (Some(0x81), Some(0xA0..=0xAF))
        ),
        // The BOM (zero-width no-break space) U+FEFF.
        Some(0xEF) => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0xBB), Some(0xBF))
        ),
        _ => false,
    }
}

/// Line breaks (CR, LF, VT, FF, NEL, U+2028, U+2029) and tab: what [`visible`]
/// shows as one space.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\r' | '\n' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The key under which names are matched loosely: [`normalize_id`], then folded
/// by [`fold_vietnamese`] (no case, no diacritics). `So_Ke_Hoach`, `sổ_kế_hoạch`
/// and `SO_KE_HOACH` share the key `so_ke_hoach`.
pub fn loose_key(raw: &str) -> String {
    if raw.is_ascii() {
        return raw.trim().to_ascii_lowercase();
    }
    fold_vietnamese(&normalize_id(raw))
}

/// Whether `c` must not reach an output as it is: C0 and C1 controls and DEL
/// (terminal escapes, NUL, BEL, line breaks), the Unicode line and paragraph
/// separators, the bidirectional marks, overrides, embeddings and isolates that
/// reorder what a terminal or a page shows, and the zero-width characters (spaces,
/// joiners, word joiner, BOM, soft hyphen) that make `'\u{200b}25/11/2024'` look
/// like a valid date in an error message.
pub fn is_unsafe_for_display(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
        )
}

/// The one display form of a text from an input (a unit's id or name, a header,
/// a cell, an explanation) in every report and on stderr: each line break (CR,
/// LF, CRLF, VT, FF, NEL, U+2028, U+2029) and tab becomes one space, so no text
/// can start a line or a row of its own; every other unsafe character
/// ([`is_unsafe_for_display`]) is written visibly as `\u{1b}` (lower-case hex).
/// Borrowed, with no work past one scan of the bytes, when nothing needs changing.
pub fn visible(text: &str) -> Cow<'_, str> {
    let Some(first) = first_unsafe(text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    // `first` is where an unsafe character starts; the fallback rescans it all.
    let (clean, rest) = text.split_at_checked(first).unwrap_or(("", text));
    out.push_str(clean);
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_line_break(c) => out.push(' '),
            c if is_unsafe_for_display(c) => {
                use std::fmt::Write;
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`visible`] for a text whose lines matter (a verbatim quote, a script shown as
/// code): each line made safe on its own, joined by `\n`; no other line break
/// (CR, VT, FF, NEL, U+2028) survives.
pub fn visible_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| visible(line.strip_suffix('\r').unwrap_or(line)).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
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
        .filter(|c| !is_invisible(*c))
        .collect::<String>()
        .trim()
        .to_string()
}

/// The widest an id or a name is shown in a terminal table, in columns: a name of
/// a megabyte stays one readable row. The reports (CSV, JSON, Markdown, HTML,
/// XLSX) keep the whole text.
pub const TABLE_CELL_COLUMNS: usize = 120;

/// `text` for a terminal table: shown safely ([`visible`]) and cut to
/// [`TABLE_CELL_COLUMNS`] columns, ending with `…` when cut.
pub fn table_cell(text: &str) -> String {
    let shown = visible(text);
    if shown.width() <= TABLE_CELL_COLUMNS {
        return shown.into_owned();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in shown.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width + w > TABLE_CELL_COLUMNS - 1 {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Pads `text` with spaces on the right to `width` terminal columns.
pub fn pad_right(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// Pads `text` with spaces on the left to `width` terminal columns.
pub fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_cell_is_cut_to_its_width() {
        assert_eq!(table_cell("Xã\u{1b}"), "Xã\\u{1b}");
        let long = table_cell(&"Á".repeat(1_000_000));
        assert_eq!(long.width(), TABLE_CELL_COLUMNS);
        assert!(long.ends_with('…'));
        // A wide character never crosses the edge.
        assert!(table_cell(&"越".repeat(100)).width() <= TABLE_CELL_COLUMNS);
    }

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
    fn display_text_cannot_break_a_line_or_escape_a_terminal() {
        assert!(matches!(visible("Xã Đồng Tâm – 1"), Cow::Borrowed(_)));
        assert_eq!(visible("A\nB\r\nC\rD\tE"), "A B C D E");
        assert_eq!(visible("x\u{1b}[31my\u{7}\0"), "x\\u{1b}[31my\\u{7}\\u{0}");
        assert_eq!(
            visible("\u{202e}abc\u{2028}d\u{9b}"),
            "\\u{202e}abc d\\u{9b}"
        );
        assert_eq!(visible("\u{7f}"), "\\u{7f}");
        // Zero-width characters are shown, so a cell that looks valid says why not.
        assert_eq!(
            visible("\u{200b}25/11/2024\u{feff}\u{ad}"),
            "\\u{200b}25/11/2024\\u{feff}\\u{ad}"
        );
        // The byte scan agrees with the character test on every character near
        // the ones it looks for.
        for c in (0..0x300u32)
            .chain(0x2000..0x2100)
            .chain(0xFE00..0x10000)
            .filter_map(char::from_u32)
        {
            let expected = is_unsafe_for_display(c);
            // At the start, across a 32-byte chunk boundary, at the end.
            for pad in [0, 30, 31, 70] {
                let text = format!("{}{}{c}b", "ạ".repeat(pad / 3), "a".repeat(pad % 3));
                let at = text.len() - c.len_utf8() - 1;
                let found = first_unsafe(text.as_bytes());
                assert_eq!(found, expected.then_some(at), "{c:?} after {pad}");
            }
        }
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
