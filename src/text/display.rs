//! The one display form of a text from an input, in every report and on stderr:
//! no line break, terminal escape, direction override or zero-width character
//! gets through as it is. Separate from a text's identity (`text`): this decides
//! how a text is shown, never which two texts are the same, and it is on the hot
//! path of every report.

use super::is_line_break;
use std::borrow::Cow;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
