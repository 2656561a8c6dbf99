//! `cchc-bench run`: for each size, generate the evidence with `cchc gen`, run every
//! contender as its own process (wall time, peak RSS), check that all reports agree,
//! and only then print the timings as a Markdown table with the ratios and
//! targets.

use crate::compare::{Agreement, compare};
use crate::measure::{self, Measurement};
use crate::report::{self, Outcome, Row};
use crate::schema::{CRITERIA, RULESET_DIR};
use std::path::{Path, PathBuf};

/// The contenders, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contender {
    /// Reading and typing the CSV only.
    Floor,
    /// The criteria hand-written in Rust.
    Native,
    /// `cchc score`, one thread.
    CchcOne,
    /// `cchc score`, all threads.
    CchcAll,
    /// The criteria as a zen-engine decision graph.
    Zen,
    /// The vectorised pandas script.
    Pandas,
}

impl Contender {
    /// Every contender.
    pub const ALL: [Contender; 6] = [
        Contender::Floor,
        Contender::Native,
        Contender::CchcOne,
        Contender::CchcAll,
        Contender::Zen,
        Contender::Pandas,
    ];

    /// Short name (`--skip` takes these).
    pub fn key(self) -> &'static str {
        match self {
            Contender::Floor => "floor",
            Contender::Native => "native",
            Contender::CchcOne => "cchc1",
            Contender::CchcAll => "cchc",
            Contender::Zen => "zen",
            Contender::Pandas => "pandas",
        }
    }
}

/// What `run` needs.
pub struct Config {
    /// Numbers of units.
    pub sizes: Vec<u64>,
    /// Generator seed.
    pub seed: u64,
    /// Assessment year.
    pub year: i64,
    /// The release `cchc` binary.
    pub cchc: PathBuf,
    /// The Python with pandas.
    pub python: PathBuf,
    /// The repository root (every process runs there).
    pub repo: PathBuf,
    /// Where generated evidence goes.
    pub data: PathBuf,
    /// Where reports and logs go.
    pub out: PathBuf,
    /// Contenders not to run.
    pub skip: Vec<String>,
    /// Go on after a contender fails (it shows as failed; the run still exits 1).
    pub keep_going: bool,
    /// Runs per contender and size: the fastest wall time and the highest peak RSS are kept.
    pub runs: u32,
}

/// What `cchc score` accepts (flags other engineers are adding).
struct Capabilities {
    wide: bool,
    threads: bool,
    quiet: bool,
}

/// Runs the whole benchmark; `Err` is the reason to exit non-zero.
pub fn run(config: &Config) -> Result<(), String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::fs::create_dir_all(&config.data).map_err(|e| format!("{}: {e}", config.data.display()))?;
    std::fs::create_dir_all(&config.out).map_err(|e| format!("{}: {e}", config.out.display()))?;

    let ruleset = cchc::load_ruleset(&config.repo.join(RULESET_DIR)).map_err(|e| e.to_string())?;
    let problems = crate::schema::check_against_ruleset(&ruleset.ruleset, config.year);
    if !problems.is_empty() {
        return Err(format!(
            "the bench's hand-written criteria no longer match {RULESET_DIR}; update bench/src/schema.rs, native.rs, zen/ and pandas_score.py:\n  {}",
            problems.join("\n  ")
        ));
    }
    let caps = capabilities(config)?;
    let baseline = measure::run(
        Path::new("true"),
        &[],
        &config.repo,
        &config.out.join("baseline.log"),
    )?;
    println!(
        "{}",
        report::machine(config, threads, config.runs.max(1), baseline.max_rss_kib)
    );
    if !caps.wide {
        println!(
            "> NOTE: this cchc has no `--format wide`: it writes its long CSV, converted to wide AFTER timing for the comparison."
        );
    }
    if !caps.threads {
        println!(
            "> NOTE: this cchc has no `--threads`: it runs once, with its default threads; the 'all threads' row is skipped."
        );
    }

    let mut tables = Vec::new();
    let mut failed = false;
    for &size in &config.sizes {
        let evidence = config.data.join(format!(
            "evidence-{}-seed{}-{size}.csv",
            config.year, config.seed
        ));
        generate(config, size, &evidence)?;
        let mut rows = Vec::new();
        for contender in Contender::ALL {
            if config.skip.iter().any(|s| s == contender.key())
                || (contender == Contender::CchcAll && !caps.threads)
            {
                continue;
            }
            let outcome = run_contender(config, &caps, contender, size, &evidence, threads)?;
            if let Outcome::Failed(why) = &outcome {
                eprintln!(
                    "\n!!! {} FAILED at {size} units: {why}\n",
                    report::name(contender, threads, &caps_label(&caps))
                );
                failed = true;
                if !config.keep_going {
                    return Err(format!("{} failed at {size} units", contender.key()));
                }
            }
            rows.push(Row {
                contender,
                outcome,
                output: output_path(config, contender, size),
            });
        }
        let agreement = agree(&rows, size, &config.out)?;
        let identical = threads_identical(&rows);
        let table = report::size_table(
            size,
            &evidence,
            agreement,
            &rows,
            identical,
            threads,
            &caps_label(&caps),
        );
        println!("{}", table.markdown);
        tables.push(table);
    }
    println!("{}", report::targets(&tables));
    if failed {
        return Err("some contender failed (see above); its timings are missing".into());
    }
    Ok(())
}

fn caps_label(caps: &Capabilities) -> String {
    if caps.threads {
        String::new()
    } else {
        " (default threads)".into()
    }
}

fn capabilities(config: &Config) -> Result<Capabilities, String> {
    let help = std::process::Command::new(&config.cchc)
        .args(["score", "--help"])
        .current_dir(&config.repo)
        .output()
        .map_err(|e| format!("{}: {e}", config.cchc.display()))?;
    let help = String::from_utf8_lossy(&help.stdout);
    Ok(Capabilities {
        wide: help.contains("wide"),
        threads: help.contains("--threads"),
        quiet: help.contains("--quiet"),
    })
}

fn generate(config: &Config, size: u64, path: &Path) -> Result<(), String> {
    let args: Vec<String> = [
        "gen",
        "--rules",
        RULESET_DIR,
        "--year",
        &config.year.to_string(),
        "--units",
        &size.to_string(),
        "--seed",
        &config.seed.to_string(),
        "-o",
        &path.to_string_lossy(),
    ]
    .map(String::from)
    .to_vec();
    let log = config.out.join(format!("gen-{size}.log"));
    let m = measure::run(&config.cchc, &args, &config.repo, &log)?;
    if m.code != Some(0) {
        return Err(format!("cchc gen failed: {}", tail(&log)));
    }
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "generated {size} units ({:.1} MB) in {:.2} s: {}",
        bytes as f64 / 1e6,
        m.wall.as_secs_f64(),
        path.display()
    );
    Ok(())
}

fn output_path(config: &Config, contender: Contender, size: u64) -> PathBuf {
    config.out.join(format!("{}-{size}.csv", contender.key()))
}

fn run_contender(
    config: &Config,
    caps: &Capabilities,
    contender: Contender,
    size: u64,
    evidence: &Path,
    threads: usize,
) -> Result<Outcome, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = output_path(config, contender, size);
    let _ = std::fs::remove_file(&out);
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let year = config.year.to_string();
    let long = out.with_extension("long.csv");
    let (program, args): (PathBuf, Vec<String>) = match contender {
        Contender::Floor => (me, vec!["floor".into(), s(evidence)]),
        Contender::Native => (
            me,
            vec!["native".into(), s(evidence), s(&out), "--year".into(), year],
        ),
        Contender::Zen => (
            me,
            vec![
                "zen".into(),
                "bench/zen/tdthpl-2020-2024.json".into(),
                s(evidence),
                s(&out),
                "--year".into(),
                year,
            ],
        ),
        Contender::Pandas => (
            config.python.clone(),
            vec!["bench/pandas_score.py".into(), s(evidence), s(&out)],
        ),
        Contender::CchcOne | Contender::CchcAll => {
            let target = if caps.wide { &out } else { &long };
            let mut args: Vec<String> = [
                "score",
                "--rules",
                RULESET_DIR,
                "--evidence",
                &s(evidence),
                "--year",
                &year,
                "--format",
                if caps.wide { "wide" } else { "csv" },
                "-o",
                &s(target),
            ]
            .map(String::from)
            .to_vec();
            if caps.threads {
                let n = if contender == Contender::CchcOne {
                    1
                } else {
                    threads
                };
                args.extend(["--threads".into(), n.to_string()]);
            }
            if caps.quiet {
                args.push("--quiet".into());
            }
            (config.cchc.clone(), args)
        }
    };
    let log = config.out.join(format!("{}-{size}.log", contender.key()));
    let runs = config.runs.max(1);
    let mut best: Option<Measurement> = None;
    for run in 1..=runs {
        eprintln!(
            "running {} on {size} units ({run}/{runs}) ...",
            contender.key()
        );
        let m = measure::run(&program, &args, &config.repo, &log)?;
        if m.code != Some(0) {
            let how = m
                .code
                .map_or("killed by a signal".into(), |c| format!("exit {c}"));
            return Ok(Outcome::Failed(format!("{how}: {}", tail(&log))));
        }
        best = Some(match best {
            None => m,
            Some(b) => Measurement {
                wall: b.wall.min(m.wall),
                max_rss_kib: b.max_rss_kib.max(m.max_rss_kib),
                code: m.code,
            },
        });
    }
    let Some(m) = best else {
        return Err("no run".into());
    };
    if matches!(contender, Contender::CchcOne | Contender::CchcAll) && !caps.wide {
        let ids: Vec<&str> = CRITERIA.iter().map(|c| c.id).collect();
        crate::convert::long_to_wide(&long, &out, &ids)?;
        let _ = std::fs::remove_file(&long);
    }
    Ok(Outcome::Ran(m))
}

/// Compares every report with the first one that ran; exits the process loudly on
/// any difference, before a single timing is printed.
fn agree(rows: &[Row], size: u64, out: &Path) -> Result<Option<Agreement>, String> {
    let ran: Vec<&Row> = rows
        .iter()
        .filter(|r| r.contender != Contender::Floor && matches!(r.outcome, Outcome::Ran(_)))
        .collect();
    let Some((reference, others)) = ran.split_first() else {
        return Ok(None);
    };
    let mut agreement = None;
    let mut disagreements = Vec::new();
    for other in others {
        match compare(
            &reference.output,
            reference.contender.key(),
            &other.output,
            other.contender.key(),
        ) {
            Ok(a) => agreement = Some(a),
            Err(diffs) => disagreements.push(format!(
                "{} vs {} at {size} units:\n    {}",
                other.contender.key(),
                reference.contender.key(),
                diffs.join("\n    ")
            )),
        }
    }
    if !disagreements.is_empty() {
        return Err(format!(
            "RESULTS DISAGREE: no timing is printed.\n  {}\n  (the reports are in {})",
            disagreements.join("\n  "),
            out.display()
        ));
    }
    if agreement.is_none() {
        // Only one report: count its evaluations by comparing it with itself.
        agreement = compare(&reference.output, "a", &reference.output, "b").ok();
    }
    Ok(agreement)
}

/// Whether cchc's one-thread and all-threads reports are byte for byte the same.
fn threads_identical(rows: &[Row]) -> Option<bool> {
    let find = |c: Contender| {
        rows.iter()
            .find(|r| r.contender == c && matches!(r.outcome, Outcome::Ran(_)))
            .map(|r| r.output.clone())
    };
    let (one, all) = (find(Contender::CchcOne)?, find(Contender::CchcAll)?);
    same_bytes(&one, &all).ok()
}

/// Whether two files hold the same bytes, read in small chunks: the harness stays
/// small, because a child's `ru_maxrss` starts from the harness's own resident set.
fn same_bytes(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    if std::fs::metadata(a)?.len() != std::fs::metadata(b)?.len() {
        return Ok(false);
    }
    let (mut fa, mut fb) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = fa.read(&mut ba)?;
        if n == 0 {
            return Ok(true);
        }
        fb.read_exact(&mut bb[..n])?;
        if ba[..n] != bb[..n] {
            return Ok(false);
        }
    }
}

fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}
