//! `band/unreachable`: no input can select the band. A band without bounds is
//! selected only by the script returning its key; a metric band is selected only
//! for values no earlier band takes, inside the metric's range.

use super::{Context, Lint};
use crate::check::band_range::{BandRange, domain_label};
use crate::check::tokens;
use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::Criterion;

/// See the module documentation.
pub(crate) struct BandUnreachable;

impl Lint for BandUnreachable {
    fn code(&self) -> Code {
        Code::BandUnreachable
    }

    fn criterion(&self, _cx: &Context<'_>, c: &Criterion, out: &mut Vec<Diagnostic>) {
        never_returned(c, out);
        if let Some(range) = BandRange::of(c) {
            shadowed(&range, out);
        }
    }
}

/// Bands without bounds whose key no string literal of the script spells.
fn never_returned(c: &Criterion, out: &mut Vec<Diagnostic>) {
    let returned = tokens::string_literals(&c.script_source);
    for band in c.bands.iter().filter(|b| !b.is_metric()) {
        if !returned.contains(&band.key.as_str()) {
            out.push(Diagnostic::new(
                Code::BandUnreachable,
                format!(
                    "tiêu chí {}, mức '{}': script không bao giờ trả về \"{}\" và mức không có ngưỡng, nên không đơn vị nào đạt mức này / the script never returns \"{}\" and the band has no bounds: no unit can reach it",
                    c.id, band.key, band.key, band.key
                ),
                Some(band.origin.location()),
            ));
        }
    }
}

/// Metric bands every value of which falls in an earlier band (or outside the range).
fn shadowed(range: &BandRange<'_>, out: &mut Vec<Diagnostic>) {
    let c = range.criterion;
    for i in range.shadowed() {
        let Some(band) = c.bands.get(i) else {
            continue;
        };
        let earlier: Vec<&str> = range
            .matches
            .iter()
            .filter(|m| m.contains(&i))
            .filter_map(|m| m.first())
            .filter_map(|k| c.bands.get(*k))
            .map(|b| b.key.as_str())
            .fold(Vec::new(), |mut acc, k| {
                if !acc.contains(&k) {
                    acc.push(k);
                }
                acc
            });
        let why = if earlier.is_empty() {
            let domain = domain_label(range.unit);
            format!(
                "ngưỡng của mức nằm ngoài miền giá trị {domain} / its bounds lie outside the metric's range {domain}"
            )
        } else {
            let earlier = earlier.join(", ");
            format!(
                "mọi giá trị của mức đã thuộc mức đứng trước ({earlier}) / every value it contains falls in an earlier band ({earlier})"
            )
        };
        out.push(Diagnostic::new(
            Code::BandUnreachable,
            format!(
                "tiêu chí {}, mức '{}': không bao giờ được chọn: {why}",
                c.id, band.key
            ),
            Some(band.origin.location()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C1, C2, at};

    #[test]
    fn the_base_has_none() {
        assert_eq!(Base::new().lint(&BandUnreachable), []);
    }

    #[test]
    fn a_band_the_script_never_returns() {
        let base = Base::new().replace(C2, "\"khong_bao_cao\"\n} else", "0\n} else");
        let line = base.band(C2, "khong_bao_cao");
        assert_eq!(
            base.lint(&BandUnreachable),
            [at(Code::BandUnreachable, C2, line)]
        );
    }

    #[test]
    fn a_metric_band_inside_an_earlier_one() {
        let base = Base::new().replace(
            C1,
            "at_least = \"0%\"\nbelow = \"50%\"",
            "at_least = \"50%\"\nbelow = \"60%\"",
        );
        let line = base.band(C1, "duoi_50");
        assert_eq!(
            base.lint(&BandUnreachable),
            [at(Code::BandUnreachable, C1, line)]
        );
    }

    #[test]
    fn the_message_names_the_earlier_band() {
        let base = Base::new().replace(
            C1,
            "at_least = \"0%\"\nbelow = \"50%\"",
            "at_least = \"50%\"\nbelow = \"60%\"",
        );
        let found = base.run(&BandUnreachable);
        assert_eq!(
            found[0].message,
            "tiêu chí 1, mức 'duoi_50': không bao giờ được chọn: mọi giá trị của mức đã thuộc mức đứng trước (mot_phan) / every value it contains falls in an earlier band (mot_phan)"
        );
    }

    #[test]
    fn a_metric_band_outside_the_range_names_the_range() {
        let base = Base::new().replace(
            C1,
            "at_least = \"0%\"\nbelow = \"50%\"",
            "at_least = \"150%\"",
        );
        let found = base.run(&BandUnreachable);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .ends_with("its bounds lie outside the metric's range [0%; 100%]"),
            "{}",
            found[0].message
        );
    }
}
