//! The document as one self-contained HTML file: inline CSS only, no scripts, no
//! external resources (it opens the same offline, years later), and every user
//! string escaped.

use super::{Block, Document, Inline};

/// Page style: readable tables, quotes and code, printable on A4.
const STYLE: &str = "\
body{font-family:'Times New Roman',Times,serif;line-height:1.45;margin:0;color:#111;background:#fff}
main{max-width:62rem;margin:0 auto;padding:1.5rem}
article+article{border-top:3px double #444;margin-top:3rem;padding-top:1rem}
h1{font-size:1.7rem}h2{font-size:1.35rem;border-bottom:1px solid #999;margin-top:2rem}
h3{font-size:1.2rem;margin-top:2rem;background:#eef2f7;padding:.3rem .5rem}h4{font-size:1.05rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}
th,td{border:1px solid #888;padding:.25rem .45rem;vertical-align:top;text-align:left}
th{background:#f0f0f0}
blockquote{margin:.4rem 0 .8rem 0;padding:.3rem .8rem;border-left:4px solid #7a8ca3;background:#f7f8fa;font-style:italic}
pre{background:#f5f5f5;border:1px solid #ccc;padding:.6rem;overflow-x:auto;font-size:.9rem}
code{font-family:Consolas,'DejaVu Sans Mono',monospace;font-size:.92em}
@media print{main{max-width:none;padding:0}h3{break-after:avoid}table,pre,blockquote{break-inside:avoid}}
";

/// Escapes text for HTML element content and attribute values, after making it
/// safe to show ([`crate::text::visible`]: no control character, no line break).
pub(crate) fn escape(text: &str) -> String {
    let text = crate::text::visible(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders documents as one page, one `<article>` each.
pub(crate) fn render(docs: &[Document]) -> String {
    let titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"cchc {}\">\n",
        env!("CARGO_PKG_VERSION")
    ));
    out.push_str(&format!("<title>{}</title>\n", escape(&titles.join(" / "))));
    out.push_str(&format!(
        "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n"
    ));
    for doc in docs {
        out.push_str("<article>\n");
        out.push_str(&format!("<h1>{}</h1>\n", escape(&doc.title)));
        for block in &doc.blocks {
            out.push_str(&render_block(block));
        }
        out.push_str("</article>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn render_block(block: &Block) -> String {
    match block {
        Block::Heading(level, line) => {
            let level = (*level).clamp(2, 6);
            format!("<h{level}>{}</h{level}>\n", inline(line))
        }
        Block::Paragraph(line) => format!("<p>{}</p>\n", inline(line)),
        Block::List(items) => {
            let items: String = items
                .iter()
                .map(|item| format!("<li>{}</li>\n", inline(item)))
                .collect();
            format!("<ul>\n{items}</ul>\n")
        }
        Block::Quote(quote) => {
            let lines: Vec<String> = quote.lines().map(escape).collect();
            format!("<blockquote>{}</blockquote>\n", lines.join("<br>\n"))
        }
        Block::Code { lang, text } => format!(
            "<pre><code class=\"language-{}\">{}</code></pre>\n",
            escape(lang),
            text.split('\n').map(escape).collect::<Vec<_>>().join("\n")
        ),
        Block::Table { header, rows } => {
            let mut out = String::from("<table>\n<thead><tr>");
            for h in header {
                out.push_str(&format!("<th>{}</th>", escape(h)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for row in rows {
                out.push_str("<tr>");
                for cell in row {
                    out.push_str(&format!("<td>{}</td>", inline(cell)));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
            out
        }
    }
}

fn inline(line: &[Inline]) -> String {
    line.iter()
        .map(|run| match run {
            Inline::Text(t) => escape(t),
            Inline::Strong(t) => format!("<strong>{}</strong>", escape(t)),
            Inline::Code(t) => format!("<code>{}</code>", escape(t)),
            // A link the reader follows, never a resource the page loads; only web
            // addresses become links (no `javascript:` or `file:`).
            Inline::Link(url) if url.starts_with("https://") || url.starts_with("http://") => {
                format!("<a href=\"{}\">{}</a>", escape(url), escape(url))
            }
            Inline::Link(url) => escape(url),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::text;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x & \"y\"')</script>"),
            "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("Điều 14 — không đổi"), "Điều 14 — không đổi");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn only_web_addresses_become_links() {
        let ok = inline(&[Inline::Link("https://example.org/a?b=1&c=2".into())]);
        assert_eq!(
            ok,
            "<a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>"
        );
        let bad = inline(&[Inline::Link("javascript:alert(1)".into())]);
        assert_eq!(bad, "javascript:alert(1)");
    }

    #[test]
    fn a_page_is_self_contained() {
        let doc = Document {
            title: "T <b>".into(),
            blocks: vec![Block::Paragraph(vec![text("<img src=x>")])],
        };
        let page = render(&[doc]);
        assert!(page.contains("<title>T &lt;b&gt;</title>"));
        assert!(page.contains("<p>&lt;img src=x&gt;</p>"));
        for needle in ["<script", "<link", "src=\"", "url(", "@import"] {
            assert!(!page.contains(needle), "{needle} in {page}");
        }
    }
}
