//! The report's charts as inline SVG: a ranking per level (one bar per unit, its
//! percentage) and per-criterion statistics per level (average as a share of the
//! maximum, and the share of units at full points).

use crate::model::number::format_vi;
use crate::report::stats::CriterionStats;
use crate::report::svg::{Anchor, Svg, shorten};
use crate::score::{Scoreboard, UnitScore};
use rust_decimal::Decimal;

/// Drawing width in user units; the page scales it to the column.
const WIDTH: i64 = 720;
/// Labels longer than this many characters are cut (the full text is the tooltip).
const LABEL_CHARS: usize = 44;

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// Vertical grid lines at 0, 25, 50, 75 and 100 % with their labels above.
fn grid(svg: &mut Svg, left: i64, plot: i64, top: i64, bottom: i64) {
    for step in 0..=4 {
        let x = d(left) + d(plot) * d(step) / d(4);
        svg.line((x, d(top)), (x, d(bottom)), "grid");
        svg.text(
            (x, d(top - 4)),
            Anchor::Middle,
            "tick",
            &format!("{}%", step * 25),
            None,
        );
    }
}

/// Width of a bar for `percent` (0–100) over a plot `plot` units wide.
fn bar_width(percent: Decimal, plot: i64) -> Decimal {
    percent.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED) * d(plot) / Decimal::ONE_HUNDRED
}

/// One bar per unit of a level, in ranking order; a unit that could not be ranked
/// is named with "lỗi" in place of a bar.
pub(crate) fn ranking(board: &Scoreboard<'_>, title: &str, units: &[&UnitScore]) -> String {
    let (left, plot, row, top) = (280, 360, 18, 22);
    let height = top + row * units.len() as i64 + 8;
    let mut svg = Svg::new(d(WIDTH), d(height), title, "chart ranking");
    grid(&mut svg, left, plot, top - 6, height - 6);
    for (i, unit) in units.iter().enumerate() {
        let y = top + row * i as i64;
        let rank = unit.rank.map_or_else(|| "–".to_string(), |r| r.to_string());
        let label = format!("{rank}. {}", unit.name);
        let full = format!("{} {}", unit.id, unit.name);
        let shown = shorten(&label, LABEL_CHARS);
        let tooltip = (shown != label).then_some(full.as_str());
        svg.text(
            (d(left - 8), d(y + 12)),
            Anchor::End,
            "label",
            &shown,
            tooltip,
        );
        match crate::report::percent(board, unit) {
            Some(p) => {
                let width = bar_width(p, plot);
                let value = format!("{}%", format_vi(p));
                svg.rect(
                    (d(left), d(y + 3)),
                    (width, d(12)),
                    "bar",
                    Some(&format!("{full}: {value}")),
                );
                svg.text(
                    (d(left) + width + d(4), d(y + 12)),
                    Anchor::Start,
                    "value",
                    &value,
                    None,
                );
            }
            None => svg.text(
                (d(left + 4), d(y + 12)),
                Anchor::Start,
                "missing",
                "lỗi: không tính được tỷ lệ",
                None,
            ),
        }
    }
    svg.line((d(left), d(top - 6)), (d(left), d(height - 6)), "axis");
    svg.finish()
}

/// Per criterion of a level, two bars: the average points as a percentage of the
/// maximum, and the percentage of units at full points.
pub(crate) fn criteria(board: &Scoreboard<'_>, title: &str, stats: &[CriterionStats]) -> String {
    let (left, plot, group, top) = (300, 340, 34, 44);
    let height = top + group * stats.len() as i64 + 4;
    let mut svg = Svg::new(d(WIDTH), d(height), title, "chart criteria");
    criteria_legend(&mut svg, left);
    grid(&mut svg, left, plot, top - 6, height - 4);
    for (i, s) in stats.iter().enumerate() {
        let criterion = board.ruleset.criterion(s.criterion);
        let y = top + group * i as i64;
        let label = format!("{} {}", criterion.id, criterion.title);
        let shown = shorten(&label, LABEL_CHARS + 6);
        let tooltip = (shown != label).then_some(label.as_str());
        svg.text(
            (d(left - 8), d(y + 17)),
            Anchor::End,
            "label",
            &shown,
            tooltip,
        );
        criterion_bars(&mut svg, board, s, &criterion.id, (left, plot, y));
    }
    svg.line((d(left), d(top - 6)), (d(left), d(height - 4)), "axis");
    svg.finish()
}

/// What the two bars of [`criteria`] stand for.
fn criteria_legend(svg: &mut Svg, left: i64) {
    svg.rect((d(left), d(4)), (d(12), d(10)), "bar swatch", None);
    svg.text(
        (d(left + 16), d(13)),
        Anchor::Start,
        "label",
        "Điểm trung bình (% điểm tối đa)",
        None,
    );
    svg.rect(
        (d(left + 210), d(4)),
        (d(12), d(10)),
        "bar full swatch",
        None,
    );
    svg.text(
        (d(left + 226), d(13)),
        Anchor::Start,
        "label",
        "Tỷ lệ đơn vị đạt tối đa",
        None,
    );
}

/// One criterion's two bars, at `y` (`left` and `plot` place the plot), each
/// with its value; a criterion the level does not score says so instead.
fn criterion_bars(
    svg: &mut Svg,
    board: &Scoreboard<'_>,
    s: &CriterionStats,
    id: &str,
    (left, plot, y): (i64, i64, i64),
) {
    let bars = [
        (s.average_percent(), "bar", "điểm trung bình"),
        (s.full_percent(), "bar full", "đạt tối đa"),
    ];
    if s.max.is_none() {
        svg.text(
            (d(left + 4), d(y + 17)),
            Anchor::Start,
            "tick",
            "không áp dụng cho cấp này",
            None,
        );
        return;
    }
    for (k, (value, class, what)) in bars.into_iter().enumerate() {
        let by = y + 3 + 14 * k as i64;
        let Some(p) = value.map(|p| crate::report::rounded(board, p)) else {
            svg.text(
                (d(left + 4), d(by + 10)),
                Anchor::Start,
                "missing",
                "không có đơn vị được chấm",
                None,
            );
            continue;
        };
        let width = bar_width(p, plot);
        let text = format!("{}%", format_vi(p));
        svg.rect(
            (d(left), d(by)),
            (width, d(12)),
            class,
            Some(&format!("{id} — {what}: {text}")),
        );
        svg.text(
            (d(left) + width + d(4), d(by + 10)),
            Anchor::Start,
            "value",
            &text,
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_and_clamped() {
        assert_eq!(bar_width(Decimal::from(50), 360), Decimal::from(180));
        assert_eq!(bar_width(Decimal::from(150), 360), Decimal::from(360));
        assert_eq!(bar_width(Decimal::from(-5), 360), Decimal::ZERO);
        assert_eq!(
            bar_width("42.86".parse().expect("decimal"), 360).round_dp(2),
            "154.3".parse::<Decimal>().expect("decimal")
        );
    }
}
