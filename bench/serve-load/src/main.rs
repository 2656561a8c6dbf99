//! Load benchmark for `cchc serve` (issue #15): starts `cchc serve --demo` on
//! loopback, logs in N unit sessions (the demo's unit accounts, several
//! sessions per account when N is larger), and has each edit its evidence for
//! T seconds the way a clerk does: change one field, wait for the answer, pause
//! (think time), again. It reports request latency percentiles, errors,
//! requests per second, the server-side handling time (`Server-Timing`), and
//! the server's memory over the run (VmRSS sampled every second, VmHWM at the
//! end). First it measures one unit re-scored in process, the library call
//! behind each edit, per shipped ruleset (`rescore.rs`).
//!
//! Usage: cchc-serve-load --cchc PATH [--sessions 200] [--seconds 60]
//!                        [--think-ms 500..2000] [--work DIR]

mod rescore;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Options {
    cchc: PathBuf,
    sessions: usize,
    seconds: u64,
    think_ms: (u64, u64),
    work: PathBuf,
}

fn options() -> Options {
    let mut o = Options {
        cchc: PathBuf::from("target/release/cchc"),
        sessions: 200,
        seconds: 60,
        think_ms: (500, 2000),
        work: std::env::temp_dir().join("cchc-serve-load"),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--cchc" => o.cchc = PathBuf::from(value),
            "--sessions" => o.sessions = value.parse().expect("--sessions N"),
            "--seconds" => o.seconds = value.parse().expect("--seconds T"),
            "--think-ms" => {
                let (a, b) = value.split_once("..").expect("--think-ms MIN..MAX");
                o.think_ms = (a.parse().expect("min"), b.parse().expect("max"));
            }
            "--work" => o.work = PathBuf::from(value),
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    o
}

/// A unit account the demo printed.
#[derive(Clone)]
struct Account {
    login: String,
    password: String,
    unit: String,
}

struct Server {
    child: Child,
    base: String,
    accounts: Vec<Account>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_demo(o: &Options) -> Server {
    let _ = std::fs::remove_dir_all(&o.work);
    std::fs::create_dir_all(&o.work).expect("work dir");
    let db = o.work.join("demo.db");
    let mut child = Command::new(&o.cchc)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--db"])
        .arg(&db)
        .current_dir(&o.work)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("cchc serve --demo starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut accounts = Vec::new();
    let base = loop {
        let line = lines.next().expect("output before the URL").expect("utf-8");
        let words: Vec<&str> = line.split_whitespace().collect();
        if let ["tai_khoan", login, password, "unit", unit] = words.as_slice() {
            accounts.push(Account {
                login: login.to_string(),
                password: password.to_string(),
                unit: unit.to_string(),
            });
        }
        if let Some(url) = line.strip_prefix("cchc serve: ") {
            break url.trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    assert!(!accounts.is_empty(), "the demo printed no unit account");
    Server { child, base, accounts }
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(30)))
            .build(),
    )
}

/// Logs in; returns (cookie, csrf).
fn login(agent: &ureq::Agent, base: &str, account: &Account) -> (String, String) {
    let body = serde_json::json!({"login": account.login, "password": account.password}).to_string();
    let mut response = agent
        .post(format!("{base}/api/login"))
        .header("Content-Type", "application/json")
        .send(body.as_bytes())
        .expect("login answers");
    assert_eq!(response.status().as_u16(), 200, "login {}", account.login);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("cookie")
        .to_string();
    let json: serde_json::Value = serde_json::from_slice(&response.body_mut().read_to_vec().expect("body")).expect("json");
    (cookie, json["csrf"].as_str().expect("csrf").to_string())
}

/// One request's outcome: latency, server handling time, success.
struct Sample {
    latency: Duration,
    server_ms: Option<f64>,
    ok: bool,
}

/// A small deterministic generator (xorshift), one per session.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// The year of the round a unit account's unit is in (the demo's 2024 and 2025 rounds).
fn round_of(agent: &ureq::Agent, base: &str, cookie: &str, unit: &str) -> i64 {
    for year in [2024, 2025] {
        let status = agent
            .get(format!("{base}/api/rounds/{year}/units/{unit}"))
            .header("Cookie", cookie)
            .call()
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        if status == 200 {
            return year;
        }
    }
    panic!("unit {unit} is in no demo round");
}

fn session(base: String, account: Account, o: (u64, (u64, u64)), seed: u64, start: Instant, out: Arc<Mutex<Vec<Sample>>>) {
    let (seconds, think) = o;
    let agent = agent();
    let (cookie, csrf) = login(&agent, &base, &account);
    let year = round_of(&agent, &base, &cookie, &account.unit);
    let path = format!("{base}/api/rounds/{year}/units/{}/evidence", account.unit);
    let mut rng = Rng(seed | 1);
    let mut samples = Vec::new();
    // Sessions start spread over the first think interval, as people do.
    std::thread::sleep(Duration::from_millis(rng.between(0, think.1)));
    while start.elapsed() < Duration::from_secs(seconds) {
        let value = rng.between(0, 12).to_string();
        let body = serde_json::json!({"so_cuoc_kiem_tra_ke_hoach": value}).to_string();
        let began = Instant::now();
        let result = agent
            .put(&path)
            .header("Cookie", &cookie)
            .header("X-CSRF-Token", &csrf)
            .header("Content-Type", "application/json")
            .send(body.as_bytes());
        let (ok, server_ms) = match result {
            Ok(mut response) => {
                let server_ms = response
                    .headers()
                    .get("server-timing")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split("dur=").nth(1))
                    .and_then(|v| v.split([',', ';']).next())
                    .and_then(|v| v.parse().ok());
                let read = response.body_mut().read_to_vec().is_ok();
                (response.status().as_u16() == 200 && read, server_ms)
            }
            Err(_) => (false, None),
        };
        samples.push(Sample { latency: began.elapsed(), server_ms, ok });
        std::thread::sleep(Duration::from_millis(rng.between(think.0, think.1)));
    }
    out.lock().expect("samples").extend(samples);
}

fn status_kb(pid: u32, key: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    text.lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn main() {
    let o = options();
    // Before the load, so the measure has the machine to itself.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    rescore::run(&repo);
    let server = start_demo(&o);
    let pid = server.child.id();
    println!(
        "cchc serve --demo at {} (pid {pid}), {} unit accounts; {} sessions for {} s, think time {}..{} ms",
        server.base, server.accounts.len(), o.sessions, o.seconds, o.think_ms.0, o.think_ms.1
    );
    let idle_rss = status_kb(pid, "VmRSS:").unwrap_or(0);
    let samples: Arc<Mutex<Vec<Sample>>> = Arc::default();
    let start = Instant::now();
    let threads: Vec<_> = (0..o.sessions)
        .map(|i| {
            let account = server.accounts[i % server.accounts.len()].clone();
            let (base, out) = (server.base.clone(), Arc::clone(&samples));
            let params = (o.seconds, o.think_ms);
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || session(base, account, params, 0x9E37_79B9_7F4A_7C15 ^ i as u64, start, out))
                .expect("thread")
        })
        .collect();
    let mut rss = Vec::new();
    while start.elapsed() < Duration::from_secs(o.seconds + 2) {
        rss.push(status_kb(pid, "VmRSS:").unwrap_or(0));
        std::thread::sleep(Duration::from_secs(1));
    }
    for t in threads {
        t.join().expect("session");
    }
    let elapsed = start.elapsed().as_secs_f64();
    let samples = samples.lock().expect("samples");
    let mut latencies: Vec<f64> = samples.iter().map(|s| s.latency.as_secs_f64() * 1000.0).collect();
    latencies.sort_by(f64::total_cmp);
    let mut server_ms: Vec<f64> = samples.iter().filter_map(|s| s.server_ms).collect();
    server_ms.sort_by(f64::total_cmp);
    let errors = samples.iter().filter(|s| !s.ok).count();
    let third = rss.len() / 3;
    let avg = |v: &[u64]| v.iter().sum::<u64>() as f64 / v.len().max(1) as f64 / 1024.0;
    println!("\n| measure | value |\n|---|---|");
    println!("| requests (PUT evidence) | {} |", samples.len());
    println!("| errors | {errors} |");
    println!("| requests per second | {:.1} |", samples.len() as f64 / elapsed);
    println!("| latency p50 / p99 / max (ms) | {:.2} / {:.2} / {:.2} |", percentile(&latencies, 50.0), percentile(&latencies, 99.0), latencies.last().copied().unwrap_or(f64::NAN));
    println!("| server handling p50 / p99 (ms, Server-Timing) | {:.3} / {:.3} |", percentile(&server_ms, 50.0), percentile(&server_ms, 99.0));
    println!("| server RSS before the sessions (MiB) | {:.1} |", idle_rss as f64 / 1024.0);
    println!("| server RSS first third / last third of the run (MiB) | {:.1} / {:.1} |", avg(&rss[..third]), avg(&rss[rss.len() - third..]));
    println!("| server peak RSS, VmHWM (MiB) | {:.1} |", status_kb(pid, "VmHWM:").unwrap_or(0) as f64 / 1024.0);
    if errors > 0 {
        std::process::exit(1);
    }
}
