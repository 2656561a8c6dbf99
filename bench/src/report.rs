//! The printed results: the machine, one Markdown table per size with its ratios,
//! and the targets marked met or missed. Printed only after every report
//! of the size agreed.

use crate::compare::Agreement;
use crate::harness::{Config, Contender};
use crate::measure::Measurement;
use std::path::{Path, PathBuf};

/// How a contender's run ended.
pub enum Outcome {
    /// It ran and exited 0.
    Ran(Measurement),
    /// It failed; why.
    Failed(String),
}

/// One contender at one size.
pub struct Row {
    /// Who.
    pub contender: Contender,
    /// How it went.
    pub outcome: Outcome,
    /// Its wide report (none for the floor).
    pub output: PathBuf,
}

/// One size's results, kept for the targets.
pub struct SizeTable {
    /// Units.
    pub size: u64,
    /// The table and ratios, in Markdown.
    pub markdown: String,
    times: Vec<(Contender, Measurement)>,
    identical: Option<bool>,
}

impl SizeTable {
    fn get(&self, c: Contender) -> Option<&Measurement> {
        self.times.iter().find(|(k, _)| *k == c).map(|(_, m)| m)
    }

    /// cchc's figure for the targets: all threads, else one thread.
    fn cchc(&self) -> Option<(Contender, &Measurement)> {
        [Contender::CchcAll, Contender::CchcOne]
            .into_iter()
            .find_map(|c| self.get(c).map(|m| (c, m)))
    }
}

/// The contender's name in tables.
pub fn name(c: Contender, threads: usize, cchc_note: &str) -> String {
    match c {
        Contender::Floor => "floor: read + type CSV".into(),
        Contender::Native => "native Rust".into(),
        Contender::CchcOne if cchc_note.is_empty() => "cchc, 1 thread".into(),
        Contender::CchcOne => format!("cchc{cchc_note}"),
        Contender::CchcAll => format!("cchc, {threads} threads"),
        Contender::Zen => "zen-engine".into(),
        Contender::Pandas => "pandas".into(),
    }
}

/// The machine and tool versions, as a Markdown paragraph.
pub fn machine(config: &Config, threads: usize, runs: u32, baseline_kib: u64) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let version = |program: &Path, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .current_dir(&config.repo)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let cchc = version(&config.cchc, &["--version"]);
    let pandas = version(
        &config.python,
        &[
            "-c",
            "import pandas, sys; print(pandas.__version__, sys.version.split()[0])",
        ],
    );
    let timing = if runs == 1 {
        "each contender ran once".to_string()
    } else {
        format!("best wall time of {runs} runs per contender (peak RSS: the highest)")
    };
    format!(
        "## Benchmark run\n\nMachine: {threads} cores ({cpu}). {cchc}; zen-engine {}; pandas {} (Python {}). \
         Evidence: `cchc gen --rules {} --year {} --seed {}`. Each contender is its own process: \
         wall time from spawn to exit, peak RSS from `wait4` (`ru_maxrss`; a process doing nothing \
         measures {:.1} MB here); {timing}. All reports of a size are compared cell by cell before \
         its table is printed.\n",
        crate::ZEN_VERSION,
        pandas.split(' ').next().unwrap_or("?"),
        pandas.split(' ').nth(1).unwrap_or("?"),
        crate::schema::RULESET_DIR,
        config.year,
        config.seed,
        baseline_kib as f64 / 1024.0
    )
}

/// The table of one size.
pub fn size_table(
    size: u64,
    evidence: &Path,
    agreement: Option<Agreement>,
    rows: &[Row],
    identical: Option<bool>,
    threads: usize,
    cchc_note: &str,
) -> SizeTable {
    let bytes = std::fs::metadata(evidence).map(|m| m.len()).unwrap_or(0);
    let evaluations = agreement.map(|a| a.evaluations);
    let times: Vec<(Contender, Measurement)> = rows
        .iter()
        .filter_map(|r| match r.outcome {
            Outcome::Ran(m) => Some((r.contender, m)),
            Outcome::Failed(_) => None,
        })
        .collect();
    let seconds: Vec<(Contender, f64)> = times
        .iter()
        .map(|(c, m)| (*c, m.wall.as_secs_f64()))
        .collect();
    let secs = |c: Contender| seconds.iter().find(|(k, _)| *k == c).map(|(_, s)| *s);
    let mut md = format!(
        "### {} units ({:.1} MB of evidence, {} criterion evaluations)\n\n",
        thousands(size),
        bytes as f64 / 1e6,
        evaluations.map_or("?".into(), thousands)
    );
    md.push_str(
        "| contender | time | units/s | criterion evals/s | peak RSS | × floor | × native |\n",
    );
    md.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for row in rows {
        let label = name(row.contender, threads, cchc_note);
        match &row.outcome {
            Outcome::Failed(why) => md.push_str(&format!(
                "| {label} | FAILED: {} | | | | | |\n",
                why.replace('|', "/")
            )),
            Outcome::Ran(m) => {
                let t = m.wall.as_secs_f64();
                let per_s = |n: u64| thousands((n as f64 / t) as u64);
                let evals = match (row.contender, evaluations) {
                    (Contender::Floor, _) | (_, None) => "–".into(),
                    (_, Some(e)) => per_s(e),
                };
                let ratio =
                    |base: Option<f64>| base.map_or("–".into(), |b| format!("{:.2}", t / b));
                md.push_str(&format!(
                    "| {label} | {:.3} s | {} | {evals} | {:.1} MB | {} | {} |\n",
                    t,
                    per_s(size),
                    m.max_rss_kib as f64 / 1024.0,
                    ratio(secs(Contender::Floor)),
                    ratio(secs(Contender::Native)),
                ));
            }
        }
    }
    let table = SizeTable {
        size,
        markdown: String::new(),
        times,
        identical,
    };
    let mut ratios = Vec::new();
    if let Some((c, m)) = table.cchc() {
        let t = m.wall.as_secs_f64();
        let who = name(c, threads, cchc_note);
        let mut push = |label: String, value: Option<f64>| {
            if let Some(v) = value {
                ratios.push(format!("{label} {v:.2}×"));
            }
        };
        push(
            format!("{who} vs floor"),
            secs(Contender::Floor).map(|f| t / f),
        );
        push(
            format!("{who} vs native"),
            secs(Contender::Native).map(|n| t / n),
        );
        push(
            format!("zen-engine vs {who}"),
            secs(Contender::Zen).map(|z| z / t),
        );
        push(
            format!("pandas vs {who}"),
            secs(Contender::Pandas).map(|p| p / t),
        );
    }
    if !ratios.is_empty() {
        md.push_str(&format!("\nRatios (time): {}.\n", ratios.join("; ")));
    }
    if let Some(same) = identical {
        md.push_str(&format!(
            "cchc 1 thread vs {threads} threads: {}.\n",
            if same {
                "byte-identical reports"
            } else {
                "REPORTS DIFFER"
            }
        ));
    }
    SizeTable {
        markdown: md,
        ..table
    }
}

/// The targets, measured at 1,000,000 units (or the largest size run).
pub fn targets(tables: &[SizeTable]) -> String {
    let Some(big) = tables.iter().max_by_key(|t| t.size) else {
        return String::new();
    };
    let mut md = format!("### Targets (issue #7) at {} units", thousands(big.size));
    if big.size != 1_000_000 {
        md.push_str(" — the issue sets them at 1,000,000");
    }
    md.push_str("\n\n| target | measured | verdict |\n|---|---:|---|\n");
    let Some((_, cchc)) = big.cchc() else {
        md.push_str("| every target | cchc did not run | missed |\n");
        return md;
    };
    let t = cchc.wall.as_secs_f64();
    let secs = |c| big.get(c).map(|m: &Measurement| m.wall.as_secs_f64());
    let mut line = |target: &str, value: Option<f64>, limit: f64, at_most: bool| {
        let (measured, verdict) = match value {
            None => ("not measured".to_string(), "–".to_string()),
            Some(v) => {
                let met = if at_most { v <= limit } else { v >= limit };
                let verdict = if met {
                    "met".to_string()
                } else if at_most {
                    format!("missed by {:.2}×", v / limit)
                } else {
                    format!("missed: {:.2}× short", limit / v)
                };
                (format!("{v:.2}×"), verdict)
            }
        };
        md.push_str(&format!("| {target} | {measured} | {verdict} |\n"));
    };
    line(
        "cchc time ≤ 2.0× floor",
        secs(Contender::Floor).map(|f| t / f),
        2.0,
        true,
    );
    line(
        "cchc time ≤ 1.5× native",
        secs(Contender::Native).map(|n| t / n),
        1.5,
        true,
    );
    line(
        "zen-engine time ≥ 10× cchc",
        secs(Contender::Zen).map(|z| z / t),
        10.0,
        false,
    );
    line(
        "pandas time ≥ 3× cchc",
        secs(Contender::Pandas).map(|p| p / t),
        3.0,
        false,
    );
    let rss = |table: &SizeTable| table.cchc().map(|(_, m)| m.max_rss_kib as f64);
    let small = tables.iter().find(|t| t.size == 100_000);
    let rss_ratio = match (small, big.size) {
        (Some(s), 1_000_000) => rss(big).zip(rss(s)).map(|(b, s)| b / s),
        _ => None,
    };
    line("cchc peak RSS at 1M ≤ 2× at 100k", rss_ratio, 2.0, true);
    let identical: Vec<bool> = tables.iter().filter_map(|t| t.identical).collect();
    let verdict = match identical.as_slice() {
        [] => "| cchc 1 thread = all threads, byte for byte | not measured | – |\n".to_string(),
        all if all.iter().all(|s| *s) => format!(
            "| cchc 1 thread = all threads, byte for byte | identical at {} size(s) | met |\n",
            all.len()
        ),
        _ => "| cchc 1 thread = all threads, byte for byte | differ | missed |\n".to_string(),
    };
    md.push_str(&verdict);
    md
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
