//! A small SVG writer for the HTML report's charts: rectangles, lines and text,
//! every string escaped, coordinates as decimals written with at most two places
//! (no `f64`, so the same chart is the same bytes on every machine).
//!
//! Colours come from CSS classes of the page that embeds the drawing, so the
//! print stylesheet and the screen share one palette.

use crate::report::escape_html as escape;
use rust_decimal::Decimal;
use std::fmt::Write;

/// Where a text's anchor point sits on the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The text begins at the point.
    Start,
    /// The text is centred on the point.
    Middle,
    /// The text ends at the point.
    End,
}

impl Anchor {
    fn attribute(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// An SVG drawing being written.
#[derive(Debug, Clone)]
pub(crate) struct Svg {
    width: Decimal,
    height: Decimal,
    label: String,
    class: String,
    body: String,
}

/// A coordinate or length written with at most two decimal places.
fn num(value: Decimal) -> String {
    value.round_dp(2).normalize().to_string()
}

impl Svg {
    /// A drawing of `width` × `height` user units, scaled to its container's
    /// width; `label` is its accessible name (a `<title>` screen readers announce).
    pub(crate) fn new(width: Decimal, height: Decimal, label: &str, class: &str) -> Svg {
        Svg {
            width,
            height,
            label: label.to_string(),
            class: class.to_string(),
            body: String::new(),
        }
    }

    /// A rectangle; negative sizes are drawn as empty. `tooltip` becomes the
    /// rectangle's `<title>`, shown on hover.
    pub(crate) fn rect(
        &mut self,
        (x, y): (Decimal, Decimal),
        (width, height): (Decimal, Decimal),
        class: &str,
        tooltip: Option<&str>,
    ) {
        let _ = write!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"{}\"",
            num(x),
            num(y),
            num(width.max(Decimal::ZERO)),
            num(height.max(Decimal::ZERO)),
            escape(class)
        );
        match tooltip {
            Some(t) => {
                let _ = writeln!(self.body, "><title>{}</title></rect>", escape(t));
            }
            None => self.body.push_str("/>\n"),
        }
    }

    /// A straight line.
    pub(crate) fn line(&mut self, from: (Decimal, Decimal), to: (Decimal, Decimal), class: &str) {
        let _ = writeln!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"{}\"/>",
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
            escape(class)
        );
    }

    /// A line of text whose baseline passes through `(x, y)`; `tooltip`, when
    /// given, holds the full text of a shortened label.
    pub(crate) fn text(
        &mut self,
        (x, y): (Decimal, Decimal),
        anchor: Anchor,
        class: &str,
        text: &str,
        tooltip: Option<&str>,
    ) {
        let title = tooltip
            .map(|t| format!("<title>{}</title>", escape(t)))
            .unwrap_or_default();
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" class=\"{}\">{title}{}</text>",
            num(x),
            num(y),
            anchor.attribute(),
            escape(class),
            escape(text)
        );
    }

    /// The finished `<svg>` element.
    pub(crate) fn finish(self) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" class=\"{}\" role=\"img\" aria-label=\"{label}\">\n<title>{label}</title>\n{}</svg>\n",
            escape(&self.class),
            self.body,
            w = num(self.width),
            h = num(self.height),
            label = escape(&self.label),
        )
    }
}

/// `text` cut to at most `max` characters, with `…` in place of what was cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("a decimal literal")
    }

    #[test]
    fn writes_shapes_with_two_decimal_places_at_most() {
        let mut svg = Svg::new(d("300"), d("20.5"), "Biểu đồ", "chart");
        svg.rect((d("10"), d("2.125")), (d("33.333"), d("-4")), "bar", None);
        svg.line((d("0"), d("0.10")), (d("300"), d("0")), "axis");
        assert_eq!(
            svg.finish(),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 20.5\" width=\"300\" height=\"20.5\" class=\"chart\" role=\"img\" aria-label=\"Biểu đồ\">\n\
             <title>Biểu đồ</title>\n\
             <rect x=\"10\" y=\"2.12\" width=\"33.33\" height=\"0\" class=\"bar\"/>\n\
             <line x1=\"0\" y1=\"0.1\" x2=\"300\" y2=\"0\" class=\"axis\"/>\n\
             </svg>\n"
        );
    }

    #[test]
    fn escapes_every_string_it_writes() {
        let mut svg = Svg::new(d("1"), d("1"), "<b>\"x\"</b>", "c\"onload=\"x");
        svg.text(
            (d("0"), d("0")),
            Anchor::End,
            "label",
            "<script>alert(1)</script>",
            Some("a & b"),
        );
        svg.rect(
            (d("0"), d("0")),
            (d("1"), d("1")),
            "bar",
            Some("</title><script>"),
        );
        let out = svg.finish();
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<b>"), "{out}");
        assert!(out.contains("class=\"c&quot;onload=&quot;x\""), "{out}");
        assert!(
            out.contains(
                "<text x=\"0\" y=\"0\" text-anchor=\"end\" class=\"label\"><title>a &amp; b</title>&lt;script&gt;alert(1)&lt;/script&gt;</text>"
            ),
            "{out}"
        );
        assert!(out.contains("<title>&lt;/title&gt;&lt;script&gt;</title></rect>"));
    }

    #[test]
    fn shortens_long_labels_by_characters_not_bytes() {
        assert_eq!(shorten("Sở Tư pháp", 10), "Sở Tư pháp");
        assert_eq!(shorten("Phường 1, thành phố Hòa An", 12), "Phường 1, t…");
        assert_eq!(shorten("Xã An Phú", 4), "Xã…");
    }
}
