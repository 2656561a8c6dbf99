//! Headless Chromium for the tests that print HTML (the reports, the notices):
//! Debian's `chromium` (`.ci/run` installs it) run off the network with a fresh
//! profile and a time limit, and the page count of the PDF it prints.
//!
//! Without the browser a test says so and passes, except under `CI=true`, where
//! a missing browser fails it.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a browser run may take before it is killed and the test fails.
pub const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

pub fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        let direct = Path::new(name);
        if direct.is_absolute() {
            return direct.is_file().then(|| direct.to_path_buf());
        }
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// The browser, or `None` after saying why the test is skipped (a failure under CI).
pub fn chromium() -> Option<PathBuf> {
    let found = find_program(&["/usr/bin/chromium", "chromium", "chromium-browser"]);
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but chromium is not installed (.ci/run installs it with apt-get)"
        );
        eprintln!("note: chromium not found; skipping the browser test (apt-get install chromium)");
    }
    found
}

/// What a finished browser run printed.
pub struct Output {
    pub stdout: String,
    pub stderr: String,
}

/// Runs chromium headless with a fresh profile and the flags that keep it off the
/// network; kills its whole process group if it outlives [`BROWSER_TIMEOUT`].
pub fn browse(browser: &Path, args: &[String]) -> Output {
    use std::os::unix::process::CommandExt;
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("chromium starts");
    // Read both pipes on threads: a full pipe would block the browser.
    let pipe = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().expect("stdout")));
    let stderr = pipe(Box::new(child.stderr.take().expect("stderr")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if start.elapsed() > BROWSER_TIMEOUT {
            // The group holds chromium's renderer and GPU helpers too.
            let _ = Command::new("kill")
                .args(["-KILL", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {BROWSER_TIMEOUT:?}: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = Output {
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    };
    assert!(status.success(), "chromium {args:?} failed: {}", out.stderr);
    out
}

pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The number of pages of a PDF: `pdfinfo` when present, else the page objects.
pub fn pdf_pages(pdf: &Path) -> usize {
    if let Some(pdfinfo) = find_program(&["pdfinfo"]) {
        let out = Command::new(pdfinfo).arg(pdf).output().expect("pdfinfo");
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(n) = text
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
        {
            return n;
        }
    }
    let bytes = std::fs::read(pdf).expect("read pdf");
    let text = String::from_utf8_lossy(&bytes);
    text.match_indices("/Type /Page")
        .filter(|(at, m)| !text[at + m.len()..].starts_with('s'))
        .count()
}
