//! The document as Markdown (GitHub-flavoured tables). Every user string is
//! escaped so that it reads as written: a `|` cannot split a table cell, and a `*`,
//! `<` or `[` in a quote does not turn into emphasis, HTML or a link.

use super::{Block, Document, Inline};

/// Renders documents one after another, separated by a horizontal rule.
pub(crate) fn render(docs: &[Document]) -> String {
    let parts: Vec<String> = docs.iter().map(document).collect();
    parts.join("\n---\n\n")
}

fn document(doc: &Document) -> String {
    let mut out = format!("# {}\n", escape(&doc.title));
    for block in &doc.blocks {
        out.push('\n');
        out.push_str(&render_block(block));
    }
    out
}

fn render_block(block: &Block) -> String {
    match block {
        Block::Heading(level, line) => format!(
            "{} {}\n",
            "#".repeat(usize::from(*level)),
            inline(line, false)
        ),
        Block::Paragraph(line) => format!("{}\n", inline(line, false)),
        Block::List(items) => items
            .iter()
            .map(|item| format!("- {}\n", inline(item, false)))
            .collect(),
        Block::Quote(quote) => quote
            .lines()
            .map(|l| {
                let l = l.trim_end();
                if l.is_empty() {
                    ">\n".to_string()
                } else {
                    format!("> {}\n", escape_line_start(&escape(l)))
                }
            })
            .collect(),
        Block::Code { lang, text } => {
            let text = crate::text::visible_lines(text);
            let lang = crate::text::visible(lang).replace('`', "");
            let fence = "`".repeat(longest_run(&text, '`').max(2) + 1);
            format!("{fence}{lang}\n{text}\n{fence}\n")
        }
        Block::Table { header, rows } => {
            let mut out = String::new();
            let cells: Vec<String> = header.iter().map(|h| escape(h)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
            out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| inline(c, true)).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
            out
        }
    }
}

/// Renders inline runs; `in_table` also escapes `|` inside code spans.
fn inline(line: &[Inline], in_table: bool) -> String {
    line.iter()
        .map(|run| match run {
            Inline::Text(t) => escape(t),
            Inline::Strong(t) if t.trim().is_empty() => escape(t),
            Inline::Strong(t) => format!("**{}**", escape(t.trim())),
            Inline::Code(t) => code_span(t, in_table),
            Inline::Link(url) if is_web_address(url) => format!("<{url}>"),
            Inline::Link(url) => escape(url),
        })
        .collect()
}

/// Whether `url` can be written as an autolink as it stands.
fn is_web_address(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '|'))
}

/// Escapes text for a Markdown paragraph or table cell (line breaks become spaces).
pub(crate) fn escape(text: &str) -> String {
    // A rule file's text may hold escapes (`\u001b`): shown, never sent to a terminal.
    let chars: Vec<char> = crate::text::visible(text).chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\r' if chars.get(i + 1) == Some(&'\n') => {}
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // `<` starts raw HTML or an autolink only before a letter, `/`, `!` or `?`.
            '<' if chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<");
            }
            // `&` before a name or `#` would start an entity (`&lt;` shows as `<`).
            '&' if chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            // An underscore inside a word (`han_ke_hoach`) never starts emphasis.
            '_' => {
                let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
                if !(i > 0 && word(chars.get(i - 1)) && word(chars.get(i + 1))) {
                    out.push('\\');
                }
                out.push('_');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes what would start a list or a heading underline at the start of a line
/// (`- `, `+ `, `1. `, `2) `, `=`).
fn escape_line_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    // ASCII digits: the count of chars is the count of bytes.
    let (number, rest) = line.split_at_checked(digits).unwrap_or(("", line));
    if digits > 0
        && (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")")
    {
        return format!("{number}\\{rest}");
    }
    if line.starts_with("- ")
        || line.starts_with("+ ")
        || line.starts_with(['=', '>'])
        || line == "-"
    {
        return format!("\\{line}");
    }
    line.to_string()
}

/// A code span that survives backticks in its content (and `|` in tables).
pub(crate) fn code_span(text: &str, in_table: bool) -> String {
    let mut content = crate::text::visible(text).into_owned();
    if in_table {
        content = content.replace('|', "\\|");
    }
    let fence = "`".repeat(longest_run(&content, '`') + 1);
    if content.is_empty() {
        return format!("{fence} {fence}");
    }
    let pad = content.starts_with(['`', ' ']) || content.ends_with(['`', ' ']);
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{content}{pad}{fence}")
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{code, text};

    #[test]
    fn escapes_table_breakers_and_markup() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("x*y* <b> [l](u)"), "x\\*y\\* \\<b> \\[l\\](u)");
        assert_eq!(escape("≥ 80% và < 100%, a > b"), "≥ 80% và < 100%, a > b");
        assert_eq!(escape("dòng 1\r\ndòng 2"), "dòng 1 dòng 2");
        assert_eq!(escape("han_ke_hoach _nhấn_"), "han_ke_hoach \\_nhấn\\_");
        assert_eq!(escape("a\\b"), "a\\\\b");
        assert_eq!(
            escape("&lt;b&gt; &#60; A & B"),
            "\\&lt;b\\&gt; \\&\\#60; A & B"
        );
    }

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code_span("a", false), "`a`");
        assert_eq!(code_span("a`b", false), "``a`b``");
        assert_eq!(code_span("`a", false), "`` `a ``");
        assert_eq!(code_span("a|b", true), "`a\\|b`");
        assert_eq!(code_span("a|b", false), "`a|b`");
    }

    #[test]
    fn tables_escape_every_cell() {
        let table = Block::Table {
            header: vec!["A|B".into(), "C".into()],
            rows: vec![vec![vec![text("x | y")], vec![code("k|v")]]],
        };
        assert_eq!(
            render_block(&table),
            "| A\\|B | C |\n|---|---|\n| x \\| y | `k\\|v` |\n"
        );
    }

    #[test]
    fn quotes_keep_lines_and_cannot_become_lists() {
        let quote = Block::Quote("1. Điều một\n- gạch\n> lồng\nthường".into());
        assert_eq!(
            render_block(&quote),
            "> 1\\. Điều một\n> \\- gạch\n> \\> lồng\n> thường\n"
        );
    }
}
