//! The three legacy code pages, byte by byte: which letter each byte spells
//! (alone, or as a mark on the vowel before it) in Windows-1258, TCVN3 and VNI.
//! Separate from guessing which one a file uses: these are fixed tables, and the
//! guess only compares how much of the file each one reads as Vietnamese.

use super::{Legacy, Score};

/// Vowels that take tone marks, lower case then upper case, with their five toned
/// forms in the order acute, grave, hook, tilde, dot below.
const TONED: [(char, &str); 24] = [
    ('a', "áàảãạ"),
    ('ă', "ắằẳẵặ"),
    ('â', "ấầẩẫậ"),
    ('e', "éèẻẽẹ"),
    ('ê', "ếềểễệ"),
    ('i', "íìỉĩị"),
    ('o', "óòỏõọ"),
    ('ô', "ốồổỗộ"),
    ('ơ', "ớờởỡợ"),
    ('u', "úùủũụ"),
    ('ư', "ứừửữự"),
    ('y', "ýỳỷỹỵ"),
    ('A', "ÁÀẢÃẠ"),
    ('Ă', "ẮẰẲẴẶ"),
    ('Â', "ẤẦẨẪẬ"),
    ('E', "ÉÈẺẼẸ"),
    ('Ê', "ẾỀỂỄỆ"),
    ('I', "ÍÌỈĨỊ"),
    ('O', "ÓÒỎÕỌ"),
    ('Ô', "ỐỒỔỖỘ"),
    ('Ơ', "ỚỜỞỠỢ"),
    ('U', "ÚÙỦŨỤ"),
    ('Ư', "ỨỪỬỮỰ"),
    ('Y', "ÝỲỶỸỴ"),
];

/// `base` with tone `tone` (1 acute … 5 dot below), if `base` is an untoned vowel.
fn with_tone(base: char, tone: usize) -> Option<char> {
    let (_, forms) = TONED.iter().find(|(b, _)| *b == base)?;
    forms.chars().nth(tone.checked_sub(1)?)
}

/// `base` (a, e or o; a for the breve) with a circumflex or breve.
fn with_shape(base: char, breve: bool) -> Option<char> {
    Some(match (base, breve) {
        ('a', false) => 'â',
        ('e', false) => 'ê',
        ('o', false) => 'ô',
        ('A', false) => 'Â',
        ('E', false) => 'Ê',
        ('O', false) => 'Ô',
        ('a', true) => 'ă',
        ('A', true) => 'Ă',
        _ => return None,
    })
}

/// Windows-1258 letters that stand alone.
const CP1258_LETTERS: [(u8, char); 31] = [
    (0xC0, 'À'),
    (0xC1, 'Á'),
    (0xC2, 'Â'),
    (0xC3, 'Ă'),
    (0xC8, 'È'),
    (0xC9, 'É'),
    (0xCA, 'Ê'),
    (0xCD, 'Í'),
    (0xD0, 'Đ'),
    (0xD3, 'Ó'),
    (0xD4, 'Ô'),
    (0xD5, 'Ơ'),
    (0xD9, 'Ù'),
    (0xDA, 'Ú'),
    (0xDD, 'Ư'),
    (0xE0, 'à'),
    (0xE1, 'á'),
    (0xE2, 'â'),
    (0xE3, 'ă'),
    (0xE8, 'è'),
    (0xE9, 'é'),
    (0xEA, 'ê'),
    (0xED, 'í'),
    (0xF0, 'đ'),
    (0xF3, 'ó'),
    (0xF4, 'ô'),
    (0xF5, 'ơ'),
    (0xF9, 'ù'),
    (0xFA, 'ú'),
    (0xFD, 'ư'),
    (0xFE, '₫'),
];

/// Windows-1258 combining tone marks: acute, grave, hook, tilde, dot below.
const CP1258_TONES: [u8; 5] = [0xEC, 0xCC, 0xD2, 0xDE, 0xF2];

/// VNI letters that stand alone: đ, ơ, ư and the toned i and ỵ.
const VNI_LETTERS: [(u8, char); 18] = [
    (0xF1, 'đ'),
    (0xD1, 'Đ'),
    (0xF4, 'ơ'),
    (0xD4, 'Ơ'),
    (0xF6, 'ư'),
    (0xD6, 'Ư'),
    (0xED, 'í'),
    (0xEC, 'ì'),
    (0xE6, 'ỉ'),
    (0xF3, 'ĩ'),
    (0xF2, 'ị'),
    (0xCD, 'Í'),
    (0xCC, 'Ì'),
    (0xC6, 'Ỉ'),
    (0xD3, 'Ĩ'),
    (0xD2, 'Ị'),
    (0xEE, 'ỵ'),
    (0xCE, 'Ỵ'),
];

/// VNI mark bytes (lower-case form; upper case is 0x20 less): (shape, tone), where
/// shape 0 is none, 1 circumflex, 2 breve.
const VNI_MARKS: [(u8, u8, usize); 17] = [
    (0xF9, 0, 1),
    (0xF8, 0, 2),
    (0xFB, 0, 3),
    (0xF5, 0, 4),
    (0xEF, 0, 5),
    (0xE2, 1, 0),
    (0xE1, 1, 1),
    (0xE0, 1, 2),
    (0xE5, 1, 3),
    (0xE3, 1, 4),
    (0xE4, 1, 5),
    (0xEA, 2, 0),
    (0xE9, 2, 1),
    (0xE8, 2, 2),
    (0xFA, 2, 3),
    (0xFC, 2, 4),
    (0xEB, 2, 5),
];

/// TCVN3 letters: lower-case toned vowels plus the shaped letters in both cases.
const TCVN3_LETTERS: [(u8, char); 74] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB8, 'á'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB9, 'ạ'),
    (0xBE, 'ắ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xC6, 'ặ'),
    (0xCA, 'ấ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCB, 'ậ'),
    (0xD0, 'é'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD1, 'ẹ'),
    (0xD5, 'ế'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD6, 'ệ'),
    (0xDD, 'í'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDE, 'ị'),
    (0xE3, 'ó'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE4, 'ọ'),
    (0xE8, 'ố'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE9, 'ộ'),
    (0xED, 'ớ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xEE, 'ợ'),
    (0xF3, 'ú'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF4, 'ụ'),
    (0xF8, 'ứ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF9, 'ự'),
    (0xFD, 'ý'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFE, 'ỵ'),
];

/// The letter `byte` stands for in `table`, if any.
fn lookup(table: &[(u8, char)], byte: u8) -> Option<char> {
    table.iter().find(|(b, _)| *b == byte).map(|(_, c)| *c)
}

/// Decodes `bytes` under `legacy`, scoring how many non-ASCII bytes became letters.
/// Bytes that make no Vietnamese letter in context become U+FFFD.
pub(super) fn decode(bytes: &[u8], legacy: Legacy) -> (String, Score) {
    let mut out: Vec<char> = Vec::with_capacity(bytes.len());
    let mut score = Score::default();
    for &byte in bytes {
        if byte < 0x80 {
            out.push(char::from(byte));
            continue;
        }
        let letter = match legacy {
            Legacy::Windows1258 => lookup(&CP1258_LETTERS, byte).or_else(|| {
                let tone = CP1258_TONES.iter().position(|t| *t == byte)? + 1;
                let toned = with_tone(*out.last()?, tone)?;
                out.pop();
                Some(toned)
            }),
            Legacy::Tcvn3 => lookup(&TCVN3_LETTERS, byte),
            Legacy::Vni => lookup(&VNI_LETTERS, byte).or_else(|| {
                let lower = if (0xC0..0xE0).contains(&byte) {
                    byte + 0x20
                } else {
                    byte
                };
                let &(_, shape, tone) = VNI_MARKS.iter().find(|(b, ..)| *b == lower)?;
                let mut base = *out.last()?;
                if shape > 0 {
                    base = with_shape(base, shape == 2)?;
                }
                let marked = if tone > 0 {
                    with_tone(base, tone)?
                } else {
                    base
                };
                out.pop();
                Some(marked)
            }),
        };
        match letter {
            Some(c) => {
                score.letters += 1;
                out.push(c);
            }
            None => {
                score.junk += 1;
                out.push('\u{FFFD}');
            }
        }
    }
    (out.into_iter().collect(), score)
}
