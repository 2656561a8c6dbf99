//! The per-unit notice (thông báo kết quả chấm điểm) of a published revision:
//! for each criterion the self-assessed and the appraised points, their
//! difference ("chênh lệch với điểm tự chấm") with the appraisers' reasons,
//! why points were lost and the legal bases; the total and the rank. One
//! self-contained HTML page that prints one unit per A4 page.

use super::escape_html;
use crate::Ruleset;
use crate::model::Status;
use crate::model::number::format_vi;
use crate::score::UnitScore;
use crate::score::render::{self, Lang};
use rust_decimal::Decimal;
use std::fmt::Write;

/// One unit's notice: what it rests on and its two scores.
#[derive(Debug, Clone, Copy)]
pub struct Notice<'a> {
    /// The unit scored on its appraised evidence, ranked in the province.
    pub appraised: &'a UnitScore,
    /// The unit scored on its own evidence (self-assessment).
    pub own: &'a UnitScore,
    /// Per criterion id, the reasons of the corrections that changed its inputs.
    pub reasons: &'a [(String, Vec<String>)],
}

/// What every notice of a revision states about its making.
#[derive(Debug, Clone, Copy)]
pub struct NoticeHeader<'a> {
    /// The round's year.
    pub year: i64,
    /// The revision number.
    pub revision: i64,
    /// The appraised evidence's SHA-256.
    pub evidence_fingerprint: &'a str,
}

/// The notices of `notices` as one HTML document, each on its own A4 page.
pub fn render_notices(
    ruleset: &Ruleset,
    header: NoticeHeader<'_>,
    notices: &[Notice<'_>],
) -> String {
    let mut out = String::new();
    let title = format!("Thông báo kết quả chấm điểm năm {}", header.year);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape_html(&title)
    );
    for notice in notices {
        unit_page(&mut out, ruleset, header, notice);
    }
    out.push_str("</body>\n</html>\n");
    out
}

// Sized so a unit's notice (seven criteria, reasons, bases) fits one A4 page:
// tests/notice_print.rs prints the sample province and counts the pages.
const STYLE: &str = "@page{size:A4;margin:10mm 11mm}\
body{font-family:'Times New Roman',serif;font-size:11pt;color:#000;margin:0}\
.notice{break-after:page;page-break-after:always}\
.notice:last-child{break-after:auto;page-break-after:auto}\
h1{font-size:13pt;text-align:center;margin:0 0 2pt}\
.sub{text-align:center;margin:0 0 4pt}\
table{border-collapse:collapse;width:100%;margin:4pt 0;table-layout:fixed}\
col.c{width:24%}col.n{width:8.5%}col.r{width:42%}\
th,td{border:1px solid #000;padding:1.5pt 3pt;vertical-align:top;font-size:9pt}\
th{font-size:8pt;font-weight:bold}\
td p{margin:0 0 2pt}\
td.n{text-align:right;white-space:nowrap}\
tr{break-inside:avoid;page-break-inside:avoid}\
.why{font-size:8.5pt}.basis{font-size:8pt;color:#222}\
.prov{font-size:7pt;color:#333;margin-top:4pt;word-break:break-all}\
@media screen{body{max-width:210mm;margin:auto;padding:0 8px}.notice{border-bottom:2px dashed #888;padding:8mm 0}}";

fn unit_page(out: &mut String, ruleset: &Ruleset, header: NoticeHeader<'_>, notice: &Notice<'_>) {
    let unit = notice.appraised;
    let round = |d: Decimal| format_vi(ruleset.rounding.round(d));
    let _ = write!(
        out,
        "<section class=\"notice\" id=\"don-vi-{id}\">\n<h1>THÔNG BÁO KẾT QUẢ CHẤM ĐIỂM</h1>\n\
         <p class=\"sub\">{title}<br>Năm đánh giá {year} · bản công bố số {rev}</p>\n\
         <p>Đơn vị: <strong>{name}</strong> ({id})</p>\n",
        id = escape_html(&unit.id),
        name = escape_html(&unit.name),
        title = escape_html(&ruleset.title),
        year = header.year,
        rev = header.revision,
    );
    out.push_str(
        "<table>\n<colgroup><col class=\"c\"><col class=\"n\"><col class=\"n\"><col class=\"n\"><col class=\"n\"><col class=\"r\"></colgroup>\n<thead><tr><th>Tiêu chí</th><th>Tối đa</th><th>Điểm tự chấm</th><th>Điểm thẩm định</th>\
         <th>Chênh lệch với điểm tự chấm</th><th>Lý do, căn cứ</th></tr></thead>\n<tbody>\n",
    );
    for (scored, own) in unit.criteria.iter().zip(&notice.own.criteria) {
        let criterion = ruleset.criterion(scored.criterion);
        if scored.status == Status::NotApplicable {
            continue;
        }
        let points = |p: Option<Decimal>| p.map(round).unwrap_or_else(|| "–".into());
        let difference = match (scored.points, own.points) {
            (Some(a), Some(s)) => a.checked_sub(s).map(|d| signed(&round(d), d)),
            _ => None,
        };
        let _ = write!(
            out,
            "<tr><td>{id}. {title}</td><td class=\"n\">{max}</td><td class=\"n\">{own}</td>\
             <td class=\"n\">{appraised}</td><td class=\"n\">{diff}</td><td class=\"why\">",
            id = escape_html(&criterion.id),
            title = escape_html(&criterion.title),
            max = points(scored.max),
            own = points(own.points),
            appraised = points(scored.points),
            diff = difference.unwrap_or_else(|| "–".into()),
        );
        let reasons = notice
            .reasons
            .iter()
            .find(|(id, _)| *id == criterion.id)
            .map(|(_, r)| r.as_slice())
            .unwrap_or_default();
        for reason in reasons {
            let _ = write!(out, "<p>Thẩm định: {}</p>", escape_html(reason));
        }
        if scored.status != Status::Full {
            // Why points were lost; the basis follows once, below.
            let why = render::reason(ruleset, scored, Lang::Vi);
            let _ = write!(out, "<p>{}</p>", escape_html(&why));
        }
        let bases: Vec<String> = criterion.legal_basis.iter().map(|b| b.cite()).collect();
        if !bases.is_empty() {
            let _ = write!(
                out,
                "<p class=\"basis\">Căn cứ: {}</p>",
                escape_html(&bases.join("; "))
            );
        }
        out.push_str("</td></tr>\n");
    }
    let percent = super::percent_in(ruleset, unit)
        .map(|p| format!("{}%", format_vi(p)))
        .unwrap_or_else(|| "–".into());
    let rank = unit
        .rank
        .map(|r| r.to_string())
        .unwrap_or_else(|| "–".into());
    let total_diff = unit
        .total
        .checked_sub(notice.own.total)
        .map(|d| signed(&round(d), d))
        .unwrap_or_else(|| "–".into());
    let _ = write!(
        out,
        "<tr><th>Tổng</th><td class=\"n\">{max}</td><td class=\"n\">{own}</td><td class=\"n\">{total}</td>\
         <td class=\"n\">{total_diff}</td><td>Tỷ lệ {percent} · xếp hạng {rank} trong cấp</td></tr>\n</tbody>\n</table>\n",
        max = round(unit.max),
        own = round(notice.own.total),
        total = round(unit.total),
    );
    if ruleset.sample_choices() > 0 {
        out.push_str(
            "<p class=\"why\">Ghi chú: một số mức điểm của bộ tiêu chí là giá trị mẫu \
             (chưa có bảng điểm chính thức công khai), tỉnh thay bằng tệp điều chỉnh.</p>\n",
        );
    }
    let _ = write!(
        out,
        "<p class=\"prov\">Bộ tiêu chí {rid} · dấu vân tay {rfp} · minh chứng đã thẩm định {efp}</p>\n</section>\n",
        rid = escape_html(&ruleset.id),
        rfp = escape_html(&ruleset.fingerprint),
        efp = escape_html(header.evidence_fingerprint),
    );
}

/// `+0,50` for a gain, `-0,50` for a loss, `0` unchanged.
fn signed(text: &str, value: Decimal) -> String {
    if value > Decimal::ZERO {
        format!("+{text}")
    } else {
        text.to_string()
    }
}
