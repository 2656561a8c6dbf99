//! A ruleset rendered as the document an auditor lays beside the official decision:
//! header, legal bases with their verbatim quotes and citation status, rounding,
//! maxima and groups, parameters, then every criterion with its bands, evidence,
//! script and test cases.
//!
//! The document is generated from the loaded [`Ruleset`], never written by hand, so
//! it cannot drift from what the engine scores. [`content`] builds one neutral
//! document (headings, paragraphs, tables, quotes, code); [`markdown`] and [`html`]
//! only lay it out, so both formats say the same thing.

mod content;
mod html;
mod markdown;

pub(crate) use html::escape as escape_html;
pub(crate) use markdown::{code_span as markdown_code_span, escape as escape_markdown};

use crate::ruleset::Ruleset;

/// Output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    /// Markdown (GitHub-flavoured tables).
    Markdown,
    /// One self-contained HTML file: inline CSS, no scripts, no external resources.
    Html,
}

/// Renders several rulesets one after another in a single document (a single HTML
/// page, or Markdown sections separated by a rule).
pub fn render_all(rulesets: &[&Ruleset], format: DocFormat) -> String {
    let docs: Vec<Document> = rulesets.iter().map(|r| content::document(r)).collect();
    match format {
        DocFormat::Markdown => markdown::render(&docs),
        DocFormat::Html => html::render(&docs),
    }
}

/// One ruleset's document: a title and blocks in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    /// The ruleset's title (also the HTML page title).
    pub title: String,
    /// Everything below the title.
    pub blocks: Vec<Block>,
}

/// A run of inline text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inline {
    /// Plain text (escaped by each renderer).
    Text(String),
    /// Emphasised text.
    Strong(String),
    /// An identifier, key or value as written in the rule file.
    Code(String),
    /// A link to a published text (rendered as a link only for http(s) addresses).
    Link(String),
}

/// A line of inline runs.
pub(crate) type Line = Vec<Inline>;

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A heading; level 2 is a top section of a ruleset (level 1 is the title).
    Heading(u8, Line),
    /// A paragraph.
    Paragraph(Line),
    /// A bulleted list.
    List(Vec<Line>),
    /// A verbatim quotation of a legal text (line breaks kept).
    Quote(String),
    /// Source code, shown verbatim.
    Code {
        /// Language tag (`rhai`).
        lang: &'static str,
        /// The source.
        text: String,
    },
    /// A table: a header row, then rows of cells.
    Table {
        /// Column headings.
        header: Vec<String>,
        /// Rows; each has as many cells as the header.
        rows: Vec<Vec<Line>>,
    },
}

/// Shorthand for a text run.
pub(crate) fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// Shorthand for a code run.
pub(crate) fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

/// Shorthand for a strong run.
pub(crate) fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}
