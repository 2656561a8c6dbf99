//! A small tokenizer for the lints that read a criterion's script text (decimal
//! literals, evidence the script never reads, parameters no script uses, band keys
//! it can return).
//!
//! Scripts are scanned with a small tokenizer (identifiers, numbers, strings,
//! comments) rather than Rhai's parser, so these lints also run on a script that
//! does not compile.

use crate::diagnostic::Location;
use crate::ruleset::Criterion;

/// A token of a script: what it is and where it starts (byte offset in the script).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Ident,
    Number,
    /// A string literal; `text` is its content without quotes.
    Str,
    Punct,
}

/// Splits a Rhai script into tokens, skipping whitespace and comments.
pub(super) fn tokens(src: &str) -> Vec<Token<'_>> {
    let bytes = src.as_bytes();
    // Byte tests by `get`, slices by `get`: a position never panics, even mid-character.
    let is = |i: usize, f: fn(u8) -> bool| bytes.get(i).is_some_and(|b| f(*b));
    let text = |from: usize, to: usize| src.get(from..to).unwrap_or_default();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        let start = i;
        let rest = src.get(i..).unwrap_or_default();
        if c.is_ascii_whitespace() {
            i = i.saturating_add(1);
        } else if rest.starts_with("//") {
            i = rest.find('\n').map_or(bytes.len(), |n| i.saturating_add(n));
        } else if let Some(body) = rest.strip_prefix("/*") {
            i = body
                .find("*/")
                .map_or(bytes.len(), |n| i.saturating_add(n).saturating_add(4));
        } else if c == b'"' || c == b'`' {
            i = i.saturating_add(1);
            while let Some(&b) = bytes.get(i).filter(|b| **b != c) {
                i = i.saturating_add(if b == b'\\' { 2 } else { 1 });
            }
            let end = i.min(bytes.len());
            out.push(Token {
                kind: Kind::Str,
                text: text(start.saturating_add(1), end),
                offset: start,
            });
            i = end.saturating_add(1);
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while is(i, |b| b.is_ascii_alphanumeric() || b == b'_') {
                i = i.saturating_add(1);
            }
            out.push(Token {
                kind: Kind::Ident,
                text: text(start, i),
                offset: start,
            });
        } else if c.is_ascii_digit() {
            let digit = |b: u8| b.is_ascii_digit() || b == b'_';
            while is(i, digit) {
                i = i.saturating_add(1);
            }
            // `1.5` is a decimal; `1..5` is a range and `1.max(2)` a method call.
            if is(i, |b| b == b'.') && is(i.saturating_add(1), |b| b.is_ascii_digit()) {
                i = i.saturating_add(1);
                while is(i, digit) {
                    i = i.saturating_add(1);
                }
            }
            out.push(Token {
                kind: Kind::Number,
                text: text(start, i),
                offset: start,
            });
        } else {
            let width = rest.chars().next().map_or(1, char::len_utf8);
            i = i.saturating_add(width);
            out.push(Token {
                kind: Kind::Punct,
                text: text(start, i),
                offset: start,
            });
        }
    }
    out
}

/// The string literals of a script: the band keys it can return.
pub(super) fn string_literals(src: &str) -> Vec<&str> {
    tokens(src)
        .into_iter()
        .filter(|t| t.kind == Kind::Str)
        .map(|t| t.text)
        .collect()
}

/// Names read as variables (an identifier not preceded by `.`).
pub(super) fn variables<'a>(toks: &[Token<'a>]) -> Vec<&'a str> {
    toks.iter()
        .enumerate()
        .filter(|(i, t)| {
            t.kind == Kind::Ident
                && i.checked_sub(1)
                    .and_then(|p| toks.get(p))
                    .is_none_or(|p| p.text != ".")
        })
        .map(|(_, t)| t.text)
        .collect()
}

/// Parameters a script reads: `params.name` or `params["name"]`.
pub(super) fn params_read(src: &str) -> Vec<&str> {
    let toks = tokens(src);
    let mut out = Vec::new();
    for w in toks.windows(3) {
        if let [first, op, name] = w
            && first.kind == Kind::Ident
            && first.text == "params"
        {
            match (op.text, name.kind) {
                (".", Kind::Ident) | ("[", Kind::Str) => out.push(name.text),
                _ => {}
            }
        }
    }
    out
}

/// Where script byte `offset` (width `len`) sits in the criterion's file.
pub(super) fn script_location(c: &Criterion, offset: usize, len: usize) -> Option<Location> {
    let base = c.source.text.find(&c.script_source)?;
    Some(Location::from_span(
        &c.source.path,
        &c.source.text,
        base.saturating_add(offset)..base.saturating_add(offset).saturating_add(len),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_decimals_ranges_strings_and_comments() {
        let src = "// 0.5 in a comment\nlet r = 0.75; for i in 1..5 {} \"1.5\" /* 2.5 */ x.y";
        let toks = tokens(src);
        let numbers: Vec<&str> = toks
            .iter()
            .filter(|t| t.kind == Kind::Number)
            .map(|t| t.text)
            .collect();
        assert_eq!(numbers, ["0.75", "1", "5"]);
        assert_eq!(string_literals(src), ["1.5"]);
        assert_eq!(variables(&toks), ["let", "r", "for", "i", "in", "x"]);
    }

    #[test]
    fn finds_params_by_property_and_index() {
        let src = "days_between(params.han_a, x) + params[\"han_b\"] + my_params.c";
        assert_eq!(params_read(src), ["han_a", "han_b"]);
    }

    #[test]
    fn unterminated_string_does_not_panic() {
        assert_eq!(string_literals("\"abc"), ["abc"]);
        assert_eq!(string_literals("\"a\\"), ["a\\"]);
    }
}
