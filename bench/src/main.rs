//! `cchc-bench`: the benchmark of issue #7. `bash bench/run.sh` is the one command;
//! it calls `cchc-bench run`, which runs each contender as a separate process of
//! this same binary (`floor`, `native`, `zen`), of `cchc`, or of Python (pandas).
//!
//! ```text
//! cchc-bench run --cchc PATH [--python PATH] [--sizes 10000,100000,1000000] [--seed S]
//!                [--year Y] [--data DIR] [--out DIR] [--skip zen,pandas,...] [--runs N] [--keep-going]
//! cchc-bench floor EVIDENCE
//! cchc-bench native EVIDENCE OUT [--year Y]
//! cchc-bench zen GRAPH EVIDENCE OUT [--year Y]
//! ```

mod compare;
mod convert;
mod harness;
mod measure;
mod native;
mod read;
mod report;
mod schema;
mod wide;
mod zen;

use std::path::PathBuf;
use std::process::ExitCode;

/// The zen-engine version this crate is locked to (from `bench/Cargo.lock`).
pub const ZEN_VERSION: &str = env!("ZEN_ENGINE_VERSION");

const USAGE: &str = "usage: cchc-bench run --cchc PATH [--python PATH] [--sizes 10000,100000,1000000] [--seed S] [--year Y] [--data DIR] [--out DIR] [--skip KEYS] [--runs N] [--keep-going]
       cchc-bench floor EVIDENCE
       cchc-bench native EVIDENCE OUT [--year Y]
       cchc-bench zen GRAPH EVIDENCE OUT [--year Y]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("cchc-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result<(), String> {
    let (positional, options) = split(args)?;
    let option = |name: &str| {
        options
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let year: i64 = option("year")
        .unwrap_or("2024")
        .parse()
        .map_err(|_| "--year: not a year")?;
    match positional
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["floor", input] => {
            println!("{}", read::floor(input.as_ref())?);
            Ok(())
        }
        ["native", input, output] => {
            let params = schema::Params::for_year(year);
            let mut results = wide::Results::default();
            read::for_each_row(input.as_ref(), |row| {
                results.push(row, native::score(row, &params))
            })?;
            results.rank();
            results.write(output.as_ref())?;
            println!("{} criterion evaluations", results.evaluations());
            Ok(())
        }
        ["zen", graph, input, output] => {
            let evaluations = zen::run(graph.as_ref(), input.as_ref(), output.as_ref(), year)?;
            println!("{evaluations} criterion evaluations");
            Ok(())
        }
        ["run"] => {
            let list = |name: &str, default: &str| -> Vec<String> {
                option(name)
                    .unwrap_or(default)
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            };
            let sizes = list("sizes", "10000,100000,1000000")
                .iter()
                .map(|s| {
                    s.replace('_', "")
                        .parse::<u64>()
                        .map_err(|_| format!("--sizes: '{s}' is not a number"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let config = harness::Config {
                sizes,
                seed: option("seed")
                    .unwrap_or("2024")
                    .parse()
                    .map_err(|_| "--seed: not a number")?,
                year,
                cchc: PathBuf::from(
                    option("cchc").ok_or("run needs --cchc PATH (the release cchc binary)")?,
                ),
                python: PathBuf::from(option("python").unwrap_or("python3")),
                repo: std::env::current_dir().map_err(|e| e.to_string())?,
                data: PathBuf::from(option("data").unwrap_or("bench/data")),
                out: PathBuf::from(option("out").unwrap_or("bench/out")),
                skip: list("skip", ""),
                keep_going: options.iter().any(|(k, _)| k == "keep-going"),
                runs: option("runs")
                    .unwrap_or("1")
                    .parse()
                    .map_err(|_| "--runs: not a number")?,
            };
            harness::run(&config)
        }
        _ => Err(USAGE.into()),
    }
}

/// `--name value` pairs, in order.
type Options = Vec<(String, String)>;

/// Positional arguments, and `--name value` options (`--keep-going` takes none).
fn split(args: &[String]) -> Result<(Vec<String>, Options), String> {
    let mut positional = Vec::new();
    let mut options = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.strip_prefix("--") {
            Some("keep-going") => options.push(("keep-going".into(), String::new())),
            Some(name) => {
                let value = it
                    .next()
                    .ok_or_else(|| format!("--{name} needs a value\n{USAGE}"))?;
                options.push((name.to_string(), value.clone()));
            }
            None => positional.push(arg.clone()),
        }
    }
    Ok((positional, options))
}
