//! Naming the legacy encoding of a file that is not UTF-8.
//!
//! Vietnamese offices still hold spreadsheets typed with the pre-Unicode fonts:
//! TCVN3 (ABC, `.VnTime`), VNI-Windows (`VNI-Times`) and the Windows-1258 code page
//! that Excel's plain "CSV" writes on a Vietnamese Windows. Each spells `Sở Tư pháp`
//! with different bytes; reading the file under each and keeping the one that spells
//! Vietnamese lets the error name the encoding and show what the text says in it, so
//! the unit knows which converter to use. The file itself is never guessed into
//! scores: it must be saved again as UTF-8.

use code_pages::decode;

mod code_pages;

/// A pre-Unicode Vietnamese encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Legacy {
    /// The Windows code page for Vietnamese (letters plus combining tone marks).
    Windows1258,
    /// TCVN 5712:1993 VN3, the ABC / `.VnTime` fonts: one byte per toned letter.
    Tcvn3,
    /// VNI-Windows: an ASCII vowel followed by a byte that adds its marks.
    Vni,
}

impl Legacy {
    /// The name users and converters (Unikey, EVKey) know it by.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Legacy::Windows1258 => "Windows-1258",
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI-Windows",
        }
    }
}

/// What a non-UTF-8 file looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Guess {
    /// UTF-16 (Excel's "Unicode Text"), from its byte-order mark or its zero bytes.
    Utf16,
    /// A legacy Vietnamese encoding, with the first cell that needed it, decoded.
    Legacy(Legacy, String),
    /// Some other 8-bit encoding.
    Unknown,
}

/// Names the encoding of `bytes`, which are not valid UTF-8.
pub(crate) fn guess(bytes: &[u8]) -> Guess {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Guess::Utf16;
    }
    let head = bytes.get(..4096).unwrap_or(bytes);
    if head.len() >= 8 && head.iter().filter(|b| **b == 0).count() * 4 >= head.len() {
        return Guess::Utf16;
    }
    // Ties go to the encoding whose byte rules are strictest: TCVN3 gives every byte
    // a letter, so VNI or Windows-1258 text also "decodes" under it.
    let mut best: Option<(Legacy, Score)> = None;
    for legacy in [Legacy::Windows1258, Legacy::Vni, Legacy::Tcvn3] {
        let score = decode(bytes, legacy).1;
        if best.is_none_or(|(_, b)| score.better_than(b)) {
            best = Some((legacy, score));
        }
    }
    match best {
        Some((legacy, score)) if score.plausible() => Guess::Legacy(legacy, sample(bytes, legacy)),
        _ => Guess::Unknown,
    }
}

/// How many non-ASCII bytes an encoding reads as Vietnamese letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Score {
    letters: usize,
    junk: usize,
}

impl Score {
    fn better_than(self, other: Score) -> bool {
        // letters / (letters + junk), compared without division.
        self.letters * (other.letters + other.junk) > other.letters * (self.letters + self.junk)
    }

    fn plausible(self) -> bool {
        self.letters >= 2 && self.junk * 10 <= self.letters + self.junk
    }
}

/// The first cell holding non-ASCII bytes, decoded, at most 40 characters.
fn sample(bytes: &[u8], legacy: Legacy) -> String {
    let separators = [b'\n', b'\r', b';', b',', b'\t', b'"'];
    let Some(at) = bytes.iter().position(|b| *b >= 0x80) else {
        return String::new();
    };
    let (before, after) = bytes.split_at_checked(at).unwrap_or((bytes, &[]));
    let start = before
        .iter()
        .rposition(|b| separators.contains(b))
        .map_or(0, |i| i + 1);
    let end = after
        .iter()
        .position(|b| separators.contains(b))
        .map_or(bytes.len(), |i| at + i);
    let text = decode(bytes.get(start..end).unwrap_or_default(), legacy).0;
    // Shown on stderr: no control character from the file gets through.
    crate::text::visible(text.trim()).chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Sở Tư pháp;Phường 1;Có;Không;Xã Bình Thạnh" as each encoding writes it.
    const WINDOWS_1258: &[u8] =
        b"S\xf5\xd2 T\xfd ph\xe1p;Ph\xfd\xf5\xccng 1;C\xf3;Kh\xf4ng;Xa\xde Bi\xccnh Tha\xf2nh";
    const TCVN3: &[u8] =
        b"S\xeb T\xad ph\xb8p;Ph\xad\xeang 1;C\xe3;Kh\xabng;X\xb7 B\xd7nh Th\xb9nh";
    const VNI: &[u8] =
        b"S\xf4\xfb T\xf6 pha\xf9p;Ph\xf6\xf4\xf8ng 1;Co\xf9;Kho\xe2ng;Xa\xf5 B\xecnh Tha\xefnh";

    #[test]
    fn each_legacy_encoding_is_named_with_its_text() {
        for (bytes, legacy) in [
            (WINDOWS_1258, Legacy::Windows1258),
            (TCVN3, Legacy::Tcvn3),
            (VNI, Legacy::Vni),
        ] {
            assert_eq!(
                guess(bytes),
                Guess::Legacy(legacy, "Sở Tư pháp".into()),
                "{}",
                legacy.name()
            );
            assert_eq!(
                decode(bytes, legacy).0,
                "Sở Tư pháp;Phường 1;Có;Không;Xã Bình Thạnh",
                "{}",
                legacy.name()
            );
        }
    }

    #[test]
    fn utf16_and_other_bytes_are_told_apart() {
        assert_eq!(guess(b"\xff\xfem\x00a\x00"), Guess::Utf16);
        assert_eq!(guess(b"m\x00a\x00_\x00d\x00o\x00n\x00"), Guess::Utf16);
        // Random high bytes spell nothing in any of them.
        assert_eq!(
            guess(b"\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89"),
            Guess::Unknown
        );
        // A single stray byte is too little to name an encoding.
        assert_eq!(guess(b"ma_don_vi;ten\xe1"), Guess::Unknown);
    }
}
