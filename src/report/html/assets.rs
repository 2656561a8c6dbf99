//! What the report page carries inline: its stylesheet (screen and A4 print), its
//! one script (sortable tables, load marker) and the Content-Security-Policy that
//! lets only that script run and nothing load from the network.

use sha2::{Digest, Sha256};

/// Screen and print styles. System fonts that carry Vietnamese (Arial, Liberation
/// Sans, DejaVu Sans, Noto Sans): no web font, so the file opens offline.
pub(crate) const STYLE: &str = "\
:root{--ink:#1b1f24;--muted:#5b6470;--line:#c9d0d8;--soft:#f3f5f8;--accent:#1f5fa8;--full:#2e7d4f;--part:#c98a12;--zero:#b3261e;--na:#8a939e}
*{box-sizing:border-box}
body{font-family:'Segoe UI',Arial,'Liberation Sans','DejaVu Sans','Noto Sans',sans-serif;font-size:15px;line-height:1.45;margin:0;color:var(--ink);background:#fff}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}
h2{font-size:1.3rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem;margin:2rem 0 .8rem}
h3{font-size:1.05rem;margin:0 0 .3rem}
h4{font-size:.95rem;margin:.8rem 0 .3rem}
code{font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:.85em;word-break:break-all}
.kicker{text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-size:.8rem;margin:0}
.provenance{color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:1rem 0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
.warning{border-left:4px solid var(--part);background:#fff8e6;padding:.4rem .7rem}
nav.toc{background:var(--soft);padding:.5rem 1rem;border-radius:4px}
nav.toc a{margin-right:1rem;color:var(--accent)}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th::after{content:' \\2195';color:var(--na);font-size:.8em}
table.sortable th[aria-sort=ascending]::after{content:' \\25B2';color:var(--ink)}
table.sortable th[aria-sort=descending]::after{content:' \\25BC';color:var(--ink)}
figure.chart{margin:1rem 0}
figure.chart figcaption{font-size:.85rem;color:var(--muted)}
svg.chart{width:100%;height:auto;display:block;font-family:inherit}
svg.chart text{font-size:11px;fill:var(--ink)}
svg.chart text.tick{fill:var(--muted);font-size:10px}
svg.chart line.grid{stroke:var(--line);stroke-width:1}
svg.chart line.axis{stroke:var(--muted);stroke-width:1}
svg.chart rect.bar{fill:var(--accent)}
svg.chart rect.bar.full{fill:var(--full)}
svg.chart rect.swatch{stroke:none}
svg.chart text.missing{fill:var(--zero);font-style:italic}
.cards{counter-reset:card}
.card{border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;margin:0 0 1rem;break-inside:avoid;page-break-inside:avoid}
.card .uid{font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:.85em;color:var(--muted);margin-right:.4rem}
.card .meta{color:var(--muted);font-size:.85rem;margin:0 0 .4rem}
.card .total{font-size:1rem;margin:.2rem 0 .5rem}
.card .total strong{font-size:1.25rem}
.card table{margin:.3rem 0 .4rem}
.card td.barcell{width:20%}
.card th.status,.card td.status{width:5.5rem}
.card td.num{width:4.5rem}
table.stats td:first-child{width:34%}
.meter{height:.65rem;background:#e4e8ee;border-radius:3px;overflow:hidden;margin-top:.35rem}
.meter span{display:block;height:100%;background:var(--accent)}
.s-full .meter span{background:var(--full)}.s-partial .meter span{background:var(--part)}
.s-zero .meter span,.s-missing_evidence .meter span{background:var(--zero)}
.status{font-size:.8rem;white-space:nowrap}
.s-full .status{color:var(--full)}.s-partial .status{color:var(--part)}
.s-zero .status,.s-missing_evidence .status,.s-error .status{color:var(--zero);font-weight:600}
.s-not_applicable{color:var(--na)}
.card ul{margin:.2rem 0;padding-left:1.2rem}
.card li{margin:.15rem 0;font-size:.88rem}
.card .problem{color:var(--zero)}
.card .ok{color:var(--full);font-size:.9rem;margin:.3rem 0}
.card .card-foot{color:var(--muted);font-size:.72rem;margin:.4rem 0 0;border-top:1px dotted var(--line);padding-top:.2rem}
footer{color:var(--muted);font-size:.8rem;border-top:1px solid var(--line);margin-top:2rem;padding-top:.5rem}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:9pt}
h2{font-size:13pt}
.card{padding:.45rem .7rem;margin:0 0 .5rem}
.card h3{font-size:10.5pt}
.card table{font-size:8.5pt;margin:.2rem 0}
.card th,.card td{padding:.08rem .35rem}
.card li{font-size:8pt;margin:.05rem 0}
.card h4{margin:.4rem 0 .15rem}
.meter{height:.5rem;margin-top:.2rem}
main{max-width:none;padding:0}
nav.toc{display:none}
h2{break-after:avoid;page-break-after:avoid}
thead{display:table-header-group}
tr,figure.chart,dl.facts{break-inside:avoid;page-break-inside:avoid}
table.sortable th::after,table.sortable th[aria-sort]::after{content:none}
section.level{break-before:page;page-break-before:always}
section.level:first-of-type{break-before:auto;page-break-before:auto}
table.stats{font-size:8.5pt;break-inside:avoid;page-break-inside:avoid}
section.cards{break-before:page;page-break-before:always}
.card{border-color:#888}
}
";

/// The page's only script: makes summary tables sortable (click or Enter on a
/// heading; numbers sort by their `data-v` value) and records on `#cchc-status`
/// that the page loaded, with any script error, so a headless browser can check.
pub(crate) const SCRIPT: &str = r#"(function () {
  var status = document.getElementById('cchc-status');
  var errors = [];
  function fail(message) {
    errors.push(String(message));
    status.setAttribute('data-errors', errors.join(' | '));
  }
  window.addEventListener('error', function (e) { fail(e.message); });
  function key(cell, numeric) {
    var v = cell.getAttribute('data-v');
    if (v === null) { v = cell.textContent.trim(); }
    return numeric ? parseFloat(v) : v;
  }
  function sortBy(table, column, th) {
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    var numeric = th.getAttribute('data-type') === 'num';
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) { heads[i].setAttribute('aria-sort', 'none'); }
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[column], numeric), y = key(b.cells[column], numeric);
      var order = numeric ? x - y : String(x).localeCompare(String(y), 'vi');
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  try {
    var tables = document.querySelectorAll('table.sortable');
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(heads, function (th, column) {
        th.tabIndex = 0;
        var go = function () { sortBy(table, column, th); };
        th.addEventListener('click', go);
        th.addEventListener('keydown', function (e) {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); }
        });
      });
    });
    status.setAttribute('data-sortable', String(tables.length));
    status.setAttribute('data-state', 'ready');
  } catch (e) {
    fail(e);
    status.setAttribute('data-state', 'failed');
  }
})();
"#;

/// The Content-Security-Policy: nothing from the network, inline styles, and only
/// [`SCRIPT`] (by its hash), so even a string that slipped past escaping could not
/// run as a script.
pub(crate) fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{}'; base-uri 'none'; form-action 'none'",
        base64(&Sha256::digest(SCRIPT.as_bytes()))
    )
}

/// Standard base64 with padding (RFC 4648), as CSP hashes are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let sextet = (n >> (18 - 6 * i)) as usize & 63;
                out.push(char::from(ALPHABET.get(sextet).copied().unwrap_or(b'=')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
    }

    #[test]
    fn the_policy_allows_exactly_the_page_script() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none';"), "{csp}");
        // SHA-256 is 32 bytes: 44 base64 characters with one '=' of padding.
        let hash = csp
            .split("'sha256-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a script hash");
        assert_eq!(hash.len(), 44);
        assert!(hash.ends_with('='));
        assert!(!csp.contains("unsafe-eval"));
        assert!(!csp.contains("script-src 'unsafe-inline'"));
    }

    #[test]
    fn assets_load_nothing_from_outside() {
        for text in [STYLE, SCRIPT] {
            for needle in [
                "http:", "https:", "url(", "@import", "//cdn", "fetch(", "XMLHttp",
            ] {
                assert!(!text.contains(needle), "{needle}");
            }
        }
    }
}
